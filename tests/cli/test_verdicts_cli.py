"""``slacheck verdicts``: one line per interaction, judged exactly as ``report`` judges.

Calendar berlin-service-desk: Mon-Thu 07:30-18:30, Fri 07:30-16:00, Europe/Berlin.
it-for-sales / laptop-repair: first response 4h, resolution 3d; urgent 30m / 4h.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import Counter

from clihelpers import run, run_process

AS_OF = "2026-11-20T10:00:00Z"


def seed(ws):
    steps = [
        ["log", "it-for-sales", "laptop-repair", "--title", "cracked", "--priority", "urgent",
         "--at", "2026-11-16T09:00", "--ref", "=HYPERLINK(1)"],
        ["respond", "1", "--at", "2026-11-16T09:20"], ["resolve", "1", "--at", "2026-11-16T11:00"],
        ["log", "it-for-sales", "laptop-repair", "--title", "never answered", "--priority", "urgent",
         "--at", "2026-11-18T09:00", "--ref", "T-2"],
        ["log", "it-for-sales", "laptop-repair", "--title", "slow", "--at", "2026-11-20T09:00"],
        ["log", "hr-for-staff", "payroll-questions", "--title", "allowance", "--at", "2026-11-19T09:00"],
    ]
    for step in steps:
        result = run(ws, *step)
        assert result.exit_code == 0, (step, result.output)


def rows(ws, *args):
    result = run(ws, "verdicts", "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout, newline="")))


def test_one_line_per_interaction_with_each_target(example_workspace):
    seed(example_workspace)
    found = {row["interaction"]: row for row in rows(example_workspace)}
    assert set(found) == {"1", "2", "3", "4"}
    met = found["1"]
    assert met["ref"] == "'=HYPERLINK(1)"  # a formula is data, never run by a spreadsheet
    assert (met["agreement"], met["service"], met["priority"]) == ("it-for-sales", "laptop-repair", "urgent")
    assert met["opened_at"] == "2026-11-16T08:00:00Z" and met["state"] == "met"
    assert (met["first_response_target"], met["first_response_elapsed"]) == ("1800", "1200")
    assert (met["resolution_target"], met["resolution_elapsed"], met["resolution_state"]) == ("14400", "7200", "met")
    breached = found["2"]
    assert breached["state"] == "breached" and breached["escalation_level"] == "3"
    assert found["3"]["state"] == "open" and found["3"]["resolution_state"] == "open"


def test_verdicts_agree_with_the_report(example_workspace):
    seed(example_workspace)
    report = json.loads(run(example_workspace, "report", "-f", "json", "--as-of", AS_OF).output)
    for agreement in report["agreements"]:
        window = agreement["window"]
        counted = Counter(row["state"] for row in rows(
            example_workspace, "-a", agreement["id"], "--from", window["from"], "--to", window["to"]))
        assert (counted["met"], counted["breached"], counted["open"]) == (
            agreement["met"], agreement["breached"], agreement["open"]), agreement["id"]


def test_json_lines_filters_and_output_file(example_workspace, tmp_path):
    seed(example_workspace)
    target = tmp_path / "v.jsonl"
    result = run(example_workspace, "verdicts", "-f", "jsonl", "--as-of", AS_OF, "--team", "hr",
                 "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [(v["interaction"], v["agreement"]) for v in lines] == [(4, "hr-for-staff")]
    assert lines[0]["state"] == "breached" and lines[0]["reason"] is None  # no answer within a working day
    window = rows(example_workspace, "--from", "2026-11-17T00:00Z", "--to", "2026-11-19T00:00Z")
    assert [row["interaction"] for row in window] == ["2"]


def test_a_request_that_cannot_be_judged_is_a_line_too(example_workspace):
    seed(example_workspace)
    db = example_workspace / ".slacheck" / "slacheck.db"
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT INTO interactions (id, agreement, service, opened_at) "
                     "VALUES (50, 'it-for-sales', 'laptop-repair', -62135596800)")
        conn.execute("INSERT INTO events (interaction, seq, kind, at) VALUES (50, 1, 1, -62135596800)")
    conn.close()
    proc = run_process(example_workspace, "verdicts", "--as-of", AS_OF)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    found = {row["interaction"]: row for row in csv.DictReader(io.StringIO(proc.stdout, newline=""))}
    assert found["50"]["state"] == "unjudged" and "only known for the years" in found["50"]["reason"]
    assert "#50 cannot be judged" in proc.stderr
    assert len(found) == 5


def test_usage_errors_and_a_closed_pipe(example_workspace):
    seed(example_workspace)
    assert run(example_workspace, "verdicts", "--from", "2026-11-20", "--to", "2026-11-01").exit_code == 2
    assert run(example_workspace, "verdicts", "-a", "nope").exit_code == 2
    assert run(example_workspace, "verdicts", "--as-of", "9999-01-01T00:00Z").exit_code == 2
    code = ("import subprocess, sys; p = subprocess.Popen([sys.executable, '-c', "
            "'from slacheck.cli.main import main; main()', '--workspace', sys.argv[1], 'verdicts'], "
            "stdout=subprocess.PIPE, stderr=subprocess.PIPE); p.stdout.readline(); p.stdout.close(); "
            "err = p.stderr.read().decode(); p.wait(); print(repr(err))")
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-c", code, str(example_workspace)], capture_output=True,
                         text=True, timeout=60).stdout
    assert "Traceback" not in out and "Exception ignored" not in out
