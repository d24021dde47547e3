"""The headless event commands a script uses, on the example workspace.

Tests taking ``backend_workspace`` run on SQLite and on PostgreSQL (``SLACHECK_DB``).
"""

import json

import pytest

from clihelpers import run, run_process


def log(ws, *extra, title="Screen cracked", at="2026-11-16T09:00"):
    result = run(ws, "log", "it-for-sales", "laptop-repair", "--title", title, "--at", at, *extra)
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_a_script_can_walk_a_request_through_its_life(backend_workspace):
    ws = backend_workspace
    number = log(ws, "--priority", "urgent", "--ref", "T-1", "--requester", "Sam")
    assert number == "1"
    for args in (["respond", "1", "--at", "2026-11-16T09:20"],
                 ["pause", "T-1", "--reason", "need the laptop", "--at", "2026-11-16T10:00"],
                 ["resume", "1", "--at", "2026-11-16T11:00"],
                 ["resolve", "1", "--at", "2026-11-16T12:30"],
                 ["rate", "1", "4", "--comment", "quick", "--at", "2026-11-16T13:00"],
                 ["comment", "1", "spare part swapped"]):
        result = run(ws, *args)
        assert (result.exit_code, result.output.strip()) == (0, "1"), (args, result.output)
    shown = run(ws, "show", "1", "--as-of", "2026-11-17T09:00")
    assert shown.exit_code == 0
    # Berlin service desk opens 07:30-18:30: 09:00-12:30 is 3h30m, 1 h of it paused: 2h30m counted.
    assert "resolution: MET" in shown.output
    assert "used        2h30m" in shown.output
    assert "wall clock  3h30m = 0s outside working hours + 1h paused + 2h30m counted" in shown.output
    assert "rating=4" in shown.output and "reason=need the laptop" in shown.output


@pytest.mark.parametrize("setup, args, message", [
    ([["respond", "1", "--at", "2026-11-16T09:10"]], ["respond", "1", "--at", "2026-11-16T09:20"], "already had its first response"),
    ([], ["resume", "1", "--at", "2026-11-16T09:20"], "is not paused"),
    ([["resolve", "1", "--at", "2026-11-16T09:10"]], ["pause", "1", "--at", "2026-11-16T09:20"], "resolved"),
    ([], ["respond", "1", "--at", "2026-11-16T08:00"], "before interaction 1 was opened"),
    ([], ["rate", "1", "6"], "from 1 to 5"),
    ([], ["reprioritize", "1", "critical"], "unknown priority 'critical'"),
])
def test_invalid_transitions_exit_1_with_the_reason(backend_workspace, setup, args, message):
    log(backend_workspace)
    for step in setup:
        assert run(backend_workspace, *step).exit_code == 0
    result = run(backend_workspace, *args)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_log_refuses_unknown_priority_service_and_agreement(backend_workspace):
    for args, message in (
        (["it-for-sales", "laptop-repair", "--priority", "critical"], "unknown priority 'critical'"),
        (["it-for-sales", "coffee", ], "has no service 'coffee'"),
        (["nope", "laptop-repair"], "unknown agreement 'nope'"),
    ):
        result = run(backend_workspace, "log", *args, "--title", "x")
        assert result.exit_code == 1 and message in result.output


def test_naive_times_mean_the_workspace_zone_and_bad_ones_are_refused(backend_workspace):
    log(backend_workspace, at="2026-11-16T09:00")  # Europe/Berlin: 08:00 UTC
    data = json.loads(run(backend_workspace, "report", "-f", "json", "--as-of", "2026-11-16T10:00Z").output)
    assert data["as_of"] == "2026-11-16T10:00:00Z"
    bad = run(backend_workspace, "respond", "1", "--at", "yesterday-ish")
    assert bad.exit_code == 2 and "bad timestamp" in bad.output
    gap = run(backend_workspace, "respond", "1", "--at", "2027-03-28T02:30")
    assert gap.exit_code == 2 and "does not exist" in gap.output


def test_unknown_interaction_is_an_input_error(backend_workspace):
    result = run(backend_workspace, "respond", "99")
    assert result.exit_code == 2 and "no interaction '99'" in result.output


def test_real_process_logs_and_shows(example_workspace):
    first = run_process(example_workspace, "log", "hr-for-staff", "payroll-questions", "--title", "[red]pay[/]", "--at", "2026-11-16T10:00")
    assert first.returncode == 0, first.stderr
    shown = run_process(example_workspace, "show", first.stdout.strip())
    assert shown.returncode == 0 and "[red]pay[/]" in shown.stdout and shown.stderr == ""
