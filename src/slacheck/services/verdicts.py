"""Per-interaction verdicts: one row per interaction, streamed, for joining back to a ticket system.

:func:`iter_verdicts` walks the histories of the chosen agreements opened in ``[start, end)``
(everything opened up to the evaluation instant by default) and judges each with the same
:class:`~slacheck.services.figures.Judge` as the report, so a verdict and a figure can never
disagree.  Nothing is kept: memory stays flat at a million interactions.  An interaction that
cannot be judged yields a verdict with state ``unjudged`` and the reason.  No SQL and no
formatting here (``report.verdicts_format`` writes the lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from ..domain.evaluation import Clock
from ..domain.events import Interaction
from ..domain.model import Agreement
from .figures import RULES_RECORDED, HistorySource, Judge, _few_collections

UNJUDGED = "unjudged"
#: The clocks a verdict reports, in this order.
CLOCKS = ("first_response", "resolution")


@dataclass(frozen=True, slots=True)
class Verdict:
    interaction: Interaction
    priority: str  # the priority in force at the evaluation instant
    state: str  # met / breached / open, or unjudged
    clocks: dict[str, Clock]  # by name; a target the service does not set is absent
    escalation_level: int
    rating: int | None = None
    reason: str = ""  # why it could not be judged


def iter_verdicts(
    store: HistorySource,
    agreements: Sequence[Agreement],
    as_of: int,
    *,
    start: int | None = None,
    end: int | None = None,
    rules: str = RULES_RECORDED,
    resolve_version: Callable[[str], Agreement | None] | None = None,
) -> Iterator[Verdict]:
    """The verdict of every interaction of ``agreements`` opened in ``[start, end)`` and not
    after ``as_of``: by agreement (in the order given), then opening, then number."""
    judge = Judge(as_of, rules, resolve_version, keep=False)
    opened_to = as_of + 1 if end is None else min(end, as_of + 1)
    with _few_collections():
        for agreement in agreements:
            for interaction, events in store.iter_histories(
                    agreements=[agreement.id], opened_from=start, opened_to=opened_to):
                evaluation = judge(interaction, events, agreement)
                if evaluation is None:
                    failure = judge.failed.pop(interaction.id)
                    yield Verdict(interaction, interaction.priority, UNJUDGED, {}, 0,
                                  reason=failure.reason)
                    continue
                yield Verdict(
                    interaction, evaluation.priority, evaluation.state,
                    {clock.name: clock for clock in evaluation.clocks},
                    evaluation.escalation_level, evaluation.rating,
                )
