"""Benchmark: an event-log import (one row per change of state) of 1,000,000 rows: time and peak
memory, for the first import and for importing the same file again.

The log is ServiceNow-shaped: tickets of 2–8 states (New, In Progress, Awaiting User Info,
Resolved, Closed, Active after a resolution, changes of priority), written in time order so
that every ticket's rows are spread over the file.  The import runs in a fresh interpreter so
that its peak resident memory (``ru_maxrss``) is its own.

    python benchmarks/import_eventlog.py [--rows 1000000] [--batch 2000]

It exits 1 if a ticket was rejected or the second import changed anything.
"""

from __future__ import annotations

import argparse
import csv
import heapq
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from slacheck.domain.calendar import ALWAYS
from slacheck.domain.durations import Duration, Window
from slacheck.domain.model import Agreement, Catalog, Service, Settings, Targets
from slacheck.importer import import_file
from slacheck.config.eventlog import EventLog
from slacheck.importer.options import build_shaping
from slacheck.store import Store

START = int(datetime(2026, 1, 5, tzinfo=UTC).timestamp())
PRIORITIES = ("1 - Critical", "2 - High", "3 - Moderate", "4 - Low")
EVENT_LOG = EventLog(key="number", order="sys_updated_on", state="state",
                     pause={"Awaiting User Info", "Awaiting Vendor"}, resolve={"Resolved", "Closed"},
                     respond={"In Progress"}, priority="priority")


def catalog() -> Catalog:
    targets = Targets(Duration.parse("4h"), Duration.parse("3d"))
    service = Service("laptop-repair", "Laptop repair", targets,
                      {"urgent": targets, "high": targets, "low": targets})
    agreement = Agreement(id="it-for-sales", title="IT", provider="it", consumers=("sales",),
                          owner="Dana", effective=date(2026, 1, 1), review_by=None, calendar=ALWAYS,
                          objective=Fraction(95, 100), window=Window.parse("30d"),
                          services=(service,))
    return Catalog(settings=Settings(), teams={}, calendars={"24x7": ALWAYS},
                   agreements={"it-for-sales": agreement}, health_templates={})


def ticket_states(rng: random.Random, length: int) -> list[str]:
    states = ["New"]
    while len(states) < length:
        last = states[-1]
        if last in ("Resolved", "Closed"):
            states.append(rng.choice(["Closed", "Active"]))
        else:
            states.append(rng.choice(["In Progress", "Awaiting User Info", "Awaiting Vendor",
                                      "In Progress", "Resolved"]))
    return states


def generate(path: Path, rows: int, seed: int = 7) -> int:
    """Write about ``rows`` rows in time order; returns the number of tickets."""
    rng = random.Random(seed)
    pending: list[tuple[int, int, list]] = []
    written = tickets = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["number", "short_description", "priority", "state", "sys_updated_on",
                      "caller_id"])
        opened = START
        while written < rows:
            opened += rng.randint(1, 120)
            tickets += 1
            number = f"INC{tickets:08d}"
            priority = rng.choice(PRIORITIES)
            at = opened
            for state in ticket_states(rng, rng.randint(2, 8)):
                if rng.random() < 0.1:
                    priority = rng.choice(PRIORITIES)
                row = [number, f"Ticket {tickets}", priority, state,
                       datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M:%S"), "Ali Khan"]
                heapq.heappush(pending, (at, written, row))
                written += 1
                at += rng.randint(60, 2 * 86400)
            while pending and pending[0][0] <= opened:
                out.writerow(heapq.heappop(pending)[2])
        while pending:
            out.writerow(heapq.heappop(pending)[2])
    return tickets


def measure(path: str, db: str, batch: int) -> dict:
    shaping = build_shaping(sets=("agreement=it-for-sales", "service=laptop-repair"),
                            values=("priority:1 - Critical=urgent", "priority:2 - High=high",
                                    "priority:3 - Moderate=", "priority:4 - Low=low"))
    mapping = {"title": "short_description", "requester": "caller_id"}
    with Store(db) as store:
        began = time.perf_counter()
        summary = import_file(path, store, catalog(), event_log=EVENT_LOG, mapping=mapping,
                              shaping=shaping, tz="UTC", batch_rows=batch, max_bytes=None)
        seconds = time.perf_counter() - began
    return {"seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rows": summary.rows, "imported": summary.imported, "unchanged": summary.unchanged,
            "rejected": summary.rejected, "events": summary.events}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--measure", nargs=2, metavar=("FILE", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure, args.batch)))
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        path, db = Path(scratch) / "log.csv", Path(scratch) / "bench.db"
        tickets = generate(path, args.rows)
        size = path.stat().st_size / 1e6
        print(f"{args.rows:,} state rows of {tickets:,} tickets, {size:.1f} MB")
        results = []
        for label in ("first import", "same file again"):
            out = subprocess.run([sys.executable, __file__, "--batch", str(args.batch), "--measure",
                                  str(path), str(db)], capture_output=True, text=True, check=True)
            result = json.loads(out.stdout)
            results.append(result)
            print(f"{label}: {result['seconds']:.1f} s ({result['rows'] / result['seconds']:,.0f} "
                  f"rows/s), peak RSS {result['rss_mb']:.0f} MB, imported {result['imported']:,}, "
                  f"unchanged {result['unchanged']:,}, events {result['events']:,}")
    first, second = results
    ok = (first["rejected"] == 0 and first["imported"] == tickets and second["events"] == 0
          and second["unchanged"] == tickets)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
