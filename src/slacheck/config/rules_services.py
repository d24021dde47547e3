"""Rules for the ``[[services]]`` and ``[[escalations]]`` of an agreement.

Targets are compared in working seconds on the agreement's calendar (``1d`` is that calendar's
``day``), so ``first_response = "1d"`` against ``resolution = "6h"`` is judged the way the clocks
will run.  Without a usable calendar the comparisons are skipped; the calendar is reported
elsewhere.  The priorities of each service (its own and the agreement's shared scheme) are
checked and merged by :mod:`slacheck.config.rules_priorities`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

from ..domain.bounds import MAX_THRESHOLD_PERCENT
from ..domain.durations import Duration, parse_percent
from ..domain.model import EscalationRule, Service, Targets
from .checks import Doc, Section
from .locator import KeyPath
from .rules_priorities import (
    TARGET_KEYS,
    SharedPriority,
    check_order,
    parse_targets,
    service_priorities,
)


def build_service(doc: Doc, section: Section, seen: set[str], shared: list[SharedPriority],
                  seconds: Callable[[Duration], int] | None) -> Service | None:
    before = doc.errors
    section.keys(required=("id", "name"), optional=(*TARGET_KEYS, "priorities"))
    service_id = section.str("id")
    if service_id is not None:
        if not service_id.strip():
            doc.error(section.at("id"), "a service id must not be empty")
        elif service_id in seen:
            doc.error(section.at("id"), f"duplicate service id {service_id!r}")
        seen.add(service_id)
    name = section.str("name")
    label = repr(service_id) if service_id else "this service"
    if not any(section.has(key) for key in TARGET_KEYS):
        doc.error(section.path, f"service {label} has no target; give it first_response, "
                                "resolution or both", key=True)
    own = parse_targets(doc, section)
    check_order(doc, section.at("first_response"), own, seconds, "")
    named = f"service {service_id!r}" if service_id else "a service without an id"
    priorities = service_priorities(doc, section, named, own, shared, seconds)
    if doc.errors > before or service_id is None or name is None:
        return None
    return Service(service_id, name, Targets(own.get("first_response"), own.get("resolution")),
                   priorities)


def build_services(doc: Doc, top: Section, day_seconds: int | None,
                   shared: list[SharedPriority] | None = None) -> tuple[Service, ...] | None:
    """Every ``[[services]]`` table, each with the shared priorities merged into its own;
    ``None`` when any has errors."""
    before = doc.errors
    items = top.tables("services", "service")
    if items is None:
        return None
    if not top.data["services"]:
        doc.error(top.at("services"), "an agreement needs at least one service ([[services]])")
    seconds = None if day_seconds is None else (lambda d: d.seconds(day_seconds))
    seen: set[str] = set()
    services = [build_service(doc, section, seen, shared or [], seconds) for _, section in items]
    if doc.errors > before:
        return None
    return tuple(s for s in services if s is not None)


def build_escalations(
    doc: Doc, top: Section, check_team: Callable[[KeyPath, str, str], None]
) -> tuple[EscalationRule, ...] | None:
    """The ``[[escalations]]`` ladder: thresholds above 0 and strictly rising, known teams."""
    before = doc.errors
    items = top.tables("escalations", "escalation")
    if items is None:
        return None
    rules = []
    previous: tuple[Fraction, str] | None = None
    for _, section in items:
        section.keys(required=("at", "to"))
        raw_at = section.data.get("at")
        at = doc.attempt(section.at("at"), parse_percent, raw_at) if "at" in section.data else None
        if at is not None:
            if at <= 0:
                doc.error(section.at("at"), f"escalation threshold {raw_at!r} must be above 0%")
            elif at * 100 > MAX_THRESHOLD_PERCENT:
                doc.error(section.at("at"), f"escalation threshold {raw_at!r} is above "
                                            f"{MAX_THRESHOLD_PERCENT}%, the highest slacheck accepts")
            elif previous is not None and at <= previous[0]:
                doc.error(section.at("at"), f"escalation thresholds must rise strictly: "
                                            f"{raw_at!r} follows {previous[1]!r}")
            else:
                previous = (at, raw_at)
        to = section.str("to")
        if to is not None:
            check_team(section.at("to"), to, "escalation target")
        if at is not None and to is not None:
            rules.append(EscalationRule(at, to))
    if doc.errors > before:
        return None
    return tuple(rules)
