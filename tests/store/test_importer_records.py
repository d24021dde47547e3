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
    ({"opened_at": "yesterday"}, "opened_at: 'yesterday' is not ISO 8601"),
    ({"resolved_at": "2026-02-30T10:00:00Z"}, "resolved_at: '2026-02-30T10:00:00Z' is not ISO 8601"),
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


@pytest.mark.parametrize("values, message", [
    ({"first_response_at": "2026-03-02T08:00:00Z"}, "first_response_at 2026-03-02T08:00:00Z is before opened_at"),
    ({"first_response_at": "2026-03-02T16:00:00Z"}, "is after resolved_at"),
    ({"first_response_at": "soon"}, "first_response_at: 'soon' is not ISO 8601"),
    ({"rating": "6"}, "a rating is a whole number from 1 to 5, not '6'"),
    ({"rating": "4.5"}, "from 1 to 5"),
    ({"rating": "٣"}, "from 1 to 5"),
    ({"rating": "3", "resolved_at": ""}, "a rating needs resolved_at"),
])
def test_an_optional_field_that_cannot_be_read_is_dropped_with_a_warning(values, message):
    parser = RecordParser(make_catalog(), zone_of("UTC"), column_sources(None))
    record = parser.parse({**row("T-1"), **values})
    assert record.ref == "T-1"
    (warning,) = parser.warnings
    assert message in str(warning) and "(kept the ticket without its " in str(warning)


def test_problems_with_values_that_vary_by_row_share_a_key():
    """Two rows with different unreadable times give the same key (one group); another column
    or another kind of problem gives another key; a plain message has none."""
    def caught(**values) -> RowProblem:
        with pytest.raises(RowProblem) as error:
            parse(**values)
        return error.value

    first, second = caught(opened_at="29-02-2016 01:16"), caught(opened_at="13-03-2016 10:00")
    assert first.key is not None and first.key == second.key
    assert (first.column, first.value) == ("opened_at", "29-02-2016 01:16")
    assert caught(resolved_at="13-03-2016 10:00").key != first.key
    assert caught(opened_at="2026-03-02T10:00:00Z", resolved_at="2026-03-01T00:00:00Z").key == \
        caught(opened_at="2026-03-05T10:00:00Z", resolved_at="2026-03-04T00:00:00Z").key
    assert caught(agreement="nope").key is None  # distinct unknown ids are distinct messages


def test_a_mapped_column_is_named_in_messages():
    parser = RecordParser(make_catalog(), zone_of("UTC"), column_sources({"opened_at": "Created"}))
    values = row("T-1")
    values["Created"] = "soon"
    with pytest.raises(RowProblem, match=r"opened_at \(column 'Created'\): 'soon' is not ISO 8601"):
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
    for bad in ({"opened_at": 1772442000}, {"ref": {"a": 1}}, {"pauses": 5}):
        with pytest.raises(RowProblem):
            parser.parse({**values, **bad})
    for optional in ({"title": {"a": 1}}, {"rating": True}):  # dropped, with a warning
        assert parser.parse({**values, **optional}).ref == "1234" and parser.warnings


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
