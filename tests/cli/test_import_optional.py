"""One bad optional field never costs the ticket: a rating of ``Offered``, a first response after
the resolution, a comment that is not text are dropped with a warning and the ticket is stored;
a bad required field still rejects the row.
"""

from __future__ import annotations

import json
import sqlite3

from clihelpers import run

RESPONDED, RESOLVED, RATED, COMMENTED = 2, 5, 8, 9


def events(ws, ref: str) -> dict[int, tuple]:
    conn = sqlite3.connect(ws / ".slacheck" / "slacheck.db")
    try:
        rows = conn.execute(
            "SELECT e.kind, e.at, e.payload FROM events e JOIN interactions i "
            "ON e.interaction = i.id WHERE i.ref = ?", (ref,)).fetchall()
    finally:
        conn.close()
    return {kind: (at, payload) for kind, at, payload in rows}


def test_optional_fields_that_cannot_be_read_are_dropped_and_the_ticket_kept(example_workspace, tmp_path):
    export = tmp_path / "t.csv"
    export.write_text(
        "ref,agreement,service,opened_at,first_response_at,resolved_at,rating,comment\n"
        "T-1,it-for-sales,laptop-repair,2026-11-02T09:00Z,2026-11-02T10:00Z,2026-11-02T12:00Z,Offered,ok\n"
        "T-2,it-for-sales,laptop-repair,2026-11-02T09:00Z,2026-11-03T10:00Z,2026-11-02T12:00Z,4,\n"
        "T-3,it-for-sales,laptop-repair,2026-11-02T09:00Z,2026-11-01T10:00Z,,,\n"
        "T-4,it-for-sales,laptop-repair,2026-11-02T09:00Z,,,5,\n"
        "T-5,it-for-sales,laptop-repair,not a date,,,,\n",
        encoding="utf-8")
    result = run(example_workspace, "import", str(export))
    out = result.output
    assert result.exit_code == 1, out  # T-5 is rejected: opened_at is required
    assert "imported 4" in out and "rejected 1" in out
    assert "4 optional field(s) dropped" in out
    assert "'Offered'" in out and "kept the ticket without its rating" in out
    assert "is after resolved_at" in out and "is before opened_at" in out
    assert "kept the ticket without its first_response_at" in out

    one = events(example_workspace, "T-1")
    assert RATED not in one and COMMENTED in one  # the comment survives its unreadable rating
    assert json.loads(one[COMMENTED][1]) == {"text": "ok"}
    two = events(example_workspace, "T-2")
    assert RESPONDED not in two and json.loads(two[RATED][1]) == {"rating": 4}
    assert RESPONDED not in events(example_workspace, "T-3")
    assert RATED not in events(example_workspace, "T-4")
    assert events(example_workspace, "T-5") == {}


def test_a_json_comment_that_is_not_text_is_dropped(example_workspace, tmp_path):
    export = tmp_path / "t.jsonl"
    export.write_text(json.dumps({
        "ref": "J-1", "agreement": "it-for-sales", "service": "laptop-repair",
        "opened_at": "2026-11-02T09:00Z", "title": {"nested": True}, "comment": ["a", "b"],
    }) + "\n", encoding="utf-8")
    result = run(example_workspace, "import", str(export))
    assert result.exit_code == 0, result.output
    assert "kept the ticket without its title" in result.output
    assert "kept the ticket without its comment" in result.output
    assert events(example_workspace, "J-1")


def test_strict_still_stores_a_ticket_that_only_lost_an_optional_field(example_workspace, tmp_path):
    export = tmp_path / "t.csv"
    export.write_text(
        "ref,agreement,service,opened_at,resolved_at,rating\n"
        "T-1,it-for-sales,laptop-repair,2026-11-02T09:00Z,2026-11-02T12:00Z,Good\n",
        encoding="utf-8")
    result = run(example_workspace, "import", str(export), "--strict")
    assert result.exit_code == 0, result.output
    assert RESOLVED in events(example_workspace, "T-1")
