"""A shared priority scheme through the commands a user runs: ``validate``, ``log``, ``import``
and ``report``, on the four-level scheme of the priority rule tests (calendar 24x7 here, so
every minute counts)."""

from __future__ import annotations

import json

from clihelpers import run
from unit.test_config_fixtures import build
from unit.test_config_rules_priorities import SHARED

A = "agreements/it-for-sales.toml"
HEADER = "ref,agreement,service,priority,title,opened_at,first_response_at,resolved_at\n"


def workspace(tmp_path):
    text = SHARED.replace('calendar = "office"', 'calendar = "24x7"').replace(
        "review_by = 2026-07-01", "review_by = 2199-01-01")
    return build(tmp_path / "ws", files={A: text})


def test_validate_accepts_a_shared_scheme_with_a_level_equal_to_a_service(tmp_path):
    result = run(workspace(tmp_path), "validate")
    assert (result.exit_code, result.output) == (0, "5 files checked: no problems\n")


def test_log_import_and_report_use_each_service_s_merged_priorities(tmp_path):
    ws = workspace(tmp_path)
    steps = [
        # laptop-repair takes the shared "1 - Critical" (30m / 4h): answered in 20 min,
        # resolved in 3 h: met.
        ["log", "it-for-sales", "laptop-repair", "--title", "screen", "--priority", "1 - Critical",
         "--at", "2026-02-16T09:00Z"],
        ["respond", "1", "--at", "2026-02-16T09:20Z"], ["resolve", "1", "--at", "2026-02-16T12:00Z"],
        # access adds "vip" (15m, its own 1d resolution): met.
        ["log", "it-for-sales", "access", "--title", "badge", "--priority", "vip",
         "--at", "2026-02-16T09:00Z"],
        ["respond", "2", "--at", "2026-02-16T09:10Z"], ["resolve", "2", "--at", "2026-02-16T10:00Z"],
    ]
    for step in steps:
        result = run(ws, *step)
        assert result.exit_code == 0, (step, result.output)
    refused = run(ws, "log", "it-for-sales", "laptop-repair", "--title", "x", "--priority", "vip")
    assert refused.exit_code == 1 and "unknown priority 'vip'" in refused.output
    rows = HEADER + (
        # access replaces "1 - Critical" with a 2h resolution: the same times breach here.
        "A-1,it-for-sales,access,1 - Critical,locked out,2026-02-16T09:00Z,2026-02-16T09:20Z,"
        "2026-02-16T12:00Z\n"
        # the shared "4 - Low" gives 1w and keeps access's own 2h first response: breached.
        "A-2,it-for-sales,access,4 - Low,new group,2026-02-16T09:00Z,2026-02-16T12:00Z,"
        "2026-02-17T09:00Z\n")
    csv = tmp_path / "tickets.csv"
    csv.write_text(rows, encoding="utf-8")
    imported = run(ws, "import", str(csv))
    assert imported.exit_code == 0 and "imported 2" in imported.output, imported.output
    report = run(ws, "report", "-f", "json", "--as-of", "2026-02-20T00:00Z")
    (agreement,) = json.loads(report.output)["agreements"]
    figures = {s["id"]: (s["met"], s["breached"], s["open"]) for s in agreement["services"]}
    assert figures == {"laptop-repair": (1, 0, 0), "access": (1, 2, 0)}
    shown = run(ws, "show", "A-2", "--as-of", "2026-02-20T00:00Z").output
    assert "first response: BREACHED" in shown and "resolution: MET" in shown
