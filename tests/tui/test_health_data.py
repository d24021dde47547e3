"""The health screens' data, without Textual: colours, the run's state machine, form checks."""

from __future__ import annotations

import pytest

from slacheck.config.loader import load_catalog
from slacheck.config.workspace import find_workspace
from slacheck.domain.health import InvalidVote, TrendPoint, Vote
from slacheck.tui.data.health import band, direction
from slacheck.tui.data.health_run import (
    EVIDENCE,
    SUMMARY,
    VOTING,
    ActionInput,
    CheckRequest,
    RunState,
    action_check,
    participants_problem,
    start_problem,
)
from tui.conftest import REPO


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(find_workspace(REPO)).catalog


@pytest.mark.parametrize("value, colour", [
    (None, None), (1.0, "green"), (0.75, "green"), (0.7499, "amber"), (0.5, "amber"),
    (0.4999, "red"), (0.0, "red"),
])
def test_colour_bands_are_the_watermelon_thresholds(value, colour):
    # 0.75 and 0.5 on the normalized scale are means of 4.0 and 3.0 out of 5
    assert band(value) == colour


@pytest.mark.parametrize("values, scale, expected", [
    ((0.9,), "traffic-light", None),
    ((0.9, 0.5), "traffic-light", "worse"),
    ((0.5, 0.52), "traffic-light", "same"),
    ((0.5, None, 0.6), "traffic-light", "better"),
    ((3.0, 3.09), "likert-5", "same"),
    ((3.0, 3.1), "likert-5", "better"),
])
def test_direction_of_a_trend_line(values, scale, expected):
    points = [TrendPoint(n, n, v, 5) for n, v in enumerate(values)]
    assert direction(points, scale) == expected


def _state(catalog, template="squad-health", votes=None) -> RunState:
    chosen = catalog.health_templates[template]
    return RunState(chosen, dict(votes or {}))


def test_a_run_moves_card_by_card_and_counts_turns(catalog):
    state = _state(catalog)
    assert state.phase == EVIDENCE
    state.begin(2)
    assert (state.phase, state.index, state.turns, state.participant) == (VOTING, 0, 0, 1)
    with pytest.raises(InvalidVote, match="choose a colour"):
        state.vote()
    state.choose_colour("amber")
    state.choose_trend("down")
    state.comment("  slow  ")
    assert state.vote() == Vote("delivering-value", "amber", "down", None, "slow")
    state.cast()
    assert (state.turns, state.card_votes, state.draft.empty) == (1, 1, True)
    state.pass_turn()
    assert state.everyone_voted and state.card_votes == 1
    state.reveal()
    state.next_card()
    assert (state.phase, state.index, state.turns) == (VOTING, 1, 0)
    state.index = len(state.template.cards) - 1
    state.next_card()
    assert state.phase == SUMMARY


def test_a_trend_chosen_twice_is_taken_back(catalog):
    state = _state(catalog)
    state.begin(1)
    state.choose_trend("up")
    state.choose_trend("up")
    assert state.draft.trend is None


def test_resuming_starts_at_the_first_card_someone_has_not_voted_on(catalog):
    cards = [c.id for c in catalog.health_templates["squad-health"].cards]
    state = _state(catalog, votes={cards[0]: 3, cards[1]: 3, cards[2]: 1})
    state.begin(3)
    assert (state.index, state.turns, state.participant) == (2, 1, 2)
    done = _state(catalog, votes={c: 3 for c in cards})
    done.begin(3)
    assert done.phase == SUMMARY


def test_likert_votes_take_a_score(catalog):
    state = _state(catalog, "relationship-check")
    state.begin(1)
    with pytest.raises(InvalidVote, match="score"):
        state.vote()
    state.choose_score(4)
    assert state.vote() == Vote("responsiveness", None, None, 4, "")


@pytest.mark.parametrize("text, problem", [
    ("5", None), (" 12 ", None), ("", "whole number"), ("five", "whole number"), ("0", "from 1"),
    ("101", "from 1"), ("٣", "whole number"),
])
def test_participants(text, problem):
    found = participants_problem(text)
    assert (found is None) if problem is None else (problem in found)


def test_start_problems(catalog):
    assert start_problem(catalog, CheckRequest("squad-health", "it")) is None
    assert start_problem(catalog, CheckRequest("relationship-check", "sales", "it")) is None
    assert "about itself" in start_problem(catalog, CheckRequest("squad-health", "it", "it"))
    assert "template" in start_problem(catalog, CheckRequest("nope", "it"))
    assert "team" in start_problem(catalog, CheckRequest("squad-health", ""))


def test_action_items_are_checked_by_the_domain(catalog):
    assert action_check(catalog, ActionInput("")) == ("an action item needs a text", "")
    assert action_check(catalog, ActionInput("Call back: rating >= 4 next quarter")) == (
        None, "rating ≥ 4 next quarter")
    problem, _ = action_check(catalog, ActionInput("x", target="rating >= 7"))
    assert problem is not None and "7" in problem
    assert action_check(catalog, ActionInput("x", agreement="it-for-sales", target="resolution >= 95%"))[1] \
        == "it-for-sales resolution ≥ 95 %"


def test_the_health_data_modules_do_not_import_textual():
    import subprocess
    import sys

    code = ("import sys; import slacheck.tui.data.health, slacheck.tui.data.health_reader, "
            "slacheck.tui.data.health_run, slacheck.tui.data.health_cells; print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
