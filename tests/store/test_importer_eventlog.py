"""Event-log imports (``import_file(..., event_log=...)``): a ServiceNow incident state log becomes
the events a person would have logged, idempotently; a longer log appends only what is new; a
log that contradicts the store is a ``FILE:ROW:`` problem that stores nothing of that ticket."""

from __future__ import annotations

from pathlib import Path

import pytest
from store.eventlog_helpers import (
    EVENT_LOG,
    HEADER,
    MAPPING,
    SERVICENOW_LOG,
    SHAPING,
    brute_force_elapsed,
    dump,
    make_catalog,
    parse_log,
    utc,
    write_log,
)

from slacheck.domain.evaluation import evaluate
from slacheck.domain.events import COMMENTED, ESCALATED, RESOLVED, RESPONDED, Event
from slacheck.domain.timeline import check, fold
from slacheck.errors import InputError
from slacheck.importer import import_file
from slacheck.config.eventlog import EventLog
from slacheck.importer.eventlog_run import import_event_log_file
from slacheck.importer.options import build_shaping
from slacheck.store import Store

R = "reason"


def run(path, store, *, event_log=EVENT_LOG, mapping=MAPPING, shaping=SHAPING, errors=None, **kw):
    sink = errors.append if errors is not None else None
    return import_file(path, store, make_catalog(), event_log=event_log, mapping=mapping,
                       shaping=shaping, tz="UTC", on_error=sink, **kw)


def events_of(store, ref: str) -> list[tuple]:
    history = store.history(store.interaction_by_ref(ref).id)
    return [(e.kind, e.at, dict(e.payload)) for e in history.events]


@pytest.fixture
def log_path(tmp_path: Path) -> Path:
    path = tmp_path / "incident_state.csv"
    path.write_text(SERVICENOW_LOG, encoding="utf-8")
    return path


EXPECTED = {
    "INC0010001": [
        ("opened", utc("2026-03-02 09:00"), {}),
        ("responded", utc("2026-03-02 09:40"), {}),
        ("paused", utc("2026-03-02 11:00"), {R: "Awaiting User Info"}),
        ("reprioritized", utc("2026-03-02 16:00"), {"priority": "high", "previous": ""}),
        ("resumed", utc("2026-03-03 10:00"), {}),
        ("paused", utc("2026-03-03 14:00"), {R: "Awaiting Vendor"}),
        ("resumed", utc("2026-03-04 09:30"), {}),
        ("resolved", utc("2026-03-04 15:00"), {}),  # Closed the next day: the same resolution
    ],
    "INC0010002": [
        ("opened", utc("2026-03-02 13:00"), {}),
        ("responded", utc("2026-03-02 13:30"), {}),
        ("resolved", utc("2026-03-03 12:00"), {}),
        ("reopened", utc("2026-03-04 09:00"), {}),  # Resolved -> Active
        ("paused", utc("2026-03-04 10:00"), {R: "On Hold"}),
        ("resumed", utc("2026-03-04 15:00"), {}),
        ("resolved", utc("2026-03-05 11:00"), {}),
    ],
    "INC0010003": [
        ("opened", utc("2026-03-03 09:00"), {}),
        ("responded", utc("2026-03-03 09:10"), {}),  # its row comes late in the file
        ("paused", utc("2026-03-03 09:50"), {R: "Awaiting User Info"}),
    ],
}


def test_a_servicenow_state_log_becomes_the_events_a_person_would_log(store, log_path):
    summary = run(log_path, store)
    assert (summary.rows, summary.imported, summary.rejected, summary.exit_code) == (20, 3, 0, 0)
    assert summary.events == sum(len(events) for events in EXPECTED.values())
    for ref, expected in EXPECTED.items():
        assert events_of(store, ref) == expected, ref
    first = store.interaction_by_ref("INC0010001")
    assert (first.agreement, first.service, first.title, first.requester, first.priority) == (
        "it-for-sales", "laptop-repair", "Laptop screen cracked", "Ali Khan", "")
    assert store.interaction_by_ref("INC0010002").priority == "low"
    assert store.interaction_by_ref("INC0010003").priority == "urgent"
    assert all(e.actor == "import" for h in store.iter_histories() for e in h.events)


def test_the_folded_timelines_and_figures_match_a_minute_by_minute_count(store, log_path):
    run(log_path, store)
    catalog = make_catalog()
    agreement = catalog.agreements["it-for-sales"]
    as_of = utc("2026-03-09 12:00")
    rows = parse_log(SERVICENOW_LOG)
    for history in store.iter_histories():
        ref = history.interaction.ref
        timeline = fold(history.interaction, history.events)
        states = [(utc(r["sys_updated_on"]), r["state"]) for r in rows if r["number"] == ref]
        evaluation = evaluate(agreement, timeline, as_of)
        resolution = evaluation.clock("resolution")
        until = timeline.resolved_at if timeline.resolved_at is not None else as_of
        assert resolution.elapsed == brute_force_elapsed(states, until), ref
        first_response = min(at for at, state in states if state == "In Progress")
        assert timeline.responded_at == first_response
        if evaluation.clock("first_response") is not None:
            assert evaluation.clock("first_response").elapsed == brute_force_elapsed(
                [(states[0][0], "New")], first_response)
    one = fold(store.interaction_by_ref("INC0010001"), store.events(store.interaction_by_ref("INC0010001").id))
    assert one.priority == "high" and one.resolved_at == utc("2026-03-04 15:00")
    assert one.pauses == [(utc("2026-03-02 11:00"), utc("2026-03-03 10:00")),
                          (utc("2026-03-03 14:00"), utc("2026-03-04 09:30"))]
    # Mon 09-11 (2h) + Tue 10-14 (4h) + Wed 09:30-15 (5.5h): 11.5 working hours.
    assert brute_force_elapsed([(utc("2026-03-02 09:00"), "New")], utc("2026-03-02 11:00")) == 7200
    two = fold(store.interaction_by_ref("INC0010002"), store.events(store.interaction_by_ref("INC0010002").id))
    assert two.pauses == [(utc("2026-03-03 12:00"), utc("2026-03-04 09:00")),  # resolved -> reopened
                          (utc("2026-03-04 10:00"), utc("2026-03-04 15:00"))]
    three = fold(store.interaction_by_ref("INC0010003"), store.events(store.interaction_by_ref("INC0010003").id))
    assert three.is_paused and not three.is_resolved


def test_importing_the_same_log_twice_changes_nothing(store, log_path):
    run(log_path, store)
    before = dump(store)
    again = run(log_path, store)
    assert (again.imported, again.updated, again.unchanged, again.rejected, again.events) == (0, 0, 3, 0, 0)
    assert dump(store) == before


def test_events_of_other_kinds_and_matching_hand_logged_ones_do_not_disturb_a_reimport(store, log_path):
    run(log_path, store)
    three = store.interaction_by_ref("INC0010003")
    store.append_events(three.id, [
        Event(ESCALATED, utc("2026-03-03 09:45"), "slacheck", {"level": 1, "to": "it", "threshold": "75%"}),
        Event(COMMENTED, utc("2026-03-03 09:55"), "dana", {"text": "asked for the serial number"}),
    ])
    again = run(log_path, store)
    assert (again.unchanged, again.events, again.rejected) == (3, 0, 0)
    with Store(log_path.parent / "hand.db") as hand:  # a response logged by hand is the log's
        interaction = hand.open_interaction("it-for-sales", "laptop-repair", utc("2026-03-03 09:00"),
                                            title="Docking station dead", priority="urgent",
                                            requester="Cy Moss", ref="INC0010003")
        hand.append_events(interaction.id, [Event(RESPONDED, utc("2026-03-03 09:10"), "sam")])
        summary = run(log_path, hand)
        assert (summary.imported, summary.updated, summary.rejected) == (2, 1, 0)
        assert [(e.kind, e.actor) for e in hand.events(interaction.id)] == [
            ("opened", ""), ("responded", "sam"), ("paused", "import")]


def test_a_longer_log_appends_only_the_new_events(tmp_path, store, db_path):
    rows = parse_log(SERVICENOW_LOG)
    cut = utc("2026-03-03 12:00")
    early = [r for r in rows if utc(r["sys_updated_on"]) <= cut and r["number"] != "INC0010003"]
    first = run(write_log(tmp_path / "early.csv", early), store)
    assert (first.imported, first.events) == (2, 8)
    assert [e[0] for e in events_of(store, "INC0010002")] == ["opened", "responded", "resolved"]
    later = run(write_log(tmp_path / "all.csv", rows), store)
    assert (later.imported, later.updated, later.unchanged, later.rejected) == (1, 2, 0, 0)
    assert later.events == 3 + (8 - 5) + (7 - 3)  # INC0010003 new; the progress of the others
    with Store(tmp_path / "fresh.db") as fresh:
        run(write_log(tmp_path / "all2.csv", rows), fresh)
        expected = dump(fresh)
    assert dump(store) == expected  # the same events, in the same order, with the same seq


@pytest.mark.parametrize("batch_rows", [1, 2, 3, 1000])
def test_any_batch_size_gives_the_same_database(tmp_path, log_path, batch_rows):
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        run(log_path, one, batch_rows=batch_rows)
        run(log_path, two, batch_rows=2000)
        assert dump(one) == dump(two)
        assert [h.interaction.id for h in one.iter_histories()] == [1, 2, 3]


def test_rows_out_of_order_are_sorted_by_the_order_column(tmp_path, log_path):
    rows = parse_log(SERVICENOW_LOG)
    reversed_path = write_log(tmp_path / "reversed.csv", rows[::-1])
    by_ticket = write_log(tmp_path / "by_ticket.csv", sorted(rows, key=lambda r: r["number"]))
    dumps = []
    for name, path in (("a", log_path), ("b", reversed_path), ("c", by_ticket)):
        with Store(tmp_path / f"{name}.db") as store:
            run(path, store)
            dumps.append({ref: events for ref, (_, events) in dump(store).items()})
    assert dumps[0] == dumps[1] == dumps[2]


def test_ties_are_broken_by_the_sequence_column_then_by_the_row(tmp_path, store):
    base = {"number": "INC1", "short_description": "Tie", "priority": "3 - Moderate",
            "caller_id": "Ali"}
    rows = [
        {**base, "state": "New", "sys_updated_on": "2026-03-02 09:00:00", "sys_mod_count": "0"},
        {**base, "state": "Awaiting Vendor", "sys_updated_on": "2026-03-02 10:00:00", "sys_mod_count": "2"},
        {**base, "state": "In Progress", "sys_updated_on": "2026-03-02 10:00:00", "sys_mod_count": "1"},
    ]
    log = EventLog.from_table({**_table(), "sequence": "sys_mod_count"})
    run(write_log(tmp_path / "seq.csv", rows), store, event_log=log)
    assert [e[0] for e in events_of(store, "INC1")] == ["opened", "responded", "paused"]
    with Store(tmp_path / "rows.db") as other:  # without a sequence: the file's order
        run(write_log(tmp_path / "rows.csv", rows), other)
        history = other.history(other.interaction_by_ref("INC1").id)
        assert [e.kind for e in history.events] == ["opened", "paused", "resumed", "responded"]


def _table() -> dict:
    from store.eventlog_helpers import TABLE

    return dict(TABLE)


def test_a_contradiction_with_the_stored_history_is_a_row_problem(tmp_path, store, log_path):
    run(log_path, store)
    before = dump(store)
    rows = parse_log(SERVICENOW_LOG)
    for row in rows:  # INC0010001 resolved an hour later, with no reopening between
        if row["number"] == "INC0010001" and row["state"] == "Resolved":
            row["sys_updated_on"] = "2026-03-04 16:00:00"
    rows.append({"number": "INC0010009", "short_description": "New one", "priority": "4 - Low",
                 "state": "New", "sys_updated_on": "2026-03-06 09:00:00", "caller_id": "Di"})
    path = write_log(tmp_path / "changed.csv", rows)
    errors = []
    summary = run(path, store, errors=errors)
    assert (summary.imported, summary.updated, summary.unchanged, summary.rejected) == (1, 0, 2, 1)
    assert summary.exit_code == 1
    resolved_line = 1 + 1 + next(i for i, r in enumerate(rows)
                                 if r["number"] == "INC0010001" and r["state"] == "Resolved")
    assert [str(e) for e in errors] == [
        f"{path}:{resolved_line}: ticket 'INC0010001' is stored as resolved at "
        "2026-03-04T15:00:00Z (by an earlier import); the log says resolved at 2026-03-04T16:00:00Z"
    ]
    after = dump(store)
    assert {ref: after[ref] for ref in before} == before
    assert "INC0010009" in after


def test_a_stored_change_the_log_no_longer_has_is_a_row_problem(tmp_path, store, log_path):
    run(log_path, store)
    rows = [r for r in parse_log(SERVICENOW_LOG)
            if not (r["number"] == "INC0010001" and r["state"] == "Awaiting User Info")]
    path = write_log(tmp_path / "fewer.csv", rows)
    errors = []
    summary = run(path, store, errors=errors)
    assert (summary.unchanged, summary.rejected) == (2, 1)
    line = 2 + next(i for i, r in enumerate(rows) if r["number"] == "INC0010001"
                    and r["sys_updated_on"] == "2026-03-03 10:00:00")
    assert [str(e) for e in errors] == [
        f"{path}:{line}: ticket 'INC0010001' is stored as paused at 2026-03-02T11:00:00Z (by an "
        "earlier import); the log has no such change of state"]


def test_another_resolution_while_resolved_is_refused_in_the_tickets_words(tmp_path, store):
    base = {"number": "INC1", "short_description": "X", "priority": "3 - Moderate", "caller_id": "A"}
    first = [{**base, "state": "New", "sys_updated_on": "2026-03-02 09:00:00"},
             {**base, "state": "Resolved", "sys_updated_on": "2026-03-02 10:00:00"}]
    run(write_log(tmp_path / "a.csv", first), store)
    # A hand-written resolution is not the import's: the log's later one contradicts it.
    second = [first[0], {**base, "state": "Resolved", "sys_updated_on": "2026-03-02 11:00:00"}]
    errors = []
    path = write_log(tmp_path / "b.csv", second)
    with Store(tmp_path / "hand.db") as hand:
        interaction = hand.open_interaction("it-for-sales", "laptop-repair", utc("2026-03-02 09:00"),
                                            title="X", requester="A", ref="INC1")
        hand.append_events(interaction.id, [Event(RESOLVED, utc("2026-03-02 10:00"), "dana")])
        summary = run(path, hand, errors=errors)
        assert summary.rejected == 1
        assert str(errors[0]) == (f"{path}:3: ticket 'INC1' is stored as resolved at "
                                  "2026-03-02T10:00:00Z; the log resolves it at 2026-03-02T11:00:00Z "
                                  "with no reopening between")
        assert len(hand.events(interaction.id)) == 2


def test_an_earlier_first_row_contradicts_the_stored_opening(tmp_path, store, log_path):
    run(log_path, store)
    rows = parse_log(SERVICENOW_LOG)
    rows.insert(5, {**rows[0], "state": "New", "sys_updated_on": "2026-03-01 08:00:00"})
    errors = []
    summary = run(write_log(tmp_path / "earlier.csv", rows), store, errors=errors)
    assert summary.rejected == 1 and summary.unchanged == 2
    assert str(errors[0]).endswith(
        ":7: ticket 'INC0010001' is stored as opened at 2026-03-02T09:00:00Z, the log opens it "
        "at 2026-03-01T08:00:00Z; what was fixed at opening cannot change")


def test_a_row_that_cannot_be_read_rejects_its_ticket_and_only_it(tmp_path, store):
    rows = parse_log(SERVICENOW_LOG)
    bad = next(i for i, r in enumerate(rows) if r["number"] == "INC0010002" and r["state"] == "On Hold")
    rows[bad]["sys_updated_on"] = "yesterday"
    later = next(i for i in range(bad + 1, len(rows)) if rows[i]["number"] == "INC0010002")
    rows[later]["priority"] = "5 - Planning"  # another bad row of the same ticket
    rows.append({"number": "", "state": "New", "sys_updated_on": "2026-03-02 09:00:00"})
    path = write_log(tmp_path / "bad.csv", rows)
    errors = []
    summary = run(path, store, errors=errors)
    assert (summary.imported, summary.rejected) == (2, 2)  # INC0010002, and the keyless row
    messages = [str(e) for e in errors]
    assert messages[0].startswith(f"{path}:{bad + 2}: opened_at (column 'sys_updated_on'): 'yesterday' is not ISO 8601")
    assert messages[0].endswith("(ticket 'INC0010002' is not imported)")
    assert messages[1].startswith(f"{path}:{later + 2}: service 'laptop-repair' of 'it-for-sales' defines no "
                                  "priority '5 - Planning'")
    assert messages[2].startswith(f"{path}:{len(rows) + 1}: ref (column 'number') is empty")
    assert store.interaction_by_ref("INC0010002") is None
    assert events_of(store, "INC0010001") == EXPECTED["INC0010001"]


def test_every_stored_event_passed_the_domain_gate(store, log_path):
    run(log_path, store)
    for history in store.iter_histories():
        timeline = None
        for index, event in enumerate(history.events):
            check(timeline, event, priorities=("urgent", "high", "low"))
            timeline = fold(history.interaction, history.events[:index + 1])


def test_respond_is_optional_and_an_assignee_can_be_the_first_response(tmp_path, log_path):
    table = _table()
    del table["respond"]
    with Store(tmp_path / "none.db") as store:
        run(log_path, store, event_log=EventLog.from_table(table))
        assert "responded" not in [e[0] for e in events_of(store, "INC0010001")]
    with Store(tmp_path / "assignee.db") as store:
        run(log_path, store, event_log=EventLog.from_table({**table, "assignee": "assigned_to"}))
        assert events_of(store, "INC0010001")[1] == ("responded", utc("2026-03-02 09:40"), {})


def test_without_a_priority_column_the_first_row_gives_the_priority(tmp_path, store, log_path):
    table = _table()
    del table["priority"]
    run(log_path, store, event_log=EventLog.from_table(table),
        mapping={**MAPPING, "priority": "priority"})
    assert "reprioritized" not in [e[0] for e in events_of(store, "INC0010001")]
    assert store.interaction_by_ref("INC0010003").priority == "urgent"


def test_the_order_column_is_read_with_the_opened_at_date_format(tmp_path, store):
    rows = parse_log(SERVICENOW_LOG)
    for row in rows:
        moment = row["sys_updated_on"]
        row["sys_updated_on"] = f"{moment[8:10]}/{moment[5:7]}/{moment[:4]} {moment[11:16]}"
    shaping = build_shaping(
        sets=("agreement=it-for-sales", "service=laptop-repair"),
        values=("priority:1 - Critical=urgent", "priority:2 - High=high", "priority:3 - Moderate=",
                "priority:4 - Low=low"),
        date_formats=("opened_at=%d/%m/%Y %H:%M",))
    summary = run(write_log(tmp_path / "dmy.csv", rows), store, shaping=shaping)
    assert (summary.imported, summary.rejected) == (3, 0)
    assert events_of(store, "INC0010002") == EXPECTED["INC0010002"]


def test_an_opened_at_column_of_its_own_opens_the_ticket(tmp_path, store):
    base = {"number": "INC1", "short_description": "X", "priority": "3 - Moderate",
            "caller_id": "A", "opened": "2026-03-02 08:30:00"}
    rows = [{**base, "state": "In Progress", "sys_updated_on": "2026-03-02 09:00:00"},
            {**base, "state": "Resolved", "sys_updated_on": "2026-03-02 10:00:00"},
            {**base, "number": "INC2", "opened": "2026-03-02 12:00:00", "state": "New",
             "sys_updated_on": "2026-03-02 11:00:00"}]
    errors = []
    path = write_log(tmp_path / "opened.csv", rows, HEADER + ["opened"])
    run(path, store, mapping={**MAPPING, "opened_at": "opened"}, errors=errors)
    assert events_of(store, "INC1")[:2] == [("opened", utc("2026-03-02 08:30"), {}),
                                            ("responded", utc("2026-03-02 09:00"), {})]
    assert [str(e) for e in errors] == [
        f"{path}:4: ticket 'INC2': state 'New' begins at 2026-03-02T11:00:00Z, before the ticket "
        "was opened (2026-03-02T12:00:00Z)"]


def test_dry_run_and_strict_write_nothing(tmp_path, store, log_path):
    dry = run(log_path, store, dry_run=True)
    assert (dry.imported, dry.written, store.count_interactions()) == (3, False, 0)
    rows = parse_log(SERVICENOW_LOG)
    rows[1]["state"] = ""
    strict = run(write_log(tmp_path / "bad.csv", rows), store, strict=True)
    assert (strict.imported, strict.rejected, strict.written) == (2, 1, False)
    assert store.count_interactions() == 0


def test_options_and_headers_that_cannot_work_stop_before_the_file_is_read(tmp_path, store, log_path):
    with pytest.raises(InputError, match="an event log derives"):
        run(log_path, store, mapping={**MAPPING, "resolved_at": "sys_updated_on"})
    with pytest.raises(InputError, match=r"--map ref=caller_id: an event log reads ref from its key column 'number'"):
        run(log_path, store, mapping={**MAPPING, "ref": "caller_id"})
    missing = write_log(tmp_path / "nostate.csv", parse_log(SERVICENOW_LOG),
                        [h for h in HEADER if h != "state"])
    with pytest.raises(InputError, match=r"no column 'state' \(the event log's state column\)"):
        run(missing, store)
    assert store.count_interactions() == 0


def test_import_event_log_file_is_the_same_engine(tmp_path, store, log_path):
    summary = import_event_log_file(log_path, store, make_catalog(), EVENT_LOG, mapping=MAPPING,
                                    shaping=SHAPING)
    assert summary.imported == 3 and events_of(store, "INC0010002") == EXPECTED["INC0010002"]


def test_json_and_json_lines_logs_give_the_same_events(tmp_path, log_path):
    from store.store_helpers import write_json, write_jsonl

    rows = parse_log(SERVICENOW_LOG)
    for row in rows:
        row["sys_mod_count"] = int(row["sys_mod_count"])  # numbers stay numbers in JSON
    dumps = []
    for name, path in (("csv", log_path), ("json", write_json(tmp_path / "log.json", rows)),
                       ("jsonl", write_jsonl(tmp_path / "log.jsonl", rows))):
        with Store(tmp_path / f"{name}.db") as store:
            summary = run(path, store, event_log=EventLog.from_table({**_table(), "sequence": "sys_mod_count"}))
            assert (summary.imported, summary.rejected) == (3, 0), name
            dumps.append(dump(store))
    assert dumps[0] == dumps[1] == dumps[2]
