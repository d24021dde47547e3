"""Checking one row: the catalog, timestamps and time zones, the order of facts."""

from __future__ import annotations

import pytest
from store.store_helpers import make_catalog, row, ts

from slacheck.importer import (
    RecordParser,
    RowProblem,
    column_sources,
    parse_instant,
    zone_of,
)
from slacheck.importer.plan import record_events


def parse(tz: str = "UTC", mapping=None, **values):
    parser = RecordParser(make_catalog(), zone_of(tz), column_sources(mapping))
    return parser.parse({**row("T-1"), **values})


def problem(**values) -> str:
    with pytest.raises(RowProblem) as caught:
        parse(**values)
    return str(caught.value)


def test_a_good_row_becomes_a_record():
    record = parse(priority=" urgent ", pauses="2026-03-02T11:00:00Z/2026-03-02T12:00:00Z; "
                   "2026-03-02T10:00:00+00:00/2026-03-02T10:30:00+00:00", rating="5", comment=" Thanks ")
    assert record.priority == "urgent"
    assert record.pauses == ((ts("2026-03-02T10:00:00+00:00"), ts("2026-03-02T10:30:00+00:00")),
                             (ts("2026-03-02T11:00:00+00:00"), ts("2026-03-02T12:00:00+00:00")))
    assert (record.rating, record.comment) == (5, " Thanks ")  # free text verbatim


@pytest.mark.parametrize("values, message", [
    ({"ref": " "}, "ref is empty"),
    ({"agreement": ""}, "agreement is empty"),
    ({"agreement": "hr-for-staf"}, "unknown agreement 'hr-for-staf' (did you mean 'hr-for-staff'?)"),
    ({"service": "payroll"}, "agreement 'it-for-sales' has no service 'payroll'; it has: laptop-repair, access"),
    ({"service": "access", "priority": "urgent"},
     "service 'access' of 'it-for-sales' defines no priority 'urgent' (it defines: none)"),
    ({"priority": "critical"}, "defines no priority 'critical' (it defines: urgent, low)"),
    ({"opened_at": ""}, "opened_at is empty"),
    ({"opened_at": "yesterday"}, "opened_at: bad timestamp 'yesterday'"),
    ({"resolved_at": "2026-02-30T10:00:00Z"}, "resolved_at: bad timestamp"),
    ({"pauses": "2026-03-02T10:00:00Z"}, "bad pause"),
    ({"pauses": "2026-03-02T11:00:00Z/2026-03-02T10:00:00Z"}, "ends before it starts"),
    ({"pauses": "2026-03-02T08:00:00Z/2026-03-02T10:00:00Z"}, "is before opened_at"),
    ({"pauses": "2026-03-02T10:00:00Z/2026-03-02T16:00:00Z"}, "runs past resolved_at"),
    ({"pauses": "2026-03-02T10:00:00Z/2026-03-02T11:00:00Z;2026-03-02T10:30:00Z/2026-03-02T12:00:00Z"},
     "overlaps the previous pause"),
    ({"pauses": "2026-03-02T10:00:00Z/"}, "has no end, but the ticket was resolved"),
    ({"pauses": "/2026-03-02T10:00:00Z"}, "has no start"),
])
def test_a_bad_row_says_what_is_wrong(values, message):
    assert message in problem(**values)


@pytest.mark.parametrize("values, field, message", [
    ({"first_response_at": "2026-03-02T08:00:00Z"}, "first_response_at",
     "first_response_at 2026-03-02T08:00:00Z is before opened_at"),
    ({"first_response_at": "2026-03-02T16:00:00Z"}, "first_response_at", "is after resolved_at"),
    ({"first_response_at": "soon"}, "first_response_at", "bad timestamp 'soon'"),
    ({"rating": "6"}, "rating", "a rating is a whole number from 1 to 5, not '6'"),
    ({"rating": "4.5"}, "rating", "from 1 to 5"),
    ({"rating": "٣"}, "rating", "from 1 to 5"),
    ({"rating": "Offered"}, "rating", "not 'Offered'"),
    ({"rating": "3", "resolved_at": ""}, "rating", "a rating needs resolved_at"),
])
def test_an_optional_field_that_cannot_be_read_is_dropped_with_a_warning(values, field, message):
    parser = RecordParser(make_catalog(), zone_of("UTC"), column_sources(None))
    record = parser.parse({**row("T-1"), **values})
    assert getattr(record, field) is None
    assert len(parser.warnings) == 1
    assert message in parser.warnings[0]
    assert parser.warnings[0].endswith(f"(kept the ticket without its {field})")
    parser.parse(row("T-2"))
    assert parser.warnings == []  # the warnings are the last row's


def test_a_mapped_column_is_named_in_messages():
    parser = RecordParser(make_catalog(), zone_of("UTC"), column_sources({"opened_at": "Created"}))
    values = row("T-1")
    values["Created"] = "soon"
    with pytest.raises(RowProblem, match=r"opened_at \(column 'Created'\): bad timestamp 'soon'"):
        parser.parse(values)


def test_naive_timestamps_are_read_in_the_workspace_zone():
    assert parse_instant("2026-07-01T12:00:00", zone_of("Europe/Berlin")) == ts("2026-07-01T12:00:00+02:00")
    assert parse_instant("2026-01-01 12:00", zone_of("Europe/Berlin")) == ts("2026-01-01T12:00:00+01:00")
    assert parse_instant("2026-01-01T12:00:00-05:00", zone_of("Europe/Berlin")) == ts("2026-01-01T17:00:00+00:00")
    assert parse_instant(" 2026-01-01T12:00:00Z ", zone_of("UTC")) == ts("2026-01-01T12:00:00+00:00")
    assert parse_instant("2026-01-01", zone_of("UTC")) == ts("2026-01-01T00:00:00+00:00")
    assert parse_instant("1970-01-01T00:00:01.5Z", zone_of("UTC")) == 1


def test_json_values_of_other_types():
    parser = RecordParser(make_catalog(), zone_of("UTC"), column_sources(None))
    values = row("T-1", rating=None, comment=None, pauses=None)
    values.update(ref=1234, rating=4, priority=None,
                  pauses=[["2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z"], "2026-03-02T12:00:00Z/2026-03-02T13:00:00Z"])
    record = parser.parse(values)
    assert (record.ref, record.rating, record.priority, len(record.pauses)) == ("1234", 4, "", 2)
    for bad in ({"opened_at": 1772442000}, {"pauses": 5}):
        with pytest.raises(RowProblem):
            parser.parse({**values, **bad})
    for optional in ({"title": {"a": 1}}, {"rating": True}, {"comment": [1]}):
        record = parser.parse({**values, **optional})
        assert parser.warnings and record.ref == "1234"


def test_an_unfinished_pause_is_allowed_while_unresolved_and_zero_pauses_vanish():
    record = parse(resolved_at="", pauses="2026-03-02T10:00:00Z/2026-03-02T10:00:00Z;2026-03-02T11:00:00Z/")
    assert record.pauses == ((ts("2026-03-02T11:00:00+00:00"), None),)


def test_record_events_are_in_time_order_with_a_pause_closed_by_the_resolution():
    record = parse(pauses="2026-03-02T09:10:00Z/2026-03-02T09:20:00Z;2026-03-02T14:00:00Z/2026-03-02T15:00:00Z",
                   comment="no rating, a comment")
    assert [e.kind for e in record_events(record)] == [
        "opened", "paused", "resumed", "responded", "paused", "resolved", "commented",
    ]
    assert record_events(record)[-1].payload == {"text": "no rating, a comment"}
