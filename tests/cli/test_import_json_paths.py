"""``slacheck import`` of nested JSON and computed times: ``--records KEY`` (Jira's REST answer),
dotted ``--map`` paths, timestamps computed as another plus a duration column, and ``--fold`` for
the wall times the clocks repeat in autumn.

The workspace's zone is Europe/Berlin.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest

from clihelpers import run, run_process

JIRA = {"startAt": 0, "maxResults": 50, "total": 2, "issues": [
    {"key": "SALES-1", "fields": {"created": "2025-12-22T14:38:00.000+0100", "priority": {"name": "High"},
                                  "labels": [{"name": "laptop-repair"}], "reporter": {"name": "ann"}}},
    {"key": "SALES-2", "fields": {"created": "2025-12-23T09:00:00.000+0100", "priority": None,
                                  "labels": [{"name": "Crm-Access"}, {"name": "other"}]}},
]}
JIRA_OPTIONS = ["--records", "issues", "--map", "ref=key", "--map", "opened_at=fields.created",
                "--map", "priority=fields.priority.name", "--map", "service=fields.labels[0].name",
                "--map", "requester=fields.reporter.name", "--set", "agreement=it-for-sales",
                "--value", "priority:High=high"]


def stored(ws) -> dict[str, tuple]:
    """ref -> (service, priority, requester, opened_at, first response, resolution)."""
    conn = sqlite3.connect(ws / ".slacheck" / "slacheck.db")
    try:
        rows = conn.execute(
            "SELECT i.ref, i.service, i.priority, i.requester, i.opened_at, "
            "(SELECT max(at) FROM events e WHERE e.interaction = i.id AND e.kind = 2), "
            "(SELECT max(at) FROM events e WHERE e.interaction = i.id AND e.kind = 5) "
            "FROM interactions i").fetchall()
    finally:
        conn.close()
    return {row[0]: row[1:] for row in rows}


def utc(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def test_a_jira_rest_answer_imports_with_records_and_paths(example_workspace, tmp_path):
    export = tmp_path / "search.json"
    export.write_text(json.dumps(JIRA), encoding="utf-8")
    result = run(example_workspace, "import", str(export), *JIRA_OPTIONS)
    assert result.exit_code == 0, result.output
    assert "imported 2" in result.output
    found = stored(example_workspace)
    assert found["SALES-1"] == ("laptop-repair", "high", "ann", utc("2025-12-22T14:38+01:00"), None, None)
    assert found["SALES-2"] == ("crm-access", "", "", utc("2025-12-23T09:00+01:00"), None, None)
    shown = run(example_workspace, "show", "SALES-1").output
    assert "2025-12-22 14:38  opened" in shown and "priority high" in shown
    again = run(example_workspace, "import", str(export), *JIRA_OPTIONS)
    assert "unchanged 2" in again.output


def test_a_literal_dotted_key_wins_and_csv_headers_are_never_paths(example_workspace, tmp_path):
    export = tmp_path / "flat.jsonl"
    export.write_text(json.dumps({"key": "F-1", "agreement": "it-for-sales", "service": "laptop-repair",
                                  "fields.created": "2026-03-02T10:00+01:00",
                                  "fields": {"created": "2026-03-01T10:00+01:00"}}) + "\n", encoding="utf-8")
    result = run(example_workspace, "import", str(export), "--map", "ref=key",
                 "--map", "opened_at=fields.created")
    assert result.exit_code == 0, result.output
    assert stored(example_workspace)["F-1"][3] == utc("2026-03-02T10:00+01:00")
    csv_file = tmp_path / "custom.csv"
    csv_file.write_text("ref,agreement,service,opened_at,Custom field.x,labels[0].name\n"
                        "C-1,it-for-sales,,2026-03-02T10:00+01:00,bob,laptop-repair\n", encoding="utf-8")
    result = run(example_workspace, "import", str(csv_file), "--map", "requester=Custom field.x",
                 "--map", "service=labels[0].name")
    assert result.exit_code == 0, result.output
    assert stored(example_workspace)["C-1"][:3] == ("laptop-repair", "", "bob")


def test_a_missing_path_is_an_empty_column(example_workspace, tmp_path):
    export = tmp_path / "search.json"
    export.write_text(json.dumps({"issues": [
        {"key": "M-1", "fields": {"created": "2026-03-02T10:00+01:00"}},
        {"key": "M-2", "fields": {"created": "2026-03-02T10:00+01:00", "labels": {"name": "x"}}},
    ]}), encoding="utf-8")
    result = run(example_workspace, "import", str(export), *JIRA_OPTIONS)
    assert result.exit_code == 1
    assert f"{export}:1: service (column 'fields.labels[0].name') is empty" in result.output
    assert (f"{export}:2: service (path 'fields.labels[0].name'): 'fields.labels' is an object, "
            "not an array") in result.output


@pytest.mark.parametrize("document, args, message", [
    ({"startAt": 0, "total": 0}, ["--records", "issues"],
     "no key 'issues' in the object at the top of the file; its keys are 'startAt', 'total'"),
    ({"issues": 3}, ["--records", "issues"], "'issues' holds a number, not an array of records"),
    ({"startAt": 0, "issues": []}, [],
     "found an object with the keys 'startAt', 'issues'; if the records are in an array under a "
     "key, name it: --records issues"),
])
def test_records_that_are_not_there_exit_2(example_workspace, tmp_path, document, args, message):
    export = tmp_path / "search.json"
    export.write_text(json.dumps(document), encoding="utf-8")
    result = run(example_workspace, "import", str(export), *args, "--map", "ref=key")
    assert result.exit_code == 2 and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_records_of_a_csv_file_exit_2_without_a_traceback(example_workspace, tmp_path):
    export = tmp_path / "t.csv"
    export.write_text("ref,agreement,service,opened_at\n", encoding="utf-8")
    proc = run_process(example_workspace, "import", str(export), "--records", "issues")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "only a JSON document holds its records under a key" in proc.stderr


def test_a_large_keyed_array_imports_every_record(example_workspace, tmp_path):
    export = tmp_path / "big.json"
    records = [{"key": f"B-{n}", "fields": {"created": f"2026-01-{1 + n % 28:02d}T{n % 24:02d}:00:00Z",
                                            "labels": [{"name": "laptop-repair"}],
                                            "duration": n % 5000}} for n in range(20_000)]
    export.write_text(json.dumps({"expand": "names", "names": {f"k{n}": "]}" for n in range(5000)},
                                  "data": {"items": records}, "after": [1, 2]}), encoding="utf-8")
    result = run(example_workspace, "import", str(export), "--records", "data.items",
                 "--map", "ref=key", "--map", "opened_at=fields.created",
                 "--map", "service=fields.labels[0].name", "--set", "agreement=it-for-sales",
                 "--map", "resolved_at=opened_at+fields.duration:min")
    assert result.exit_code == 0, result.output[:500]
    assert "imported 20000" in result.output
    found = stored(example_workspace)
    assert len(found) == 20_000
    assert found["B-19999"][3:] == (utc("2026-01-08T07:00:00+00:00"), None,
                                    utc("2026-01-08T07:00:00+00:00") + 4999 * 60)


@pytest.mark.parametrize("duration, unit, seconds", [
    ("5400", "s", 5400), ("90", "min", 5400), ("1.5", "h", 5400), ("0.0625", "d", 5400),
    ("1:30:00", "s", 5400), ("1970-01-02 01:30:00", "h", 86400 + 5400),
    ("1 Day 2 Hours 3 Minutes", "min", 86400 + 7200 + 180), ("", "s", None),
])
def test_durations_in_seconds_minutes_hours_and_clock_time(example_workspace, tmp_path, duration,
                                                          unit, seconds):
    export = tmp_path / "snow.csv"
    export.write_text("number,opened_at,calendar_duration\n"
                      f"S-1,2026-03-02 10:00:00,{duration}\n", encoding="utf-8")
    result = run(example_workspace, "import", str(export), "--map", "ref=number",
                 "--set", "agreement=it-for-sales", "--set", "service=laptop-repair",
                 "--map", f"resolved_at=opened_at+calendar_duration:{unit}")
    assert result.exit_code == 0, result.output
    opened = utc("2026-03-02T10:00+01:00")
    assert stored(example_workspace)["S-1"][3:] == (
        opened, None, None if seconds is None else opened + seconds)


def test_a_first_response_and_a_resolution_counted_in_chain(example_workspace, tmp_path):
    export = tmp_path / "zendesk.json"
    export.write_text(json.dumps([{"id": "Z-1", "created": "2026-03-02T10:00:00Z",
                                   "metrics": {"reply_minutes": 45, "full_resolution": "2 Hours 15 Minutes"}}]),
                      encoding="utf-8")
    result = run(example_workspace, "import", str(export), "--map", "ref=id", "--map", "opened_at=created",
                 "--set", "agreement=it-for-sales", "--set", "service=laptop-repair",
                 "--map", "first_response_at=opened_at+metrics.reply_minutes:min",
                 "--map", "resolved_at=first_response_at+metrics.full_resolution:s")
    assert result.exit_code == 0, result.output
    opened = utc("2026-03-02T10:00:00+00:00")
    assert stored(example_workspace)["Z-1"][3:] == (opened, opened + 2700, opened + 2700 + 8100)


def test_a_bad_duration_is_a_row_error(example_workspace, tmp_path):
    export = tmp_path / "snow.csv"
    export.write_text("number,opened_at,calendar_duration\n"
                      "S-1,2026-03-02 10:00:00,-60\n"
                      "S-2,2026-03-02 10:00:00,soon\n"
                      "S-3,2026-03-02 10:00:00,60\n", encoding="utf-8")
    result = run(example_workspace, "import", str(export), "--map", "ref=number",
                 "--set", "agreement=it-for-sales", "--set", "service=laptop-repair",
                 "--map", "resolved_at=opened_at+calendar_duration:s")
    assert result.exit_code == 1
    assert (f"{export}:2: resolved_at (opened_at + column 'calendar_duration' in s): '-60' is a "
            "negative duration") in result.output
    assert f"{export}:3: resolved_at (opened_at + column 'calendar_duration' in s): 'soon' is not a duration" \
        in result.output
    assert "imported 1" in result.output


@pytest.mark.parametrize("args, message", [
    (["--map", "resolved_at=opened_at+business_duration:s"],
     "no column 'business_duration' (the duration of resolved_at) in the header"),
    (["--map", "resolved_at=opened_at+calendar_duration:w"], "'w' is not a unit of duration"),
    (["--map", "opened_at=resolved_at+calendar_duration:s"], "only first_response_at and resolved_at"),
    (["--map", "resolved_at=opened_at+calendar_duration:s", "--date-format", "resolved_at=%d"],
     "--date-format resolved_at: resolved_at is computed as opened_at"),
    (["--fold", "opened_at=first"], "--fold opened_at=first: write earlier or later"),
    (["--fold", "title=later"], "title holds no timestamp"),
    (["--fold", "opend_at=later"], "'opend_at' is not an import column"),
])
def test_bad_options_exit_2_before_reading(example_workspace, tmp_path, args, message):
    export = tmp_path / "snow.csv"
    export.write_text("ref,agreement,service,opened_at,calendar_duration\n", encoding="utf-8")
    result = run(example_workspace, "import", str(export), *args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_a_repeated_wall_time_is_refused_unless_a_fold_says_which(example_workspace, tmp_path):
    export = tmp_path / "t.csv"
    export.write_text("ref,agreement,service,opened_at,resolved_at\n"
                      "A-1,it-for-sales,laptop-repair,2026-10-25 02:30,\n"
                      "A-2,it-for-sales,laptop-repair,25/10/2026 02:30,\n", encoding="utf-8")
    result = run(example_workspace, "import", str(export))
    assert result.exit_code == 1
    assert (f"{export}:2: opened_at: '2026-10-25 02:30' is ambiguous in Europe/Berlin (the clocks "
            "repeat that hour); give the offset in the file, or --fold opened_at=earlier|later") in result.output
    later = run(example_workspace, "import", str(export), "--fold", "opened_at=later")
    assert "imported 1" in later.output
    assert stored(example_workspace)["A-1"][3] == utc("2026-10-25T01:30:00+00:00")
    formatted = run(example_workspace, "import", str(export), "--fold", "opened_at=earlier",
                    "--date-format", "opened_at=%d/%m/%Y %H:%M")
    assert f"{export}:2: opened_at: '2026-10-25 02:30' does not match the date format" in formatted.output
    assert stored(example_workspace)["A-2"][3] == utc("2026-10-25T00:30:00+00:00")
