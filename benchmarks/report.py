"""Benchmark of ``slacheck report`` on demo databases of growing size.

    python benchmarks/report.py [--sizes 10000,100000,1000000] [--repeat 3] [--seed 2026]
                                [--as-of 2026-11-20T10:00:00Z] [--cache DIR] [--profile SIZE]

For each size a demo workspace is built once with the demo generator (``slacheck demo --size N``)
and cached under the system's temporary folder (``<tmp>/slacheck-bench/``, or ``--cache``), keyed
by size, seed, ``--as-of`` and a fingerprint of the generator's and the store's source, so a
changed generator or schema never reuses a stale database (stale ones are removed).  Then ``slacheck report --format json
--as-of ...`` runs as a whole process, ``--repeat`` times; the table shows the best wall time and
the peak resident memory of that process (``os.wait4``'s resource usage of the child), beside the
goal of issue 5: under 5 s and under 1 GB for a million requests.  With ``--as-of`` the report
only reads, so repeated runs see the same database.

``--profile SIZE`` runs the same report once in this process under ``cProfile`` and prints where
the time goes by layer (store reads, timeline fold, evaluation, working time, figures service,
rendering, configuration), built-in calls counted with the layer that called them, and the
functions with the most time of their own.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo import SRC, run_child, run_demo, slacheck

AS_OF = "2026-11-20T10:00:00Z"
GOAL_SECONDS, GOAL_MIB = 5.0, 1024
#: Source whose change makes cached databases stale.
FINGERPRINTED = ("slacheck/demo", "slacheck/store")
#: Layers of a profile: (name, path fragment of the module), first match wins.
LAYERS = (
    ("store (Python)", "slacheck/store/"),
    ("timeline fold", "slacheck/domain/timeline.py"),
    ("evaluation", "slacheck/domain/evaluation.py"),
    ("working time", "slacheck/domain/calendar.py"),
    ("figures service", "slacheck/services/figures.py"),
    ("windows", "slacheck/domain/windows.py"),
    ("rendering", "slacheck/report/"),
    ("configuration", "slacheck/config/"),
    ("configuration", "tomlkit/"),
    ("versions", "slacheck/services/session.py"),
    ("cli", "slacheck/cli/"),
    ("cli", "click/"),
    ("sqlite-utils", "sqlite_utils/"),
    ("json", "/json/"),
    ("imports", "<frozen importlib"),
    ("imports", "dataclasses.py"),
    ("holidays", "holidays/"),
)
#: Built-in calls into SQLite count as their own layer, whoever called them.
SQLITE = "SQLite engine (C)"


def fingerprint() -> str:
    digest = hashlib.sha256()
    for part in FINGERPRINTED:
        for path in sorted((SRC / part).rglob("*.py")):
            digest.update(path.relative_to(SRC).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cached_demo(cache: Path, size: int, seed: int, as_of: str) -> Path:
    """The workspace of a demo of ``size`` requests, built unless a complete one is cached."""
    slug = as_of.replace(":", "").replace("-", "")
    stem = f"demo-{size}-seed{seed}-{slug}-"
    folder = cache / f"{stem}{fingerprint()}"
    marker = folder / ".complete"
    if marker.is_file():
        return folder
    for stale in cache.glob(f"{stem}*"):  # built by an older generator or store
        shutil.rmtree(stale, ignore_errors=True)
    built = run_demo(folder, size, seed, as_of)
    marker.write_text(json.dumps({k: v for k, v in built.items() if k != "database"}))
    print(f"  built the {size:,} demo in {built['wall']:.1f} s ({built['interactions']:,} requests, "
          f"{built['db_mib']:.0f} MiB)", flush=True)
    return folder


def time_report(workspace: Path, as_of: str, repeat: int) -> tuple[float, float, dict]:
    """Best wall time and the largest peak RSS of ``repeat`` report processes, and the JSON."""
    best, peak, data = float("inf"), 0.0, {}
    for _ in range(repeat):
        code, out, err, wall, rss = run_child(slacheck(
            "--workspace", str(workspace), "report", "--format", "json", "--as-of", as_of))
        if code != 0 or err:
            raise SystemExit(f"slacheck report failed ({code}):\n{err}")
        data = json.loads(out)
        best, peak = min(best, wall), max(peak, rss)
    return best, peak, data


def layer_of(filename: str) -> str:
    path = filename.replace("\\", "/")
    for name, fragment in LAYERS:
        if fragment in path:
            return name
    return "other"


def profile_report(workspace: Path, as_of: str) -> str:
    """Run the report in this process under cProfile; the time by layer and the top functions."""
    sys.path.insert(0, str(SRC))
    from slacheck.cli.main import cli

    profiler = cProfile.Profile()
    sink = io.StringIO()
    args = ["--workspace", str(workspace), "report", "--format", "json", "--as-of", as_of]
    real_stdout = sys.stdout
    sys.stdout = sink
    try:
        profiler.enable()
        try:
            cli.main(args, prog_name="slacheck", standalone_mode=False)
        finally:
            profiler.disable()
    finally:
        sys.stdout = real_stdout
    stats = pstats.Stats(profiler)
    by_layer: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _, function), (_, _, own, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        total += own
        if filename == "~" and "sqlite3." in function:
            by_layer[SQLITE] += own
        elif filename == "~" and callers:
            spread = sum(c[2] for c in callers.values()) or 1.0
            for (caller_file, _, _), caller in callers.items():
                by_layer[layer_of(caller_file)] += own * caller[2] / spread
        else:
            by_layer[layer_of(filename)] += own
    lines = [(f"profile of one report (cProfile, total {total:.2f} s of own time; built-in calls "
              "counted with the layer that called them):")]
    for name, seconds in sorted(by_layer.items(), key=lambda item: -item[1]):
        lines.append(f"  {name:<16} {seconds:7.2f} s  {seconds / total * 100:5.1f} %")
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats("tottime").print_stats(18)
    lines.append("")
    lines.append("functions with the most own time:")
    lines.extend("  " + line for line in buffer.getvalue().splitlines() if line.strip()
                 and not line.lstrip().startswith(("Ordered by", "List reduced")))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "slacheck-bench")
    parser.add_argument("--profile", type=int, metavar="SIZE", help="Also profile the report at this size.")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",") if s.strip()]
    options.cache.mkdir(parents=True, exist_ok=True)

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPU(s); "
          f"seed {options.seed}, --as-of {options.as_of}, best of {options.repeat}; cache {options.cache}")
    workspaces = {size: cached_demo(options.cache, size, options.seed, options.as_of)
                  for size in sorted(set(sizes) | ({options.profile} if options.profile else set()))}
    print(f"{'size':>10}  {'requests':>10}  {'db MiB':>7}  {'wall s':>7}  {'peak RSS MiB':>12}  "
          f"{'evaluated':>9}  goal (1M: <{GOAL_SECONDS:g} s, <{GOAL_MIB} MiB)")
    for size in sizes:
        workspace = workspaces[size]
        built = json.loads((workspace / ".complete").read_text())
        wall, rss, data = time_report(workspace, options.as_of, options.repeat)
        counted = sum(a["met"] + a["breached"] + a["open"] for a in data["agreements"])
        verdict = ""
        if size >= 1_000_000:
            verdict = "met" if wall < GOAL_SECONDS and rss < GOAL_MIB else "NOT met"
        print(f"{size:>10,}  {built['interactions']:>10,}  {built['db_mib']:>7.0f}  {wall:>7.2f}  "
              f"{rss:>12.0f}  {counted:>9,}  {verdict}", flush=True)
    if options.profile:
        print()
        print(f"size {options.profile:,}: " + profile_report(workspaces[options.profile], options.as_of))
    return 0


if __name__ == "__main__":
    sys.exit(main())
