"""An event log imported into the example workspace (through the Python API, as a recipe will)
reads back as a user sees it: ``slacheck show``, ``verdicts`` and ``report``; commands that write
afterwards (a rating, a comment, escalations) do not disturb a re-import.

The workspace's zone is Europe/Berlin and it-for-sales works 07:30–18:30 Mon–Thu on
``berlin-service-desk``; every state of the log lies inside those hours, so the working time
used is plain arithmetic (written out below).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store.eventlog_helpers import EVENT_LOG, MAPPING, SERVICENOW_LOG, SHAPING

from clihelpers import run
from slacheck.config.loader import load_catalog
from slacheck.config.workspace import find_workspace
from slacheck.importer import import_file
from slacheck.services.session import Session

AS_OF = "2026-03-09T12:00Z"


def import_log(workspace: Path):
    path = workspace / "incident_state.csv"
    path.write_text(SERVICENOW_LOG, encoding="utf-8")
    with Session(load_catalog(find_workspace(workspace))) as session:
        session.sync_versions()
        return import_file(path, session.store, session.catalog, event_log=EVENT_LOG,
                           mapping=MAPPING, shaping=SHAPING, tz=session.timezone)


@pytest.fixture
def imported(example_workspace: Path) -> Path:
    summary = import_log(example_workspace)
    assert (summary.imported, summary.rejected) == (3, 0)
    return example_workspace


def test_show_tells_the_story_of_the_log(imported):
    result = run(imported, "show", "INC0010002", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    timeline = [line.split()[:4] for line in result.output.splitlines() if line.startswith("  2026-")]
    assert timeline == [
        ["2026-03-02", "13:00", "opened", "by"],
        ["2026-03-02", "13:30", "responded", "by"],
        ["2026-03-03", "12:00", "resolved", "by"],
        ["2026-03-04", "09:00", "reopened", "by"],
        ["2026-03-04", "10:00", "paused", "by"],
        ["2026-03-04", "15:00", "resumed", "by"],
        ["2026-03-05", "11:00", "resolved", "by"],
    ]
    assert "reason=On Hold" in result.output
    assert "used        18h  (stopped 2026-03-05 11:00)" in result.output
    first = run(imported, "show", "INC0010001", "--as-of", AS_OF).output
    assert "2026-03-02 16:00  reprioritized by import  priority=high" in first
    assert "reason=Awaiting Vendor" in first


def test_verdicts_and_report_judge_the_imported_tickets(imported):
    result = run(imported, "verdicts", "--format", "jsonl", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    lines = {line["ref"]: line for line in map(json.loads, result.output.splitlines())}
    # INC0010001: Mon 09:00-11:00, Tue 10:00-14:00, Wed 09:30-15:00 = 11.5 h, against 1d (8 h)
    # once it became "2 - High": breached.  First response after 40 minutes, within 1 h.
    one = lines["INC0010001"]
    assert (one["priority"], one["resolution_elapsed"], one["resolution_target"], one["state"]) == (
        "high", 41400, 28800, "breached")
    assert one["first_response_elapsed"] == 2400
    # INC0010002: Mon 13:00-18:30 + Tue 07:30-12:00 = 10 h; resolved -> reopened Wed 09:00 does not
    # count; Wed 09:00-10:00 + 15:00-18:30 + Thu 07:30-11:00 = 8 h; 18 h within 1w (40 h): met.
    two = lines["INC0010002"]
    assert (two["resolution_elapsed"], two["state"]) == (64800, "met")
    # INC0010003: 50 minutes, then waiting on the requester: open.
    three = lines["INC0010003"]
    assert (three["resolution_elapsed"], three["state"], three["priority"]) == (3000, "open", "urgent")
    report = json.loads(run(imported, "report", "--format", "json", "--as-of", AS_OF,
                            "--agreement", "it-for-sales").output)
    laptop = next(s for s in report["agreements"][0]["services"] if s["id"] == "laptop-repair")
    assert (laptop["met"], laptop["breached"], laptop["open"]) == (1, 1, 1)


def test_a_reimport_after_other_commands_wrote_changes_nothing(imported):
    assert run(imported, "rate", "INC0010002", "4", "--comment", "fine",
               "--at", "2026-03-06T09:00").exit_code == 0
    assert run(imported, "comment", "INC0010003", "waiting for the serial number",
               "--at", "2026-03-03T10:00").exit_code == 0
    assert run(imported, "escalations", "--record").exit_code in (0, 1)
    again = import_log(imported)
    assert (again.imported, again.updated, again.unchanged, again.rejected, again.events) == (
        0, 0, 3, 0, 0)
    shown = run(imported, "show", "INC0010002", "--as-of", AS_OF).output
    assert "rated" in shown and "comment=fine" in shown


def test_the_documented_incident_state_example_imports_as_written(example_workspace, tmp_path):
    """docs/import.md, "Example: a ServiceNow incident state log": its CSV and its recipe, run
    with the command it shows, give the events it describes."""
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text(encoding="utf-8")
    example = docs.split("### Example: a ServiceNow incident state log", 1)[1]
    csv_text = example.split("```csv\n", 1)[1].split("```", 1)[0]
    recipe = example.split("```toml\n", 1)[1].split("```", 1)[0]
    export = tmp_path / "incident_state.csv"
    export.write_text(csv_text, encoding="utf-8")
    imports = example_workspace / "agreements" / "imports"
    (imports / "incident-state.toml").write_text(recipe, encoding="utf-8")
    assert run(example_workspace, "validate").exit_code == 0
    done = run(example_workspace, "import", str(export), "--recipe", "incident-state")
    assert done.exit_code == 0 and "imported 1" in done.output, done.output
    shown = run(example_workspace, "show", "INC0010002").output
    for kind in ("opened", "responded", "resolved", "reopened", "paused", "resumed"):
        assert kind in shown, kind
    assert "On Hold" in shown
    again = run(example_workspace, "import", str(export), "--recipe", "incident-state")
    assert "unchanged 1" in again.output
