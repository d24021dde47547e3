"""Benchmark: how soon a write from another process shows on an open dashboard, per backend.

    python benchmarks/live.py [--writes 8] [--url postgresql://...]

The dashboard runs headless (``App.run_test``) on the small workspace of the TUI tests, once on
its SQLite file and once on a fresh PostgreSQL database; another process runs ``slacheck log``
``--writes`` times. For each write the time is taken from the end of that process (the write is
committed) to the moment the new request is in the dashboard's at-risk list: the poll (once a
second: ``PRAGMA data_version`` on SQLite, the ``NOTIFY`` messages heard on PostgreSQL) plus one
evaluation. Without ``--url`` a throwaway server is started with ``tests/support/pgserver.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent / "tests"))

from slacheck.tui import create_app  # noqa: E402
from slacheck.tui.widgets.risk_table import RiskTable  # noqa: E402
from tui.conftest import _build  # noqa: E402
from tui.tuikit import AS_OF  # noqa: E402


async def _log(root: Path, n: int) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from slacheck.cli.main import main; main()", "--workspace",
        str(root), "log", "it-for-sales", "crm-access", "--title", f"Live write {n}", "--at",
        "2026-11-20T09:55:00Z", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"})
    out, err = await process.communicate()
    if process.returncode:
        raise SystemExit(err.decode())
    return out.decode().strip()


async def measure(root: Path, writes: int) -> list[float]:
    app = create_app(root, as_of=AS_OF)
    delays = []
    async with app.run_test(size=(160, 48)) as pilot:
        while app.snapshot is None:
            await pilot.pause(0.05)
        await pilot.pause(1.5)
        for n in range(writes):
            number = await _log(root, n)
            committed = time.perf_counter()
            while number not in app.screen.query_one(RiskTable).rows:
                await pilot.pause(0.02)
                if time.perf_counter() - committed > 30:
                    raise SystemExit(f"write {n} did not show within 30 s")
            delays.append(time.perf_counter() - committed)
            await pilot.pause(0.3 + 0.37 * (n % 3))  # writes at different points of the poll
    return delays


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=8)
    parser.add_argument("--url", help="a PostgreSQL database URL to use (it is written to)")
    args = parser.parse_args()
    from support import pgserver

    scratch = Path(tempfile.mkdtemp(prefix="slacheck-live-"))
    base = None
    try:
        url = args.url
        if url is None:
            base = scratch / "pg"
            url = pgserver.start(base)
        results = {}
        for backend, database in (("SQLite", None), ("PostgreSQL", url)):
            root = scratch / backend.lower() / "ws"
            _build(root, database)
            results[backend] = asyncio.run(measure(root, args.writes))
        print(f"From a committed write in another process to the dashboard showing it ({args.writes} writes):")
        print("| backend | median | best | worst |\n|---|---|---|---|")
        for backend, delays in results.items():
            print(f"| {backend} | {statistics.median(delays):.2f} s | {min(delays):.2f} s | "
                  f"{max(delays):.2f} s |")
    finally:
        if base is not None:
            pgserver.stop(base)
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
