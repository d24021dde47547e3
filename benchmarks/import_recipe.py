"""Benchmark: importing a raw export through a recipe beside the same rows in canonical form.

The rows are those of ``benchmarks/import.py``.  The canonical file is written for slacheck; the
raw one as a ticket system writes it: its own column names, no ``agreement`` column (a
constant of the recipe), dates as ``22/Dec/25 02:38:07 PM`` in Kolkata time (a date format per
column and month names), priorities as ``Highest`` / ``Medium`` / ``Low`` (a value map) and ``?``
for empty cells (a null marker).  Both imports must store exactly the same thing.

    python benchmarks/import_recipe.py [--rows 100000] [--rounds 3]

It prints each round, the best of them and the ratio (goal: the recipe within 1.5x of the
canonical import), and exits 1 if the two databases differ.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import platform
import sqlite3
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from slacheck.config.recipes import Recipe  # noqa: E402
from slacheck.importer import import_file  # noqa: E402
from slacheck.importer.options import run_options  # noqa: E402
from slacheck.store import Store  # noqa: E402

_spec = importlib.util.spec_from_file_location("import_bench", HERE / "import.py")
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

KOLKATA = ZoneInfo("Asia/Kolkata")  # no DST: every local time is one instant
FORMAT = "%d/%b/%y %I:%M:%S %p"
RAW_COLUMNS = {
    "ref": "Issue key", "service": "Component/s", "priority": "Priority", "requester": "Reporter",
    "title": "Summary", "opened_at": "Created", "first_response_at": "First response",
    "resolved_at": "Resolved", "pauses": "Waiting", "rating": "Satisfaction", "comment": "Feedback",
}
PRIORITIES = {"urgent": "Highest", "": "Medium", "low": "Low"}
RECIPE = Recipe(
    name="bench", nulls=("?",), columns=RAW_COLUMNS, constants={"agreement": "it-for-sales"},
    values={"priority": {"Highest": "urgent", "Medium": "", "Low": "low"}},
    date_formats={"opened_at": FORMAT, "first_response_at": FORMAT, "resolved_at": FORMAT},
    zones={"opened_at": "Asia/Kolkata", "first_response_at": "Asia/Kolkata",
           "resolved_at": "Asia/Kolkata"},
)


def raw_row(values: dict[str, str]) -> dict[str, str]:
    def when(text: str) -> str:
        moment = datetime.fromisoformat(text).astimezone(KOLKATA)
        return moment.strftime(FORMAT)

    row = {theirs: values[ours] or "?" for ours, theirs in RAW_COLUMNS.items()}
    for ours in ("opened_at", "first_response_at", "resolved_at"):
        row[RAW_COLUMNS[ours]] = when(values[ours])
    row["Priority"] = PRIORITIES[values["priority"]]
    return row


def timed(export: Path, db: Path, **options):
    store = Store(db)
    started, cpu = time.perf_counter(), time.process_time()
    summary = import_file(export, store, base.catalog(), tz="UTC", **options)
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    store.close()
    return elapsed, summary


def contents(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT i.ref, i.service, i.priority, i.requester, i.title, i.opened_at, e.kind, e.at, "
            "e.payload FROM interactions i JOIN events e ON e.interaction = i.id "
            "ORDER BY i.ref, e.seq").fetchall()
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    plain, shaped = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        canonical, raw = folder / "canonical.csv", folder / "raw.csv"
        with open(canonical, "w", newline="", encoding="utf-8") as one, \
                open(raw, "w", newline="", encoding="utf-8") as two:
            first = csv.DictWriter(one, fieldnames=base.HEADER)
            second = csv.DictWriter(two, fieldnames=list(RAW_COLUMNS.values()))
            first.writeheader()
            second.writeheader()
            for values, _, _ in base.generate(args.rows):
                first.writerow(values)
                second.writerow(raw_row(values))
        for round_ in range(args.rounds):
            a, summary_a = timed(canonical, folder / f"plain{round_}.db")
            b, summary_b = timed(raw, folder / f"recipe{round_}.db", **run_options(RECIPE))
            plain.append(a)
            shaped.append(b)
            print(f"round {round_ + 1}: canonical {a[0]:.2f} s, recipe {b[0]:.2f} s")
            if summary_a.rejected or summary_b.rejected or summary_b.imported != args.rows:
                print(f"FAILED: {summary_a}; {summary_b}", file=sys.stderr)
                return 1
        if contents(folder / "plain0.db") != contents(folder / "recipe0.db"):
            print("FAILED: the two imports stored different things", file=sys.stderr)
            return 1
    (a, a_cpu), (b, b_cpu) = min(plain), min(shaped)
    print(f"rows: {args.rows:,}; best of {args.rounds} rounds")
    print(f"canonical import: {a:7.2f} s  {args.rows / a:10,.0f} rows/s  (CPU {a_cpu:.2f} s)")
    print(f"recipe import:    {b:7.2f} s  {args.rows / b:10,.0f} rows/s  (CPU {b_cpu:.2f} s)")
    print(f"recipe / canonical: {b / a:.2f}x wall-clock (goal: within 1.5x); same contents: yes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
