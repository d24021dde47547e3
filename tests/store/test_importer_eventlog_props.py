"""Properties of event-log imports over random small state logs (hypothesis): any batch size
gives the same database, a second import changes nothing, a log that grew in time appends exactly
what importing it whole would have stored, and the resolution clock equals a minute-by-minute
count of the time the ticket was being worked on."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store.eventlog_helpers import (
    MAPPING,
    PRIORITY_LABELS,
    SHAPING,
    EVENT_LOG,
    brute_force_elapsed,
    dump,
    make_catalog,
    minutes,
    utc,
    write_log,
)

from slacheck.domain.evaluation import evaluate
from slacheck.domain.timeline import fold
from slacheck.importer import import_file
from slacheck.store import Store

STATES = ("New", "In Progress", "Awaiting User Info", "awaiting vendor", "On Hold", "Resolved",
          "Closed", "Active")
START = "2026-03-02 08:00:00"  # a Monday


@st.composite
def logs(draw):
    """Rows of 1–4 tickets, 1–7 states each, on the hour over five days (ties are common),
    in a random order in the file."""
    rows = []
    for number in range(draw(st.integers(1, 4))):
        for _ in range(draw(st.integers(1, 7))):
            rows.append({
                "number": f"INC{number}", "short_description": f"Ticket {number}",
                "priority": draw(st.sampled_from(PRIORITY_LABELS)),
                "state": draw(st.sampled_from(STATES)),
                "sys_updated_on": minutes(START, 60 * draw(st.integers(0, 120))),
                "caller_id": "Ali Khan",
            })
    return draw(st.permutations(rows))


def load(folder: Path, name: str, rows, **kwargs) -> tuple[dict, object]:
    with Store(folder / f"{name}.db") as store:
        summary = None
        for part in kwargs.pop("parts", [rows]):
            path = write_log(folder / f"{name}-{len(part)}.csv", part)
            summary = import_file(path, store, make_catalog(), event_log=EVENT_LOG,
                                  mapping=MAPPING, shaping=SHAPING, tz="UTC", **kwargs)
        return dump(store), summary


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=logs(), cut=st.integers(0, 120))
def test_batches_reimports_and_growth_give_the_same_database(rows, cut):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        whole, summary = load(folder, "whole", rows)
        assert summary.rejected == 0 and summary.imported == len({r["number"] for r in rows})
        for size in (1, 2, 1000):
            assert load(folder, f"batch{size}", rows, batch_rows=size)[0] == whole
        again, second = load(folder, "again", rows, parts=[rows, rows])
        assert again == whole
        assert (second.unchanged, second.events, second.updated) == (summary.imported, 0, 0)
        early = [r for r in rows if r["sys_updated_on"] <= minutes(START, 60 * cut)]
        grown, _ = load(folder, "grown", rows, parts=[early, rows])
        assert grown == whole


@settings(max_examples=40, deadline=None)
@given(rows=logs())
def test_the_resolution_clock_counts_the_time_worked_on(rows):
    agreement = make_catalog().agreements["it-for-sales"]
    as_of = utc("2026-03-10 12:00")
    with tempfile.TemporaryDirectory() as scratch:
        with Store(Path(scratch) / "t.db") as store:
            path = write_log(Path(scratch) / "t.csv", rows)
            import_file(path, store, make_catalog(), event_log=EVENT_LOG, mapping=MAPPING,
                        shaping=SHAPING, tz="UTC")
            for history in store.iter_histories():
                timeline = fold(history.interaction, history.events)
                states = [(utc(r["sys_updated_on"]), r["state"]) for r in rows
                          if r["number"] == history.interaction.ref]
                clock = evaluate(agreement, timeline, as_of).clock("resolution")
                until = timeline.resolved_at if timeline.resolved_at is not None else as_of
                assert clock.elapsed == brute_force_elapsed(states, until)


CELLS = st.one_of(st.none(), st.text(max_size=12), st.integers(-3, 10**20), st.booleans(),
                  st.lists(st.integers(), max_size=2), st.sampled_from(STATES + PRIORITY_LABELS),
                  st.sampled_from(["2026-03-02 09:00:00", "2026-03-02T10:00:00+01:00", "1969-12-31",
                                   "2200-01-01 00:00:00", "?", " "]))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.fixed_dictionaries({
    "number": st.one_of(st.sampled_from(["INC1", "INC2", " INC1 "]), CELLS),
    "state": CELLS, "sys_updated_on": CELLS, "priority": CELLS, "short_description": CELLS,
    "caller_id": CELLS}), max_size=8))
def test_any_cells_end_in_a_summary_never_an_exception(rows):
    """JSON Lines rows with cells of any type: every row is stored or reported, nothing raises."""
    from slacheck.importer.eventlog_run import import_event_log_rows

    reported = []
    with tempfile.TemporaryDirectory() as scratch:
        with Store(Path(scratch) / "t.db") as store:
            summary = import_event_log_rows(
                list(enumerate(rows, 1)), store, make_catalog(), EVENT_LOG, mapping=MAPPING,
                shaping=SHAPING, on_error=reported.append, batch_rows=2)
            stored = dump(store)
    assert summary.rows == len(rows)
    assert summary.imported == len(stored)
    assert summary.rejected <= len([e for e in reported if not e.warning])
    assert all(str(e).startswith("<rows>:") for e in reported)
