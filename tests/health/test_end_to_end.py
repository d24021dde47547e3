"""End to end in real processes: a lead runs a squad health check with five colleagues, each
voting from a script, closes it, and next quarter's session shows the trend against it."""

import json

from clihelpers import run_process
from health.healthkit import SQUAD_CARDS

#: What each of the five colleagues votes, per quarter: (colour of 'speed', colour elsewhere).
AUGUST = [("green", "green"), ("green", "green"), ("green", "amber"), ("amber", "green"), ("green", "green")]
NOVEMBER = [("red", "green"), ("red", "green"), ("amber", "green"), ("red", "amber"), ("amber", "green")]


def slacheck(ws, *args):
    proc = run_process(ws, *map(str, args))
    assert proc.returncode == 0 and proc.stderr == "", (args, proc.stderr)
    return proc.stdout


def quarter(ws, at, closes, votes):
    session = int(slacheck(ws, "health", "run", "squad-health", "--team", "it", "--at", at))
    for number, (speed, rest) in enumerate(votes, 1):
        path = ws / f"colleague-{session}-{number}.csv"
        trend = "down" if speed != "green" else "same"
        rows = [f"{card},{speed if card == 'speed' else rest},{trend},\n" for card in SQUAD_CARDS]
        path.write_text("card,vote,trend,comment\n" + "".join(rows))
        assert slacheck(ws, "health", "vote", session, "--from-file", path) == f"session {session}: 11 votes recorded\n"
    assert slacheck(ws, "health", "close", session, "--at", closes) == f"session {session} closed: 5 participant(s)\n"
    return session


def test_two_quarters_of_squad_health_checks(example_workspace):
    ws = example_workspace
    first = quarter(ws, "2026-08-20T14:00", "2026-08-20T15:00", AUGUST)
    second = quarter(ws, "2026-11-20T14:00", "2026-11-20T15:00", NOVEMBER)
    late = run_process(ws, "health", "vote", str(first), "--card", "speed", "--vote", "green")
    assert late.returncode == 1 and "its votes are frozen" in late.stderr and late.stdout == ""
    shown = slacheck(ws, "health", "show", second)
    speed = next(line for line in shown.splitlines() if line.strip().startswith("Speed"))
    assert "green 0, amber 2, red 3" in speed and "↓ worse (was green)" in speed and "SPLIT" not in speed
    assert f"5 participant(s); a card's figures show from 3 votes; compared with session {first}" in shown
    trend = slacheck(ws, "health", "trend", "--team", "it", "--card", "speed", "--sparkline").splitlines()
    assert [line.split()[2:4] for line in trend[3:5]] == [["0.90", "green"], ["0.20", "red"]]
    assert trend[5].strip() == "█▂"
    data = json.loads(slacheck(ws, "report", "-f", "json", "--as-of", "2026-11-21T10:00Z", "--team", "it"))
    (it,) = data["health"]
    (latest,) = it["sessions"]
    card = next(c for c in latest["cards"] if c["id"] == "speed")
    assert (latest["id"], card["majority"], card["change"], card["trend"]) == (second, "red", "worse", "down")
