"""Benchmark: the same import and the same report on SQLite and on PostgreSQL, side by side.

    python benchmarks/postgres.py [--import-rows 100000] [--report-size 100000]
                                  [--url postgresql://...] [--as-of 2026-11-20T10:00:00Z]

**Import**: the canonical rows of ``benchmarks/import.py`` (one agreement, 30 % paused, 40 %
rated) are written to a CSV file once, then imported with ``import_file`` into a fresh SQLite
file and into a fresh PostgreSQL database (same batches); the table shows wall time and rows/s.

**Report**: a demo workspace of ``--report-size`` requests (built once and cached like
``benchmarks/report.py``) is copied into a fresh PostgreSQL database with ``slacheck db copy``,
then ``slacheck report --format json --as-of ...`` runs as a whole process on each backend; the
table shows the best of ``--repeat`` wall times and peak memory, and the run fails unless both
JSON outputs are byte for byte the same.

Without ``--url`` a throwaway server is started with ``tests/support/pgserver.py`` (Unix socket,
fsync off: a lower bound for a server on another machine, which adds the network's round trips).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent / "tests"))

from demo import AS_OF, run_child, slacheck  # noqa: E402
from report import cached_demo  # noqa: E402

from slacheck.importer import import_file  # noqa: E402
from slacheck.store import open_store  # noqa: E402

IMPORT = __import__("import")  # benchmarks/import.py: the canonical rows and their catalog


def write_export(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=IMPORT.HEADER)
        writer.writeheader()
        for values, _, _ in IMPORT.generate(rows):
            writer.writerow(values)


def fresh_database(server: str, name: str) -> str:
    """A new, empty database ``name`` on ``server`` (dropped first if a previous run left it)."""
    import psycopg
    from support.pgserver import with_dbname

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    return with_dbname(server, name)


def time_import(export: Path, location: str | Path, batch: int) -> tuple[float, int]:
    store = open_store(location, workspace_id="bench")
    try:
        began = time.perf_counter()
        summary = import_file(export, store, IMPORT.catalog(), batch_rows=batch)
        return time.perf_counter() - began, summary.imported
    finally:
        store.close()


def time_report(workspace: Path, db: str | Path, repeat: int, as_of: str) -> tuple[float, float, str]:
    best, peak, out = float("inf"), 0.0, ""
    for _ in range(repeat):
        code, out, err, wall, rss = run_child(slacheck(
            "--workspace", str(workspace), "--db", str(db), "report", "--format", "json",
            "--as-of", as_of))
        if code != 0 or err:
            raise SystemExit(f"slacheck report failed ({code}):\n{err}")
        best, peak = min(best, wall), max(peak, rss)
    return best, peak, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--report-size", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--url", help="a PostgreSQL server to create databases on (superuser)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "slacheck-bench")
    args = parser.parse_args()

    from support import pgserver

    base = None
    server = args.url
    if server is None:
        base = Path(tempfile.mkdtemp(prefix="slacheck-pgbench-"))
        server = pgserver.start(base)
    scratch = Path(tempfile.mkdtemp(prefix="slacheck-bench-"))
    try:
        print(f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
              f"Python {platform.python_version()}")
        if args.import_rows:
            export = scratch / "export.csv"
            write_export(export, args.import_rows)
            lite, made = time_import(export, scratch / "import.db", args.batch)
            pg, made_pg = time_import(export, fresh_database(server, "bench_import"), args.batch)
            if made != args.import_rows or made_pg != args.import_rows:
                raise SystemExit(f"the imports stored {made} and {made_pg} rows, not {args.import_rows}")
            print(f"\nImport of {args.import_rows:,} canonical rows (batches of {args.batch}):")
            print("| backend | wall | rows/s |\n|---|---|---|")
            print(f"| SQLite | {lite:.1f} s | {args.import_rows / lite:,.0f} |")
            print(f"| PostgreSQL | {pg:.1f} s | {args.import_rows / pg:,.0f} |")
            print(f"PostgreSQL / SQLite: {pg / lite:.2f}x")
        if args.report_size:
            args.cache.mkdir(parents=True, exist_ok=True)
            workspace = cached_demo(args.cache, args.report_size, args.seed, args.as_of)
            lite_db = workspace / ".slacheck" / "slacheck.db"
            url = fresh_database(server, "bench_report")
            began = time.perf_counter()
            code, _, err, _, _ = run_child(slacheck(
                "--workspace", str(workspace), "--db", str(lite_db), "db", "copy", "--to", url))
            if code != 0:
                raise SystemExit(f"slacheck db copy failed ({code}):\n{err}")
            copied = time.perf_counter() - began
            lite, lite_rss, lite_out = time_report(workspace, lite_db, args.repeat, args.as_of)
            pg, pg_rss, pg_out = time_report(workspace, url, args.repeat, args.as_of)
            same = lite_out == pg_out
            print(f"\nReport of the {args.report_size:,}-request demo (best of {args.repeat}; "
                  f"db copy to PostgreSQL took {copied:.1f} s):")
            print("| backend | wall | peak RSS |\n|---|---|---|")
            print(f"| SQLite | {lite:.2f} s | {lite_rss:.0f} MiB |")
            print(f"| PostgreSQL | {pg:.2f} s | {pg_rss:.0f} MiB |")
            print(f"PostgreSQL / SQLite: {pg / lite:.2f}x; JSON byte-identical: {same}")
            if not same:
                return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if base is not None:
            pgserver.stop(base)
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
