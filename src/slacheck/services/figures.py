"""The figures service: every number the report and the dashboard show, computed one way.

:func:`compute_figures` reads histories from a store, folds and evaluates each interaction
with :mod:`slacheck.domain.evaluation`, and returns a :class:`Figures` tree that the renderers
in :mod:`slacheck.report` and the TUI only display.  No SQL here and no presentation.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Protocol, Sequence

from ..domain.evaluation import OPEN, Evaluation, Tally, evaluate, summarize
from ..domain.events import Event, Interaction
from ..domain.model import Agreement, Catalog
from ..domain.timeline import fold
from ..domain.windows import Span, explicit_span, window_span
from ..errors import ConfigError, SlacheckError, UnjudgedError

RULES_RECORDED = "recorded"
RULES_CURRENT = "current"


class HistorySource(Protocol):
    """What the figures need from a store (``slacheck.store.Store`` provides it)."""

    def iter_histories(
        self,
        *,
        agreements: Sequence[str] | None = None,
        opened_from: int | None = None,
        opened_to: int | None = None,
        unresolved: bool = False,
    ) -> Iterator[tuple[Interaction, list[Event]]]: ...


@dataclass(frozen=True)
class ServiceFigures:
    id: str
    name: str
    tally: Tally


@dataclass(frozen=True)
class Burn:
    """Error budget consumed against the window elapsed, and when it runs out at this pace."""

    consumed: float | None  # share of the budget used; None when nothing is allowed or used
    window_elapsed: float  # share of the window's period elapsed (1.0 for rolling windows)
    rate: float | None  # consumed / window_elapsed: above 1 the budget runs out early
    exhausted_at: float | None  # projected instant the budget is gone, if within the period
    exhausted: bool  # already used up


@dataclass(frozen=True)
class AgreementFigures:
    agreement: Agreement
    span: Span
    tally: Tally
    services: tuple[ServiceFigures, ...]
    burn: Burn


@dataclass(frozen=True)
class EscalationItem:
    interaction: Interaction
    level: int
    to: str
    since: float  # instant the level was reached
    acknowledged: bool
    rule_count: int


@dataclass(frozen=True)
class AtRiskItem:
    evaluation: Evaluation
    clock: str
    deadline: float | None
    left: float  # working seconds left

    @property
    def imminent(self) -> bool:
        """At most a quarter of the target left (``Clock.at_risk``): what the risk counts show."""
        clock = self.evaluation.clock(self.clock)
        return clock is not None and clock.at_risk


@dataclass(frozen=True)
class Unjudged:
    """An interaction that could not be judged (a hand-edited database, data an older version
    wrote, rules that no longer load): left out of every figure, and named with the reason."""

    interaction: Interaction
    reason: str


@dataclass(frozen=True)
class Figures:
    as_of: int
    rules: str
    agreements: tuple[AgreementFigures, ...]
    escalations: tuple[EscalationItem, ...]
    at_risk: tuple[AtRiskItem, ...]
    evaluations: dict[int, Evaluation] = field(default_factory=dict, repr=False)
    window: tuple[int, int] | None = None  # the explicit --from/--to window, if one was given
    unjudged: tuple[Unjudged, ...] = ()  # by interaction number


def judge_reason(exc: Exception) -> str:
    """What to tell a user about why one interaction could not be evaluated."""
    text = str(exc).strip()
    if isinstance(exc, KeyError) and exc.args:
        text = f"unknown {exc.args[0]!r} in its agreement version"
    problems = getattr(exc, "problems", None)
    if isinstance(exc, ConfigError) and problems:
        listed = "; ".join(dict.fromkeys(p.message for p in problems))
        text = f"the agreement version it was opened under cannot be read: {listed}"
    return text or type(exc).__name__


@contextmanager
def judging(interaction: Interaction) -> Iterator[None]:
    """Around the evaluation of one interaction outside :func:`compute_figures` (``show``, an
    action on one request): any failure becomes an :class:`UnjudgedError` that names it."""
    try:
        yield
    except ConfigError as exc:  # its recorded agreement version no longer loads
        raise UnjudgedError(interaction.id, judge_reason(exc)) from None
    except SlacheckError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported with the interaction's number
        raise UnjudgedError(interaction.id, judge_reason(exc)) from None


def _burn(tally: Tally, span: Span) -> Burn:
    consumed = tally.consumed
    elapsed = span.elapsed_share
    exhausted = consumed is not None and consumed >= 1
    rate = None if consumed is None or elapsed <= 0 else consumed / elapsed
    exhausted_at = None
    if consumed is not None and 0 < consumed < float("inf") and not exhausted:
        projected = span.period_start + (span.end - span.period_start) / consumed
        if projected < span.period_end:
            exhausted_at = projected
    return Burn(consumed, elapsed, rate, exhausted_at, exhausted)


class Judge:
    """Evaluates interactions at ``as_of`` under one choice of rules: the one way every figure,
    verdict and escalation is judged.

    ``rules="recorded"`` judges each interaction by the agreement version recorded when it was
    opened (``resolve_version(hash)``, cached), ``"current"`` by today's files.  An interaction
    that cannot be judged is noted in ``failed`` with the reason and ``None`` is returned: one bad
    history never takes the others down.  With ``keep=False`` evaluations are not kept (a stream
    of a million verdicts stays flat in memory); otherwise ``evaluations`` holds them by id.
    """

    def __init__(self, as_of: int, rules: str = RULES_RECORDED,
                 resolve_version: Callable[[str], Agreement | None] | None = None, *,
                 keep: bool = True) -> None:
        self.as_of = as_of
        self.rules = rules
        self.resolve_version = resolve_version
        self.keep = keep
        self.evaluations: dict[int, Evaluation] = {}
        self.failed: dict[int, Unjudged] = {}
        self._versions: dict[str, Agreement] = {}

    def rules_for(self, interaction: Interaction, current: Agreement) -> Agreement:
        """The agreement ``interaction`` is judged by (``current``: today's version)."""
        if self.rules == RULES_CURRENT or self.resolve_version is None or not interaction.version:
            return current
        key = interaction.version
        found = self._versions.get(key)
        if found is None:
            found = self._versions[key] = self.resolve_version(key) or current
        return found

    def __call__(self, interaction: Interaction, events: list[Event],
                 current: Agreement) -> Evaluation | None:
        found = self.evaluations.get(interaction.id)
        if found is None and interaction.id not in self.failed:
            try:
                timeline = fold(interaction, events, until=self.as_of)
                found = evaluate(self.rules_for(interaction, current), timeline, self.as_of)
            except Exception as exc:  # noqa: BLE001 - any failure of one history is reported
                self.failed[interaction.id] = Unjudged(interaction, judge_reason(exc))
            else:
                if self.keep:
                    self.evaluations[interaction.id] = found
        return found


def select_agreements(catalog: Catalog, ids: Iterable[str] = (), team: str | None = None) -> list[Agreement]:
    """Agreements by id (all when none given), optionally those a team provides or consumes.

    Raises ``KeyError`` naming an unknown agreement id.
    """
    wanted = list(ids)
    for agreement_id in wanted:
        if agreement_id not in catalog.agreements:
            raise KeyError(agreement_id)
    chosen = [catalog.agreements[i] for i in wanted] if wanted else list(catalog.agreements.values())
    if team:
        chosen = [a for a in chosen if a.provider == team or team in a.consumers]
    return sorted(chosen, key=lambda a: a.id)


@contextmanager
def _few_collections():
    """Evaluating many histories allocates millions of small acyclic objects; the cyclic
    collector would scan them again and again for nothing.  Raise its thresholds meanwhile."""
    saved = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def compute_figures(
    catalog: Catalog,
    store: HistorySource,
    as_of: int,
    *,
    agreements: list[Agreement] | None = None,
    window: tuple[int, int] | None = None,
    rules: str = RULES_RECORDED,
    resolve_version: Callable[[str], Agreement | None] | None = None,
    at_risk_limit: int | None = None,
    open_only: bool = False,
) -> Figures:
    """Evaluate every selected agreement over its window at ``as_of``.

    ``window`` is an explicit ``[from, to)`` for all agreements (``--from/--to``); otherwise each
    agreement's own window ending at ``as_of``.  With ``rules="recorded"`` each interaction is
    judged by the agreement version recorded when it was opened (``resolve_version(hash)``);
    with ``"current"`` by today's files.  ``open_only`` skips the windows' tallies: only the
    unresolved interactions are judged (escalations and at-risk requests).

    An interaction that cannot be judged is left out of every figure and listed in
    ``Figures.unjudged`` with the reason; the others are judged as usual.
    """
    with _few_collections():
        return _compute(catalog, store, as_of, agreements, window, rules, resolve_version,
                        at_risk_limit, open_only)


def _compute(catalog, store, as_of, agreements, window, rules, resolve_version, at_risk_limit,
             open_only) -> Figures:
    chosen = agreements if agreements is not None else select_agreements(catalog)
    tz = catalog.settings.timezone
    judge = Judge(as_of, rules, resolve_version)
    evaluations, failed, rules_for = judge.evaluations, judge.failed, judge.rules_for

    results: list[AgreementFigures] = []
    for agreement in () if open_only else chosen:
        span = explicit_span(*window) if window else window_span(agreement.window, as_of, tz)
        per_service: dict[str, list[str]] = {s.id: [] for s in agreement.services}
        opened_to = min(span.end, as_of + 1)
        for interaction, events in store.iter_histories(agreements=[agreement.id], opened_from=span.start, opened_to=opened_to):
            if interaction.opened_at > as_of:
                continue
            evaluation = judge(interaction, events, agreement)
            if evaluation is not None:
                per_service.setdefault(interaction.service, []).append(evaluation.state)
        all_states = [state for states in per_service.values() for state in states]
        tally = summarize(all_states, agreement.objective)
        services = tuple(
            ServiceFigures(s.id, s.name, summarize(per_service[s.id], agreement.objective))
            for s in agreement.services
        )
        results.append(AgreementFigures(agreement, span, tally, services, _burn(tally, span)))

    escalations: list[EscalationItem] = []
    at_risk: list[AtRiskItem] = []
    by_id = {a.id: a for a in chosen}
    for interaction, events in store.iter_histories(agreements=list(by_id), opened_to=as_of + 1, unresolved=True):
        evaluation = judge(interaction, events, by_id[interaction.agreement])
        if evaluation is None or evaluation.resolved:
            continue
        if evaluation.crossings:
            top = evaluation.crossings[-1]
            rules_used = rules_for(interaction, by_id[interaction.agreement])
            escalations.append(EscalationItem(interaction, top.level, top.to, top.at,
                                              top.level in evaluation.acknowledged, len(rules_used.escalations)))
        nxt = evaluation.next_deadline
        if evaluation.state == OPEN and nxt is not None:
            at_risk.append(AtRiskItem(evaluation, nxt.name, nxt.deadline, nxt.left))

    escalations.sort(key=lambda e: (-e.level, e.since, e.interaction.id))
    at_risk.sort(key=lambda r: (r.deadline is None, r.deadline or 0, r.left, r.evaluation.interaction.id))
    if at_risk_limit is not None:
        at_risk = at_risk[:at_risk_limit]
    unjudged = tuple(failed[number] for number in sorted(failed))
    return Figures(as_of, rules, tuple(results), tuple(escalations), tuple(at_risk), evaluations,
                   window, unjudged)
