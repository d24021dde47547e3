"""Votes, their validation, and sessions: hand-written cases against the two scales."""

import pytest

from slacheck.domain.health import (
    AMBER,
    DOWN,
    GREEN,
    RED,
    SAME,
    UP,
    HealthError,
    InvalidVote,
    SeriesKey,
    Session,
    SessionError,
    Vote,
    check_vote,
    latest_closed,
    parse_vote,
    previous_session,
    votes_from_rows,
)
from slacheck.domain.model import HealthCard, HealthTemplate
from slacheck.errors import RuleViolation, SlacheckError


def template(scale, cards=("fun", "speed", "teamwork"), template_id=None):
    return HealthTemplate(template_id or scale, scale.title(), scale,
                          tuple(HealthCard(c, c.title(), "awesome", "crappy") for c in cards))


SQUAD = template("traffic-light", template_id="squad-health")
REL = template("likert-5", ("responsiveness", "clarity"), "relationship-check")


@pytest.mark.parametrize("vote, trend, expected", [
    ("green", "up", Vote("fun", GREEN, UP)),
    (" GREEN ", " Up ", Vote("fun", GREEN, UP)),
    ("a", None, Vote("fun", AMBER)),
    ("yellow", "worse", Vote("fun", AMBER, DOWN)),
    ("r", "↓", Vote("fun", RED, DOWN)),
    ("red", "", Vote("fun", RED)),
    ("Green", "stable", Vote("fun", GREEN, SAME)),
    ("amber", "better", Vote("fun", AMBER, UP)),
    ("g", "→", Vote("fun", GREEN, SAME)),
])
def test_parse_traffic_light_votes(vote, trend, expected):
    assert parse_vote(SQUAD, "fun", vote, trend) == expected


@pytest.mark.parametrize("vote, expected", [("1", 1), (" 5 ", 5), ("3", 3)])
def test_parse_likert_votes(vote, expected):
    assert parse_vote(REL, "clarity", vote) == Vote("clarity", score=expected)


def test_comment_is_kept_stripped():
    assert parse_vote(REL, "clarity", "2", comment="  nobody tells us  ").comment == "nobody tells us"


@pytest.mark.parametrize("tmpl, card, vote, trend, message", [
    (SQUAD, "speeed", "green", None,
     "unknown card 'speeed' in template 'squad-health' (did you mean 'speed'?)"),
    (SQUAD, "budget", "green", None,
     "unknown card 'budget' in template 'squad-health'; its cards are: fun, speed, teamwork"),
    (SQUAD, "fun", "purple", None,
     "card 'fun': 'purple' is not a traffic-light vote: use green, amber or red"),
    (SQUAD, "fun", "4", None,
     "card 'fun': the traffic-light scale takes a colour (green, amber or red), not a score"),
    (SQUAD, "fun", "", "up", "card 'fun': a traffic-light vote needs a colour: green, amber or red"),
    (SQUAD, "fun", "green", "sideways", "card 'fun': 'sideways' is not a trend: use up, same or down"),
    (REL, "clarity", "6", None,
     "card 'clarity': 6 is not a score of the likert-5 scale: use a whole number from 1 to 5"),
    (REL, "clarity", "0", None,
     "card 'clarity': 0 is not a score of the likert-5 scale: use a whole number from 1 to 5"),
    (REL, "clarity", "4.5", None,
     "card 'clarity': '4.5' is not a likert-5 vote: use a whole number from 1 to 5"),
    (REL, "clarity", "²", None,
     "card 'clarity': '²' is not a likert-5 vote: use a whole number from 1 to 5"),
    (REL, "clarity", "-2", None,
     "card 'clarity': '-2' is not a likert-5 vote: use a whole number from 1 to 5"),
    (REL, "clarity", "green", None,
     "card 'clarity': the likert-5 scale takes a score from 1 to 5, not a colour"),
    (REL, "clarity", "4", "up",
     "card 'clarity': trends go with traffic-light votes; the likert-5 scale takes a score from 1 to 5 only"),
    (REL, "clarity", "4", "sideways",
     "card 'clarity': trends go with traffic-light votes; the likert-5 scale takes a score from 1 to 5 only"),
    (REL, "clarity", "", None, "card 'clarity': a likert-5 vote needs a score from 1 to 5"),
])
def test_parse_vote_refuses_with_a_reason(tmpl, card, vote, trend, message):
    with pytest.raises(InvalidVote) as caught:
        parse_vote(tmpl, card, vote, trend)
    assert str(caught.value) == message


@pytest.mark.parametrize("tmpl, vote", [
    (SQUAD, Vote("fun", GREEN, score=3)),
    (SQUAD, Vote("fun", "blue")),
    (SQUAD, Vote("fun", GREEN, "sideways")),
    (REL, Vote("clarity", score=True)),
    (REL, Vote("clarity", score="4")),
    (REL, Vote("clarity", score=4, trend=UP)),
    (REL, Vote("clarity")),
])
def test_check_vote_refuses_malformed_votes(tmpl, vote):
    with pytest.raises(InvalidVote):
        check_vote(tmpl, vote)


def test_check_vote_returns_a_valid_vote():
    vote = Vote("speed", RED, DOWN, comment="approvals")
    assert check_vote(SQUAD, vote) is vote


def test_errors_are_value_errors_and_refusals():
    with pytest.raises(ValueError):
        parse_vote(SQUAD, "fun", "purple")
    error = InvalidVote("x")
    assert isinstance(error, RuleViolation) and isinstance(error, SlacheckError)
    assert error.exit_code == 1 and error.title == "Invalid vote"


def test_unknown_scale_is_refused():
    odd = HealthTemplate("odd", "Odd", "stars", (HealthCard("x", "X", "a", "c"),))
    with pytest.raises(HealthError, match="unknown scale 'stars': use traffic-light or likert-5"):
        parse_vote(odd, "x", "3")


def test_votes_from_rows_reads_every_column_name_and_skips_blank_rows():
    rows = [
        {"card": "fun", "vote": "green", "trend": "up", "comment": ""},
        {"card": "", "vote": "", "trend": "", "comment": ""},
        {"Card": "speed", "Colour": "red", "Trend": "down", "Comment": "waiting on approvals"},
        {"card": "teamwork", "color": "amber", "trend": None},
    ]
    assert votes_from_rows(SQUAD, rows) == (
        Vote("fun", GREEN, UP),
        Vote("speed", RED, DOWN, comment="waiting on approvals"),
        Vote("teamwork", AMBER),
    )
    assert votes_from_rows(REL, [{"card": "clarity", "score": "4"}]) == (Vote("clarity", score=4),)


def test_votes_from_rows_is_all_or_nothing_and_lists_every_bad_row():
    rows = [
        {"card": "fun", "vote": "green"},
        {"card": "fun", "vote": "purple"},
        {"card": "", "vote": "red"},
        {"card": "speeed", "vote": "red"},
    ]
    with pytest.raises(InvalidVote) as caught:
        votes_from_rows(SQUAD, rows, source="votes.csv")
    assert str(caught.value).splitlines() == [
        "votes.csv:3: card 'fun': 'purple' is not a traffic-light vote: use green, amber or red",
        "votes.csv:4: no card: every row needs a 'card' column",
        "votes.csv:5: unknown card 'speeed' in template 'squad-health' (did you mean 'speed'?)",
    ]


def test_session_series_and_close():
    session = Session(7, "relationship-check", "sales", "it", opened_at=1000)
    assert not session.is_closed
    assert session.series == SeriesKey("sales", "relationship-check", "it")
    closed = session.close(2000)
    assert closed.closed_at == 2000 and closed.is_closed and session.closed_at is None
    with pytest.raises(SessionError, match="session 7 was closed at 1970-01-01 00:33Z; its votes are frozen"):
        closed.check_open()
    with pytest.raises(SessionError):
        closed.close(3000)


@pytest.mark.parametrize("kwargs, message", [
    (dict(team="it", about="it"), "team 'it' cannot run a check about itself"),
    (dict(team=""), "a health session needs a team"),
    (dict(team="it", about=None, closed_at=10), "cannot close at 1970-01-01 00:00Z, before it opened"),
])
def test_session_refuses_nonsense(kwargs, message):
    kwargs = {"about": None, **kwargs}
    with pytest.raises(SessionError, match=message):
        Session(1, "squad-health", opened_at=100, **kwargs)


def test_close_before_opening_is_refused():
    with pytest.raises(SessionError, match="before it opened"):
        Session(1, "squad-health", "it", None, 100).close(99)


def sessions():
    return [
        Session(1, "squad-health", "it", None, 100, 150),
        Session(2, "squad-health", "it", None, 200, 250),
        Session(3, "squad-health", "it", None, 300),          # never closed
        Session(4, "squad-health", "hr", None, 350, 360),     # another team
        Session(5, "relationship-check", "sales", "it", 380, 390),
        Session(6, "relationship-check", "sales", "hr", 390, 395),  # another subject
        Session(7, "squad-health", "it", None, 400, 450),
        Session(8, "squad-health", "it", None, 400, 460),     # same opening instant, higher id
    ]


@pytest.mark.parametrize("session_id, expected", [
    (1, None),   # the first of its series
    (2, 1),
    (3, 2),      # an open session still has a baseline
    (7, 2),      # session 3 was never closed: not a baseline
    (8, 7),      # same instant: id decides
    (4, None),
    (5, None),
])
def test_previous_session(session_id, expected):
    everything = sessions()
    session = next(s for s in everything if s.id == session_id)
    previous = previous_session(session, everything)
    assert (previous.id if previous else None) == expected


def test_latest_closed_per_series_and_template():
    latest = latest_closed(sessions())
    assert {key: s.id for key, s in latest.items()} == {
        SeriesKey("hr", "squad-health", None): 4,
        SeriesKey("it", "squad-health", None): 8,
        SeriesKey("sales", "relationship-check", "hr"): 6,
        SeriesKey("sales", "relationship-check", "it"): 5,
    }
    assert list(latest) == sorted(latest, key=lambda k: (k.team, k.template, k.about or ""))
    only = latest_closed(sessions(), template="relationship-check")
    assert [s.id for s in only.values()] == [6, 5]
