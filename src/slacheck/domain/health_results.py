"""Results of a health-check session: per card, what the group said, shown without exposing anyone.

:func:`summarize_session` turns a session's anonymous votes into one :class:`CardResult` per
card of the template:

* ``votes`` -- how many participants voted on the card; always shown.
* ``distribution`` -- votes per colour (green, amber, red) or per score (1 to 5), every value
  present (zeros included), in that order.
* ``majority`` (traffic-light) -- the colour with the most votes; a tie goes to the *worse*
  colour (see :func:`majority_colour`).  ``mean`` (likert-5) -- the mean score.
* ``score`` -- one number per card on the scale's own range: the mean colour value
  (green 1.0, amber 0.5, red 0.0) or the mean score (1 to 5); ``normalized`` maps it to 0..1.
* ``trends`` / ``trend`` (traffic-light) -- the group's trend votes per trend, and the trend
  with the most votes (ties to the worse trend).
* ``split`` -- the votes split widely: the conversation to have (see :func:`is_split`).
* ``change`` -- against the previous closed session of the same team, template and subject.

**Anonymity.**  Below ``min_votes`` votes on a card (workspace setting ``[health] min_votes``,
default 3) every figure that is derived from the votes is hidden (``None``; ``split`` is
``False``) and ``hidden`` is ``True``; only the count of votes is shown.  Hiding the distribution
alone would not do: with two votes, a majority colour, a mean or a split flag tells each voter
exactly what the other one voted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Iterable, Sequence

from .health_votes import (
    AMBER,
    COLOURS,
    GREEN,
    RED,
    SAME,
    SCALE_RANGES,
    SCORES,
    TRAFFIC_LIGHT,
    TRENDS,
    HealthError,
    Session,
    Vote,
    check_scale,
    check_vote,
)
from .model import HealthTemplate

#: Default number of votes a card needs before its figures are shown.
MIN_VOTES = 3

#: A likert-5 card is split when the population standard deviation of its scores reaches this.
LIKERT_SPLIT_STDEV = Fraction(6, 5)

#: A likert-5 mean that moves by less than this (either way) is "same" against the previous one.
LIKERT_SAME_WITHIN = Fraction(1, 10)

BETTER = "better"
WORSE = "worse"
# "same" is shared with the trend vocabulary: health_votes.SAME

#: Arrows for trends and changes.
ARROWS = {"up": "↑", BETTER: "↑", SAME: "→", "down": "↓", WORSE: "↓"}

# Colour points as whole numbers (green 2, amber 1, red 0): exact sums, halved for the 0..1 score.
_POINTS = {GREEN: 2, AMBER: 1, RED: 0}
_NOISE = 9  # decimals kept in differences of two floats: removes binary noise, nothing else


def majority_colour(counts: dict[str, int]) -> str | None:
    """The colour with the most votes; ``None`` without votes.

    A tie goes to the worse colour (green/amber -> amber, amber/red -> red, all three -> red).
    A health check exists to find what needs attention: when as many people see a problem as
    do not, showing the rosier colour would hide exactly the thing the session is for.
    """
    if not any(counts.get(colour, 0) for colour in COLOURS):
        return None
    return max(COLOURS, key=lambda colour: (counts.get(colour, 0), COLOURS.index(colour)))


def prevailing_trend(counts: dict[str, int]) -> str | None:
    """The trend with the most votes; ties go to the worse trend (as for colours); ``None``
    when nobody gave a trend."""
    if not any(counts.get(trend, 0) for trend in TRENDS):
        return None
    return max(TRENDS, key=lambda trend: (counts.get(trend, 0), TRENDS.index(trend)))


def _variance(values: Sequence[int]) -> Fraction:
    """Population variance, exactly."""
    mean = Fraction(sum(values), len(values))
    return sum(((value - mean) ** 2 for value in values), Fraction(0)) / len(values)


def is_split(scale: str, values: Sequence[str] | Sequence[int]) -> bool:
    """Whether the votes on one card split widely.

    * traffic-light (``values`` are colours): at least two votes, and either both green and red
      were voted, or at least three votes and no colour has more than half of them
      (2 green + 2 amber is split; 2 green + 1 amber is not);
    * likert-5 (``values`` are scores): the population standard deviation of the scores is at
      least 1.2 (:data:`LIKERT_SPLIT_STDEV`), compared exactly.  ``[1, 3, 5]`` (1.63) and
      ``[1, 1, 4, 4]`` (1.5) are split; ``[2, 2, 4, 4]`` (1.0) and ``[5] * 9 + [2]`` (0.9) are
      not.  The standard deviation counts how many people sit far from the rest: one outlier in
      a large group is not a split, two camps are.  (A range rule such as "max - min >= 3"
      would flag every single dissenter.)
    """
    if len(values) < 2:
        return False
    if scale == TRAFFIC_LIGHT:
        counts = Counter(values)
        if counts[GREEN] and counts[RED]:
            return True
        return len(values) >= 3 and max(counts.values()) * 2 <= len(values)
    return _variance([int(v) for v in values]) >= LIKERT_SPLIT_STDEV ** 2


@dataclass(frozen=True, slots=True)
class CardChange:
    """A card against the same card in the previous session of the series.

    ``direction`` is ``better``, ``worse`` or ``same``: on the traffic-light scale from the
    majority colours; on the likert-5 scale from the means, "same" when they differ by less
    than 0.1 (:data:`LIKERT_SAME_WITHIN`).  ``delta`` is the change of ``score`` (mean colour
    value 0..1, or mean score 1..5).  ``previous`` is the previous majority colour or mean.
    """

    previous_session: int
    direction: str
    previous: str | float
    delta: float

    @property
    def arrow(self) -> str:
        return ARROWS[self.direction]


@dataclass(frozen=True, slots=True)
class CardResult:
    """What the group said about one card (see the module docstring for every field)."""

    card: str
    title: str
    scale: str
    votes: int
    hidden: bool
    distribution: dict[str, int] | dict[int, int] | None
    majority: str | None
    mean: float | None
    score: float | None
    spread: float | None  # population standard deviation of the card's scores
    trends: dict[str, int] | None
    trend: str | None
    split: bool
    comments: tuple[str, ...] | None  # sorted, so they cannot be matched to votes by order
    change: CardChange | None = None

    @property
    def normalized(self) -> float | None:
        """``score`` mapped onto 0..1 (red/1 at 0, green/5 at 1)."""
        if self.score is None:
            return None
        lo, hi = SCALE_RANGES[self.scale]
        return (self.score - lo) / (hi - lo)

    @property
    def value(self) -> str | float | None:
        """What a cell shows: the majority colour or the mean score."""
        return self.majority if self.scale == TRAFFIC_LIGHT else self.mean


def _card_result(template: HealthTemplate, card_id: str, title: str, votes: list[Vote],
                 min_votes: int) -> CardResult:
    scale = template.scale
    count = len(votes)
    if count < min_votes:
        return CardResult(card_id, title, scale, count, count < min_votes, None, None, None,
                          None, None, None, None, False, None)
    comments = tuple(sorted(v.comment.strip() for v in votes if v.comment.strip()))
    if scale == TRAFFIC_LIGHT:
        colours = [v.colour for v in votes]
        counts = Counter(colours)
        distribution = {colour: counts[colour] for colour in COLOURS}
        trend_counts = Counter(v.trend for v in votes if v.trend)
        trends = {trend: trend_counts[trend] for trend in TRENDS}
        points = [_POINTS[c] for c in colours]
        return CardResult(
            card_id, title, scale, count, False, distribution, majority_colour(distribution),
            None, float(Fraction(sum(points), 2 * count)),
            float(_variance(points) / 4) ** 0.5, trends, prevailing_trend(trends),
            is_split(scale, colours), comments,
        )
    scores = [int(v.score) for v in votes]  # type: ignore[arg-type]  # checked likert votes
    counts = Counter(scores)
    mean = float(Fraction(sum(scores), count))
    return CardResult(
        card_id, title, scale, count, False, {s: counts[s] for s in SCORES}, None, mean, mean,
        float(_variance(scores)) ** 0.5, None, None, is_split(scale, scores), comments,
    )


def compare_cards(current: CardResult, previous: CardResult, previous_session: int) -> CardChange | None:
    """The change of a card against its previous result; ``None`` when either is hidden or
    has no votes (nothing to compare without revealing votes)."""
    if current.score is None or previous.score is None:
        return None
    delta = round(current.score - previous.score, _NOISE)
    if current.scale == TRAFFIC_LIGHT:
        assert current.majority is not None and previous.majority is not None
        now, then = COLOURS.index(current.majority), COLOURS.index(previous.majority)
        direction = SAME if now == then else BETTER if now < then else WORSE
        return CardChange(previous_session, direction, previous.majority, delta)
    assert current.mean is not None and previous.mean is not None
    if abs(delta) < LIKERT_SAME_WITHIN:  # delta is free of float noise, so 0.1 is 0.1
        direction = SAME
    else:
        direction = BETTER if delta > 0 else WORSE
    return CardChange(previous_session, direction, previous.mean, delta)


@dataclass(frozen=True, slots=True)
class SessionResult:
    """A session's results: one :class:`CardResult` per card, in the template's order.

    ``participants`` is the number of votes on the most-voted card (votes carry no names, so
    that is how many people took part at least).  ``previous`` is the id of the session the
    cards were compared with, if any.
    """

    session: Session
    template: HealthTemplate
    cards: tuple[CardResult, ...]
    participants: int
    min_votes: int
    previous: int | None = None

    @property
    def scale(self) -> str:
        return self.template.scale

    def card(self, card_id: str) -> CardResult:
        for card in self.cards:
            if card.card == card_id:
                return card
        raise KeyError(card_id)

    @property
    def score(self) -> float | None:
        """The mean of the shown cards' scores (each card weighs the same); ``None`` when no
        card is shown."""
        shown = [card.score for card in self.cards if card.score is not None]
        return round(sum(shown) / len(shown), _NOISE) if shown else None

    @property
    def normalized(self) -> float | None:
        """``score`` mapped onto 0..1."""
        if self.score is None:
            return None
        lo, hi = SCALE_RANGES[self.scale]
        return (self.score - lo) / (hi - lo)

    @property
    def split_cards(self) -> tuple[str, ...]:
        """Ids of the cards whose votes split widely."""
        return tuple(card.card for card in self.cards if card.split)


def summarize_session(
    template: HealthTemplate,
    session: Session,
    votes: Iterable[Vote],
    *,
    previous: SessionResult | None = None,
    min_votes: int = MIN_VOTES,
) -> SessionResult:
    """Per-card results of ``session``; with ``previous`` (the result of the previous closed
    session of the same series, see :func:`~slacheck.domain.health_votes.previous_session`)
    every card also carries its change.

    Every vote is checked against the template (:class:`~slacheck.domain.health_votes.InvalidVote`
    for one that does not fit).  Raises :class:`HealthError` when the session is not of this
    template, when ``previous`` is of another series, or when ``min_votes`` is below 1.
    """
    check_scale(template)
    if session.template != template.id:
        raise HealthError(f"session {session.id} ran template {session.template!r}, "
                          f"not {template.id!r}")
    if min_votes < 1:
        raise HealthError(f"min_votes must be at least 1, not {min_votes}")
    if previous is not None and previous.session.series != session.series:
        raise HealthError(f"session {previous.session.id} is not of the same team, template "
                          f"and subject as session {session.id}")
    by_card: dict[str, list[Vote]] = {card.id: [] for card in template.cards}
    for vote in votes:
        by_card[check_vote(template, vote).card].append(vote)
    cards = []
    for card in template.cards:
        result = _card_result(template, card.id, card.title, by_card[card.id], min_votes)
        if previous is not None:
            try:
                before = previous.card(card.id)
            except KeyError:
                before = None
            if before is not None:
                change = compare_cards(result, before, previous.session.id)
                result = replace(result, change=change)
        cards.append(result)
    participants = max((len(v) for v in by_card.values()), default=0)
    return SessionResult(session, template, tuple(cards), participants, min_votes,
                         previous.session.id if previous is not None else None)

