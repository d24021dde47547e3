"""Where our columns come from: paths into JSON records, timestamps computed from durations,
records under a key of a JSON document (streamed), and wall times the clocks skip or repeat."""

from __future__ import annotations

import json
import tracemalloc
from functools import lru_cache
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store.store_helpers import make_catalog, row, ts

from slacheck.errors import InputError
from slacheck.importer import RecordParser, RowProblem, column_sources, open_source, readers, zone_of
from slacheck.importer.columns import feed_of, path_steps
from slacheck.importer.durations import duration_seconds
from slacheck.importer.localtime import change_days
from slacheck.importer.shaping import Shaping


def parser(mapping=None, tz="UTC", shaping=None, nested=True) -> RecordParser:
    return RecordParser(make_catalog(), zone_of(tz), column_sources(mapping), shaping, nested=nested)


# ------------------------------------------------------------------------------------ paths
@pytest.mark.parametrize("text, steps", [
    ("fields.created", ("fields", "created")),
    ("labels[0].name", ("labels", 0, "name")),
    ("a.b[-1][2].c d", ("a", "b", -1, 2, "c d")),
    ("Issue key", None),           # a plain name
    ("a..b", None),                # not a path: only ever a key
    ("[0].x", None),
    ("x[abc]", None),
])
def test_path_steps(text, steps):
    assert path_steps(text) == steps


def test_a_path_reaches_into_a_nested_record_and_a_literal_key_wins():
    p = parser({"opened_at": "fields.created", "priority": "fields.priority.name",
                "service": "labels[0].name", "requester": "user.login"})
    values = {**row("T-1"), "fields": {"created": "2026-03-02T09:00:00Z", "priority": {"name": "urgent"}},
              "labels": [{"name": "laptop-repair"}, {"name": "access"}], "user": {"login": "ann"}}
    record = p.parse(values)
    assert (record.opened_at, record.priority, record.service, record.requester) == (
        ts("2026-03-02T09:00:00+00:00"), "urgent", "laptop-repair", "ann")
    record = p.parse({**values, "fields.created": "2026-03-02T08:00:00Z"})  # a flattened key
    assert record.opened_at == ts("2026-03-02T08:00:00+00:00")


def test_a_missing_step_is_empty_and_a_wrong_shape_says_so():
    p = parser({"resolved_at": "fields.resolutiondate", "service": "labels[0].name"})
    base = {**row("T-1", resolved_at=""), "fields": {"resolutiondate": None}}
    assert p.parse({**base, "labels": [{"name": "access"}]}).resolved_at is None
    for labels in ([], None, [{}]):
        with pytest.raises(RowProblem, match=r"service \(column 'labels\[0\]\.name'\) is empty"):
            p.parse({**base, "labels": labels})
    with pytest.raises(RowProblem, match=r"'labels' is an object, not an array"):
        p.parse({**base, "labels": {"name": "access"}})
    wrong = parser({"service": "labels.name"})
    with pytest.raises(RowProblem, match=r"'labels' is an array, not an object; write "
                                         r"labels\[0\]\.name for its first element"):
        wrong.parse({**base, "labels": [{"name": "access"}]})
    whole = parser({"priority": "fields.priority"})
    with pytest.raises(RowProblem, match=r"an object, not a value; name one of its keys \(name, id\), "
                                         r"e\.g\. fields\.priority\.name"):
        whole.parse({**base, "fields": {"priority": {"name": "urgent", "id": "1"}}})


def test_csv_rows_are_never_read_as_paths():
    p = parser({"requester": "Custom field.x"}, nested=False)
    values = {**row("T-1"), "Custom field.x": "ann", "Custom field": {"x": "bob"}}
    assert p.parse(values).requester == "ann"
    assert p.parse({**row("T-1"), "Custom field": {"x": "bob"}}).requester == ""


# ------------------------------------------------------------------------- computed timestamps
@pytest.mark.parametrize("value, unit, seconds", [
    (90, "s", 90), ("90", "s", 90), (1.5, "min", 90), ("2.5", "h", 9000), ("1", "d", 86400),
    (" 0 ", "h", 0), ("1e3", "s", 1000), ("0.1", "h", 360), (0.29, "s", 0),
    ("5:30:00", "s", 19800), ("125:00:00", "min", 450000), ("0:00:01.9", "h", 1),
    ("1970-01-01 05:30:00", "s", 19800), ("1970-01-03 05:30:00", "min", 2 * 86400 + 19800),
    ("2 Days 5 Hours 3 Minutes", "s", 2 * 86400 + 5 * 3600 + 180), ("1 hour 30 sec", "s", 3630),
    ("3d 4h 5m 6s", "min", 3 * 86400 + 4 * 3600 + 306),
    (None, "s", None), ("", "h", None), ("  ", "h", None),
])
def test_durations_in_every_form(value, unit, seconds):
    assert duration_seconds(value, unit) == seconds


@pytest.mark.parametrize("value, message", [
    ("-5", "'-5' is a negative duration"), (-1.0, "-1.0 is a negative duration"),
    ("-1:00:00", "is a negative duration"), ("abc", "'abc' is not a duration"),
    ("5:30", "is not a duration"), ("1 week", "is not a duration"), ("2 hours 3 hours", "not a duration"),
    (True, "True is not a duration"), (float("nan"), "is not a duration"), ({"a": 1}, "not dict"),
    ("1e99", "longer than any duration"), ("1990-01-01 00:00:00", "is not a duration"),
])
def test_bad_durations_say_why(value, message):
    with pytest.raises(RowProblem, match=message):
        duration_seconds(value, "s")


@pytest.mark.parametrize("ours, text, message", [
    ("opened_at", "first_response_at+x:s", "only first_response_at and resolved_at can be computed"),
    ("first_response_at", "resolved_at+x:s", "can be counted from opened_at, not from resolved_at"),
    ("resolved_at", "resolved_at+x:h", "not from resolved_at"),
    ("resolved_at", "opened_at+x:w", "'w' is not a unit of duration"),
    ("resolved_at", "opened_at+x", "give the unit of a number in 'x'"),
])
def test_malformed_computed_timestamps_are_refused(ours, text, message):
    with pytest.raises(InputError, match=message):
        feed_of(ours, text)


def test_a_plain_name_with_a_plus_is_a_column():
    assert feed_of("resolved_at", "Time+Materials:h").base is None


def test_computed_timestamps_chain_and_bad_durations_are_row_problems():
    p = parser({"first_response_at": "opened_at + fields.to_first:min",
                "resolved_at": "first_response_at+to_fix:h"})
    values = {**row("T-1", first_response_at="", resolved_at=""), "fields": {"to_first": 30},
              "to_fix": "1.5"}
    record = p.parse(values)
    opened = ts("2026-03-02T09:00:00+00:00")
    assert (record.opened_at, record.first_response_at, record.resolved_at) == (
        opened, opened + 1800, opened + 1800 + 5400)
    with pytest.raises(RowProblem, match=r"resolved_at \(first_response_at \+ column 'to_fix' in h\): "
                                         r"'soon' is not a duration"):
        p.parse({**values, "to_fix": "soon"})
    with pytest.raises(RowProblem, match="first_response_at is empty, so the duration '1.5' counts "
                                         "from nothing"):
        p.parse({**values, "fields": {}})
    with pytest.raises(RowProblem, match=r"first_response_at \+ '2e6' is outside the range"):
        p.parse({**values, "to_fix": "2e6"})
    assert p.parse({**values, "to_fix": ""}).resolved_at is None


def test_a_bad_computed_first_response_is_dropped_with_a_warning():
    p = parser({"first_response_at": "opened_at+wait:s"})
    record = p.parse({**row("T-1", first_response_at=""), "wait": "-60"})
    assert record.first_response_at is None and record.resolved_at is not None
    assert "'-60' is a negative duration (kept the ticket without its first_response_at)" in str(p.warnings[0])


@pytest.mark.parametrize("shaping, option", [
    (Shaping(constants={"resolved_at": "x"}), "--set"),
    (Shaping(date_formats={"resolved_at": "%d"}), "--date-format"),
    (Shaping(zones={"resolved_at": UTC}), "--tz"),
    (Shaping(folds={"resolved_at": "later"}), "--fold"),
])
def test_timestamp_options_on_a_computed_column_are_refused(shaping, option):
    with pytest.raises(InputError, match=f"{option} resolved_at: resolved_at is computed as opened_at"):
        parser({"resolved_at": "opened_at+d:s"}, shaping=shaping)


# ------------------------------------------------------------------------ records under a key
def rows_of(path: Path, records: str | None = None) -> list:
    source = open_source(path, records=records)
    try:
        return list(source.rows)
    finally:
        source.close()


def test_records_under_a_key_after_members_that_look_like_json(tmp_path: Path):
    tricky = {"s": 'a "quoted" ] } [ { \\ string', "n": [1, [2, {"x": "]"}]], "e": {}, "t": True,
              "\u00e9\"k": None, "num": -1.5e3}
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({**tricky, "data": {"meta": tricky, "items": [{"ref": "A"}, 5, {"ref": "B"}]},
                                "after": "]]]"}), encoding="utf-8")
    got = rows_of(path, "data.items")
    assert got[0] == (1, {"ref": "A"}) and got[2] == (3, {"ref": "B"})
    assert "expected a JSON object, found a number" in str(got[1][1])


@pytest.mark.parametrize("document, records, message", [
    ({"startAt": 0, "issues": []}, "issue", "no key 'issue' in the object at the top of the file; its keys "
                                           "are 'startAt', 'issues'"),
    ({"data": {"rows": []}}, "data.items", "no key 'items' in the object at 'data'; its keys are 'rows'"),
    ({"data": {}}, "data.items", "in the object at 'data'; it is empty"),
    ({"issues": {"a": []}}, "issues", "'issues' holds an object, not an array of records; name the key "
                                      "of its array, e.g. --records issues.KEY"),
    ({"total": 3}, "total", "'total' holds a number, not an array"),
    ([{"ref": "A"}], "issues", "expected an object at the top of the file, found an array; a file that is "
                               "an array holds the records itself: leave out --records"),
    ({"data": [1]}, "data.items", "expected an object at 'data', found an array"),
    ({"data": []}, "data..items", "name the key that holds the array of records"),
])
def test_records_that_are_not_there_are_an_input_error(tmp_path: Path, document, records, message):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        rows_of(path, records)
    assert message in str(caught.value)


@pytest.mark.parametrize("text", ['{"a": [1, 2', '{"a" 1, "issues": []}', '{"a": "x', '{"a": ]}'])
def test_broken_json_before_the_records_is_an_input_error(tmp_path: Path, text):
    path = tmp_path / "doc.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON before the records of --records issues"):
        rows_of(path, "issues")


def test_an_object_without_records_suggests_the_key(tmp_path: Path):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"startAt": 0, "issues": [{"ref": "A"}], "total": 1}), encoding="utf-8")
    with pytest.raises(InputError, match="found an object with the keys 'startAt', 'issues', 'total'; "
                                         "if the records are in an array under a key, name it: --records issues"):
        rows_of(path)
    for fmt, name in (("csv", "a.csv"), ("jsonl", "a.jsonl")):
        with pytest.raises(InputError, match="only a JSON document holds its records under a key"):
            open_source(tmp_path / name, fmt, records="issues")


def small_reads(patch: pytest.MonkeyPatch, chunk: int) -> None:
    """Make the JSON reader read ``chunk`` characters at a time, so that tokens straddle reads."""
    patch.setattr(readers, "_CHUNK", chunk)
    patch.setattr(readers._Buffer.fill, "__defaults__", (chunk,))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet='ab"\\[]{}:,é\n\u2028'),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(alphabet='k"\\]}', max_size=3), inner,
                                                                 max_size=4),
    max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(before=st.dictionaries(st.text(alphabet='xy"\\', min_size=1, max_size=3), JSON, max_size=4),
       records=st.lists(st.dictionaries(st.sampled_from(["ref", "t"]), st.text(max_size=5), max_size=2),
                        max_size=4),
       after=JSON, chunk=st.integers(1, 9), indent=st.sampled_from([None, 0, 2]))
def test_the_records_are_found_whatever_lies_before_them(tmp_path_factory, before, records, after,
                                                         chunk, indent):
    """Members of any shape before the key are skipped, across any buffer boundary."""
    before.pop("data", None)
    path = tmp_path_factory.mktemp("doc") / "doc.json"
    document = {**before, "data": {**before, "items": records, "z": after}, "after": after}
    path.write_text(json.dumps(document, indent=indent, ensure_ascii=indent is None), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        small_reads(patch, chunk)
        assert rows_of(path, "data.items") == list(enumerate(records, 1))


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet='{}[]",:\\ ab1e-tn', max_size=60), chunk=st.integers(1, 9))
def test_any_text_gives_rows_or_an_input_error(tmp_path_factory, text, chunk):
    path = tmp_path_factory.mktemp("doc") / "doc.json"
    path.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        small_reads(patch, chunk)
        for records in ("a", None):
            try:
                rows = rows_of(path, records)
            except InputError as error:
                assert str(error).startswith(str(path))
            else:
                assert all(isinstance(values, (dict, RowProblem)) for _, values in rows)


def test_a_large_keyed_array_streams(tmp_path: Path):
    """15 MB: a skipped member of 6 MB, then 50,000 records; reading them holds a few MB."""
    path = tmp_path / "big.json"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"meta": [')
        handle.write(",".join(['"x\\"]}' + "y" * 90 + '"'] * 60_000))
        handle.write('], "data": {"items": [')
        handle.write(",".join(json.dumps({"ref": f"T-{n}", "title": "z" * 150}) for n in range(50_000)))
        handle.write("]}, \"tail\": [" + "1," * 1000 + "1]}")
    assert path.stat().st_size > 14_000_000
    source = open_source(path, records="data.items")
    tracemalloc.start()
    try:
        count, last = 0, None
        for number, values in source.rows:
            count += 1
            last = (number, values)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        source.close()
    assert count == 50_000 and last == (50_000, {"ref": "T-49999", "title": "z" * 150})
    assert peak < 4_000_000


# ------------------------------------------------------------------ skipped and repeated hours
def test_the_days_the_clocks_change_include_a_change_at_midnight():
    assert {(3, 29), (10, 25)} <= change_days(ZoneInfo("Europe/Berlin"), 2026)
    # Santiago goes back at 24:00 on Saturday 4 April 2026: 23:00-24:00 that day is repeated.
    assert (4, 4) in change_days(ZoneInfo("America/Santiago"), 2026)
    assert change_days(UTC, 2026) == frozenset()


@pytest.mark.parametrize("zone, text, earlier, later", [
    ("Europe/Berlin", "2026-10-25 02:30", "2026-10-25T02:30+02:00", "2026-10-25T02:30+01:00"),
    ("America/Chicago", "2026-11-01 01:15", "2026-11-01T01:15-05:00", "2026-11-01T01:15-06:00"),
    ("Australia/Lord_Howe", "2026-04-05 01:45", "2026-04-05T01:45+11:00", "2026-04-05T01:45+10:30"),
    ("America/Santiago", "2026-04-04 23:30", "2026-04-04T23:30-03:00", "2026-04-04T23:30-04:00"),
])
def test_a_repeated_time_needs_a_fold(zone, text, earlier, later):
    with pytest.raises(RowProblem, match=rf"opened_at: '{text}' is ambiguous in {zone} \(the clocks "
                                         r"repeat (that hour|those 30 minutes)\); give the offset in the "
                                         r"file, or --fold opened_at=earlier\|later"):
        parser(tz=zone).parse(row("T-1", opened_at=text, first_response_at="", resolved_at="",
                                  pauses=""))
    for fold, expected in (("earlier", earlier), ("later", later)):
        for shaping in (Shaping(folds={"opened_at": fold}),
                        Shaping(folds={"opened_at": fold}, date_formats={"opened_at": "%Y-%m-%d %H:%M"}),
                        Shaping(folds={"opened_at": fold}, zones={"opened_at": ZoneInfo(zone)})):
            record = parser(tz="UTC" if shaping.zones else zone, shaping=shaping).parse(
                row("T-1", opened_at=text, first_response_at="", resolved_at="", pauses=""))
            assert record.opened_at == ts(expected), (fold, shaping)


ZONES = ["Europe/Berlin", "America/Chicago", "Australia/Lord_Howe", "UTC"]
_FIRST, _END = 0, int(datetime(2200, 1, 1, tzinfo=UTC).timestamp())


def _zone(name: str):
    return ZoneInfo(name) if name != "UTC" else UTC


@lru_cache(maxsize=None)
def _changes(name: str, year: int) -> tuple[int, ...]:
    """The instants of ``year`` at which ``name``'s offset changes (found by stepping through the
    year in UTC, independently of the importer)."""
    zone, found = _zone(name), []
    at = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    before = datetime.fromtimestamp(at, zone).utcoffset()
    while at < end:
        after = datetime.fromtimestamp(at + 1800, zone).utcoffset()
        if after != before:
            found.append(at + 1800)
        at, before = at + 1800, after
    return tuple(found)


@st.composite
def instants(draw) -> tuple[int, str]:
    """An instant of 1970-2199 and a zone; half of them within two hours of a change of the
    zone's clocks, where wall times are repeated."""
    name = draw(st.sampled_from(ZONES))
    if draw(st.booleans()):
        changes = _changes(name, draw(st.integers(1970, 2199)))
        if changes:
            near = draw(st.sampled_from(changes)) + draw(st.integers(-7200, 7200))
            return min(max(near, _FIRST), _END - 1), name
    return draw(st.integers(_FIRST, _END - 1)), name


@settings(max_examples=300, deadline=None)
@given(instant=instants(), formatted=st.booleans())
def test_a_wall_time_reads_back_as_its_instant(instant, formatted):
    """Any instant of 1970-2199, written as a naive wall time in a zone (ISO 8601, or with a
    date format), imports as that instant; a wall time the clocks repeat is refused without a
    fold and, with the fold the instant has, imports as itself."""
    at, zone_name = instant
    zone = _zone(zone_name)
    local = datetime.fromtimestamp(at, UTC).astimezone(zone)
    naive = local.replace(tzinfo=None)
    repeated = naive.replace(tzinfo=zone, fold=0).utcoffset() != naive.replace(tzinfo=zone, fold=1).utcoffset()
    text = naive.strftime("%d.%m.%Y %H:%M:%S") if formatted else naive.isoformat(sep=" ")
    values = row("T-1", opened_at=text, first_response_at="", resolved_at="", pauses="")
    formats = {"opened_at": "%d.%m.%Y %H:%M:%S"} if formatted else {}
    if repeated:
        with pytest.raises(RowProblem, match="is ambiguous"):
            parser(tz=zone_name, shaping=Shaping(date_formats=formats)).parse(values)
    fold = "later" if local.fold else "earlier"
    shaping = Shaping(date_formats=formats, folds={"opened_at": fold} if repeated else {})
    assert parser(tz=zone_name, shaping=shaping).parse(values).opened_at == at
