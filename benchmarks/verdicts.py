"""Benchmark of ``slacheck verdicts`` (every interaction's verdict, streamed) on demo databases.

    python benchmarks/verdicts.py [--sizes 10000,100000,1000000] [--repeat 1] [--seed 2026]
                                  [--as-of 2026-11-20T10:00:00Z] [--cache DIR]

Uses the demo workspaces that ``benchmarks/report.py`` builds and caches (the same cache, keyed
the same way).  For each size, ``slacheck verdicts --as-of ... --output FILE`` (CSV) and
``--format jsonl`` run as whole processes; the table shows the best wall time, the peak resident
memory of that process, the lines written and the rate.  Memory must stay flat with the size:
verdicts are streamed, never held.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo import run_child, slacheck
from report import AS_OF, cached_demo


def time_verdicts(workspace: Path, as_of: str, fmt: str, repeat: int) -> tuple[float, float, int]:
    best, peak, lines = float("inf"), 0.0, 0
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / f"verdicts.{fmt}"
        for _ in range(repeat):
            code, _, err, wall, rss = run_child(slacheck(
                "--workspace", str(workspace), "verdicts", "--format", fmt, "--as-of", as_of,
                "--output", str(target)))
            if code != 0 or err:
                raise SystemExit(f"slacheck verdicts failed ({code}): {err}")
            best, peak = min(best, wall), max(peak, rss)
        with open(target, encoding="utf-8") as handle:
            lines = sum(1 for _ in handle)
    return best, peak, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "slacheck-bench")
    options = parser.parse_args()
    options.cache.mkdir(parents=True, exist_ok=True)
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPU(s); "
          f"seed {options.seed}, --as-of {options.as_of}, best of {options.repeat}")
    print(f"{'size':>10}  {'format':>6}  {'lines':>10}  {'wall s':>7}  {'lines/s':>9}  {'peak RSS MiB':>12}")
    for size in [int(s) for s in options.sizes.split(",") if s.strip()]:
        workspace = cached_demo(options.cache, size, options.seed, options.as_of)
        for fmt in ("csv", "jsonl"):
            wall, rss, lines = time_verdicts(workspace, options.as_of, fmt, options.repeat)
            print(f"{size:>10,}  {fmt:>6}  {lines:>10,}  {wall:>7.2f}  {lines / wall:>9,.0f}  "
                  f"{rss:>12.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
