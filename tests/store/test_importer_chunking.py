"""A raw export read through a recipe gives the same database however it is cut: in one go, in
batches of any size, split into several files imported one after the other, or imported twice.

The rows are generated (hypothesis): tickets that are later exported again resolved and rated,
priorities as the ticket system writes them, dates in a ``%d/%b/%y %I:%M %p`` format in Berlin
time, null markers, and now and then a row that cannot be read.
"""

from __future__ import annotations

import csv
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store.store_helpers import make_catalog

from slacheck.config.recipes import Recipe
from slacheck.importer import import_file
from slacheck.importer.options import run_options
from slacheck.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
FMT = "%d/%b/%y %I:%M %p"
HEADER = ["Key", "Summary", "Prio", "Created", "Answered", "Done", "Stars"]
RECIPE = Recipe(
    name="chunks", nulls=("?",),
    columns={"ref": "Key", "title": "Summary", "priority": "Prio", "opened_at": "Created",
             "first_response_at": "Answered", "resolved_at": "Done", "rating": "Stars"},
    constants={"agreement": "it-for-sales", "service": "laptop-repair"},
    values={"priority": {"Highest": "urgent", "Medium": "", "Low": "low"}},
    date_formats={"opened_at": FMT, "first_response_at": FMT, "resolved_at": FMT},
    folds={"opened_at": "earlier", "first_response_at": "earlier", "resolved_at": "earlier"},
)
START = datetime(2026, 3, 1, tzinfo=UTC)


def when(minutes: int) -> str:
    return (START + timedelta(minutes=minutes)).astimezone(BERLIN).strftime(FMT)


@st.composite
def exports(draw) -> list[dict[str, str]]:
    """Rows of tickets: a first export of each, then maybe a later one with its progress."""
    rows = []
    for number in range(draw(st.integers(1, 12))):
        opened = draw(st.integers(0, 60 * 24 * 300))
        answered = opened + draw(st.integers(0, 600))
        done = answered + draw(st.integers(0, 6000))
        first = {"Key": f"T-{number}", "Summary": draw(st.sampled_from(["x", "=1+1", "Mañana"])),
                 "Prio": draw(st.sampled_from(["Highest", "Medium", "Low", "?"])),
                 "Created": when(opened), "Answered": "?", "Done": "?", "Stars": "?"}
        if draw(st.booleans()):
            first["Created"] = draw(st.sampled_from([first["Created"], "31/Feb/26 9:00 AM"]))
        rows.append(first)
        if draw(st.booleans()):
            later = dict(first, Answered=when(answered), Done=when(done),
                         Stars=draw(st.sampled_from(["4", "5", "?", "Offered"])))
            rows.append(later)
    return draw(st.permutations(rows)) if draw(st.booleans()) else rows


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def contents(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT i.ref, i.agreement, i.service, i.priority, i.title, i.opened_at, e.kind, e.at, "
            "e.payload FROM interactions i JOIN events e ON e.interaction = i.id "
            "ORDER BY i.ref, e.seq").fetchall()
    finally:
        conn.close()


def imported(db: Path, *files: Path, batch_rows: int = 2000) -> list[tuple]:
    with Store(db) as store:
        for export in files:
            import_file(export, store, make_catalog(), tz="Europe/Berlin", batch_rows=batch_rows,
                        **run_options(RECIPE))
    return contents(db)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=exports(), batch=st.integers(1, 5), cuts=st.lists(st.integers(0, 30), max_size=3))
def test_any_chunking_and_a_second_import_give_the_same_database(tmp_path_factory, rows, batch, cuts):
    folder = tmp_path_factory.mktemp("chunks")
    whole = write(folder / "whole.csv", rows)
    expected = imported(folder / "whole.db", whole)
    assert imported(folder / "batches.db", whole, batch_rows=batch) == expected
    bounds = sorted({0, len(rows), *(min(cut, len(rows)) for cut in cuts)})
    pieces = [write(folder / f"piece{n}.csv", rows[start:end])
              for n, (start, end) in enumerate(zip(bounds, bounds[1:]))]
    assert imported(folder / "pieces.db", *pieces) == expected
    assert imported(folder / "twice.db", whole, whole) == expected
