"""Health-check scales, anonymous votes and sessions.

A *session* is one run of a health-check template by one team (optionally *about* a provider
team, for a relationship check).  Participants cast one :class:`Vote` per card; a vote carries
no name, so nothing stored with it says who cast it.

Two scales exist (:data:`slacheck.domain.model.SCALES`):

* ``traffic-light``: a colour -- green (we are happy with this; not perfect, but nothing needs
  fixing now), amber (real problems, but no disaster), red (this must improve) -- and,
  optionally, a trend: up (getting better), same, down (getting worse);
* ``likert-5``: a whole score from 1 (the card's "crappy" statement is true) to 5 (its
  "awesome" statement is true).

Either scale takes an optional free-text comment.  :func:`check_vote` is the one gate every
vote passes, whether typed at a prompt, given on the command line (:func:`parse_vote`) or read
from a file (:func:`votes_from_rows`).

Instants are integer POSIX seconds in UTC, as everywhere in the domain.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Iterable, Mapping, NamedTuple

from ..errors import RuleViolation
from .model import SCALES, HealthTemplate

TRAFFIC_LIGHT = "traffic-light"
LIKERT_5 = "likert-5"

GREEN = "green"
AMBER = "amber"
RED = "red"
#: The colours, best first.
COLOURS = (GREEN, AMBER, RED)

UP = "up"
SAME = "same"
DOWN = "down"
#: The trends a traffic-light vote may carry, best first.
TRENDS = (UP, SAME, DOWN)

#: The scores of the likert-5 scale, worst first.
SCORES = (1, 2, 3, 4, 5)

#: A colour as a number, for means, trend lines and sparklines.
COLOUR_VALUES = {GREEN: 1.0, AMBER: 0.5, RED: 0.0}

#: The lowest and highest value a card's score can take on each scale.
SCALE_RANGES = {TRAFFIC_LIGHT: (0.0, 1.0), LIKERT_5: (1.0, 5.0)}

_COLOUR_WORDS = {"green": GREEN, "g": GREEN, "amber": AMBER, "a": AMBER, "yellow": AMBER,
                 "red": RED, "r": RED}
_TREND_WORDS = {"up": UP, "better": UP, "↑": UP, "same": SAME, "stable": SAME, "flat": SAME,
                "→": SAME, "down": DOWN, "worse": DOWN, "↓": DOWN}


class HealthError(RuleViolation, ValueError):
    """A refused health-check operation.  Also a ``ValueError``, so plain callers can catch it."""

    title = "Health check"


class InvalidVote(HealthError):
    """A vote that does not fit the template: unknown card, wrong scale, value out of range."""

    title = "Invalid vote"


class SessionError(HealthError):
    """A session used against its rules: voting on a closed session, closing it twice, ..."""

    title = "Health session"


def when(at: int) -> str:
    """An instant as a short UTC text for messages (``2026-11-20 10:00Z``)."""
    return datetime.fromtimestamp(at, timezone.utc).strftime("%Y-%m-%d %H:%MZ")


def check_scale(template: HealthTemplate) -> str:
    """The template's scale; raises :class:`HealthError` for a scale slacheck does not know."""
    if template.scale not in SCALES:
        raise HealthError(
            f"template {template.id!r} has unknown scale {template.scale!r}: "
            f"use {' or '.join(SCALES)}"
        )
    return template.scale


@dataclass(frozen=True, slots=True)
class Vote:
    """One participant's anonymous vote on one card.

    Traffic-light votes set ``colour`` (and optionally ``trend``); likert-5 votes set ``score``.
    Build votes with :func:`parse_vote` or check them with :func:`check_vote`: the class itself
    does not know the template, so it cannot tell a valid vote from an invalid one.
    """

    card: str
    colour: str | None = None
    trend: str | None = None
    score: int | None = None
    comment: str = ""


def _card_ids(template: HealthTemplate) -> list[str]:
    return [card.id for card in template.cards]


def _unknown_card(template: HealthTemplate, card: str) -> InvalidVote:
    ids = _card_ids(template)
    close = difflib.get_close_matches(card, ids, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f"; its cards are: {', '.join(ids)}"
    return InvalidVote(f"unknown card {card!r} in template {template.id!r}{hint}")


def check_vote(template: HealthTemplate, vote: Vote) -> Vote:
    """Return ``vote`` when it fits ``template``; raise :class:`InvalidVote` saying why not.

    The card must be one of the template's; a traffic-light vote needs a colour from
    :data:`COLOURS`, may carry a trend from :data:`TRENDS` and no score; a likert-5 vote needs a
    whole score from 1 to 5 and carries neither colour nor trend.
    """
    scale = check_scale(template)
    if vote.card not in _card_ids(template):
        raise _unknown_card(template, vote.card)
    where = f"card {vote.card!r}"
    if scale == TRAFFIC_LIGHT:
        if vote.score is not None:
            raise InvalidVote(f"{where}: the traffic-light scale takes a colour "
                              f"(green, amber or red), not a score")
        if vote.colour is None:
            raise InvalidVote(f"{where}: a traffic-light vote needs a colour: green, amber or red")
        if vote.colour not in COLOURS:
            raise InvalidVote(f"{where}: {vote.colour!r} is not a colour of the traffic-light "
                              f"scale: use green, amber or red")
        if vote.trend is not None and vote.trend not in TRENDS:
            raise InvalidVote(f"{where}: {vote.trend!r} is not a trend: use up, same or down")
    else:
        if vote.colour is not None:
            raise InvalidVote(f"{where}: the likert-5 scale takes a score from 1 to 5, "
                              f"not a colour")
        if vote.trend is not None:
            raise InvalidVote(f"{where}: trends go with traffic-light votes; the likert-5 "
                              f"scale takes a score from 1 to 5 only")
        if vote.score is None:
            raise InvalidVote(f"{where}: a likert-5 vote needs a score from 1 to 5")
        if isinstance(vote.score, bool) or not isinstance(vote.score, int) or vote.score not in SCORES:
            raise InvalidVote(f"{where}: {vote.score!r} is not a score of the likert-5 scale: "
                              f"use a whole number from 1 to 5")
    return vote


def parse_vote(
    template: HealthTemplate,
    card: str,
    vote: str,
    trend: str | None = None,
    comment: str = "",
) -> Vote:
    """A vote from text, as typed at a prompt or given as ``--vote`` / ``--trend``.

    ``vote`` is a colour on the traffic-light scale (``green``, ``amber``, ``red``; also
    ``g``/``a``/``r`` and ``yellow`` for amber) or a whole score on the likert-5 scale (``4``).
    ``trend`` accepts ``up``/``same``/``down`` (also ``better``, ``stable``, ``flat``,
    ``worse`` and the arrows ↑ → ↓).  Case and surrounding blanks do not matter; an empty trend
    means none.  Raises :class:`InvalidVote` with the reason.
    """
    scale = check_scale(template)
    card = card.strip()
    if card not in _card_ids(template):
        raise _unknown_card(template, card)
    text = (vote or "").strip()
    trend_text = (trend or "").strip()
    colour: str | None = None
    score: int | None = None
    parsed_trend: str | None = None
    if text:
        if text.lower() in _COLOUR_WORDS:
            colour = _COLOUR_WORDS[text.lower()]
        elif text.isascii() and text.isdigit():
            score = int(text)
        else:
            expected = "green, amber or red" if scale == TRAFFIC_LIGHT else "a whole number from 1 to 5"
            raise InvalidVote(f"card {card!r}: {text!r} is not a {scale} vote: use {expected}")
    if trend_text:
        parsed_trend = _TREND_WORDS.get(trend_text.lower())
        if parsed_trend is None:
            if scale == TRAFFIC_LIGHT:
                raise InvalidVote(f"card {card!r}: {trend_text!r} is not a trend: use up, same or down")
            parsed_trend = trend_text  # refused by check_vote: no trends on this scale
    return check_vote(template, Vote(card, colour, parsed_trend, score, (comment or "").strip()))


def votes_from_rows(
    template: HealthTemplate,
    rows: Iterable[Mapping[str, str | None]],
    *,
    source: str = "votes",
    first_line: int = 2,
) -> tuple[Vote, ...]:
    """Votes from the rows of a file (``health vote --from-file``), all or nothing.

    Each row is a mapping with the columns ``card``, ``vote`` (a colour or a score; ``colour``
    and ``score`` are accepted as its name too), optional ``trend`` and optional ``comment``.
    Rows whose values are all empty are skipped.  ``first_line`` is the line of the first row
    (2 under a CSV header).  When any row is wrong, nothing is returned: one
    :class:`InvalidVote` lists every wrong row as ``SOURCE:LINE: message``.
    """
    votes: list[Vote] = []
    problems: list[str] = []
    for line, row in enumerate(rows, start=first_line):
        values = {(key or "").strip().lower(): (value or "").strip() for key, value in row.items()}
        if not any(values.values()):
            continue
        vote_text = values.get("vote") or values.get("colour") or values.get("color") or values.get("score") or ""
        if not values.get("card"):
            problems.append(f"{source}:{line}: no card: every row needs a 'card' column")
            continue
        try:
            votes.append(parse_vote(template, values["card"], vote_text, values.get("trend"),
                                    values.get("comment", "")))
        except InvalidVote as error:
            problems.append(f"{source}:{line}: {error.message}")
    if problems:
        raise InvalidVote("\n".join(problems))
    return tuple(votes)


class SeriesKey(NamedTuple):
    """What makes sessions comparable over time: the same team, template and subject."""

    team: str
    template: str
    about: str | None


@dataclass(frozen=True, slots=True)
class Session:
    """One run of a health-check template by ``team``, about provider team ``about`` (if any).

    A session is open from ``opened_at`` until it is closed (``closed_at``), which freezes its
    votes.  ``notes`` is free text taken during the conversation.  A team cannot run a session
    about itself (its own health is a session without ``about``).  Both directions of a
    two-way relationship are two sessions: Sales about IT, and IT about Sales.
    """

    id: int
    template: str
    team: str
    about: str | None
    opened_at: int
    closed_at: int | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.team:
            raise SessionError("a health session needs a team")
        if self.about is not None and self.about == self.team:
            raise SessionError(f"team {self.team!r} cannot run a check about itself; "
                               f"leave out --about for its own health check")
        if self.closed_at is not None and self.closed_at < self.opened_at:
            raise SessionError(f"session {self.id} cannot close at {when(self.closed_at)}, "
                               f"before it opened at {when(self.opened_at)}")

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def series(self) -> SeriesKey:
        return SeriesKey(self.team, self.template, self.about)

    def check_open(self) -> None:
        """Raise :class:`SessionError` when the session is closed (its votes are frozen)."""
        if self.closed_at is not None:
            raise SessionError(f"session {self.id} was closed at {when(self.closed_at)}; "
                               f"its votes are frozen")

    def close(self, at: int) -> Session:
        """This session closed at ``at``; refuses a second close and a close before opening."""
        self.check_open()
        return replace(self, closed_at=at)

    def sort_key(self) -> tuple[int, int]:
        """Chronological order: by opening instant, then by id."""
        return (self.opened_at, self.id)


def previous_session(session: Session, sessions: Iterable[Session]) -> Session | None:
    """The latest *closed* session of the same series that opened before ``session``.

    Sessions still open (an abandoned run, or one in progress) are never a baseline.
    """
    earlier = [s for s in sessions
               if s.series == session.series and s.is_closed and s.sort_key() < session.sort_key()]
    return max(earlier, key=Session.sort_key, default=None)


def latest_closed(sessions: Iterable[Session], template: str | None = None) -> dict[SeriesKey, Session]:
    """The latest closed session of every series (of one template, when given)."""
    latest: dict[SeriesKey, Session] = {}
    for session in sessions:
        if not session.is_closed or (template is not None and session.template != template):
            continue
        known = latest.get(session.series)
        if known is None or known.sort_key() < session.sort_key():
            latest[session.series] = session
    return dict(sorted(latest.items(), key=lambda item: (item[0].team, item[0].template,
                                                          item[0].about or "")))
