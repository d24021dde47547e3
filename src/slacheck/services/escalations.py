"""Escalations: record each level reached as an event, and acknowledge the current one.

:func:`record_escalations` is idempotent: it appends an ``escalated`` event (with the instant the
level was actually reached) only for levels not yet in the history.  Only writers call it --
every command that writes (:func:`record_due_escalations` after its own write), the dashboard
when it may write, and ``slacheck escalations --record`` for cron -- never a command that only
reads, so reading works on a read-only file.  Whoever records, the event carries the instant
the level was reached, so the history does not depend on when it was written down.
"""

from __future__ import annotations

import time

from ..domain.events import ACKNOWLEDGED, ESCALATED, Event
from ..domain.timeline import check, fold
from ..errors import RuleViolation
from .figures import Figures, compute_figures
from .interactions import find_interaction, record
from .session import Session


def record_escalations(session: Session, figures: Figures) -> int:
    """Append the ``escalated`` events the figures reveal; returns how many were added."""
    added = 0
    store = session.store
    pending = [e for e in figures.evaluations.values() if e.crossings and not e.resolved]
    if not pending:
        return 0
    with store.transaction():
        for evaluation in sorted(pending, key=lambda e: e.interaction.id):
            interaction = evaluation.interaction
            timeline = fold(interaction, store.events(interaction.id))
            new = []
            for crossing in evaluation.crossings:
                if crossing.level in timeline.escalated:
                    continue
                event = Event(ESCALATED, int(crossing.at), "slacheck",
                              {"level": crossing.level, "to": crossing.to,
                               "threshold": f"{float(crossing.threshold) * 100:g}%"})
                try:
                    check(timeline, event)
                except RuleViolation:
                    break  # a history that refuses it is left as it is, never half-written
                timeline.escalated[crossing.level] = event.at
                new.append(event)
            if new:
                store.append_events(interaction.id, new)
                added += len(new)
    return added


def record_due_escalations(session: Session, as_of: int | None = None) -> int:
    """Judge the unresolved interactions at ``as_of`` (now) and record the levels they reached;
    returns how many events were added.  Interactions that cannot be judged are skipped."""
    now = int(time.time()) if as_of is None else as_of
    figures = compute_figures(session.catalog, session.store, now,
                              resolve_version=session.resolve_version, open_only=True)
    return record_escalations(session, figures)


def acknowledge(session: Session, key: str | int, *, at: int | None = None, by: str = "",
                note: str = "") -> tuple[int, int]:
    """Acknowledge the current escalation level of an interaction; returns (id, level)."""
    interaction = find_interaction(session, key)
    timeline = fold(interaction, session.store.events(interaction.id))
    level = timeline.level_at(int(time.time()) if at is None else at)
    if level == 0:
        raise RuleViolation(f"interaction {interaction.id} has no escalation to acknowledge")
    record(session, interaction.id, ACKNOWLEDGED, at=at, actor=by,
           payload={"level": level, "note": note})
    return interaction.id, level
