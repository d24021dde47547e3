"""Each preset imports an export in its system's real shape with no option but ``--recipe`` and
``--set agreement=...`` (plus ``--date-format`` where the format is an instance setting), and
every verdict equals a minute-by-minute count made by the test from the raw file.

The fixtures in ``exports/`` are written the way each system writes them: Jira's repeated
``Comment`` / ``Labels`` / ``Watchers`` columns, ``22/Dec/25 2:38 PM`` and Spanish month names;
ServiceNow's quoted field names and a ``dd-MM-yyyy`` instance; Freshdesk's ``-`` for empty and
its survey answers; ...  ``workspace/`` holds one agreement per system with its priorities
named as the system names them.
"""

from __future__ import annotations

import csv
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clihelpers import run
from presets.bruteforce import BERLIN, Ticket, expected, local

HERE = Path(__file__).resolve().parent
EXPORTS = HERE / "exports"
AS_OF = datetime(2026, 2, 2, 12, 0, tzinfo=UTC)
RATINGS = {"Awesome": 5, "Extremely happy": 5, "Just Okay": 3, "Neutral": 3, "Not Good": 1,
           "Extremely unhappy": 1}


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(HERE / "workspace" / "agreements", root / "agreements")
    return root


def verdicts(ws: Path) -> dict[str, dict]:
    result = run(ws, "verdicts", "--format", "jsonl", "--as-of", AS_OF.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return {line["ref"]: line for line in lines}


def check_against_count(ws: Path, agreement: str, tickets: list[Ticket]) -> None:
    found = verdicts(ws)
    assert sorted(found) == sorted(t.ref for t in tickets)
    for ticket in tickets:
        want = expected(ticket, agreement, AS_OF)
        got = {key: found[ticket.ref][key] for key in want}
        assert got == want, ticket.ref


def rows(name: str) -> list[dict[str, str]]:
    with (EXPORTS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def import_preset(ws: Path, export: str, recipe: str, agreement: str, *extra: str):
    result = run(ws, "import", str(EXPORTS / export), "--recipe", recipe,
                 "--set", f"agreement={agreement}", *extra)
    assert result.exit_code == 0, result.output
    return result


# ---------------------------------------------------------------------------------- Jira
JIRA_MONTHS = {"nov": "Nov"}


def jira_time(text: str):
    if not text:
        return None
    day, month, rest = text.split("/", 2)
    month = JIRA_MONTHS.get(month, month)
    return local(f"{day}/{month}/{rest}", "%d/%b/%y %I:%M %p")


def test_jira_csv(ws):
    result = import_preset(ws, "jira.csv", "jira-csv", "jira-desk")
    assert "imported 7" in result.output and "rejected 0" in result.output
    tickets = [Ticket(row["Issue key"], row["Component/s"], row["Priority"],
                      jira_time(row["Created"]), resolved=jira_time(row["Resolved"]))
               for row in rows("jira.csv")]
    check_against_count(ws, "jira-desk", tickets)
    again = import_preset(ws, "jira.csv", "jira-csv", "jira-desk")
    assert "unchanged 7" in again.output


# ---------------------------------------------------------------------------------- ServiceNow
def test_servicenow_incidents_with_the_instance_date_format(ws):
    fmt = "%d-%m-%Y %H:%M:%S"
    import_preset(ws, "servicenow-incidents.csv", "servicenow-incidents", "servicenow-desk",
                  "--date-format", f"opened_at={fmt}", "--date-format", f"resolved_at={fmt}")
    tickets = [Ticket(row["number"], row["category"], row["priority"], local(row["opened_at"], fmt),
                      resolved=local(row["resolved_at"], fmt) if row["resolved_at"] else None)
               for row in rows("servicenow-incidents.csv")]
    check_against_count(ws, "servicenow-desk", tickets)


def test_servicenow_incidents_without_the_date_format_suggest_it(ws):
    result = run(ws, "import", str(EXPORTS / "servicenow-incidents.csv"), "--recipe",
                 "servicenow-incidents", "--set", "agreement=servicenow-desk")
    assert result.exit_code == 1
    assert "%d-%m-%Y %H:%M:%S" in result.output


# ---------------------------------------------------------------------------------- Freshdesk
def test_freshdesk_csv(ws):
    fmt = "%Y-%m-%d %H:%M:%S"

    def when(text: str):
        return None if text in ("", "-") else local(text, fmt)

    import_preset(ws, "freshdesk.csv", "freshdesk-csv", "freshdesk-desk")
    tickets = [Ticket(row["Ticket ID"], row["Group"], row["Priority"], when(row["Created time"]),
                      responded=when(row["Initial response time"]),
                      resolved=when(row["Resolved time"]),
                      rating=RATINGS.get(row["Survey results"]) if when(row["Resolved time"]) else None)
               for row in rows("freshdesk.csv")]
    check_against_count(ws, "freshdesk-desk", tickets)


# ---------------------------------------------------------------------------------- Zendesk
def test_zendesk_explore(ws):
    fmt = "%Y-%m-%d %H:%M:%S"
    result = import_preset(ws, "zendesk-explore.csv", "zendesk-explore", "zendesk-desk")
    assert "imported 5" in result.output and "warning" not in result.output

    def ticket(row: dict[str, str]) -> Ticket:
        opened = local(row["Ticket created - Timestamp"], fmt)
        solved = row["Ticket solved - Timestamp"]
        minutes = row["First reply time (min)"]
        resolved = local(solved, fmt) if solved != "-" else None
        return Ticket(row["Ticket ID"], row["Ticket group"],
                      "" if row["Ticket priority"] == "-" else row["Ticket priority"], opened,
                      responded=opened + timedelta(minutes=int(minutes)) if minutes != "-" else None,
                      resolved=resolved,
                      rating={"Good": 5, "Bad": 1}.get(row["Ticket satisfaction rating"]))

    check_against_count(ws, "zendesk-desk", [ticket(row) for row in rows("zendesk-explore.csv")])


# ---------------------------------------------------------------------------------- GitHub
def github_tickets() -> list[Ticket]:
    issues = json.loads((EXPORTS / "github-issues.json").read_text(encoding="utf-8"))

    def when(text: str | None):
        return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None

    return [Ticket(str(issue["number"]), issue["labels"][0]["name"], "", when(issue["created_at"]),
                   resolved=when(issue["closed_at"])) for issue in issues]


def test_github_issues(ws):
    result = import_preset(ws, "github-issues.json", "github-issues", "github-repo")
    assert "imported 4" in result.output
    check_against_count(ws, "github-repo", github_tickets())


def test_github_issues_as_json_lines(ws, tmp_path):
    """``gh api --paginate ... --jq '.[]'`` writes one issue a line."""
    issues = json.loads((EXPORTS / "github-issues.json").read_text(encoding="utf-8"))
    lines = tmp_path / "issues.jsonl"
    lines.write_text("".join(json.dumps(issue) + "\n" for issue in issues), encoding="utf-8")
    result = run(ws, "import", str(lines), "--recipe", "github-issues", "--set", "agreement=github-repo")
    assert result.exit_code == 0 and "imported 4" in result.output, result.output
    check_against_count(ws, "github-repo", github_tickets())


def snow_log_tickets() -> list[Ticket]:
    """The test's own reading of the state log: per incident, its rows by (update, mod count)."""
    fmt = "%d/%m/%Y %H:%M"
    pausing = {"Awaiting User Info", "Awaiting Vendor", "Awaiting Problem", "Awaiting Evidence"}
    by_number: dict[str, list[dict]] = {}
    for row in rows("servicenow-event-log.csv"):
        by_number.setdefault(row["number"], []).append(row)
    tickets = []
    for number, changes in by_number.items():
        changes.sort(key=lambda r: (local(r["sys_updated_at"], fmt), int(r["sys_mod_count"])))
        first = changes[0]
        ticket = Ticket(number, first["category"], changes[-1]["priority"],
                        local(first["opened_at"], fmt))
        state, paused_at, resolved_at = None, None, None
        for change in changes:
            at, new = local(change["sys_updated_at"], fmt), change["incident_state"]
            if ticket.responded is None and resolved_at is None and (
                    new == "Active" or change["assigned_to"] != "?"):
                ticket.responded = at
            if new == state:
                continue
            if paused_at is not None and new not in pausing:
                ticket.pauses.append((paused_at, at))
                paused_at = None
            if new in ("Resolved", "Closed"):
                resolved_at = resolved_at or at
            elif resolved_at is not None:  # reopened: the time it stood resolved does not count
                ticket.pauses.append((resolved_at, at))
                resolved_at = None
            if new in pausing and paused_at is None and resolved_at is None:
                paused_at = at
            state = new
        if paused_at is not None:
            ticket.pauses.append((paused_at, None))
        ticket.resolved = resolved_at
        tickets.append(ticket)
    return tickets


def test_servicenow_event_log(ws):
    result = import_preset(ws, "servicenow-event-log.csv", "servicenow-event-log", "incident-log",
                           "--date-format", "opened_at=%d/%m/%Y %H:%M")
    assert "imported 4" in result.output
    check_against_count(ws, "incident-log", snow_log_tickets())
    shown = run(ws, "show", "INC0000047")
    assert "reopened" in shown.output and "Awaiting Vendor" in shown.output
    again = import_preset(ws, "servicenow-event-log.csv", "servicenow-event-log", "incident-log",
                          "--date-format", "opened_at=%d/%m/%Y %H:%M")
    assert "unchanged 4" in again.output


def test_every_preset_has_a_fixture_and_a_test():
    from slacheck.config.recipes import preset_recipes

    tested = {name.removeprefix("test_").split("_with")[0].split("_without")[0]
              for name in globals() if name.startswith("test_")}
    for preset in preset_recipes():
        assert preset.replace("-", "_") in tested, preset


def test_a_dry_run_of_an_event_log_shows_the_counts_and_stores_nothing(ws):
    result = run(ws, "import", str(EXPORTS / "servicenow-event-log.csv"), "--recipe",
                 "servicenow-event-log", "--set", "agreement=incident-log",
                 "--date-format", "opened_at=%d/%m/%Y %H:%M", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "imported 4" in result.output and "dry run: nothing written" in result.output
    assert "The first rows as read" not in result.output
    assert verdicts(ws) == {}
