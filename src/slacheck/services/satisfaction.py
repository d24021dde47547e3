"""Internal-customer satisfaction read off the figures: ratings, target figures, watermelons.

Nothing here judges an interaction a second time.  :func:`window_facts` walks the same
interactions :func:`~slacheck.services.figures.compute_figures` counted -- each agreement's
window, opened up to the evaluation instant -- and takes each one's met / breached / open state
from ``figures.evaluations``; from the histories it reads only what the evaluation does not
keep: the latest rating (with its comment) given by the instant, and whether an escalation was
recorded.  The domain (:mod:`slacheck.domain.satisfaction`) aggregates them.

:class:`TargetFigures` computes the figures at other instants -- when an action item was agreed,
when the next session opened -- for target progress and the evidence shown before voting.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from ..domain.evaluation import BREACHED, MET, Evaluation
from ..domain.health import METRICS, ActionItem, SessionResult
from ..domain.model import Agreement
from ..domain.satisfaction import (
    Rating,
    RatingSummary,
    SatisfactionFigures,
    WatermelonCheck,
    relationship_mean,
    satisfaction_figures,
    summarize_ratings,
    watermelon_check,
)
from .figures import RULES_RECORDED, Figures, compute_figures
from .session import Session

#: The clock each share metric of a target looks at.
_CLOCKS = {"resolution": "resolution", "first-response": "first_response"}


@dataclass(frozen=True, slots=True)
class WindowFacts:
    """What the histories of the figures' windows add to the evaluations.

    ``ratings`` holds one :class:`Rating` per rated interaction (its latest rating by the
    evaluation instant, with the state the figures gave it); ``escalated`` the interactions
    that reached an escalation level by then (recorded as an event, or crossing one now).
    """

    ratings: tuple[Rating, ...]
    escalated: frozenset[int]


def _window(figures: Figures, agreement_ids: Collection[str] | None = None) -> Iterator[tuple[str, int, int]]:
    for fig in figures.agreements:
        if agreement_ids is None or fig.agreement.id in agreement_ids:
            yield fig.agreement.id, fig.span.start, min(fig.span.end, figures.as_of + 1)


def window_facts(figures: Figures) -> WindowFacts:
    """Ratings and escalations of the interactions each agreement's figures counted.

    Everything comes from the figures' own evaluations (each carries its rating and recorded
    escalation level as of the evaluation instant): no second read of the histories."""
    providers = {fig.agreement.id: fig.agreement.provider for fig in figures.agreements}
    ratings: list[Rating] = []
    escalated: set[int] = set()
    for evaluation in sorted(window_evaluations(figures, providers),
                             key=lambda e: (e.interaction.agreement, e.interaction.opened_at, e.interaction.id)):
        interaction = evaluation.interaction
        if evaluation.crossings or evaluation.recorded_level:
            escalated.add(interaction.id)
        if evaluation.rating is not None:
            ratings.append(Rating(evaluation.rating, evaluation.rating_comment, evaluation.state,
                                  interaction.id, interaction.title, interaction.agreement,
                                  interaction.service, providers[interaction.agreement]))
    return WindowFacts(tuple(ratings), frozenset(escalated))


def satisfaction(facts: WindowFacts) -> SatisfactionFigures:
    """Rating summaries overall, per agreement, service and provider."""
    return satisfaction_figures(facts.ratings)


def window_evaluations(figures: Figures, agreement_ids: Collection[str]) -> list[Evaluation]:
    """The evaluations the figures counted for these agreements (their windows only; not the
    older unresolved interactions judged for the escalation list)."""
    spans = {aid: (start, end) for aid, start, end in _window(figures, agreement_ids)}
    chosen = []
    for evaluation in figures.evaluations.values():
        span = spans.get(evaluation.interaction.agreement)
        if span is not None and span[0] <= evaluation.interaction.opened_at < span[1]:
            chosen.append(evaluation)
    return chosen


def _share(met: int, breached: int) -> float | None:
    return met / (met + breached) if met + breached else None


def metric_value(metric: str, figures: Figures, facts: WindowFacts,
                 agreement_ids: Collection[str]) -> float | None:
    """The figure a target's ``metric`` names, over ``agreement_ids`` together (each in its
    own window of ``figures``): a share, a mean rating or a count; ``None`` when nothing counts
    (a count is never ``None`` for agreements in the figures)."""
    if metric not in METRICS:
        raise KeyError(metric)
    chosen = [fig for fig in figures.agreements if fig.agreement.id in agreement_ids]
    if not chosen:
        return None
    if metric == "compliance":
        return _share(sum(f.tally.met for f in chosen), sum(f.tally.breached for f in chosen))
    if metric == "breaches":
        return float(sum(f.tally.breached for f in chosen))
    evaluations = window_evaluations(figures, agreement_ids)
    if metric in _CLOCKS:
        states = [clock.state for e in evaluations
                  if (clock := e.clock(_CLOCKS[metric])) is not None]
        return _share(states.count(MET), states.count(BREACHED))
    if metric == "escalations":
        return float(sum(1 for e in evaluations if e.interaction.id in facts.escalated))
    summary = summarize_ratings(r for r in facts.ratings if r.agreement in agreement_ids)
    return summary.satisfied_share if metric == "satisfied" else summary.mean


@dataclass(frozen=True, slots=True)
class AgreementCheck:
    """The watermelon check of one agreement."""

    agreement: str
    provider: str
    check: WatermelonCheck


def watermelon_checks(figures: Figures, summaries: SatisfactionFigures,
                      results: Iterable[SessionResult]) -> tuple[AgreementCheck, ...]:
    """Every agreement of the figures against what its customers say: the mean rating of its
    window, and the latest relationship checks its consumers ran about its provider."""
    items = list(results)
    checks = []
    for fig in figures.agreements:
        agreement = fig.agreement
        ratings: RatingSummary | None = summaries.agreements.get(agreement.id)
        check = watermelon_check(
            fig.tally.compliance, agreement.objective,
            mean_rating=ratings.mean if ratings else None,
            ratings=ratings.count if ratings else None,
            relationship_mean=relationship_mean(agreement.provider, items, agreement.consumers),
            subject=agreement.id,
        )
        checks.append(AgreementCheck(agreement.id, agreement.provider, check))
    return tuple(checks)


class TargetFigures:
    """Figures at instants for action items' targets and the evidence before a session, each
    computed once (per instant and agreements) by the one evaluation path."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._cache: dict[tuple[int, tuple[str, ...]], tuple[Figures, WindowFacts]] = {}
        self._base: Figures | None = None

    def seed(self, figures: Figures) -> None:
        """Reuse figures already computed (the report's) for targets at their instant: each
        agreement's figures over its own window do not depend on the other agreements."""
        if figures.window is None and figures.rules == RULES_RECORDED:
            self._base = figures

    def _from_base(self, at: int, ids: tuple[str, ...]) -> Figures | None:
        base = self._base
        if base is None or base.as_of != at:
            return None
        chosen = tuple(f for f in base.agreements if f.agreement.id in ids)
        if len(chosen) != len(ids):
            return None
        return replace(base, agreements=chosen)

    def figures(self, at: int, agreements: Sequence[Agreement]) -> tuple[Figures, WindowFacts]:
        key = (at, tuple(sorted(a.id for a in agreements)))
        derived = None if key in self._cache else self._from_base(at, key[1])
        if derived is not None:
            self._cache[key] = (derived, window_facts(derived))
        if key not in self._cache:
            figures = compute_figures(self.session.catalog, self.session.store, at,
                                      agreements=sorted(agreements, key=lambda a: a.id),
                                      resolve_version=self.session.resolve_version)
            self._cache[key] = (figures, window_facts(figures))
        return self._cache[key]

    def agreements_for(self, action: ActionItem, subject: str | None) -> list[Agreement]:
        """The action's agreement, else every agreement the session's subject team provides."""
        agreements = self.session.catalog.agreements
        if action.agreement is not None:
            return [agreements[action.agreement]] if action.agreement in agreements else []
        return [a for a in agreements.values() if subject is not None and a.provider == subject]

    def value(self, metric: str, agreements: Sequence[Agreement], at: int) -> float | None:
        if not agreements:
            return None
        figures, facts = self.figures(at, agreements)
        return metric_value(metric, figures, facts, {a.id for a in agreements})
