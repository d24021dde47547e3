"""``health run / vote / note / close / list / show`` through the CLI (CliRunner); the tests that
use ``backend`` run on SQLite and on PostgreSQL."""

import json

import pytest
from health.healthkit import AS_OF, RELATIONSHIP_CARDS, SQUAD_CARDS

#: Runs a test on both backends (the ``ws`` of ``slack`` and ``cast`` is then ``backend_workspace``).
both_backends = pytest.mark.usefixtures("backend")


def open_squad(slack, at="2026-08-20T14:00", team="it"):
    return int(slack("health", "run", "squad-health", "--team", team, "--at", at).output)


def test_run_without_a_terminal_prints_the_session_number(slack):
    assert slack("health", "run", "squad-health", "--team", "it").output == "1\n"
    assert slack("health", "run", "relationship-check", "--team", "sales", "--about", "it").output == "2\n"


def test_run_refuses_unknown_names_and_a_check_about_oneself(slack):
    assert "did you mean 'squad-health'" in slack("health", "run", "squad-helth", "--team", "it", code=1).output
    assert "unknown team 'itt'" in slack("health", "run", "squad-health", "--team", "itt", code=1).output
    assert "cannot run a check about itself" in slack(
        "health", "run", "relationship-check", "--team", "it", "--about", "it", code=1).output
    assert "bad timestamp" in slack("health", "run", "squad-health", "--team", "it", "--at", "soon", code=2).output


@both_backends
def test_vote_one_card_and_show_it(slack):
    sid = open_squad(slack)
    for colour, trend in (("green", "up"), ("g", "better"), ("amber", "")):
        args = ["health", "vote", sid, "--card", "speed", "--vote", colour]
        out = slack(*(args + (["--trend", trend] if trend else []))).output
        assert out == f"session {sid}: 1 vote recorded\n"
    shown = slack("health", "show", sid).output
    speed = next(line for line in shown.splitlines() if line.strip().startswith("Speed"))
    assert "green 2, amber 1, red 0" in speed and " green " in speed and "↑2 →0 ↓0 (up)" in speed
    assert "SPLIT" not in speed
    assert "3 participant(s)" in shown


def test_vote_refuses_bad_votes_with_the_domains_reason(slack):
    sid = open_squad(slack)
    out = slack("health", "vote", sid, "--card", "sped", "--vote", "green", code=1).output
    assert "unknown card 'sped'" in out and "did you mean 'speed'" in out
    assert "takes a colour" in slack("health", "vote", sid, "--card", "speed", "--vote", "4", code=1).output
    assert slack("health", "vote", sid, "--card", "speed", code=2).exit_code == 2  # usage
    assert "no health-check session 99" in slack("health", "vote", 99, "--card", "speed", "--vote", "red", code=2).output


@both_backends
def test_vote_on_a_closed_session_exits_1_with_the_domains_message(slack):
    sid = open_squad(slack)
    slack("health", "vote", sid, "--card", "speed", "--vote", "red")
    assert slack("health", "close", sid, "--at", "2026-08-20T15:00").output == f"session {sid} closed: 1 participant(s)\n"
    out = slack("health", "vote", sid, "--card", "speed", "--vote", "green", code=1).output
    assert f"session {sid} was closed at 2026-08-20 13:00Z; its votes are frozen" in out
    assert "frozen" in slack("health", "close", sid, code=1).output  # twice
    assert "frozen" in slack("health", "note", sid, "too late", code=1).output


def test_close_before_the_opening_is_refused(slack):
    sid = open_squad(slack)
    assert "before it opened" in slack("health", "close", sid, "--at", "2026-08-19T10:00", code=1).output


@both_backends
def test_votes_from_a_file_all_or_nothing(ws, slack, cast):
    sid = open_squad(slack)
    assert cast(sid, [("speed", "green", "up", ""), ("fun", "red", "down", "too many meetings"),
                      ("teamwork", "yellow", "stable", "")]).output == f"session {sid}: 3 votes recorded\n"
    bad = cast(sid, [("speed", "green", "", ""), ("speed", "purple", "", ""), ("nope", "red", "", ""),
                     ("", "red", "", "")], code=1).output
    name = str(ws / "votes-2.csv")
    assert f"{name}:3: card 'speed': 'purple' is not a traffic-light vote" in bad
    assert f"{name}:4: unknown card 'nope'" in bad and f"{name}:5: no card" in bad
    shown = json.loads(slack("health", "show", sid, "--format", "json").output)
    assert sum(card["votes"] for card in shown["cards"]) == 3  # the bad file stored nothing


def test_votes_from_stdin_and_unreadable_files(ws, slack):
    sid = open_squad(slack)
    out = slack("health", "vote", sid, "--from-file", "-", input="card,vote\nspeed,red\nfun,green\n").output
    assert out == f"session {sid}: 2 votes recorded\n"
    assert "no 'card' column" in slack("health", "vote", sid, "--from-file", "-", input="a,b\n1,2\n", code=2).output
    assert slack("health", "vote", sid, "--from-file", ws / "missing.csv", code=2).exit_code == 2
    assert "either --from-file" in slack("health", "vote", sid, "--from-file", "-", "--card", "x", code=2).output


def test_likert_votes_and_comments(slack, cast):
    sid = int(slack("health", "run", "relationship-check", "--team", "sales", "--about", "it",
                    "--at", "2026-11-19T14:00").output)
    cast(sid, [("clarity", 4, "", "the new portal helps"), ("clarity", 2, "", "still unclear"),
               ("clarity", 5, "", "")])
    assert "trends go with traffic-light votes" in slack(
        "health", "vote", sid, "--card", "clarity", "--vote", "4", "--trend", "up", code=1).output
    data = json.loads(slack("health", "show", sid, "--format", "json").output)
    clarity = next(c for c in data["cards"] if c["id"] == "clarity")
    assert clarity["mean"] == 11 / 3 and clarity["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    assert clarity["comments"] == ["still unclear", "the new portal helps"]  # sorted
    assert "majority" not in clarity and data["about"] == "it"
    assert [c["id"] for c in data["cards"]] == list(RELATIONSHIP_CARDS)


def test_anonymity_below_three_votes(slack, cast):
    sid = open_squad(slack)
    cast(sid, [("speed", "red", "down", "I am the only one"), ("speed", "green", "", ""),
               ("fun", "green", "", ""), ("fun", "green", "", ""), ("fun", "amber", "", "")])
    data = json.loads(slack("health", "show", sid, "--format", "json").output)
    speed = next(c for c in data["cards"] if c["id"] == "speed")
    assert speed["votes"] == 2 and speed["hidden"] is True
    assert speed["distribution"] is speed["majority"] is speed["trends"] is speed["comments"] is None
    assert speed["split"] is False
    text = slack("health", "show", sid).output
    speed_line = next(line for line in text.splitlines() if line.strip().startswith("Speed"))
    assert "hidden: fewer than 3 votes" in speed_line and "red" not in speed_line
    assert "only one" not in text
    fun = next(c for c in data["cards"] if c["id"] == "fun")
    assert fun["majority"] == "green" and fun["hidden"] is False


def test_the_threshold_is_configurable(ws, slack, cast):
    settings = ws / "agreements" / "slacheck.toml"
    settings.write_text(settings.read_text().replace("min_votes = 3", "min_votes = 2"))
    sid = open_squad(slack)
    cast(sid, [("speed", "red", "", ""), ("speed", "green", "", "")])
    speed = next(c for c in json.loads(slack("health", "show", sid, "--format", "json").output)["cards"]
                 if c["id"] == "speed")
    assert speed["hidden"] is False and speed["split"] is True and speed["majority"] == "red"


def test_split_cards_are_flagged(slack, cast):
    sid = open_squad(slack)
    cast(sid, [("speed", "green", "", ""), ("speed", "green", "", ""), ("speed", "amber", "", ""),
               ("speed", "amber", "", ""),  # two camps: split
               ("fun", "green", "", ""), ("fun", "green", "", ""), ("fun", "amber", "", ""),  # not split
               ("teamwork", "green", "", ""), ("teamwork", "green", "", ""), ("teamwork", "green", "", ""),
               ("teamwork", "red", "", "")])  # both ends: split
    cards = {c["id"]: c for c in json.loads(slack("health", "show", sid, "--format", "json").output)["cards"]}
    assert (cards["speed"]["split"], cards["fun"]["split"], cards["teamwork"]["split"]) == (True, False, True)
    assert cards["speed"]["majority"] == "amber"  # a tie goes to the worse colour
    text = slack("health", "show", sid).output
    flagged = [line.split()[0] for line in text.splitlines() if line.rstrip().endswith("SPLIT")]
    assert flagged == ["Speed", "Teamwork"]


@both_backends
def test_notes_and_list(slack, cast):
    first = open_squad(slack)
    cast.everyone(first, ["green", "green", "amber"])
    assert slack("health", "note", first, "Releases wait for the CAB", "--at", "2026-08-20T14:30").output == f"{first}\n"
    slack("health", "close", first, "--at", "2026-08-20T15:00")
    second = int(slack("health", "run", "relationship-check", "--team", "sales", "--about", "it",
                       "--at", "2026-09-01T10:00").output)
    slack("health", "run", "squad-health", "--team", "hr", "--at", "2026-09-02T10:00")
    listed = slack("health", "list", "--team", "it").output.splitlines()
    assert listed[0].split() == ["#", "template", "team", "about", "opened", "closed", "participants"]
    assert [line.split()[0] for line in listed[2:]] == [str(first), str(second)]
    assert listed[2].split()[-1] == "3" and "open" in listed[3]
    assert len(slack("health", "list").output.splitlines()) == 5
    assert len(slack("health", "list", "--as-of", "2026-08-31T00:00").output.splitlines()) == 3
    shown = slack("health", "show", first).output
    assert "Notes\n  Releases wait for the CAB" in shown
    assert "unknown team" in slack("health", "list", "--team", "nobody", code=1).output


def test_every_card_is_listed_in_the_templates_order(slack, cast):
    sid = open_squad(slack)
    cast.everyone(sid, ["green", "amber", "red"])
    data = json.loads(slack("health", "show", sid, "--format", "json").output)
    assert [c["id"] for c in data["cards"]] == list(SQUAD_CARDS)
    assert data["participants"] == 3 and data["closed_at"] is None
    assert all(c["split"] for c in data["cards"])  # green and red on every card


def test_no_health_data_means_an_empty_report_section(slack):
    slack("log", "it-for-sales", "laptop-repair", "--title", "x", "--at", "2026-11-16T09:00")
    assert json.loads(slack("report", "-f", "json", "--as-of", AS_OF).output)["health"] == []
    assert "Health and satisfaction" not in slack("report", "--as-of", AS_OF).output
    slack("health", "run", "squad-health", "--team", "it", "--at", "2026-11-19T09:00")
    assert len(json.loads(slack("report", "-f", "json", "--as-of", AS_OF).output)["health"]) == 13  # every team
