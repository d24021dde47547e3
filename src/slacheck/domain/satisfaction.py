"""Internal-customer satisfaction: ratings aggregated, the watermelon check, the two-sided view.

* :func:`summarize_ratings` / :func:`satisfaction_figures` -- per-interaction ratings (1 to 5,
  with an optional comment) per agreement, service and provider: count, mean, distribution,
  share of 4-5, the lowest-rated interactions with their comments, and the mean rating of
  breached against met interactions.
* :func:`watermelon_check` -- an agreement green on compliance while its customers are unhappy
  ("green outside, red inside"), or the reverse.
* :func:`two_sided` -- a provider team's self-assessment beside what its customers say.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from numbers import Real
from typing import Callable, Collection, Hashable, Iterable, Sequence

from ..errors import RuleViolation
from .evaluation import BREACHED, MET, OPEN, STATES
from .health_results import SessionResult
from .health_votes import LIKERT_5, SCALE_RANGES

#: The rating scale.
RATINGS = (1, 2, 3, 4, 5)
#: Ratings that count as satisfied.
SATISFIED = (4, 5)
#: Default number of lowest-rated interactions kept, and the highest rating among them.
LOWEST = 5
LOWEST_AT_MOST = 3

#: Watermelon defaults: a customer figure below ``POOR_BELOW`` is poor, one at or above
#: ``GOOD_FROM`` is good; a mean rating needs ``MIN_RATINGS`` ratings to count.
POOR_BELOW = 3.0
GOOD_FROM = 4.0
MIN_RATINGS = 3

GREEN_OUTSIDE = "green-outside-red-inside"
RED_OUTSIDE = "red-outside-green-inside"

#: Two-sided view: a self-assessment this far (on 0..1) from the customers' view is a gap.
PERCEPTION_GAP = 0.25
SELF_HIGHER = "self-higher"
SELF_LOWER = "self-lower"

_EPSILON = 1e-9


class InvalidRating(RuleViolation, ValueError):
    """A rating outside 1 to 5, or an interaction state that does not exist."""

    title = "Invalid rating"


@dataclass(frozen=True, slots=True)
class Rating:
    """One rated interaction.  The field order is the tuple order the store hands over:
    ``(rating, comment, state, interaction, title, agreement, service, provider)``; ``state``
    is the interaction's evaluation state (met / breached / open)."""

    rating: int
    comment: str
    state: str
    interaction: int
    title: str
    agreement: str
    service: str
    provider: str

    def __post_init__(self) -> None:
        if isinstance(self.rating, bool) or not isinstance(self.rating, int) or self.rating not in RATINGS:
            raise InvalidRating(f"interaction {self.interaction}: rating {self.rating!r} is not "
                                f"a whole number from 1 to 5")
        if self.state not in STATES:
            raise InvalidRating(f"interaction {self.interaction}: state {self.state!r} is not "
                                f"one of {', '.join(STATES)}")
        if self.comment is None:
            object.__setattr__(self, "comment", "")


def as_ratings(rows: Iterable[Rating | Sequence]) -> tuple[Rating, ...]:
    """Ratings from :class:`Rating` objects or plain tuples in :class:`Rating`'s field order."""
    return tuple(row if isinstance(row, Rating) else Rating(*row) for row in rows)


@dataclass(frozen=True, slots=True)
class RatingSummary:
    """Ratings of one group of interactions.

    ``mean`` and ``satisfied_share`` (share of 4-5) are ``None`` without ratings.
    ``distribution`` counts every rating 1 to 5 (zeros included).  ``lowest`` holds the
    lowest-rated interactions (see :func:`summarize_ratings`).  ``met_mean`` /
    ``breached_mean`` are the mean ratings of met and of breached interactions (open ones are
    in neither); ``gap`` is ``met_mean - breached_mean``: how much a breach costs in
    satisfaction (``None`` unless both exist).
    """

    count: int
    mean: float | None
    distribution: dict[int, int]
    satisfied: int
    satisfied_share: float | None
    lowest: tuple[Rating, ...]
    met_count: int
    met_mean: float | None
    breached_count: int
    breached_mean: float | None
    open_count: int
    gap: float | None


def _mean(values: Sequence[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def summarize_ratings(
    ratings: Iterable[Rating | Sequence],
    *,
    lowest: int = LOWEST,
    lowest_at_most: int = LOWEST_AT_MOST,
) -> RatingSummary:
    """Count, mean, distribution, share of 4-5, breached against met, and the lowest ratings.

    ``lowest`` keeps up to that many interactions rated ``lowest_at_most`` or below (a list of
    complaints, not a list of the least glowing praise), lowest rating first; among equal
    ratings those with a comment come first, then the newest (highest interaction id).
    Means are exact fractions turned into floats once.
    """
    items = as_ratings(ratings)
    values = [r.rating for r in items]
    counts = Counter(values)
    satisfied = sum(counts[v] for v in SATISFIED)
    met = [r.rating for r in items if r.state == MET]
    breached = [r.rating for r in items if r.state == BREACHED]
    met_mean, breached_mean = _mean(met), _mean(breached)
    gap = met_mean - breached_mean if met_mean is not None and breached_mean is not None else None
    complaints = sorted((r for r in items if r.rating <= lowest_at_most),
                        key=lambda r: (r.rating, not r.comment, -r.interaction))
    return RatingSummary(
        count=len(items),
        mean=_float(_mean(values)),
        distribution={v: counts[v] for v in RATINGS},
        satisfied=satisfied,
        satisfied_share=satisfied / len(items) if items else None,
        lowest=tuple(complaints[:max(lowest, 0)]),
        met_count=len(met),
        met_mean=_float(met_mean),
        breached_count=len(breached),
        breached_mean=_float(breached_mean),
        open_count=sum(1 for r in items if r.state == OPEN),
        gap=_float(gap),
    )


@dataclass(frozen=True, slots=True)
class SatisfactionFigures:
    """Rating summaries overall, per agreement, per service (``(agreement, service)``, since
    service ids are per agreement) and per provider team; keys sorted."""

    overall: RatingSummary
    agreements: dict[str, RatingSummary]
    services: dict[tuple[str, str], RatingSummary]
    providers: dict[str, RatingSummary]


def _grouped(items: Sequence[Rating], key: Callable[[Rating], Hashable], **options: int) -> dict:
    groups: dict = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return {k: summarize_ratings(groups[k], **options) for k in sorted(groups)}


def satisfaction_figures(
    ratings: Iterable[Rating | Sequence],
    *,
    lowest: int = LOWEST,
    lowest_at_most: int = LOWEST_AT_MOST,
) -> SatisfactionFigures:
    """Every rating summary the report and the dashboard show, in one pass over the ratings."""
    items = as_ratings(ratings)
    options = {"lowest": lowest, "lowest_at_most": lowest_at_most}
    return SatisfactionFigures(
        overall=summarize_ratings(items, **options),
        agreements=_grouped(items, lambda r: r.agreement, **options),
        services=_grouped(items, lambda r: (r.agreement, r.service), **options),
        providers=_grouped(items, lambda r: r.provider, **options),
    )


def _percent(value: float | Real, decimals: int | None = None) -> str:
    """A share as percent: as written (``95 %``) or with ``decimals`` (``94.4 %``)."""
    percent = round(float(value) * 100, 6)
    return f"{percent:g} %" if decimals is None else f"{percent:.{decimals}f} %"


def _compliance_text(value: float, objective: float) -> str:
    """Compliance with one decimal, or as many more (up to four) as it takes to tell it from the
    objective: 94.99 % misses a 95 % objective and must not read "95.0 %"."""
    for decimals in (1, 2, 3):
        if abs(value - objective) <= _EPSILON or round(value * 100, decimals) != round(objective * 100, decimals):
            return _percent(value, decimals)
    return _percent(value, 4)


def _one(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True, slots=True)
class WatermelonCheck:
    """The result of :func:`watermelon_check`: ``kind`` is :data:`GREEN_OUTSIDE`,
    :data:`RED_OUTSIDE` or ``None``; ``reason`` says why in one sentence, flagged or not."""

    kind: str | None
    reason: str
    compliance: float | None
    objective: float
    mean_rating: float | None
    ratings: int | None
    relationship_mean: float | None

    @property
    def flagged(self) -> bool:
        return self.kind is not None


def watermelon_check(
    compliance: float | Real | None,
    objective: float | Real,
    *,
    mean_rating: float | None = None,
    ratings: int | None = None,
    relationship_mean: float | None = None,
    poor_below: float = POOR_BELOW,
    good_from: float = GOOD_FROM,
    min_ratings: int = MIN_RATINGS,
    subject: str = "",
) -> WatermelonCheck:
    """Compare an agreement's compliance with what its customers say.

    The customers' view is the mean rating of the agreement's interactions (counted only with
    at least ``min_ratings`` ratings, when ``ratings`` says how many there are) and/or the mean
    of the latest relationship checks its consumers ran about the provider (1 to 5 both).

    * **green outside, red inside** (:data:`GREEN_OUTSIDE`): compliance meets the objective
      (at or above it) but any customer figure is *poor*: below ``poor_below`` (3.0, the
      middle of the scale: more unhappy than happy);
    * **red outside, green inside** (:data:`RED_OUTSIDE`): compliance misses the objective but
      every customer figure is *good*: ``good_from`` (4.0, "satisfied") or more -- the targets
      may measure something the customers do not care about.

    Nothing is flagged without a compliance figure or without any customer figure.  Floats are
    compared with a tolerance of 1e-9, so 19/20 as a float meets a 95 % objective.
    ``subject`` (an agreement id) starts the reason sentence.
    """
    compliance_value = None if compliance is None else float(compliance)
    objective_value = float(objective)
    lead = f"{subject}: " if subject else ""

    def check(kind: str | None, text: str) -> WatermelonCheck:
        return WatermelonCheck(kind, lead + text, compliance_value, objective_value, mean_rating,
                               ratings, relationship_mean)

    if compliance_value is None:
        return check(None, "no compliance figure (nothing met or breached), nothing to compare.")
    inside: list[tuple[str, float]] = []
    few = ratings is not None and ratings < min_ratings
    if mean_rating is not None and not few:
        counted = f" ({ratings} ratings)" if ratings is not None else ""
        inside.append((f"mean rating {_one(mean_rating)}{counted}", mean_rating))
    if relationship_mean is not None:
        inside.append((f"relationship check {_one(relationship_mean)}", relationship_mean))
    green = compliance_value >= objective_value - _EPSILON
    outside = (f"compliance {_compliance_text(compliance_value, objective_value)} "
               f"{'meets' if green else 'misses'} the {_percent(objective_value)} objective")
    if not inside:
        why = (f"only {ratings} rating{'s' if ratings != 1 else ''}, fewer than {min_ratings}"
               if few and mean_rating is not None else "no ratings or relationship check")
        return check(None, f"{outside}; no customer view to compare ({why}).")
    poor = [label for label, value in inside if value < poor_below]
    good = [label for label, value in inside if value >= good_from]
    listed = " and ".join(label for label, _ in inside)
    if green and poor:
        return check(GREEN_OUTSIDE, f"{outside}, but its customers are unhappy: "
                                    f"{' and '.join(poor)} below {_one(poor_below)}.")
    if not green and len(good) == len(inside):
        return check(RED_OUTSIDE, f"{outside}, yet its customers are happy: {listed} at "
                                  f"{_one(good_from)} or above; the targets may measure what "
                                  f"they do not care about.")
    if green:
        return check(None, f"{outside} and its customers agree ({listed}).")
    return check(None, f"{outside} and its customers are not clearly happy either ({listed}).")


def _normalized(value: float, scale: str = LIKERT_5) -> float:
    lo, hi = SCALE_RANGES[scale]
    return (value - lo) / (hi - lo)


def latest_customer_checks(provider: str, results: Iterable[SessionResult],
                           consumers: Collection[str] | None = None) -> tuple[SessionResult, ...]:
    """The latest closed likert-5 session each team ran *about* ``provider`` (only teams in
    ``consumers``, when given), sorted by team."""
    latest: dict[str, SessionResult] = {}
    for result in results:
        session = result.session
        if (session.about != provider or not session.is_closed or result.scale != LIKERT_5
                or (consumers is not None and session.team not in consumers)):
            continue
        known = latest.get(session.team)
        if known is None or known.session.sort_key() < session.sort_key():
            latest[session.team] = result
    return tuple(latest[team] for team in sorted(latest))


def relationship_mean(provider: str, results: Iterable[SessionResult],
                      consumers: Collection[str] | None = None) -> float | None:
    """The mean of the latest relationship-check scores about ``provider`` (1 to 5), each
    consumer team weighing the same whatever its size; ``None`` without one that shows a
    score.  Pass an agreement's consumers to get the figure for :func:`watermelon_check`."""
    scores = [r.score for r in latest_customer_checks(provider, results, consumers) if r.score is not None]
    return round(sum(scores) / len(scores), 9) if scores else None


@dataclass(frozen=True, slots=True)
class TwoSidedView:
    """A provider's self-assessment beside its customers' view, both on 0..1.

    ``self_score`` is the normalized score of the provider's latest closed own check (no
    ``about``); ``customer_score`` the mean of the normalized relationship mean and the
    normalized mean rating (whichever exist; the rating only with enough ratings).  ``gap`` is
    ``self_score - customer_score``; ``perception`` is :data:`SELF_HIGHER` or
    :data:`SELF_LOWER` when the gap reaches the threshold, else ``None``.
    """

    provider: str
    self_check: SessionResult | None
    customer_checks: tuple[SessionResult, ...]
    ratings: RatingSummary | None
    self_score: float | None
    customer_score: float | None
    gap: float | None
    perception: str | None
    reason: str


def two_sided(
    provider: str,
    results: Iterable[SessionResult],
    ratings: RatingSummary | None = None,
    *,
    self_template: str | None = None,
    gap_at: float = PERCEPTION_GAP,
    min_ratings: int = MIN_RATINGS,
) -> TwoSidedView:
    """What ``provider`` says about itself (its latest closed own check, of ``self_template``
    when given) beside what its customers say (their latest relationship checks about it and
    the ratings of its interactions)."""
    items = list(results)
    own = [r for r in items if r.session.team == provider and r.session.about is None
           and r.session.is_closed and (self_template is None or r.session.template == self_template)]
    self_check = max(own, key=lambda r: r.session.sort_key(), default=None)
    customers = latest_customer_checks(provider, items)
    self_score = self_check.normalized if self_check is not None else None
    parts: list[float] = []
    said: list[str] = []
    rel = relationship_mean(provider, items)
    if rel is not None:
        parts.append(_normalized(rel))
        said.append(f"relationship checks {_one(rel)} of 5")
    if ratings is not None and ratings.mean is not None and ratings.count >= min_ratings:
        parts.append(_normalized(ratings.mean))
        said.append(f"mean rating {_one(ratings.mean)} of 5 ({ratings.count} ratings)")
    customer_score = round(sum(parts) / len(parts), 9) if parts else None
    if self_score is None or customer_score is None:
        missing = "its own health check" if self_score is None else "a customer view"
        return TwoSidedView(provider, self_check, customers, ratings, self_score, customer_score,
                            None, None, f"{provider}: no comparison without {missing}.")
    gap = round(self_score - customer_score, 9)
    perception = SELF_HIGHER if gap >= gap_at - _EPSILON else SELF_LOWER if gap <= -gap_at + _EPSILON else None
    view = (f"{provider} rates itself {_percent(self_score, 0)} of the scale, its customers "
            f"{_percent(customer_score, 0)} ({', '.join(said)})")
    verdict = {SELF_HIGHER: "the team sees itself clearly better than its customers do",
               SELF_LOWER: "its customers see it clearly better than it sees itself",
               None: "the two views agree"}[perception]
    return TwoSidedView(provider, self_check, customers, ratings, self_score, customer_score,
                        gap, perception, f"{view}: {verdict}.")
