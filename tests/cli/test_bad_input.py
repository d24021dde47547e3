"""One bad value never takes the figures down (issue 17): every door checks the supported range,
and an interaction that cannot be judged is named and left out instead of crashing everything.

The workspace is the repository's example company; its database is ``.slacheck/slacheck.db``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from slacheck.config.canonical import agreement_hash, canonical_agreement
from slacheck.config.loader import load_catalog
from slacheck.config.workspace import find_workspace
from slacheck.domain.events import OPENED, Event, Interaction
from slacheck.store import History, Store
from clihelpers import run, run_process

AS_OF = "2026-11-20T10:00:00Z"


def db(ws: Path) -> Path:
    return ws / ".slacheck" / "slacheck.db"


def counts(ws: Path) -> tuple[int, int]:
    if not db(ws).exists():
        return 0, 0
    with sqlite3.connect(db(ws)) as conn:
        return (conn.execute("SELECT count(*) FROM interactions").fetchone()[0],
                conn.execute("SELECT count(*) FROM events").fetchone()[0])


def log(ws: Path, *extra: str, at: str = "2026-11-18T09:00") -> int:
    result = run(ws, "log", "it-for-sales", "laptop-repair", "--title", "x", "--at", at, *extra)
    assert result.exit_code == 0, result.output
    return int(result.output.split()[0])


# ------------------------------------------------------------------ 1. instants outside the range
@pytest.mark.parametrize("at", ["0001-01-01T00:00Z", "9999-12-31T23:59Z", "1969-12-31T23:59Z",
                                "2200-01-01T00:00Z", "+10000-01-01T00:00Z"])
def test_an_instant_outside_the_range_is_refused_before_anything_is_stored(example_workspace, at):
    ws = example_workspace
    log(ws)
    before = counts(ws)
    result = run(ws, "log", "it-for-sales", "laptop-repair", "--title", "x", "--at", at)
    assert result.exit_code == 2
    assert "outside the range slacheck supports" in result.output or "bad timestamp" in result.output
    assert counts(ws) == before
    assert run(ws, "report", "--from", "2026-11-01").exit_code == 0


def test_the_edges_of_the_range_are_accepted_and_evaluated(example_workspace):
    ws = example_workspace
    log(ws, at="1970-01-01T00:00Z")
    log(ws, at="2199-12-31T23:59Z")  # its deadlines lie after 2200: the engine still knows them
    for args in (["report"], ["report", "--as-of", "2199-12-31T23:59Z", "-f", "json"],
                 ["report", "--as-of", "1970-01-02T00:00Z"], ["escalations"], ["show", "2"]):
        result = run(ws, *args)
        assert result.exit_code == 0, (args, result.output)


@pytest.mark.parametrize("args", [
    ["report", "--as-of", "9999-12-31T00:00Z"],
    ["report", "--as-of", "0001-01-01T00:00Z"],
    ["report", "--from", "0001-01-01T00:00Z"],
    ["report", "--from", "2026-01-01", "--to", "9999-01-01"],
    ["escalations", "--as-of", "9999-12-31T00:00Z"],
    ["show", "1", "--as-of", "0001-01-01T00:00Z"],
    ["ack", "1", "--at", "9999-12-31T00:00Z"],
    ["respond", "1", "--at", "1900-01-01T00:00Z"],
    ["health", "list", "--as-of", "9999-12-31T00:00Z"],
    ["diff", "--git", "HEAD", "--as-of", "9999-12-31T00:00Z"],
    ["tui", "--as-of", "0001-01-01T00:00Z"],
])
def test_every_door_refuses_an_out_of_range_instant_with_one_line(example_workspace, args):
    log(example_workspace)
    result = run(example_workspace, *args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("slacheck: ") or "Error:" in result.output
    assert "Traceback" not in result.output


def test_an_import_row_opened_in_year_one_is_a_row_problem(example_workspace, tmp_path):
    export = tmp_path / "tickets.csv"
    export.write_text("ref,agreement,service,opened_at\n"
                      "T-1,it-for-sales,laptop-repair,0001-01-01T00:00:00Z\n"
                      "T-2,it-for-sales,laptop-repair,2026-11-18T09:00:00Z\n"
                      "T-3,it-for-sales,laptop-repair,9999-12-31T23:59:00+00:00\n", encoding="utf-8")
    result = run(example_workspace, "import", str(export))
    assert result.exit_code == 1
    # Both rows say the same but for the value: one line, with the first row's value.
    assert f"{export}:2,4: opened_at: timestamp '0001-01-01T00:00:00Z' is outside" in result.output
    assert counts(example_workspace)[0] == 1
    assert run(example_workspace, "report").exit_code == 0


# ------------------------------------------------------------------ 3. durations with no end
@pytest.mark.parametrize("line, value, message", [
    ('resolution = "3d"', 'resolution = "1000000w"', "longer than the longest target"),
    ('resolution = "3d"', 'resolution = "99999999999999999999d"', "longer than the longest target"),
    ('window = "30d"', 'window = "99999999d"', "longer than the longest window"),
    ('at = "150%"', 'at = "100000%"', "the highest slacheck accepts"),
    ("effective = 2026-01-01", "effective = 0001-01-01", "outside the range"),
])
def test_validate_refuses_values_the_engine_cannot_evaluate(example_workspace, line, value, message):
    path = example_workspace / "agreements" / "it-for-sales.toml"
    text = path.read_text(encoding="utf-8")
    assert line in text
    path.write_text(text.replace(line, value, 1), encoding="utf-8")
    result = run(example_workspace, "validate")
    assert result.exit_code == 1
    problem = next(row for row in result.output.splitlines() if message in row)
    assert re.search(r"agreements/it-for-sales\.toml:\d+:\d+: ", problem), problem


def _store_broken_request(ws: Path) -> int:
    """A request recorded under a version of its agreement with a target the engine cannot
    evaluate (as an older slacheck could store it); returns its number."""
    load = load_catalog(find_workspace(ws))
    canonical = canonical_agreement(load, "it-for-sales")
    for service in canonical["agreement"]["services"]:
        service["resolution"] = "1000000w"
    with Store(db(ws)) as store:
        store.record_agreement_version("it-for-sales", canonical, "broken-version", 0)
        opened = 1_763_456_400  # 2025-11-18T09:00Z
        draft = Interaction(0, "it-for-sales", "laptop-repair", opened, "old", version="broken-version")
        (stored,) = store.add_histories([History(draft, [Event(OPENED, opened)])])
    return stored.id


def test_a_request_that_cannot_be_judged_is_named_and_the_rest_is_reported(example_workspace):
    ws = example_workspace
    good = log(ws, at="2026-11-19T09:00")
    bad = _store_broken_request(ws)
    result = run(ws, "report", "-f", "json", "--as-of", AS_OF, "--from", "2025-01-01")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [u["interaction"] for u in data["unjudged"]] == [bad]
    assert "longer than the longest target" in data["unjudged"][0]["reason"]
    sales = next(a for a in data["agreements"] if a["id"] == "it-for-sales")
    assert sales["met"] + sales["breached"] + sales["open"] == 1  # the good one, judged
    assert f"#{bad} it-for-sales/laptop-repair cannot be judged" in result.stderr
    tripped = run(ws, "report", "--as-of", AS_OF, "--fail-on", "breach")
    assert tripped.exit_code == 1 and "could not be judged" in tripped.stderr
    table = run(ws, "report", "--as-of", AS_OF, "--from", "2025-01-01")
    assert "Not judged" in table.stdout and str(bad) in table.stdout
    shown = run(ws, "show", str(bad))
    assert shown.exit_code == 1 and f"interaction #{bad} cannot be judged" in shown.output
    assert run(ws, "show", str(good)).exit_code == 0
    assert run(ws, "escalations").exit_code == 0
    assert run(ws, "respond", str(good)).exit_code == 0  # writers skip it when recording levels


def test_a_hand_edited_request_from_year_one_does_not_take_the_figures_down(example_workspace):
    ws = example_workspace
    log(ws)
    with sqlite3.connect(db(ws)) as conn:  # what another program could write
        conn.execute("INSERT INTO interactions (id, agreement, service, opened_at) "
                     "VALUES (99, 'it-for-sales', 'laptop-repair', -62135596800)")
        conn.execute("INSERT INTO events (interaction, seq, kind, at) VALUES (99, 1, 1, -62135596800)")
        conn.execute("INSERT INTO open_interactions (interaction) VALUES (99)")
    proc = run_process(ws, "report", "--from", "2026-11-01")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "#99 it-for-sales/laptop-repair cannot be judged" in proc.stderr
    for args in (["escalations"], ["respond", "1"]):
        proc = run_process(ws, *args)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, (args, proc.stderr)


# ------------------------------------------------------------------ 4. absurd numbers
@pytest.mark.parametrize("command", ["respond", "show", "ack", "resolve", "comment"])
def test_an_absurd_interaction_number_is_not_found(example_workspace, command):
    log(example_workspace)
    args = [command, "99999999999999999999999"] + (["hi"] if command == "comment" else [])
    result = run(example_workspace, *args)
    assert result.exit_code == 2
    assert "no interaction '99999999999999999999999'" in result.output


def test_an_absurd_rating_is_refused(example_workspace):
    number = log(example_workspace)
    assert run(example_workspace, "resolve", str(number)).exit_code == 0
    result = run(example_workspace, "rate", str(number), "99999999999999999999")
    assert result.exit_code == 1 and "from 1 to 5" in result.output


# ------------------------------------------------------------------ 7. CSV and control characters
def test_csv_quotes_every_control_character(example_workspace):
    path = example_workspace / "agreements" / "it-for-sales.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("title = ")
    end = text.index("\n", start)
    path.write_text(text[:start] + 'title = "\\r=1+1"' + text[end:], encoding="utf-8")
    service = text.index('name = "', text.index("[[services]]"))
    path.write_text(path.read_text(encoding="utf-8").replace(
        text[service:text.index("\n", service)], 'name = "bell\\u0007 and \\"quotes\\""', 1),
        encoding="utf-8")
    result = run(example_workspace, "report", "-f", "csv", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout, newline=""), strict=True))
    sales = [row for row in rows if row[0] == "it-for-sales"]
    assert sales and all(row[1] == "'\r=1+1" for row in sales)
    assert "bell\x07 and \"quotes\"" in [row[8] for row in sales]
    assert len({len(row) for row in rows}) == 1


# ------------------------------------------------------------------ 8. smaller
def test_rating_follows_the_same_rule_as_import(example_workspace, tmp_path):
    number = log(example_workspace)
    refused = run(example_workspace, "rate", str(number), "4")
    assert refused.exit_code == 1 and "once it is resolved" in refused.output
    export = tmp_path / "t.csv"
    export.write_text("ref,agreement,service,opened_at,rating\n"
                      "T-9,it-for-sales,laptop-repair,2026-11-18T09:00:00Z,4\n", encoding="utf-8")
    imported = run(example_workspace, "import", str(export))
    # The rating is optional: the ticket is kept without it, and the warning says so.
    assert imported.exit_code == 0, imported.output
    assert "a rating needs resolved_at" in imported.output
    assert "kept the ticket without its rating" in imported.output
    assert "imported 1" in imported.output
    assert run(example_workspace, "resolve", str(number)).exit_code == 0
    assert run(example_workspace, "rate", str(number), "4").exit_code == 0


def test_an_agreement_file_over_the_limit_is_refused_quickly(example_workspace):
    path = example_workspace / "agreements" / "huge.toml"
    path.write_bytes(b"# padding\n" * 1_000_000)  # 10 MB
    result = run(example_workspace, "validate")
    assert result.exit_code == 1
    assert "huge.toml:1:1: the file has 10,000,000 bytes; agreement files are limited" in result.output


def test_an_import_file_over_max_size_is_refused_before_reading(example_workspace, tmp_path):
    export = tmp_path / "big.csv"
    export.write_text("ref,agreement,service,opened_at\n" + "x" * 2000, encoding="utf-8")
    result = run(example_workspace, "import", str(export), "--max-size", "1KB")
    assert result.exit_code == 2
    assert "more than the 1,000 bytes import limit; give a larger --max-size" in result.output
    bad = run(example_workspace, "import", str(export), "--max-size", "lots")
    assert bad.exit_code == 2 and "--max-size" in bad.output
    assert counts(example_workspace) == (0, 0)


def test_a_strange_schema_version_is_refused_and_left_untouched(example_workspace):
    log(example_workspace)
    conn = sqlite3.connect(db(example_workspace))
    conn.execute("PRAGMA user_version = -5")
    conn.close()  # the last connection: the change is in the file itself now
    before = db(example_workspace).read_bytes()
    for args in (["log", "it-for-sales", "laptop-repair", "--title", "y"], ["report"]):
        proc = run_process(example_workspace, *args)
        assert proc.returncode == 2, proc.stderr
        assert "schema version -5, which no slacheck writes" in proc.stderr
        assert "Traceback" not in proc.stderr and "already exists" not in proc.stderr
    assert db(example_workspace).read_bytes() == before
