"""Card results against hand-computed expectations: majority, means, splits, anonymity, change."""

from math import sqrt

import pytest

from slacheck.domain.health import (
    AMBER,
    BETTER,
    DOWN,
    GREEN,
    RED,
    SAME,
    UP,
    WORSE,
    HealthError,
    InvalidVote,
    Session,
    Vote,
    is_split,
    majority_colour,
    prevailing_trend,
    summarize_session,
)
from slacheck.domain.model import HealthCard, HealthTemplate

SQUAD = HealthTemplate("squad-health", "Squad health check", "traffic-light", (
    HealthCard("fun", "Fun", "we enjoy it", "a grind"),
    HealthCard("speed", "Speed", "fast", "slow"),
))
REL = HealthTemplate("relationship-check", "Relationship check", "likert-5", (
    HealthCard("responsiveness", "Responsiveness", "fast", "chase"),
    HealthCard("clarity", "Clarity of what to expect", "clear", "no idea"),
))

G, A, R = GREEN, AMBER, RED


def squad_session(sid=1, opened=1000, closed=2000, team="it"):
    return Session(sid, "squad-health", team, None, opened, closed)


def rel_session(sid=1, opened=1000, closed=2000, team="sales", about="it"):
    return Session(sid, "relationship-check", team, about, opened, closed)


def colours(card, *spec):
    """Votes from (colour, trend) pairs or bare colours."""
    return [Vote(card, *(s if isinstance(s, tuple) else (s,))) for s in spec]


def scores(card, *values, comment=""):
    return [Vote(card, score=v, comment=comment) for v in values]


@pytest.mark.parametrize("counts, expected", [
    ({G: 3}, G),
    ({G: 2, A: 1, R: 1}, G),
    ({G: 2, A: 2}, A),          # tie: the worse colour
    ({A: 1, R: 1}, R),
    ({G: 1, A: 1, R: 1}, R),
    ({G: 1, R: 2}, R),
    ({G: 2, R: 2}, R),
    ({G: 0, A: 0, R: 0}, None),
    ({}, None),
])
def test_majority_colour_ties_go_to_the_worse_colour(counts, expected):
    assert majority_colour(counts) == expected


@pytest.mark.parametrize("counts, expected", [
    ({UP: 2, SAME: 1}, UP),
    ({UP: 1, SAME: 1}, SAME),
    ({UP: 1, DOWN: 1}, DOWN),
    ({SAME: 2, DOWN: 2, UP: 1}, DOWN),
    ({}, None),
])
def test_prevailing_trend(counts, expected):
    assert prevailing_trend(counts) == expected


@pytest.mark.parametrize("votes, split", [
    ([G], False),
    ([G, R], True),               # both ends, even with two votes
    ([G, A], False),              # two votes: the "no majority" rule needs three
    ([G, G, A], False),           # green has 2/3
    ([G, G, A, A], True),         # nobody above half
    ([A, A, R], False),           # amber has 2/3
    ([A, A, R, R], True),
    ([G, A, R], True),
    ([G, G, G, G, R], True),      # a single red among greens: both ends
    ([A, A, A, R, R], False),     # amber has 3/5
    ([R, R, R], False),
])
def test_traffic_light_split(votes, split):
    assert is_split("traffic-light", votes) is split


@pytest.mark.parametrize("values, split", [
    ([3], False),
    ([1, 5], True),                # population variance 4
    ([2, 4], False),               # 1
    ([1, 3, 5], True),             # 8/3, sd 1.63
    ([1, 1, 4, 4], True),          # 2.25, sd 1.5
    ([2, 2, 4, 4], False),         # 1, sd 1.0
    ([3, 3, 4, 4], False),         # 0.25
    ([1, 2, 3, 4, 5], True),       # 2, sd 1.41
    ([5] * 9 + [2], False),        # 0.81, sd 0.9: one outlier in ten
    ([5] * 9 + [1], True),         # exactly 1.44, sd 1.2: the boundary is split
    ([4, 4, 4, 1], True),          # 27/16 = 1.6875, sd 1.30
])
def test_likert_split(values, split):
    assert is_split("likert-5", values) is split


def test_traffic_light_card_result_by_hand():
    votes = colours("fun", (G, UP), (G, UP), (A, SAME), R) + colours("speed", (R, DOWN), A)
    result = summarize_session(SQUAD, squad_session(), votes)
    fun, speed = result.cards
    assert (fun.card, fun.title, fun.scale, fun.votes, fun.hidden) == ("fun", "Fun", "traffic-light", 4, False)
    assert fun.distribution == {G: 2, A: 1, R: 1}
    assert list(fun.distribution) == [G, A, R]
    assert fun.majority == G and fun.mean is None
    assert fun.score == 0.625                       # (1 + 1 + 0.5 + 0) / 4
    assert fun.normalized == 0.625
    assert fun.spread == pytest.approx(sqrt(0.171875))  # values 1, 1, .5, 0 around .625
    assert fun.trends == {UP: 2, SAME: 1, DOWN: 0} and fun.trend == UP
    assert fun.split is True                        # green and red
    assert fun.value == G and fun.change is None
    # two votes: only the count shows
    assert (speed.votes, speed.hidden) == (2, True)
    assert (speed.distribution, speed.majority, speed.score, speed.trends, speed.trend,
            speed.spread, speed.comments, speed.split) == (None, None, None, None, None, None, None, False)
    assert result.participants == 4
    assert result.score == 0.625                    # hidden cards do not count
    assert result.split_cards == ("fun",)
    assert result.scale == "traffic-light" and result.previous is None


def test_likert_card_result_by_hand():
    votes = (scores("responsiveness", 4, 5, 3, 4)
             + scores("clarity", 1, 5) + scores("clarity", 5, comment="the new portal helps")
             + scores("clarity", 2, comment="  "))
    result = summarize_session(REL, rel_session(), votes)
    resp, clarity = result.cards
    assert resp.distribution == {1: 0, 2: 0, 3: 1, 4: 2, 5: 1}
    assert (resp.mean, resp.score, resp.majority, resp.split) == (4.0, 4.0, None, False)
    assert resp.spread == pytest.approx(sqrt(0.5))
    assert resp.normalized == 0.75
    assert (resp.trends, resp.trend) == (None, None)
    assert clarity.distribution == {1: 1, 2: 1, 3: 0, 4: 0, 5: 2}
    assert clarity.mean == 13 / 4                   # 1 + 5 + 5 + 2
    assert clarity.split is True                    # variance 2.6875
    assert clarity.comments == ("the new portal helps",)
    assert clarity.value == 3.25
    assert result.score == (4.0 + 3.25) / 2
    assert result.participants == 4


def test_comments_are_sorted_so_they_cannot_be_matched_to_votes():
    votes = [Vote("clarity", score=1, comment="zzz"), Vote("clarity", score=5, comment="aaa"),
             Vote("clarity", score=3)]
    clarity = summarize_session(REL, rel_session(), votes).card("clarity")
    assert clarity.comments == ("aaa", "zzz")


@pytest.mark.parametrize("min_votes, votes, hidden", [
    (3, 2, True),
    (3, 3, False),
    (1, 1, False),
    (5, 4, True),
    (5, 5, False),
    (1, 0, True),     # nothing to show without votes
])
def test_anonymity_threshold_is_configurable(min_votes, votes, hidden):
    result = summarize_session(SQUAD, squad_session(), colours("fun", *[G] * votes), min_votes=min_votes)
    fun = result.card("fun")
    assert fun.votes == votes and fun.hidden is hidden
    assert (fun.distribution is None) is hidden and (fun.majority is None) is hidden
    assert result.min_votes == min_votes


def test_unvoted_card_and_unknown_card_lookup():
    result = summarize_session(SQUAD, squad_session(), [])
    assert [c.votes for c in result.cards] == [0, 0]
    assert result.participants == 0 and result.score is None and result.normalized is None
    with pytest.raises(KeyError):
        result.card("mission")


@pytest.mark.parametrize("call, message", [
    (lambda: summarize_session(SQUAD, rel_session(), []), "ran template 'relationship-check', not 'squad-health'"),
    (lambda: summarize_session(SQUAD, squad_session(), [], min_votes=0), "min_votes must be at least 1, not 0"),
    (lambda: summarize_session(SQUAD, squad_session(2, team="it"), [],
                               previous=summarize_session(SQUAD, squad_session(1, team="hr"), [])),
     "session 1 is not of the same team, template and subject as session 2"),
])
def test_summarize_refuses(call, message):
    with pytest.raises(HealthError, match=message):
        call()


def test_a_vote_that_does_not_fit_is_refused():
    with pytest.raises(InvalidVote):
        summarize_session(SQUAD, squad_session(), [Vote("fun", score=3)])


def pair(previous_votes, current_votes, template=SQUAD, session=squad_session):
    before = summarize_session(template, session(1, 100, 200), previous_votes)
    return summarize_session(template, session(2, 300, 400), current_votes, previous=before)


@pytest.mark.parametrize("before, after, direction, previous, delta", [
    ([A, A, G], [G, G, A], BETTER, A, 0.166666667),     # 2/3 -> 5/6 (rounded)
    ([G, G, G], [G, G, A], SAME, G, -0.166666667),      # majority unchanged, score fell
    ([G, A, A], [R, R, A], WORSE, A, -0.5),             # 2/3 -> 1/6
    ([R, R, R], [G, G, G], BETTER, R, 1.0),
])
def test_traffic_light_change(before, after, direction, previous, delta):
    current = pair(colours("fun", *before), colours("fun", *after))
    change = current.card("fun").change
    assert (change.previous_session, change.direction, change.previous) == (1, direction, previous)
    assert change.delta == pytest.approx(delta, abs=1e-9)
    assert change.arrow == {BETTER: "↑", SAME: "→", WORSE: "↓"}[direction]
    assert current.previous == 1


@pytest.mark.parametrize("before, after, direction, delta", [
    ([3, 3, 4, 4], [3, 3, 4, 4], SAME, 0.0),
    ([3, 3, 4, 4], [3, 4, 4, 4, 3], BETTER, 0.1),            # 3.5 -> 3.6: exactly the threshold
    ([3, 3, 4, 4], [3] * 9 + [4] * 11, SAME, 0.05),          # 3.5 -> 3.55
    ([3, 3, 4, 4], [3, 3, 3, 4], WORSE, -0.25),              # 3.5 -> 3.25
    ([4, 4, 4, 4, 5], [4] * 7 + [5] * 3, BETTER, 0.1),       # 4.2 -> 4.3: no float noise
    ([4] * 7 + [5] * 3, [4, 4, 4, 4, 5], WORSE, -0.1),
])
def test_likert_change(before, after, direction, delta):
    current = pair(scores("clarity", *before), scores("clarity", *after), REL, rel_session)
    change = current.card("clarity").change
    assert change.direction == direction
    assert change.delta == delta                     # free of float noise
    assert change.previous == sum(before) / len(before)


def test_no_change_when_either_side_is_hidden():
    hidden_before = pair(colours("fun", G), colours("fun", G, G, G))
    hidden_now = pair(colours("fun", G, G, G), colours("fun", G))
    assert hidden_before.card("fun").change is None
    assert hidden_now.card("fun").change is None
    assert hidden_now.card("speed").change is None   # no votes on either side


def test_a_card_new_in_the_template_has_no_change():
    old_template = HealthTemplate("squad-health", "Squad", "traffic-light", (HealthCard("fun", "Fun", "a", "c"),))
    before = summarize_session(old_template, squad_session(1, 100, 200), colours("fun", G, G, G))
    now = summarize_session(SQUAD, squad_session(2, 300, 400),
                            colours("fun", G, G, G) + colours("speed", R, R, R), previous=before)
    assert now.card("fun").change.direction == SAME
    assert now.card("speed").change is None
