"""Replay an agreement change on the logged history: what the new rules would have done.

:func:`replay` evaluates the same store twice through the one evaluation path,
:func:`~slacheck.services.figures.compute_figures` with ``rules="current"``: once under the old
catalog, once under the new one.  It reports, per agreement and per service, the compliance and
error budget old → new, and every interaction whose state flips (met → breached, breached → met,
open ↔ met / breached).

* Window: ``window=(from, to)`` is one explicit window for every agreement; without it each
  version uses its own agreement's window ending at ``as_of`` (so the old figures are the report
  of today and the new ones the report once the change is in).  Flips are looked for among the
  interactions counted on both sides (opened in both windows).
* An agreement only in the old catalog is reported as removed (old figures only), one only in
  the new catalog as added (new figures only); neither has flips.
* An interaction the other version cannot judge (its service was removed, or its priority no
  longer exists) is not evaluated on that side; it is listed in ``uncovered`` instead of
  breaking the evaluation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from ..domain.evaluation import BREACHED, MET, Evaluation, Tally
from ..domain.events import REPRIORITIZED, Event, Interaction
from ..domain.model import Agreement, Catalog
from ..domain.windows import Span
from .figures import RULES_CURRENT, AgreementFigures, Figures, HistorySource, compute_figures

OLD = "old"
NEW = "new"
COMPARED = "compared"
ADDED = "added"
REMOVED = "removed"


@dataclass(frozen=True)
class Flip:
    """An interaction judged differently under the old and the new rules."""

    interaction: Interaction
    old: Evaluation
    new: Evaluation

    @property
    def old_state(self) -> str:
        return self.old.state

    @property
    def new_state(self) -> str:
        return self.new.state

    @property
    def key(self) -> tuple[str, str]:
        """``(old_state, new_state)``, e.g. ``("met", "breached")``."""
        return self.old.state, self.new.state


@dataclass(frozen=True)
class Uncovered:
    """An interaction that one side's rules cannot judge: ``side`` is ``"old"`` or ``"new"``."""

    interaction: Interaction
    side: str
    reason: str


@dataclass(frozen=True)
class ServiceReplay:
    """One service's tally under each version; ``None`` where that version lacks the service."""

    id: str
    name: str
    old: Tally | None
    new: Tally | None


@dataclass(frozen=True)
class AgreementReplay:
    """One agreement's figures old → new.  ``status``: compared, added or removed."""

    id: str
    title: str
    status: str
    old_span: Span | None
    new_span: Span | None
    old: Tally | None
    new: Tally | None
    services: tuple[ServiceReplay, ...]
    flips: tuple[Flip, ...] = ()
    uncovered: tuple[Uncovered, ...] = ()

    def flip_counts(self) -> dict[tuple[str, str], int]:
        return _count(self.flips)


@dataclass(frozen=True)
class Replay:
    """The replay of a change over the logged interactions at ``as_of``."""

    as_of: int
    window: tuple[int, int] | None
    agreements: tuple[AgreementReplay, ...]
    old_figures: Figures = field(repr=False, compare=False)
    new_figures: Figures = field(repr=False, compare=False)

    @property
    def flips(self) -> tuple[Flip, ...]:
        """Every flipped interaction, by agreement id, then opening instant and id."""
        return tuple(f for a in self.agreements for f in a.flips)

    @property
    def uncovered(self) -> tuple[Uncovered, ...]:
        return tuple(u for a in self.agreements for u in a.uncovered)

    def flip_counts(self) -> dict[tuple[str, str], int]:
        """``{(old_state, new_state): count}``, sorted by the pair."""
        return _count(self.flips)

    def count(self, old_state: str, new_state: str) -> int:
        return sum(1 for f in self.flips if f.key == (old_state, new_state))

    @property
    def stricter_breaches(self) -> tuple[Flip, ...]:
        """Interactions that were met and would be breached: what ``--fail-on
        stricter-breaches`` gates on."""
        return tuple(f for f in self.flips if f.key == (MET, BREACHED))

    def agreement(self, agreement_id: str) -> AgreementReplay:
        for item in self.agreements:
            if item.id == agreement_id:
                return item
        raise KeyError(agreement_id)


def _count(flips: Iterable[Flip]) -> dict[tuple[str, str], int]:
    return dict(sorted(Counter(f.key for f in flips).items()))


def _final_priority(interaction: Interaction, events: list[Event], as_of: int) -> str:
    """The priority folding the events up to ``as_of`` would give (the last reprioritization)."""
    priority = interaction.priority
    for event in events:
        if event.kind == REPRIORITIZED and event.at <= as_of:
            priority = str(event.payload.get("priority", ""))
    return priority


def uncovered_reason(agreement: Agreement, interaction: Interaction, events: list[Event],
                     as_of: int) -> str | None:
    """Why ``agreement`` cannot judge the interaction, or ``None`` when it can."""
    try:
        service = agreement.service(interaction.service)
    except KeyError:
        return f"service {interaction.service} does not exist"
    priority = _final_priority(interaction, events, as_of)
    if priority and priority not in service.priorities:
        return f"service {interaction.service} has no priority {priority}"
    return None


class _Judgeable:
    """A history source that passes on only the interactions ``catalog`` can judge.

    The others are kept in ``skipped`` (interaction id -> :class:`Uncovered`).
    """

    def __init__(self, store: HistorySource, catalog: Catalog, as_of: int, side: str) -> None:
        self.store, self.catalog, self.as_of, self.side = store, catalog, as_of, side
        self.skipped: dict[int, Uncovered] = {}

    def iter_histories(self, *, agreements: Sequence[str] | None = None,
                       opened_from: int | None = None, opened_to: int | None = None,
                       unresolved: bool = False) -> Iterator[tuple[Interaction, list[Event]]]:
        for history in self.store.iter_histories(agreements=agreements, opened_from=opened_from,
                                                 opened_to=opened_to, unresolved=unresolved):
            interaction, events = history
            agreement = self.catalog.agreements.get(interaction.agreement)
            reason = None if agreement is None else uncovered_reason(
                agreement, interaction, events, self.as_of)
            if reason is not None:
                self.skipped[interaction.id] = Uncovered(interaction, self.side, reason)
                continue
            yield history


def _figures(catalog: Catalog, source: _Judgeable, as_of: int, ids: list[str],
             window: tuple[int, int] | None) -> Figures:
    chosen = [catalog.agreements[i] for i in ids]
    if not chosen:
        return Figures(as_of, RULES_CURRENT, (), (), ())
    return compute_figures(catalog, source, as_of, agreements=chosen, window=window,
                           rules=RULES_CURRENT)


def _in_span(interaction: Interaction, agreement_id: str, span: Span | None, as_of: int) -> bool:
    return (span is not None and interaction.agreement == agreement_id
            and span.start <= interaction.opened_at < span.end and interaction.opened_at <= as_of)


def _services(old: AgreementFigures | None,
              new: AgreementFigures | None) -> tuple[ServiceReplay, ...]:
    """Services of the new version in its order, then those only the old one has."""
    before = {s.id: s for s in old.services} if old else {}
    after = {s.id: s for s in new.services} if new else {}
    ids = [*after, *(i for i in before if i not in after)]
    return tuple(
        ServiceReplay(i, (after.get(i) or before[i]).name,
                      before[i].tally if i in before else None,
                      after[i].tally if i in after else None)
        for i in ids
    )


def _flips(old_run: Figures, new_run: Figures, spans: dict[str, tuple[Span, Span]],
           as_of: int) -> dict[str, list[Flip]]:
    """Interactions counted on both sides (opened in both windows) whose state differs."""
    found: dict[str, list[Flip]] = {}
    for interaction_id, before in old_run.evaluations.items():
        after = new_run.evaluations.get(interaction_id)
        if after is None or before.state == after.state:
            continue
        interaction = before.interaction
        pair = spans.get(interaction.agreement)
        if pair and all(_in_span(interaction, interaction.agreement, s, as_of) for s in pair):
            found.setdefault(interaction.agreement, []).append(Flip(interaction, before, after))
    for flips in found.values():
        flips.sort(key=lambda f: (f.interaction.opened_at, f.interaction.id))
    return found


def _agreement_replay(agreement_id: str, old: AgreementFigures | None,
                      new: AgreementFigures | None, flips: list[Flip],
                      skipped: list[Uncovered], as_of: int) -> AgreementReplay:
    status = COMPARED if old and new else ADDED if new else REMOVED
    spans = {OLD: old.span if old else None, NEW: new.span if new else None}
    uncovered = sorted(
        (u for u in skipped if _in_span(u.interaction, agreement_id, spans[u.side], as_of)),
        key=lambda u: (u.interaction.opened_at, u.interaction.id, u.side),
    )
    title = (new or old).agreement.title
    return AgreementReplay(agreement_id, title, status, spans[OLD], spans[NEW],
                           old.tally if old else None, new.tally if new else None,
                           _services(old, new), tuple(flips), tuple(uncovered))


def replay(old: Catalog, new: Catalog, store: HistorySource, as_of: int,
           window: tuple[int, int] | None = None,
           agreement_ids: Iterable[str] | None = None) -> Replay:
    """Evaluate the logged interactions under the old and the new catalog (see the module).

    ``agreement_ids`` restricts the replay (default: every agreement of either side); an id
    that neither side knows raises ``KeyError``.
    """
    known = set(old.agreements) | set(new.agreements)
    wanted = sorted(known if agreement_ids is None else set(agreement_ids))
    for agreement_id in wanted:
        if agreement_id not in known:
            raise KeyError(agreement_id)
    old_source = _Judgeable(store, old, as_of, OLD)
    new_source = _Judgeable(store, new, as_of, NEW)
    old_run = _figures(old, old_source, as_of, [i for i in wanted if i in old.agreements], window)
    new_run = _figures(new, new_source, as_of, [i for i in wanted if i in new.agreements], window)
    old_by_id = {f.agreement.id: f for f in old_run.agreements}
    new_by_id = {f.agreement.id: f for f in new_run.agreements}
    skipped = [*old_source.skipped.values(), *new_source.skipped.values()]
    spans = {i: (old_by_id[i].span, new_by_id[i].span) for i in old_by_id if i in new_by_id}
    flips = _flips(old_run, new_run, spans, as_of)
    agreements = tuple(
        _agreement_replay(i, old_by_id.get(i), new_by_id.get(i), flips.get(i, []), skipped, as_of)
        for i in wanted
    )
    return Replay(as_of, window, agreements, old_run, new_run)
