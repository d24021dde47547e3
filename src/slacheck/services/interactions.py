"""Recording what happens to interactions: the one write path for the CLI, the TUI and scripts.

Every event passes :func:`slacheck.domain.timeline.check` inside the store's write transaction,
so two processes can never both append, say, a second ``resolved``.
"""

from __future__ import annotations

import time
from typing import Any

from ..domain import events as kinds
from ..domain.bounds import describe_instant, instant_problem, sql_integer
from ..domain.events import Event, Interaction
from ..domain.timeline import Timeline, check, fold
from ..errors import InputError, RuleViolation
from .session import Session


def _now() -> int:
    return int(time.time())


def log_interaction(
    session: Session,
    agreement_id: str,
    service_id: str,
    *,
    title: str,
    priority: str = "",
    requester: str = "",
    ref: str | None = None,
    at: int | None = None,
    actor: str = "",
) -> Interaction:
    """Open a new interaction after checking the agreement, service and priority exist."""
    catalog = session.catalog
    if agreement_id not in catalog.agreements:
        known = ", ".join(sorted(catalog.agreements)) or "none"
        raise RuleViolation(f"unknown agreement {agreement_id!r} (known: {known})")
    agreement = catalog.agreements[agreement_id]
    try:
        service = agreement.service(service_id)
    except KeyError:
        known = ", ".join(s.id for s in agreement.services)
        raise RuleViolation(f"agreement {agreement_id!r} has no service {service_id!r} (it has: {known})") from None
    if priority and priority not in service.priorities:
        known = ", ".join(service.priorities) or "none"
        raise RuleViolation(f"unknown priority {priority!r} for {service_id} (it defines: {known})")
    if not title.strip():
        raise InputError("a request needs a title")
    opened_at = _now() if at is None else at
    problem = instant_problem(opened_at)
    if problem is not None:
        raise InputError(f"opening time {describe_instant(opened_at)} {problem}")
    session.sync_versions(min(opened_at, _now()))
    if ref is not None and session.store.interaction_by_ref(ref) is not None:
        raise RuleViolation(f"an interaction with ref {ref!r} already exists")
    return session.store.open_interaction(
        agreement_id, service_id, opened_at, title=title, priority=priority,
        requester=requester, ref=ref, actor=actor,
    )


def find_interaction(session: Session, key: str | int) -> Interaction:
    """An interaction by number or by its external ref."""
    text = str(key).strip()
    number = int(text) if text.isdigit() and text.isascii() and len(text) <= 19 else None
    found = None
    if number is not None and sql_integer(number):
        found = session.store.interaction(number)
    if found is None:
        found = session.store.interaction_by_ref(text)
    if found is None:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise InputError(f"no interaction {shown!r} (give its number or its ref)")
    return found


def timeline_of(session: Session, interaction: Interaction, until: int | None = None) -> Timeline:
    return fold(interaction, session.store.events(interaction.id), until=until)


def record(
    session: Session,
    key: str | int,
    kind: str,
    *,
    at: int | None = None,
    actor: str = "",
    payload: dict[str, Any] | None = None,
) -> tuple[Interaction, Event]:
    """Append one event after the domain's check; returns the interaction and stored event."""
    interaction = find_interaction(session, key)
    event = Event(kind, _now() if at is None else at, actor, dict(payload or {}))
    agreement = session.catalog.agreements.get(interaction.agreement)
    priorities: tuple[str, ...] = ()
    if agreement is not None:
        try:
            priorities = tuple(agreement.service(interaction.service).priorities)
        except KeyError:
            priorities = ()
    store = session.store
    with store.transaction():
        timeline = fold(interaction, store.events(interaction.id))
        if kind == kinds.REPRIORITIZED:
            payload = {**event.payload, "previous": timeline.priority}
            event = Event(event.kind, event.at, event.actor, payload)
        check(timeline, event, priorities=priorities)
        (stored,) = store.append_events(interaction.id, [event])
    return interaction, stored
