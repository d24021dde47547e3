"""``slacheck report``, ``escalations`` and ``ack`` on the example workspace with a small history.

Calendar berlin-service-desk: Mon-Thu 07:30-18:30, Fri 07:30-16:00, Europe/Berlin.
it-for-sales / laptop-repair: first response 4h, resolution 3d; urgent 30m / 4h (see the file).

Tests taking ``backend_workspace`` run on SQLite and on PostgreSQL (``SLACHECK_DB``).
"""

import json

from slacheck.config.loader import load_catalog
from slacheck.config.workspace import find_workspace
from slacheck.report.json_format import report_dict
from slacheck.services.figures import compute_figures
from slacheck.services.instants import parse_instant
from slacheck.services.session import Session
from clihelpers import run, run_process

AS_OF = "2026-11-20T10:00:00Z"


def seed(ws):
    steps = [
        # 1: urgent, responded in 20 min, resolved in 2 h: met
        ["log", "it-for-sales", "laptop-repair", "--title", "cracked", "--priority", "urgent", "--at", "2026-11-16T09:00"],
        ["respond", "1", "--at", "2026-11-16T09:20"], ["resolve", "1", "--at", "2026-11-16T11:00"],
        # 2: urgent, never answered: breached, escalated to the top
        ["log", "it-for-sales", "laptop-repair", "--title", "=1+1 [b]x[/b]", "--priority", "urgent", "--at", "2026-11-18T09:00"],
        # 3: default priority opened this morning: open
        ["log", "it-for-sales", "laptop-repair", "--title", "slow", "--at", "2026-11-20T09:00"],
    ]
    for step in steps:
        result = run(ws, *step)
        assert result.exit_code == 0, (step, result.output)


def test_json_report_figures(backend_workspace):
    seed(backend_workspace)
    data = json.loads(run(backend_workspace, "report", "-f", "json", "--as-of", AS_OF, "-a", "it-for-sales").output)
    (a,) = data["agreements"]
    assert (a["met"], a["breached"], a["open"], a["compliance"]) == (1, 1, 1, 0.5)
    laptop = next(s for s in a["services"] if s["id"] == "laptop-repair")
    assert (laptop["met"], laptop["breached"], laptop["open"]) == (1, 1, 1)
    assert all(s["compliance"] is None for s in a["services"] if s["id"] != "laptop-repair")
    (esc,) = data["escalations"]
    assert (esc["interaction"], esc["level"], esc["acknowledged"]) == (2, 3, False)
    assert [r["interaction"] for r in data["at_risk"]] == [3]


def test_every_agreement_and_service_is_listed(example_workspace):
    data = json.loads(run(example_workspace, "report", "-f", "json", "--as-of", AS_OF).output)
    catalog = load_catalog(find_workspace(example_workspace)).catalog
    assert [a["id"] for a in data["agreements"]] == sorted(catalog.agreements)
    for a in data["agreements"]:
        assert a["compliance"] is None and a["met"] == a["breached"] == 0
        assert [s["id"] for s in a["services"]] == [s.id for s in catalog.agreements[a["id"]].services]


def test_report_json_equals_the_evaluation_api_and_is_byte_identical(example_workspace):
    seed(example_workspace)
    first = run(example_workspace, "report", "-f", "json", "--as-of", AS_OF).output
    second = run(example_workspace, "report", "-f", "json", "--as-of", AS_OF).output
    assert first == second
    load = load_catalog(find_workspace(example_workspace))
    with Session(load) as session:
        figures = compute_figures(session.catalog, session.store, parse_instant(AS_OF),
                                  resolve_version=session.resolve_version, at_risk_limit=20)
        assert json.loads(first) == json.loads(json.dumps(report_dict(figures)))


def test_fail_on_gates(example_workspace):
    seed(example_workspace)
    clean = run(example_workspace, "report", "--as-of", AS_OF, "-a", "hr-for-staff", "--fail-on", "risk")
    assert clean.exit_code == 0
    breach = run(example_workspace, "report", "--as-of", AS_OF, "--fail-on", "breach")
    assert breach.exit_code == 1 and "it-for-sales is below its objective" in breach.output


def test_all_formats_and_output_file(example_workspace, tmp_path):
    seed(example_workspace)
    md = run(example_workspace, "report", "-f", "markdown", "--as-of", AS_OF).output
    assert md.startswith("# slacheck report") and "\\[b\\]x\\[/b\\]" in md
    csv_text = run(example_workspace, "report", "-f", "csv", "--as-of", AS_OF).output
    assert csv_text.splitlines()[0].startswith("agreement,title,provider")
    table = run(example_workspace, "report", "--as-of", AS_OF).output
    assert "=1+1 [b]x[/b]" in table and "BELOW" in table
    out = tmp_path / "r.json"
    assert run(example_workspace, "report", "-f", "json", "--as-of", AS_OF, "-o", str(out)).output == ""
    assert json.loads(out.read_text())["schema"] == "slacheck.report/1"


def test_usage_errors_exit_2(example_workspace):
    for args in (["--team", "nobody"], ["-a", "nope"], ["--to", "2026-11-01"], ["--format", "xml"],
                 ["--from", "2026-11-10", "--to", "2026-11-01"]):
        assert run(example_workspace, "report", *args).exit_code == 2, args


def test_explicit_window(example_workspace):
    seed(example_workspace)
    data = json.loads(run(example_workspace, "report", "-f", "json", "--as-of", AS_OF, "-a", "it-for-sales",
                          "--from", "2026-11-17T00:00", "--to", "2026-11-19T00:00").output)
    a = data["agreements"][0]
    assert a["window"] == {"from": "2026-11-16T23:00:00Z", "to": "2026-11-18T23:00:00Z"}
    assert (a["met"], a["breached"], a["open"]) == (0, 1, 0)


def test_editing_a_goal_does_not_rewrite_history(backend_workspace):
    seed(backend_workspace)
    before = json.loads(run(backend_workspace, "report", "-f", "json", "--as-of", AS_OF, "-a", "it-for-sales").output)
    path = backend_workspace / "agreements" / "it-for-sales.toml"
    text = path.read_text()
    # Tighten urgent resolution from 4h to 1h: request 1 (resolved in 2 h) would now breach.
    assert 'resolution = "4h"' in text
    path.write_text(text.replace('resolution = "4h"', 'resolution = "1h"', 1))
    recorded = json.loads(run(backend_workspace, "report", "-f", "json", "--as-of", AS_OF, "-a", "it-for-sales").output)
    current = json.loads(run(backend_workspace, "report", "-f", "json", "--as-of", AS_OF, "-a", "it-for-sales",
                             "--rules", "current").output)
    assert recorded["agreements"] == before["agreements"] and recorded["rules"] == "recorded"
    assert current["agreements"][0]["met"] == 0 and current["rules"] == "current"


def test_escalations_are_recorded_once_and_ack_needs_the_current_level(backend_workspace):
    ws = backend_workspace
    assert run(ws, "log", "it-for-sales", "laptop-repair", "--title", "x", "--priority", "urgent",
               "--at", "2026-11-16T09:00").exit_code == 0
    # urgent resolution 4h; ladder 75/100/150 %: 3 h -> 12:00, 4 h -> 13:00, 6 h -> 15:00.
    run(ws, "escalations", "--as-of", "2026-11-16T12:30")
    ack = run(ws, "ack", "1", "--by", "Dana", "--at", "2026-11-16T12:30")
    assert ack.exit_code == 0
    listed = run(ws, "escalations", "--as-of", "2026-11-16T12:45").output
    assert "level 1/3" in listed and " acknowledged" in listed
    # Later the next level is reached and is not acknowledged.
    assert "level 2/3 to it" in run(ws, "escalations", "--as-of", "2026-11-16T13:30").output
    again = run(ws, "ack", "1", "--at", "2026-11-16T12:40")
    assert again.exit_code == 1 and "already acknowledged" in again.output
    # The log (a write, at the real present) recorded every level reached, each at the instant
    # it was reached; recording again adds nothing.
    shown = run(ws, "show", "1", "--as-of", "2026-11-16T12:45").output
    assert shown.count("escalated") == 3 and "acknowledged" in shown
    assert "2026-11-16 12:00  escalated" in shown and "2026-11-16 15:00  escalated" in shown
    again = run(ws, "escalations", "--record")
    assert again.exit_code == 0 and "recorded 0 escalation event(s)" in again.output


def test_report_as_real_process_is_clean(example_workspace):
    seed(example_workspace)
    proc = run_process(example_workspace, "report", "--as-of", AS_OF)
    assert proc.returncode == 0 and proc.stderr == "" and "it-for-sales" in proc.stdout
