"""Rules for ``agreements/<id>.toml``: one agreement, checked and built.

Cross-references (teams, calendars) are checked against a :class:`References`; with
``teams=None`` team names are not checked at all (used when rebuilding a stored version).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.calendar import WorkCalendar
from ..domain.durations import Window, parse_percent
from ..domain.model import Agreement
from .checks import Doc, Section
from .locator import KeyPath
from .problems import did_you_mean
from .rules_calendar import BUILTIN
from .rules_priorities import read_shared
from .rules_services import build_escalations, build_services
from .rules_teams import TeamIndex

REQUIRED = ("id", "title", "provider", "consumers", "owner", "effective", "objective", "window",
            "services")
OPTIONAL = ("review_by", "calendar", "description", "priorities", "escalations")


@dataclass
class References:
    """What an agreement may refer to: the teams and people, and calendars by id (``None`` for
    a calendar that exists but has errors of its own).  ``None`` instead of either: names of
    that kind are not checked (their file could not be read, or a stored version is rebuilt)."""

    teams: TeamIndex | None
    calendars: dict[str, WorkCalendar | None] | None


def _team_checker(doc: Doc, teams: TeamIndex | None):
    def check(at: KeyPath, value: str, role: str) -> None:
        if teams is not None and value not in teams.ids:
            doc.error(at, f"unknown {role} {value!r}: not a team in teams.toml"
                          f"{did_you_mean(value, teams.ids)}")
    return check


def _check_consumers(doc: Doc, top: Section, provider: str | None, check_team) -> tuple[str, ...]:
    items = top.str_list("consumers")
    if items is None:
        return ()
    if not top.data["consumers"]:
        doc.error(top.at("consumers"), "consumers is empty; name at least one team")
    seen: set[str] = set()
    for index, consumer in items:
        at = top.at("consumers", index)
        if consumer in seen:
            doc.error(at, f"consumer {consumer!r} is listed twice")
        elif consumer == provider:
            doc.error(at, f"the provider {consumer!r} cannot be its own consumer")
        else:
            check_team(at, consumer, "consumer")
        seen.add(consumer)
    return tuple(c for _, c in items)


def _check_owner(doc: Doc, at: KeyPath, owner: str, teams: TeamIndex | None) -> None:
    if teams is None or owner in teams.ids or owner in teams.people:
        return
    doc.error(at, f"unknown owner {owner!r}: not a team id, nor a team's lead or member"
                  f"{did_you_mean(owner, teams.ids | teams.people)}")


def _check_dates(doc: Doc, top: Section, today: date | None) -> tuple[date | None, date | None]:
    effective = top.date("effective")
    review_by = top.date("review_by")
    if effective is not None and review_by is not None and review_by <= effective:
        doc.error(top.at("review_by"), f"review_by {review_by.isoformat()} must come after "
                                       f"effective {effective.isoformat()}")
    elif review_by is not None and today is not None and review_by < today:
        doc.warning(top.at("review_by"), f"review_by {review_by.isoformat()} is in the past; "
                                         "review the agreement and set a new date")
    return effective, review_by


def _check_calendar(doc: Doc, top: Section, refs: References) -> WorkCalendar | None:
    """The agreement's calendar (default ``24x7``); ``None`` when unknown or broken itself."""
    name = top.str("calendar") if top.has("calendar") else BUILTIN
    if name is None or refs.calendars is None:
        return None
    if name not in refs.calendars:
        known = ", ".join(sorted(refs.calendars))
        doc.error(top.at("calendar"), f"unknown calendar {name!r}"
                                      f"{did_you_mean(name, refs.calendars)}; known: {known}")
        return None
    return refs.calendars[name]


def build_agreement(doc: Doc, data: dict, refs: References,
                    today: date | None = None) -> Agreement | None:
    """Validate one agreement file and build it; ``None`` when it has errors.

    ``today`` enables the warning for a ``review_by`` date in the past.
    """
    before = doc.errors
    top = Section(doc, (), data)
    top.keys(REQUIRED, OPTIONAL)
    check_team = _team_checker(doc, refs.teams)
    agreement_id = top.str("id")
    if agreement_id is not None and agreement_id != doc.path.stem:
        doc.error(top.at("id"), f"id {agreement_id!r} does not match the file name "
                                f"{doc.path.name!r}; the id is the file name without .toml")
    title = top.str("title")
    if title is not None and not title.strip():
        doc.error(top.at("title"), "title is empty")
    provider = top.str("provider")
    if provider is not None:
        check_team(top.at("provider"), provider, "provider")
    consumers = _check_consumers(doc, top, provider, check_team)
    owner = top.str("owner")
    if owner is not None:
        _check_owner(doc, top.at("owner"), owner, refs.teams)
    effective, review_by = _check_dates(doc, top, today)
    calendar = _check_calendar(doc, top, refs)
    objective = None
    if top.has("objective"):
        objective = doc.attempt(top.at("objective"), parse_percent, data["objective"])
        if objective is not None and not 0 < objective <= 1:
            doc.error(top.at("objective"), f"objective {data['objective']!r} must be above 0% "
                                           "and at most 100%")
    window = None
    if top.has("window"):
        window = doc.attempt(top.at("window"), Window.parse, data["window"])
    description = top.str("description")
    shared = read_shared(doc, top)
    services = build_services(doc, top, calendar.day_seconds if calendar else None, shared) \
        if top.has("services") else None
    escalations = build_escalations(doc, top, check_team) if top.has("escalations") else ()
    if doc.errors > before or None in (agreement_id, title, provider, owner, effective, calendar,
                                       objective, window, services, escalations):
        return None
    return Agreement(
        id=agreement_id, title=title, provider=provider, consumers=consumers, owner=owner,
        effective=effective, review_by=review_by, calendar=calendar, objective=objective,
        window=window, services=services, escalations=escalations,
        description=description or "",
    )
