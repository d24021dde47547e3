"""Change against the previous session, ``health trend`` and ``health grid`` (CliRunner)."""

import json

from health.healthkit import SQUAD_CARDS

OTHERS = [c for c in SQUAD_CARDS if c != "speed"]


def squad(slack, cast, at, rows, team="it", close_at=None):
    sid = int(slack("health", "run", "squad-health", "--team", team, "--at", at).output)
    cast(sid, rows)
    if close_at:
        slack("health", "close", sid, "--at", close_at)
    return sid


def two_quarters(slack, cast):
    """Session 1 in August: all green.  Session 2 in November: speed turns red."""
    first = squad(slack, cast, "2026-08-20T14:00", [(c, "green", "same", "") for c in SQUAD_CARDS] * 3,
                  close_at="2026-08-20T15:00")
    rows = [(c, "green", "up", "") for c in OTHERS] * 3
    rows += [("speed", "red", "down", ""), ("speed", "red", "down", ""), ("speed", "amber", "same", "")]
    second = squad(slack, cast, "2026-11-20T14:00", rows, close_at="2026-11-20T15:00")
    return first, second


def test_show_compares_with_the_previous_closed_session(slack, cast):
    first, second = two_quarters(slack, cast)
    text = slack("health", "show", second).output
    assert f"compared with session {first}" in text
    speed = next(line for line in text.splitlines() if line.strip().startswith("Speed"))
    assert "↓ worse (was green)" in speed and " red " in speed
    fun = next(line for line in text.splitlines() if line.strip().startswith("Fun"))
    assert "→ same (was green)" in fun
    data = json.loads(slack("health", "show", second, "--format", "json").output)
    card = next(c for c in data["cards"] if c["id"] == "speed")
    assert (card["change"], card["previous"], card["delta"]) == ("worse", "green", round(-5 / 6, 9))
    assert data["previous"] == first


def test_an_open_session_is_no_baseline(slack, cast):
    squad(slack, cast, "2026-08-20T14:00", [(c, "green", "", "") for c in SQUAD_CARDS] * 3)  # never closed
    second = squad(slack, cast, "2026-11-20T14:00", [(c, "red", "", "") for c in SQUAD_CARDS] * 3)
    data = json.loads(slack("health", "show", second, "--format", "json").output)
    assert data["previous"] is None and all(c["change"] is None for c in data["cards"])


def test_trend_of_a_card_and_of_whole_sessions(slack, cast):
    first, second = two_quarters(slack, cast)
    squad(slack, cast, "2026-12-01T10:00", [("speed", "green", "", "")] * 3)  # open: not on the line
    lines = slack("health", "trend", "--team", "it", "--card", "speed", "--sparkline").output.splitlines()
    assert lines[0] == "it: Squad health check (squad-health), card speed"
    assert lines[3].split() == ["2026-08-20", f"#{first}", "1.00", "green", "3", "votes"]
    assert lines[4].split() == ["2026-11-20", f"#{second}", "0.17", "red", "3", "votes"]
    assert lines[5].strip() == "█▂"
    whole = slack("health", "trend", "--team", "it").output.splitlines()
    assert whole[3].split()[2] == "1.00" and whole[4].split()[2] == f"{(10 + 1 / 6) / 11:.2f}"
    assert not any(set(line.strip()) <= set("▁▂▃▄▅▆▇█ ") and line.strip() for line in whole)  # no terminal


def test_a_hidden_card_leaves_a_gap(slack, cast):
    squad(slack, cast, "2026-05-20T14:00", [("speed", "green", "", "")] * 3, close_at="2026-05-20T15:00")
    squad(slack, cast, "2026-08-20T14:00", [("speed", "amber", "", "")] * 2, close_at="2026-08-20T15:00")
    squad(slack, cast, "2026-11-20T14:00", [("speed", "red", "", "")] * 3, close_at="2026-11-20T15:00")
    lines = slack("health", "trend", "--team", "it", "--card", "speed", "--sparkline").output.splitlines()
    assert "hidden" in lines[4] and lines[6].strip(" ") == "█ ▁"


def test_trend_refuses_unknown_cards_and_teams(slack):
    assert "did you mean 'speed'" in slack("health", "trend", "--team", "it", "--card", "sped", code=1).output
    assert "unknown team" in slack("health", "trend", "--team", "nobody", code=1).output
    assert slack("health", "trend", "--team", "it").output == "no closed sessions\n"


def test_likert_change_and_trend(slack, cast):
    def relationship(at, score):
        sid = int(slack("health", "run", "relationship-check", "--team", "sales", "--about", "it", "--at", at).output)
        cast(sid, [("clarity", score, "", "")] * 3)
        slack("health", "close", sid, "--at", at.replace("14:00", "15:00"))
        return sid

    relationship("2026-08-20T14:00", 4)
    second = relationship("2026-11-20T14:00", 3)
    text = slack("health", "show", second).output
    clarity = next(line for line in text.splitlines() if line.strip().startswith("Clarity"))
    assert "3.0" in clarity and "↓ worse (-1.0, was 4.0)" in clarity
    lines = slack("health", "trend", "--team", "sales", "--card", "clarity", "--sparkline").output.splitlines()
    assert lines[0] == "sales about it: Relationship check (internal customer about a provider) (relationship-check), card clarity"
    assert [line.split()[2] for line in lines[3:5]] == ["4.00", "3.00"]
    assert lines[5].strip() == "▇▅"


def test_grid_of_cards_by_teams(slack, cast):
    two_quarters(slack, cast)
    squad(slack, cast, "2026-11-18T14:00", [(c, "amber", "up", "") for c in SQUAD_CARDS] * 3, team="hr",
          close_at="2026-11-18T15:00")
    squad(slack, cast, "2026-11-19T14:00", [("speed", "green", "", "")] * 3, team="finance")  # open: not shown
    lines = slack("health", "grid").output.splitlines()
    assert lines[0] == "Squad health check (squad-health): latest closed session per team"
    assert lines[1].split() == ["card", "hr", "it"]
    speed = next(line for line in lines if line.strip().startswith("Speed"))
    assert speed.split()[1:] == ["amber", "↑", "red", "↓"]
    fun = next(line for line in lines if line.strip().startswith("Fun"))
    assert fun.split()[1:] == ["amber", "↑", "green", "↑"]


def test_grid_of_relationship_checks_has_a_column_per_direction(slack, cast):
    for team, about in (("sales", "it"), ("it", "sales")):
        sid = int(slack("health", "run", "relationship-check", "--team", team, "--about", about,
                        "--at", "2026-11-19T14:00").output)
        cast(sid, [("clarity", 4, "", "")] * 3 + [("reliability", 2, "", "")] * 2)
        slack("health", "close", sid, "--at", "2026-11-19T15:00")
    lines = slack("health", "grid", "--template", "relationship-check").output.splitlines()
    assert lines[1].split() == ["card", "it", "→", "sales", "sales", "→", "it"]
    assert next(line for line in lines if "Clarity" in line).split()[-2:] == ["4.0", "4.0"]
    assert next(line for line in lines if "Reliability" in line).split()[-2:] == ["hidden", "hidden"]
    assert slack("health", "grid", "--template", "nope", code=1).exit_code == 1
