"""Benchmark of the demo generator: ``slacheck demo`` at several sizes.

    python benchmarks/demo.py [--sizes 30000,10000,100000,1000000] [--seed 2026]
                              [--as-of 2026-11-20T10:00:00Z] [--keep DIR]

Each size runs ``slacheck demo DIR --size N --as-of ... --no-open`` as a fresh process into a new
folder under the system's temporary folder (removed afterwards unless ``--keep``), and prints
its wall time, the peak resident memory of that process (``os.wait4``'s resource usage of the
child), the requests and events written, the database size, and the time the command itself
reports (the rest of the wall time is interpreter start-up and imports).  The default sizes are the
default year (30,000) and the 10k / 100k / 1M of ``benchmarks/report.py``.

A second run of the smallest size checks that the same seed, size and ``--as-of`` give a
byte-identical database; the script exits 1 if they do not.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
AS_OF = "2026-11-20T10:00:00Z"


def run_child(args: list[str], env: dict | None = None) -> tuple[int, str, str, float, float]:
    """Run ``args`` as a child process: ``(exit code, stdout, stderr, wall seconds, peak RSS MiB)``.

    The peak resident memory is the child's own (``os.wait4`` returns the resource usage of
    exactly that child, where ``resource.getrusage(RUSAGE_CHILDREN)`` keeps the maximum over all
    children so far).
    """
    env = {**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1", **(env or {})}
    env.pop("SLACHECK_DB", None)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        began = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err, env=env, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return process.returncode, out.read(), err.read(), wall, usage.ru_maxrss / 1024


def slacheck(*args: str) -> list[str]:
    """The command line running this checkout's ``slacheck`` with ``args``."""
    return [sys.executable, "-c", "from slacheck.cli.main import main; main()", *args]


def run_demo(folder: Path, size: int, seed: int, as_of: str) -> dict:
    """One ``slacheck demo`` process; its wall time, peak RSS and what it printed."""
    code, out, err, wall, rss = run_child(slacheck(
        "demo", str(folder), "--size", str(size), "--seed", str(seed), "--as-of", as_of, "--no-open"))
    if code != 0:
        raise SystemExit(f"slacheck demo failed ({code}):\n{err}")
    found = re.search(r"([\d,]+) interactions, ([\d,]+) events \(seed \d+, ([\d.]+) s\)", out)
    if not found:
        raise SystemExit(f"unexpected output of slacheck demo:\n{out}")
    database = folder / ".slacheck" / "slacheck.db"
    return {
        "wall": wall,
        "inside": float(found.group(3)),
        "rss_mib": rss,
        "interactions": int(found.group(1).replace(",", "")),
        "events": int(found.group(2).replace(",", "")),
        "db_mib": database.stat().st_size / 2**20,
        "database": database,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30000,10000,100000,1000000")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--keep", type=Path, help="Write the demos here and keep them.")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",") if s.strip()]

    base = options.keep or Path(tempfile.mkdtemp(prefix="slacheck-demo-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPU(s); "
          f"seed {options.seed}, --as-of {options.as_of}")
    print(f"{'size':>10}  {'requests':>10}  {'events':>10}  {'wall s':>7}  {'in cmd s':>8}  "
          f"{'peak RSS MiB':>12}  {'db MiB':>7}")
    failed = False
    try:
        results = {}
        for size in sizes:
            folder = base / f"demo-{size}"
            shutil.rmtree(folder, ignore_errors=True)
            r = run_demo(folder, size, options.seed, options.as_of)
            results[size] = r
            print(f"{size:>10,}  {r['interactions']:>10,}  {r['events']:>10,}  {r['wall']:>7.1f}  "
                  f"{r['inside']:>8.1f}  {r['rss_mib']:>12.0f}  {r['db_mib']:>7.1f}", flush=True)
        smallest = min(sizes)
        twin = base / f"demo-{smallest}-again"
        shutil.rmtree(twin, ignore_errors=True)
        again = run_demo(twin, smallest, options.seed, options.as_of)
        same = again["database"].read_bytes() == results[smallest]["database"].read_bytes()
        print(f"second run of {smallest:,}: database byte-identical: {'yes' if same else 'NO'}")
        failed = not same
    finally:
        if options.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
