"""Row errors grouped by message with bounded memory, suggested date formats, cut id lists, and
the records an import keeps for a preview (the library side of ``slacheck import``'s output)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from store.store_helpers import row, write_csv

from slacheck.importer import grouping
from slacheck.importer.date_formats import COMMON, fitting, hint
from slacheck.importer.grouping import MAX_MESSAGE, MAX_SAMPLE, ErrorGroups
from slacheck.importer.readers import RowProblem
from slacheck.importer.records import some
from slacheck.importer.run import RowError, import_file
from slacheck.report.import_format import error_lines, group_line


def not_iso(value: str, column: str = "opened_at") -> RowProblem:
    return RowProblem.varying("", repr(value), " is not ISO 8601", column=column,
                              value=value).wrap(f"{column}: ")


def add(groups: ErrorGroups, number: int, problem: RowProblem, warning: bool = False) -> None:
    groups.add(RowError("t.csv", number, str(problem), warning=warning), problem)


def test_problems_differing_only_in_their_value_are_one_group_showing_the_first():
    groups = ErrorGroups()
    for number in range(2, 5002):
        day, hour, minute = 13 + number % 16, number // 16 % 24, number // 384
        add(groups, number, not_iso(f"{day:02d}-02-2016 {hour:02d}:{minute:02d}"))
    (group,) = groups
    assert (group.rows, group.count, group.more) == ([2, 3, 4], 5000, 4997)
    assert group_line(group) == ("t.csv:2,3,4 (+4,997 more): opened_at: '15-02-2016 00:00' is not "
                                 "ISO 8601; give --date-format opened_at='%d-%m-%Y %H:%M'")
    assert len(group.values) == MAX_SAMPLE  # a bounded sample of distinct values


def test_warnings_rejections_columns_and_plain_messages_are_kept_apart():
    groups = ErrorGroups()
    add(groups, 2, not_iso("x"))
    add(groups, 3, not_iso("y"), warning=True)
    add(groups, 4, not_iso("z", "resolved_at"))
    add(groups, 5, RowProblem("unknown agreement 'a'"))
    add(groups, 6, RowProblem("unknown agreement 'b'"))
    add(groups, 7, RowProblem("unknown agreement 'a'"))
    assert [(g.rows, g.warning) for g in groups] == [([2], False), ([3], True), ([4], False),
                                                     ([5, 7], False), ([6], False)]
    assert group_line(list(groups)[1]).startswith("t.csv:3: warning: opened_at: 'y' is not ISO 8601; ")


def test_memory_is_bounded_with_a_distinct_message_on_every_row(monkeypatch):
    monkeypatch.setattr(grouping, "MAX_COUNTED", 50)
    groups = ErrorGroups(limit=10)
    for number in range(1, 41):
        add(groups, number, RowProblem(f"message {number}"))
        add(groups, number, RowProblem(f"message {number}"))  # a message seen again: not new
    for number in range(41, 46):
        add(groups, number, RowProblem(f"note {number}"), warning=True)
    assert len(groups) == 10
    assert (groups.other_rejected, groups.other_warnings, groups.other_messages) == (60, 5, 35)
    assert error_lines(groups)[-1] == ("... and 60 rejected row(s) and 5 warning(s) with 35 other "
                                       "message(s), not shown: only the first 10 different messages are kept")
    for number in range(100, 200):
        add(groups, number, RowProblem(f"message {number}"))
    assert groups.uncounted and groups.other_messages == 50
    assert "with more than 50 other message(s)" in error_lines(groups)[-1]


def test_a_huge_message_is_kept_cut_and_a_huge_value_fits_no_format():
    groups = ErrorGroups()
    add(groups, 2, RowProblem("x" * 10 * MAX_MESSAGE))
    add(groups, 3, not_iso("01-02-2016 10:00"))
    add(groups, 4, not_iso("9" * 100))
    first, dates = groups
    assert len(first.first.message) < MAX_MESSAGE + 30 and first.first.message.endswith("(20,000 characters)")
    assert dates.values is None and "write ISO 8601" in dates.hint()


def test_control_characters_in_a_message_are_made_visible():
    groups = ErrorGroups()
    add(groups, 2, RowProblem("bad\x1b[31m\nthing"))
    assert error_lines(groups) == ["t.csv:2: bad\\x1b[31m thing"]


@pytest.mark.parametrize("values, expected", [
    (["22/Dec/25 2:38 PM", "10/nov/25 4:51 PM"], ["%d/%b/%y %I:%M %p"]),  # Jira, English and Spanish
    (["3. März 2026 10:00", "1. févr. 2026 08:30"], ["%d. %b %Y %H:%M"]),
    (["29-02-2016 01:16"], ["%d-%m-%Y %H:%M"]),
    (["02-28-2016 01:16:00"], ["%m-%d-%Y %H:%M:%S"]),
    (["02/03/2016 10:00", "13/03/2016 10:00"], ["%d/%m/%Y %H:%M"]),
    (["02/03/2016 10:00"], ["%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M"]),
    (["2016-02-29 01:16:00 +0100"], ["%Y-%m-%d %H:%M:%S %z"]),
    (["Mar 3, 2026 10:00 AM"], ["%b %d, %Y %I:%M %p"]),
    (["13-02-2016 10:00", "02-13-2016 10:00"], []),  # two formats in one column: none fits all
    (["yesterday"], []),
    ([], []),
])
def test_the_formats_that_read_every_value(values, expected):
    assert fitting(values) == expected


def test_a_hint_only_for_timestamp_columns_and_several_candidates_named():
    assert hint("pauses", ["01-02-2016 10:00"]) is None
    assert hint("resolved_at", ["02.03.16 10:00"]) == "give --date-format resolved_at='%d.%m.%y %H:%M'"
    assert hint("opened_at", ["02/03/16 10:00"]) == (
        "both --date-format opened_at='%d/%m/%y %H:%M' and opened_at='%m/%d/%y %H:%M' fit every "
        "value; slacheck never guesses (day or month first?): give the one that is right")


@settings(max_examples=300, deadline=None)
@given(moment=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2199, 1, 1)),
       fmt=st.sampled_from(COMMON))
def test_every_common_format_is_found_for_a_time_it_wrote(moment, fmt):
    assume("%y" not in fmt or 1969 <= moment.year <= 2068)
    text = moment.replace(tzinfo=timezone(timedelta(hours=2))).strftime(fmt)
    assert fmt in fitting([text])


def test_some_names_and_the_rest_counted():
    assert some(["a", "b"]) == "a, b"
    names = [f"s{n}" for n in range(206)]
    assert some(names) == "s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 (+196 more)"
    assert some(names[:10]) == ", ".join(names[:10])


def test_an_import_keeps_the_groups_and_the_first_records(store, catalog, tmp_path: Path):
    export = write_csv(tmp_path / "t.csv", [row("T-1"), row("T-2", opened_at="soon"),
                                            row("T-3", opened_at="later"), row("T-4"), row("T-5")])
    errors: list[RowError] = []
    summary = import_file(export, store, catalog, on_error=errors.append, preview=2, batch_rows=1)
    assert [str(e) for e in errors] == [f"{export}:3: opened_at: 'soon' is not ISO 8601",
                                       f"{export}:4: opened_at: 'later' is not ISO 8601"]
    (group,) = summary.groups
    assert (group.rows, group.count, group.column) == ([3, 4], 2, "opened_at")
    assert [(number, record.ref) for number, record in summary.preview] == [(2, "T-1"), (5, "T-4")]
    assert summary.preview[0][1].opened_at == int(datetime(2026, 3, 2, 9, tzinfo=UTC).timestamp())
    assert import_file(export, store, catalog).preview == []  # none unless asked
