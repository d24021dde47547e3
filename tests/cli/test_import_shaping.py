"""``slacheck import`` on an export as a ticket system writes it: constants, defaults, null
markers, value maps, date formats with month names in several languages, per-column zones,
repeated header names, case-insensitive services and priorities, DST gaps refused.

The workspace's zone is Europe/Berlin.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from slacheck.importer.readers import RowProblem
from slacheck.importer.shaping import english_months, parse_formatted
from clihelpers import run

JIRA_HEADER = "Summary,Issue key,Issue id,Priority,Comment,Comment,Created,Resolved,Component/s,Sprint,Sprint"
JIRA_OPTIONS = [
    "--map", "ref=Issue key", "--map", "title=Summary", "--map", "priority=Priority",
    "--map", "opened_at=Created", "--map", "resolved_at=Resolved", "--map", "service=Component/s",
    "--set", "agreement=it-for-sales",
    "--date-format", "opened_at=%d/%b/%y %I:%M %p", "--date-format", "resolved_at=%d/%b/%y %I:%M %p",
    "--value", "priority:Highest=urgent", "--value", "priority:Medium=", "--null", "?",
]


def stored(ws) -> dict[str, tuple]:
    conn = sqlite3.connect(ws / ".slacheck" / "slacheck.db")
    try:
        rows = conn.execute(
            "SELECT i.ref, i.agreement, i.service, i.priority, i.opened_at, "
            "(SELECT max(at) FROM events e WHERE e.interaction = i.id AND e.kind = 5) "
            "FROM interactions i").fetchall()
    finally:
        conn.close()
    return {row[0]: row[1:] for row in rows}


def utc(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def test_a_jira_export_imports_as_it_is(example_workspace, tmp_path):
    export = tmp_path / "jira.csv"
    export.write_text(
        JIRA_HEADER + "\n"
        "Screen cracked,SALES-1,10001,Highest,first,second,22/Dec/25 2:38 PM,23/Dec/25 9:05 AM,laptop-repair,S1,S2\n"
        "Pantalla rota,SALES-2,10002,Medium,,,10/nov/25 4:51 PM,?,Laptop-Repair,,\n"
        "CRM,SALES-3,10003,HIGH,,,01/Mär/26 10:00 AM,,CRM-ACCESS,,\n",
        encoding="utf-8")
    result = run(example_workspace, "import", str(export), *JIRA_OPTIONS)
    assert result.exit_code == 1, result.output  # SALES-3: crm-access defines no 'high'
    assert "imported 2" in result.output
    found = stored(example_workspace)
    assert found["SALES-1"] == ("it-for-sales", "laptop-repair", "urgent",
                                utc("2025-12-22T14:38+01:00"), utc("2025-12-23T09:05+01:00"))
    assert found["SALES-2"] == ("it-for-sales", "laptop-repair", "", utc("2025-11-10T16:51+01:00"), None)
    assert f"{export}:4:" in result.output and "'HIGH'" in result.output


def test_a_repeated_header_is_refused_only_when_mapped(example_workspace, tmp_path):
    export = tmp_path / "jira.csv"
    export.write_text(JIRA_HEADER + "\nx,SALES-1,1,,a,b,22/Dec/25 2:38 PM,,laptop-repair,,\n",
                      encoding="utf-8")
    result = run(example_workspace, "import", str(export), *JIRA_OPTIONS, "--map", "comment=Comment")
    assert result.exit_code == 2
    assert "the header names 'Comment' twice, so it cannot feed comment" in result.output


def test_defaults_zones_and_dst_gaps(example_workspace, tmp_path):
    export = tmp_path / "t.csv"
    export.write_text(
        "ref,service,opened_at,resolved_at\n"
        "T-1,,2026-03-28 09:00,2026-03-28 10:00\n"
        "T-2,laptop-repair,2026-03-29 02:30,\n"            # Berlin skips 02:00-03:00
        "T-3,laptop-repair,2026-03-29 01:30,2026-03-29 03:30\n",
        encoding="utf-8")
    result = run(example_workspace, "import", str(export), "--set", "agreement=it-for-sales",
                 "--default", "service=laptop-repair", "--tz", "resolved_at=UTC")
    assert result.exit_code == 1
    assert f"{export}:3: opened_at: '2026-03-29 02:30' does not exist in Europe/Berlin" in result.output
    found = stored(example_workspace)
    assert found["T-1"] == ("it-for-sales", "laptop-repair", "", utc("2026-03-28T09:00+01:00"),
                            utc("2026-03-28T10:00+00:00"))
    assert found["T-3"][3:] == (utc("2026-03-29T01:30+01:00"), utc("2026-03-29T03:30+00:00"))


@pytest.mark.parametrize("args, message", [
    (["--set", "agreemnt=x"], "'agreemnt' is not an import column"),
    (["--value", "priority-High=urgent"], "write COLUMN:THEIRS=OURS"),
    (["--tz", "opened_at=Mars/Olympus"], "unknown time zone"),
    (["--date-format", "opened_at=dd/mm/yy"], "a strptime format has % codes"),
])
def test_bad_options_are_refused_before_reading(example_workspace, tmp_path, args, message):
    export = tmp_path / "t.csv"
    export.write_text("ref,agreement,service,opened_at\n", encoding="utf-8")
    result = run(example_workspace, "import", str(export), *args)
    assert result.exit_code == 2 and message in result.output


def test_a_formatted_time_in_a_dst_gap_is_refused():
    with pytest.raises(RowProblem, match="does not exist in Europe/Berlin"):
        parse_formatted("29/mar/26 2:30 AM", "%d/%b/%y %I:%M %p", ZoneInfo("Europe/Berlin"))


FOREIGN = {  # month number -> a spelling in another language, as exports write it
    1: "janv.", 2: "Februar", 3: "März", 4: "abr", 5: "mayo", 6: "juin", 7: "julho", 8: "ago",
    9: "sept", 10: "okt", 11: "nov", 12: "dic",
}
FORMATS = ["%d/%b/%y %I:%M %p", "%d-%m-%Y %H:%M", "%m-%d-%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S",
           "%d %B %Y %H:%M", "%b %d, %Y %H:%M"]


@st.composite
def date_formats(draw) -> str:
    """A format as some export might use: any order of day, month and year, any separators,
    month as a number or a name, two- or four-digit years, 12 or 24 hours, maybe seconds,
    microseconds and an offset."""
    month = draw(st.sampled_from(["%m", "%b", "%B"]))
    year = draw(st.sampled_from(["%Y", "%y"]))
    order = draw(st.permutations(["%d", month, year]))
    separator = draw(st.sampled_from(["/", "-", ".", " ", ". ", ", "]))
    clock = draw(st.sampled_from(["%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p", "%H%M",
                                  "%H:%M:%S.%f"]))
    between = draw(st.sampled_from([" ", "T", " - ", "  "]))
    offset = draw(st.sampled_from(["", "", " %z", "%z"]))
    return separator.join(order) + between + clock + offset


@settings(max_examples=300, deadline=None)
@given(moment=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2199, 1, 1)),
       fmt=st.one_of(st.sampled_from(FORMATS), date_formats()), foreign=st.booleans(),
       offset_minutes=st.integers(-14 * 60, 14 * 60))
def test_format_then_parse_is_the_identity(moment, fmt, foreign, offset_minutes):
    """A time written with a format (month names in English or another language) reads back as
    itself, and as strptime reads it: never a guess between day and month."""
    assume("%y" not in fmt or 1969 <= moment.year <= 2068)  # %y: 69-99 are 19xx, 00-68 20xx
    moment = moment.replace(second=moment.second if "%S" in fmt else 0,
                            microsecond=moment.microsecond if "%f" in fmt else 0)
    if "%z" in fmt:
        moment = moment.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    text = moment.strftime(fmt)
    assert datetime.strptime(text, fmt) == moment  # the fixture itself is sound
    if foreign and ("%b" in fmt or "%B" in fmt):
        english = moment.strftime("%b" if "%b" in fmt else "%B")
        text = text.replace(english, FOREIGN[moment.month], 1)
    parsed = parse_formatted(text, fmt, timezone.utc)
    assert parsed == (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc))


def test_month_names_in_five_languages():
    assert english_months("10/nov/25") == "10/Nov/25"
    assert english_months("3. März 2026, 1 févr. 2026, 5 dezembro") == "3. Mar 2026, 1 Feb 2026, 5 Dec"
    assert english_months("Maintenance, mayor") == "Maintenance, mayor"  # only whole words
    assert (datetime(2026, 1, 1) + timedelta(0)).strftime("%b") == "Jan"


def test_a_time_in_the_repeated_autumn_hour_needs_a_fold(example_workspace, tmp_path):
    """Berlin repeats 02:00-03:00 on 2026-10-25: 02:30 happens at 00:30Z and at 01:30Z."""
    export = tmp_path / "t.csv"
    export.write_text(
        "ref,agreement,service,opened_at,resolved_at\n"
        "T-1,it-for-sales,laptop-repair,2026-10-25 02:30,2026-10-26 10:00\n"
        "T-2,it-for-sales,laptop-repair,25/10/2026 02:45,\n", encoding="utf-8")
    refused = run(example_workspace, "import", str(export))
    assert refused.exit_code == 1
    assert ("opened_at: '2026-10-25 02:30' is ambiguous in Europe/Berlin (the clocks repeat that "
            "hour); give the offset in the file, or --fold opened_at=earlier|later") in refused.output
    assert stored(example_workspace) == {}
    later = run(example_workspace, "import", str(export), "--fold", "opened_at=later")
    assert "imported 1" in later.output  # T-2 is not ISO 8601
    assert stored(example_workspace)["T-1"][3] == utc("2026-10-25T01:30:00+00:00")
    formatted = run(example_workspace, "import", str(export), "--fold", "opened_at=earlier",
                    "--date-format", "opened_at=%d/%m/%Y %H:%M", "--map", "ref=ref")
    assert "T-1" not in formatted.output or "does not match" in formatted.output
    assert stored(example_workspace)["T-2"][3] == utc("2026-10-25T00:45:00+00:00")


def test_a_fold_for_a_column_without_times_is_refused(example_workspace, tmp_path):
    export = tmp_path / "t.csv"
    export.write_text("ref,agreement,service,opened_at\n", encoding="utf-8")
    result = run(example_workspace, "import", str(export), "--fold", "title=earlier")
    assert result.exit_code == 2 and "--fold title: title holds no timestamp" in result.output
    result = run(example_workspace, "import", str(export), "--fold", "opened_at=first")
    assert result.exit_code == 2 and "--fold opened_at=first: write earlier or later" in result.output
