"""Benchmark: ``slacheck import`` of 100,000 canonical rows beside a raw ``executemany``.

Both runs store the same interactions and events into the same schema (a fresh database each,
opened by ``Store`` so pragmas and schema are identical: WAL, ``synchronous=NORMAL``); the raw
run inserts prepared tuples with ``executemany`` in transactions of the same size as the
import's batches, so the ratio is the cost of reading, checking and planning the rows.

    python benchmarks/import.py [--rows 100000] [--batch 2000] [--rounds 3] [--profile]

It prints each round and the best of them, and exits 1 if the import rejected a row or stored
something else than the raw run.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import platform
import pstats
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from slacheck.domain.calendar import ALWAYS
from slacheck.domain.durations import Duration, Window
from slacheck.domain.events import Event, Interaction
from slacheck.domain.model import Agreement, Catalog, Service, Settings, Targets
from slacheck.importer import ACTOR, import_file
from slacheck.store import Store
from slacheck.store.codec import event_row

HEADER = [
    "ref", "agreement", "service", "priority", "requester", "title", "opened_at",
    "first_response_at", "resolved_at", "pauses", "rating", "comment",
]
START = 1_767_225_600  # 2026-01-01T00:00:00Z


def catalog() -> Catalog:
    t = Targets(Duration.parse("4h"), Duration.parse("3d"))
    services = (Service("laptop-repair", "Laptops", t, {"urgent": t, "low": t}),
                Service("access", "Access", t))
    agreement = Agreement(
        "it-for-sales", "IT for Sales", "it", ("sales",), "Dana", date(2026, 1, 1), None, ALWAYS,
        Fraction(95, 100), Window.parse("30d"), services,
    )
    return Catalog(Settings(), {}, {"24x7": ALWAYS}, {"it-for-sales": agreement}, {})


def iso(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def generate(rows: int, seed: int = 7):
    """Canonical rows (dicts of text) and, for the raw run, their histories."""
    rng = random.Random(seed)
    for n in range(rows):
        opened = START + n * 97
        responded = opened + rng.randint(60, 7200)
        pause = None
        if rng.random() < 0.3:
            pause = (responded + 600, responded + 600 + rng.randint(600, 20000))
        resolved = (pause[1] if pause else responded) + rng.randint(600, 90000)
        rating = rng.randint(1, 5) if rng.random() < 0.4 else None
        priority = rng.choice(("", "", "urgent", "low"))
        values = {
            "ref": f"INC-{n:07d}", "agreement": "it-for-sales",
            "service": rng.choice(("laptop-repair", "access")) if not priority else "laptop-repair",
            "priority": priority, "requester": f"user{rng.randint(1, 500)}@example.com",
            "title": f"Request number {n} about a laptop that will not start",
            "opened_at": iso(opened), "first_response_at": iso(responded),
            "resolved_at": iso(resolved),
            "pauses": f"{iso(pause[0])}/{iso(pause[1])}" if pause else "",
            "rating": str(rating) if rating else "", "comment": "thanks" if rating else "",
        }
        events = [Event("opened", opened, ACTOR), Event("responded", responded, ACTOR)]
        if pause:
            events += [Event("paused", pause[0], ACTOR), Event("resumed", pause[1], ACTOR)]
        events.append(Event("resolved", resolved, ACTOR))
        if rating:
            events.append(Event("rated", resolved, ACTOR, {"rating": rating, "comment": "thanks"}))
        interaction = Interaction(
            0, "it-for-sales", values["service"], opened, values["title"], priority,
            values["requester"], values["ref"],
        )
        yield values, interaction, events


def raw_rows(histories, batch: int):
    """Batches of (interaction rows, event rows), ids assigned as the store would."""
    interactions, events = [], []
    for number, (_, interaction, history) in enumerate(histories, 1):
        interactions.append((
            number, interaction.agreement, interaction.service, interaction.opened_at,
            interaction.title, interaction.priority, interaction.requester, interaction.ref, None,
        ))
        events.extend(event_row(number, seq, e) for seq, e in enumerate(history, 1))
        if len(interactions) == batch:
            yield interactions, events
            interactions, events = [], []
    if interactions:
        yield interactions, events


def run_raw(path: Path, batches) -> tuple[float, float]:
    """Wall-clock and CPU seconds of the raw inserts."""
    store = Store(path)  # same schema and pragmas
    conn = store.conn
    started, started_cpu = time.perf_counter(), time.process_time()
    for interactions, events in batches:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO interactions (id, agreement, service, opened_at, title, priority, "
            "requester, ref, version) VALUES (?,?,?,?,?,?,?,?,?)", interactions)
        conn.executemany(
            "INSERT INTO events (interaction, seq, kind, at, actor, payload) VALUES (?,?,?,?,?,?)",
            events)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started, time.process_time() - started_cpu
    store.close()
    return elapsed


def counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT count(*) FROM interactions").fetchone()[0],
                conn.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def run_import(export: Path, db: Path, batch: int, profiler: cProfile.Profile | None):
    """Wall-clock and CPU seconds of ``import_file`` into a fresh database, and its summary."""
    store = Store(db)
    started, started_cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    summary = import_file(export, store, catalog(), batch_rows=batch)
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started, time.process_time() - started_cpu
    store.close()
    return elapsed, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=2000, help="rows a transaction (both runs)")
    parser.add_argument("--rounds", type=int, default=3, help="best of this many rounds")
    parser.add_argument("--profile", action="store_true", help="profile the import runs")
    args = parser.parse_args()

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    profiler = cProfile.Profile() if args.profile else None
    imports, raws = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export = folder / "tickets.csv"
        with open(export, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=HEADER)
            writer.writeheader()
            writer.writerows(values for values, _, _ in generate(args.rows))
        for round_ in range(args.rounds):
            imported, summary = run_import(export, folder / f"import{round_}.db", args.batch, profiler)
            # The raw rows are prepared after the import (same seed, same rows) so that they do
            # not sit in memory while the import runs, where the garbage collector would walk them.
            batches = list(raw_rows(generate(args.rows), args.batch))
            raw = run_raw(folder / f"raw{round_}.db", batches)
            del batches
            imports.append(imported)
            raws.append(raw)
            print(f"round {round_ + 1}: import {imported[0]:.2f} s (CPU {imported[1]:.2f} s), "
                  f"raw {raw[0]:.2f} s (CPU {raw[1]:.2f} s)")
            stored = counts(folder / f"import{round_}.db")
            if summary.imported != args.rows or summary.rejected or stored != counts(folder / f"raw{round_}.db"):
                print(f"FAILED: {summary}; stored {stored}", file=sys.stderr)
                return 1
        interactions, events = stored
        size = export.stat().st_size / 1e6

    (import_s, import_cpu), (raw_s, raw_cpu) = min(imports), min(raws)
    print(f"rows: {args.rows:,} ({interactions:,} interactions, {events:,} events), file {size:.1f} MB, "
          f"{args.batch:,} rows a transaction; best of {args.rounds} rounds")
    print(f"import:          {import_s:7.2f} s  {args.rows / import_s:10,.0f} rows/s  (CPU {import_cpu:.2f} s)")
    print(f"raw executemany: {raw_s:7.2f} s  {args.rows / raw_s:10,.0f} rows/s  (CPU {raw_cpu:.2f} s)")
    print(f"import / raw:    {import_s / raw_s:.2f}x wall-clock, {import_cpu / raw_cpu:.2f}x CPU "
          "(goal: within 3x); same contents: yes")
    if profiler:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
