"""Builders for the diff and replay tests: catalogs, calendars and edited agreements by hand."""

from __future__ import annotations

from dataclasses import replace

from slacheck.domain.calendar import ALWAYS, WEEKDAYS, WorkCalendar, parse_spans
from slacheck.domain.model import Agreement, Catalog, Settings, Team
from helpers import BERLIN, agreement, targets

TEAMS = {
    "it": Team("it", "IT Service Desk", "Dana Ruiz", ("Ali Khan",)),
    "sales": Team("sales", "Sales"),
    "it-oncall": Team("it-oncall", "IT on call"),
    "cio": Team("cio", "Office of the CIO"),
}


def week(default: str = "09:00-17:00", **days: str) -> tuple:
    """Weekly hours: ``default`` Monday to Friday, weekends closed, ``days`` override by key."""
    spec = {d: default for d in WEEKDAYS[:5]} | {"sat": "", "sun": ""} | days
    return tuple(parse_spans(spec[d]) for d in WEEKDAYS)


def calendar(**changes) -> WorkCalendar:
    """The helpers' Berlin office calendar with some fields replaced (a fresh object)."""
    return replace(BERLIN, **changes)


def catalog(*agreements: Agreement, calendars: dict | None = None, teams: dict | None = None,
            settings: Settings | None = None, health: dict | None = None) -> Catalog:
    """A catalog holding ``agreements``; calendars default to ``24x7`` plus those they use."""
    if calendars is None:
        calendars = {ALWAYS.id: ALWAYS} | {a.calendar.id: a.calendar for a in agreements}
    return Catalog(settings or Settings(), dict(TEAMS if teams is None else teams), calendars,
                   {a.id: a for a in agreements}, health or {})


def with_service(base: Agreement, service_id: str, **changes) -> Agreement:
    """``base`` with one service's fields replaced."""
    services = tuple(replace(s, **changes) if s.id == service_id else s for s in base.services)
    return replace(base, services=services)


def with_priority(base: Agreement, service_id: str, name: str, fr: str | None,
                  res: str | None) -> Agreement:
    """``base`` with one priority of one service set (``fr`` / ``res`` None: not overridden)."""
    service = base.service(service_id)
    return with_service(base, service_id, priorities=service.priorities | {name: targets(fr, res)})


def without_priority(base: Agreement, service_id: str, name: str) -> Agreement:
    service = base.service(service_id)
    return with_service(base, service_id,
                        priorities={k: v for k, v in service.priorities.items() if k != name})


def texts(diff) -> list[str]:
    """The sentences of an agreement or catalog diff, in order."""
    return [c.text() for c in diff.changes]


__all__ = ["TEAMS", "agreement", "calendar", "catalog", "texts", "week", "with_priority",
           "with_service", "without_priority"]
