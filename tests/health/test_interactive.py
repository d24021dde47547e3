"""The interactive ``health run``: evidence, a prompt per card and participant, results
revealed together, notes, action items, closing (CliRunner with ``input=``)."""

import json

from health.healthkit import SQUAD_CARDS


def feed(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_relationship_check_from_a_terminal(slack):
    slack("log", "it-for-sales", "laptop-repair", "--title", "slow laptop", "--at", "2026-11-16T09:00")
    slack("resolve", "1", "--at", "2026-11-16T10:00")
    slack("rate", "1", "2", "--comment", "nobody told me it was done", "--at", "2026-11-16T11:00")
    answers = feed(
        "3",  # participants
        "4", "5: the new portal helps", "3", "", "2",  # participant 1 skips reliability
        "4", "purple", "4", "3", "2", "2",  # participant 2: one wrong answer, asked again
        "5", "4", "4", "2 up", "3", "1",  # participant 3: a trend on a score is refused
        "Escalations bounce between people",  # notes
        "Name an owner per escalation: it-for-sales rating >= 4 next quarter", "Dana Ruiz",
        "",  # no more action items
        "y",  # close
    )
    out = slack("health", "run", "relationship-check", "--team", "sales", "--about", "it",
                "--at", "2026-11-20T14:00", "--interactive", input=answers).output
    assert "Evidence: what it delivered" in out and "nobody told me it was done" in out
    assert "How many participants?" in out and "Participant 3 of 3" in out
    assert "'purple' is not a likert-5 vote" in out
    assert "trends go with traffic-light votes" in out
    assert out.index("Session 1: Relationship check") > out.index("Participant 3 of 3")  # revealed at the end
    assert "action #1, target: it-for-sales rating ≥ 4 next quarter" in out
    assert out.rstrip().endswith("Session 1 closed.")
    data = json.loads(slack("health", "show", "1", "--format", "json").output)
    cards = {c["id"]: c for c in data["cards"]}
    assert data["closed_at"] is not None and data["participants"] == 3
    assert cards["responsiveness"]["mean"] == 13 / 3
    assert cards["clarity"]["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1}
    assert cards["clarity"]["comments"] == ["the new portal helps"]
    assert cards["reliability"]["votes"] == 2 and cards["reliability"]["hidden"] is True
    assert data["notes"] == "Escalations bounce between people"


def test_squad_check_left_open(slack):
    per_person = ["amber down: too many meetings"] + ["g up"] * (len(SQUAD_CARDS) - 1)
    answers = feed("3", *(per_person * 3), "", "", "n")
    out = slack("health", "run", "squad-health", "--team", "it", "--interactive", input=answers).output
    assert "Evidence: what it delivered" in out  # a provider's own check shows its figures too
    assert "Session 1 stays open: slacheck health close 1" in out
    data = json.loads(slack("health", "show", "1", "--format", "json").output)
    first = data["cards"][0]
    assert (first["majority"], first["trend"], first["comments"]) == ("amber", "down", ["too many meetings"] * 3)
    assert data["closed_at"] is None


def test_a_team_providing_nothing_gets_no_evidence(slack):
    answers = feed("1", *[""] * len(SQUAD_CARDS), "", "", "y")
    out = slack("health", "run", "squad-health", "--team", "cio", "--interactive", input=answers).output
    assert "Evidence" not in out and "0 participant(s)" in out
