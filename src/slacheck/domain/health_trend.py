"""A team's health over time: one value per session, and a sparkline to draw it in a terminal.

:func:`trend_series` takes the results of one *series* (one team, one template, one subject;
see :class:`~slacheck.domain.health_votes.SeriesKey`) and yields a :class:`TrendPoint` per
session in chronological order.  The value of a point is a card's ``score`` -- the mean colour
value (green 1.0, amber 0.5, red 0.0) on the traffic-light scale, the mean score (1 to 5) on
the likert-5 scale -- or, without a card, the session's ``score`` (the mean over its shown
cards).  A card hidden for anonymity has no value: a gap in the line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Sequence

from .health_results import SessionResult
from .health_votes import SCALE_RANGES, HealthError, SeriesKey

#: The eight block characters of a sparkline, lowest first.
BLOCKS = "▁▂▃▄▅▆▇█"
#: What a sparkline shows for a session without a value.
GAP = " "


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One session on a trend line.

    ``value`` is the card's (or the session's) score, ``None`` when hidden or without votes;
    ``colour`` the card's majority colour (traffic-light, one card only); ``votes`` the votes
    on the card, or the session's participants.
    """

    session: int
    at: int  # the session's opening instant
    value: float | None
    votes: int
    colour: str | None = None


def group_by_series(results: Iterable[SessionResult]) -> dict[SeriesKey, list[SessionResult]]:
    """Results grouped by series, each group in chronological order, groups sorted by team,
    template and subject."""
    groups: dict[SeriesKey, list[SessionResult]] = {}
    for result in results:
        groups.setdefault(result.session.series, []).append(result)
    for group in groups.values():
        group.sort(key=lambda r: r.session.sort_key())
    return dict(sorted(groups.items(), key=lambda item: (item[0].team, item[0].template,
                                                          item[0].about or "")))


def trend_series(
    results: Iterable[SessionResult],
    card: str | None = None,
    *,
    include_open: bool = False,
) -> tuple[TrendPoint, ...]:
    """A point per session of one series, oldest first, for ``card`` or for whole sessions.

    Sessions still open are left out unless ``include_open``: their figures may still move.
    Raises :class:`HealthError` when the results mix series (their values would not be
    comparable) or when ``card`` is not a card of the template.
    """
    chosen = sorted((r for r in results if include_open or r.session.is_closed),
                    key=lambda r: r.session.sort_key())
    series = {r.session.series for r in chosen}
    if len(series) > 1:
        names = ", ".join(sorted(f"{s.team}/{s.template}" + (f" about {s.about}" if s.about else "")
                                 for s in series))
        raise HealthError(f"a trend line needs one team, template and subject, not several: {names}")
    points = []
    for result in chosen:
        if card is None:
            points.append(TrendPoint(result.session.id, result.session.opened_at, result.score,
                                     result.participants))
            continue
        try:
            one = result.card(card)
        except KeyError:
            raise HealthError(f"unknown card {card!r} in template {result.template.id!r}") from None
        points.append(TrendPoint(result.session.id, result.session.opened_at, one.score,
                                 one.votes, one.majority))
    return tuple(points)


def sparkline(values: Iterable[float | None], lo: float | None = None, hi: float | None = None) -> str:
    """One block character per value, ``▁`` (lowest) to ``█`` (highest); a blank for ``None``.

    ``lo`` and ``hi`` fix the range (give the scale's range, :data:`SCALE_RANGES`, so that a
    green line sits high whatever its neighbours); missing bounds come from the values.  The
    range is cut into eight equal bins; values outside it are clamped.  When the range is empty
    (all values equal, no bounds given) every value is drawn as ``▄``.  NaN counts as a gap.
    """
    items: list[float | None] = [None if v is None or math.isnan(v) else float(v) for v in values]
    present = [v for v in items if v is not None]
    if not present:
        return GAP * len(items)
    low = min(present) if lo is None else lo
    high = max(present) if hi is None else hi
    out = []
    for value in items:
        if value is None:
            out.append(GAP)
        elif high <= low:
            out.append(BLOCKS[3])
        else:
            index = math.floor((value - low) / (high - low) * len(BLOCKS))
            out.append(BLOCKS[min(max(index, 0), len(BLOCKS) - 1)])
    return "".join(out)


def trend_sparkline(points: Sequence[TrendPoint], scale: str) -> str:
    """The sparkline of a trend line on its scale's full range."""
    lo, hi = SCALE_RANGES[scale]
    return sparkline([p.value for p in points], lo, hi)
