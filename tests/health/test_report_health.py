"""The report's ``health`` section, with satisfaction and watermelon figures checked by hand.

it-for-sales (30-day window, objective 95 %): three laptop repairs in the week of 16 November,
each answered and fixed within the hour (met), rated 2, 2 and 3: compliance 100 %, mean 7/3.
Sales' relationship check about IT scores every card 2.  Green outside, red inside.

hr-for-staff (quarter window, objective 90 %): three employment letters in November, one
taking two weeks (breached, 3d target), rated 5, 4 (the breached one) and 4: compliance 2/3,
mean 13/3, met 4.5 against breached 4.0.  Red outside, green inside.
"""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from health.healthkit import AS_OF, RELATIONSHIP_CARDS, SQUAD_CARDS

from slacheck.cli.main import cli
from slacheck.report.safe import markdown

EXAMPLE_AGREEMENTS = Path(__file__).resolve().parents[2] / "agreements"
TEAMS = ["cio", "facilities", "finance", "hr", "it", "it-oncall", "maintenance-oncall", "management",
         "plant-manager", "procurement", "production", "quality", "sales"]


def rated(slack, agreement, service, opened, resolved, rating, comment=""):
    number = slack("log", agreement, service, "--title", f"{service} {opened}", "--at", opened).output.strip()
    if service == "laptop-repair":
        slack("respond", number, "--at", opened.replace("09:00", "09:10"))
    slack("resolve", number, "--at", resolved)
    slack("rate", number, rating, "--at", resolved, *(["--comment", comment] if comment else []))
    return number


def seed(slack, cast):
    rated(slack, "it-for-sales", "laptop-repair", "2026-11-16T09:00", "2026-11-16T10:00", 2, "slow to tell me")
    rated(slack, "it-for-sales", "laptop-repair", "2026-11-17T09:00", "2026-11-17T10:00", 2, "fixed but nobody called")
    rated(slack, "it-for-sales", "laptop-repair", "2026-11-18T09:00", "2026-11-18T10:00", 3)
    rated(slack, "hr-for-staff", "employment-letters", "2026-11-02T09:00", "2026-11-02T12:00", 5)
    rated(slack, "hr-for-staff", "employment-letters", "2026-11-03T09:00", "2026-11-16T10:00", 4)
    late = rated(slack, "hr-for-staff", "employment-letters", "2026-11-04T09:00", "2026-11-04T11:00", 4)
    slack("rate", late, 1, "--at", "2026-11-21T09:00")  # after the evaluation instant: not counted
    squad = int(slack("health", "run", "squad-health", "--team", "it", "--at", "2026-11-19T09:00").output)
    cast.everyone(squad, ["green"] * 3)
    slack("health", "close", squad, "--at", "2026-11-19T10:00")
    relationship = int(slack("health", "run", "relationship-check", "--team", "sales", "--about", "it",
                             "--at", "2026-11-19T14:00").output)
    cast.everyone(relationship, [2, 2, 2], cards=RELATIONSHIP_CARDS)
    slack("health", "close", relationship, "--at", "2026-11-19T15:00")
    running = int(slack("health", "run", "squad-health", "--team", "hr", "--at", "2026-11-20T09:00").output)
    cast.everyone(running, ["red"] * 3)
    slack("health", "close", running, "--at", "2026-11-21T09:00")  # closed after the instant
    slack("health", "run", "squad-health", "--team", "finance", "--at", "2026-11-22T09:00")  # after it
    return squad, relationship, running


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory):
    """The seeded workspace, built once; each test gets a copy (see ``ws``)."""
    root = tmp_path_factory.mktemp("seeded") / "ws"
    shutil.copytree(EXAMPLE_AGREEMENTS, root / "agreements")
    runner = CliRunner()

    def call(*args, code=0, input=None):
        result = runner.invoke(cli, ["--workspace", str(root), *map(str, args)], input=input,
                               catch_exceptions=False)
        assert result.exit_code == code, (args, result.output)
        return result

    def from_rows(session, rows, code=0):
        text = "card,vote,trend,comment\n" + "".join(",".join(map(str, r)) + "\n" for r in rows)
        return call("health", "vote", session, "--from-file", "-", input=text, code=code)

    from_rows.everyone = lambda session, colours, cards=SQUAD_CARDS, trend="": from_rows(
        session, [(card, colour, trend, "") for colour in colours for card in cards])
    return root, seed(call, from_rows)


@pytest.fixture
def ws(seeded_template, tmp_path):
    root, _ = seeded_template
    shutil.copytree(root, tmp_path / "ws")
    return tmp_path / "ws"


@pytest.fixture
def seeded(seeded_template, ws):
    return seeded_template[1]


def health_of(slack, *args):
    out = slack("report", "-f", "json", "--as-of", AS_OF, *args)
    return {entry["team"]: entry for entry in json.loads(out.output)["health"]}


def test_every_team_is_listed_sorted(seeded, slack):
    assert list(health_of(slack)) == TEAMS


def test_satisfaction_figures_by_hand(seeded, slack):
    teams = health_of(slack)
    it = teams["it"]["satisfaction"]
    assert (it["count"], it["mean"], it["satisfied_share"]) == (3, 7 / 3, 0.0)
    assert it["distribution"] == {"1": 0, "2": 2, "3": 1, "4": 0, "5": 0}
    assert (it["met_mean"], it["breached_mean"], it["met_count"], it["breached_count"]) == (7 / 3, None, 3, 0)
    assert [(r["interaction"], r["rating"], r["comment"]) for r in it["lowest"]] == [
        (2, 2, "fixed but nobody called"), (1, 2, "slow to tell me"), (3, 3, "")]
    hr = teams["hr"]["satisfaction"]
    assert (hr["count"], hr["mean"], hr["satisfied_share"]) == (3, 13 / 3, 1.0)
    assert hr["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1}
    assert (hr["met_mean"], hr["breached_mean"], hr["gap"]) == (4.5, 4.0, 0.5)
    assert hr["lowest"] == []
    assert teams["sales"]["satisfaction"]["count"] == 0 and teams["sales"]["satisfaction"]["mean"] is None
    assert list(it["by_agreement"]) == ["it-for-sales"]  # it-for-plant had no rated request
    assert it["by_agreement"]["it-for-sales"]["mean"] == 7 / 3
    assert it["by_service"] == {"it-for-sales/laptop-repair": it["by_agreement"]["it-for-sales"]}
    assert hr["by_service"]["hr-for-staff/employment-letters"]["breached_mean"] == 4.0


def test_watermelons_both_ways(seeded, slack):
    teams = health_of(slack)
    assert teams["it"]["watermelon"] == [{
        "agreement": "it-for-sales", "kind": "green-outside-red-inside",
        "reason": "it-for-sales: compliance 100.0 % meets the 95 % objective, but its customers are "
                  "unhappy: mean rating 2.3 (3 ratings) and relationship check 2.0 below 3.0.",
    }]
    assert teams["hr"]["watermelon"] == [{
        "agreement": "hr-for-staff", "kind": "red-outside-green-inside",
        "reason": "hr-for-staff: compliance 66.7 % misses the 90 % objective, yet its customers are "
                  "happy: mean rating 4.3 (3 ratings) at 4.0 or above; the targets may measure what "
                  "they do not care about.",
    }]
    assert all(not entry["watermelon"] for team, entry in teams.items() if team not in ("it", "hr"))


def test_sessions_customers_and_two_sides(seeded, slack):
    squad, relationship, running = seeded
    teams = health_of(slack)
    (own,) = teams["it"]["sessions"]
    assert (own["template"], own["id"], own["about"], own["participants"]) == ("squad-health", squad, None, 3)
    assert (own["opened_at"], own["closed_at"]) == ("2026-11-19T08:00:00Z", "2026-11-19T09:00:00Z")
    assert [c["id"] for c in own["cards"]] == list(SQUAD_CARDS)
    assert all(c["majority"] == "green" and c["split"] is False and c["change"] is None for c in own["cards"])
    assert teams["it"]["customers"] == [{"team": "sales", "session": relationship, "mean": 2.0,
                                         "participants": 3, "closed_at": "2026-11-19T14:00:00Z"}]
    view = teams["it"]["two_sided"]
    assert (view["self"], view["customers"], view["perception"]) == (1.0, 0.291666667, "self-higher")
    assert view["gap"] == 0.708333333
    (theirs,) = teams["sales"]["sessions"]
    assert theirs["about"] == "it" and all(c["mean"] == 2.0 for c in theirs["cards"])
    (open_one,) = teams["hr"]["sessions"]  # closed only after the evaluation instant
    assert (open_one["id"], open_one["closed_at"], open_one["cards"]) == (running, None, [])
    assert teams["finance"]["sessions"] == []  # opened after the evaluation instant


def test_open_actions_in_the_report(seeded, slack):
    later = int(slack("health", "run", "squad-health", "--team", "it", "--at", "2026-11-20T09:00").output)
    slack("health", "action", "add", later, "it-for-sales rating >= 4 next quarter", "--owner", "Dana Ruiz",
          "--at", "2026-11-20T09:30")
    (item,) = health_of(slack)["it"]["open_actions"]
    assert (item["target"], item["owner"], item["after"], item["met"]) == (
        "it-for-sales rating ≥ 4 next quarter", "Dana Ruiz", 7 / 3, False)


def test_as_of_and_team_filter(seeded, slack):
    early = {e["team"]: e for e in json.loads(slack("report", "-f", "json", "--as-of", "2026-11-19T12:00Z").output)["health"]}
    assert [s["template"] for s in early["it"]["sessions"]] == ["squad-health"]
    assert early["it"]["customers"] == [] and early["sales"]["sessions"] == []
    only = json.loads(slack("report", "-f", "json", "--as-of", AS_OF, "--team", "it").output)["health"]
    assert [e["team"] for e in only] == ["it"]


def test_the_report_is_byte_identical(seeded, slack):
    first = slack("report", "-f", "json", "--as-of", AS_OF).output
    assert first == slack("report", "-f", "json", "--as-of", AS_OF).output


def test_markdown_and_table_show_health_beside_compliance(seeded, slack):
    md = slack("report", "-f", "markdown", "--as-of", AS_OF).output
    assert md.index("## Health and satisfaction") < md.index("## Open escalations")
    it_row = next(line for line in md.splitlines() if line.startswith("| it |"))
    assert "it-for-sales 100.0 %" in it_row and "#1 100.0 % (3)" in it_row and "sales 2.0" in it_row
    assert "watermelon it-for-sales" in it_row and "self-higher" in it_row
    assert "## Watermelon check" in md and "green-outside-red-inside" in md
    hr_row = next(line for line in md.splitlines() if line.startswith("| hr-for-staff | hr |"))
    assert [c.strip() for c in hr_row.split("|")[3:-1]] == [
        "66.7 %", "90.0 %", "3", "4.3", "100.0 %", "4.5 / 4.0", "red-outside-green-inside"]
    assert "fixed but nobody called" in md  # lowest ratings
    table = slack("report", "--as-of", AS_OF).output
    assert "Health and satisfaction" in table and "Health checks (latest closed session of each series)" in table
    row = next(line for line in table.splitlines() if line.strip().startswith("hr ") and "hr-for-staff" in line)
    assert "66.7 %" in row and "watermelon hr-for-staff" in row


def test_fail_on_is_unchanged(seeded, slack):
    result = slack("report", "--as-of", AS_OF, "--fail-on", "breach", code=1)
    assert "hr-for-staff is below its objective" in result.output
    assert "watermelon" not in result.stderr


def test_user_text_is_shown_literally(seeded, slack, cast):
    hostile = "\x1b[31mred\x1b[0m *x* | [b]y[/b]"
    rated(slack, "it-for-sales", "laptop-repair", "2026-11-16T09:00", "2026-11-16T10:00", 1, hostile)
    md = slack("report", "-f", "markdown", "--as-of", AS_OF).output
    assert markdown(hostile) in md and r"\\x1b\[31mred" in markdown(hostile)
    table = slack("report", "--as-of", AS_OF).output
    assert "\x1b" not in table and "\\x1b[31mred" in table
    sid = int(slack("health", "run", "squad-health", "--team", "it", "--at", "2026-11-19T09:00").output)
    cast(sid, [("speed", "red", "", "x"), ("speed", "red", "", "y"), ("speed", "red", "", "z")])
    slack("health", "vote", sid, "--card", "fun", "--vote", "red", "--comment", hostile)
    slack("health", "note", sid, hostile)
    shown = slack("health", "show", sid, "--evidence").output
    assert "\x1b" not in shown and "\\x1b[31mred\\x1b[0m *x* | [b]y[/b]" in shown
