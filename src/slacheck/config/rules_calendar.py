"""Rules for ``agreements/calendars.toml``: working hours, time zones, holidays, closed days.

Building a calendar validates it: each rule reports at the offending key or value and the result
is a :class:`~slacheck.domain.calendar.WorkCalendar`, or ``None`` when the calendar has errors.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Any

from ..domain.calendar import ALWAYS, DAY, WEEKDAYS, WorkCalendar, parse_spans
from ..domain.durations import Duration
from .checks import Doc, Section, check_date
from .locator import KeyPath
from .problems import did_you_mean

BUILTIN = ALWAYS.id


def check_timezone(doc: Doc, at: KeyPath, name: str) -> bool:
    """Whether ``name`` is a time zone :mod:`zoneinfo` knows; reports it at ``at`` if not."""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
        return True
    except Exception:  # ZoneInfoNotFoundError, ValueError on odd keys, OSError on folders
        pass
    try:
        known = zoneinfo.available_timezones()
    except Exception:
        known = set()
    doc.error(at, f"unknown time zone {name!r}{did_you_mean(name, known)}; "
                  "use an IANA name like \"Europe/Berlin\"")
    return False


@lru_cache(maxsize=1)
def _supported_countries() -> dict[str, list[str]]:
    import holidays

    return holidays.list_supported_countries()


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Lower-case country names (``germany``, ``united kingdom``) -> code, for suggestions."""
    try:
        from holidays.registry import COUNTRIES
    except ImportError:
        return {}
    names: dict[str, str] = {}
    for module, entry in COUNTRIES.items():
        names[module.replace("_", " ")] = entry[1]
        names[entry[0].lower()] = entry[1]
    return names


def _country_hint(value: str, codes: list[str]) -> str:
    hint = did_you_mean(value, codes)
    if hint:
        return hint
    folded = " ".join(value.lower().replace("_", " ").split())
    code = _country_names().get(folded)
    if code is None:
        close = difflib.get_close_matches(folded, list(_country_names()), n=1, cutoff=0.8)
        code = _country_names()[close[0]] if close else None
    return f" (did you mean {code!r}?)" if code else ""


def check_holidays(doc: Doc, section: Section) -> tuple[str, str | None] | None:
    """The ``holidays = { country = "DE", subdivision = "BE" }`` table, checked against the
    countries and subdivisions the ``holidays`` package supports."""
    before = doc.errors
    section.keys(required=("country",), optional=("subdivision",))
    country = section.str("country")
    subdivision = section.str("subdivision")
    if country is None:
        return None
    supported = _supported_countries()
    if country not in supported:
        doc.error(section.at("country"), f"unknown holiday country {country!r}"
                  f"{_country_hint(country, list(supported))}; use an ISO 3166 code like \"DE\"")
        return None
    if subdivision is not None and subdivision not in supported[country]:
        known = supported[country]
        listing = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        doc.error(section.at("subdivision"),
                  f"unknown subdivision {subdivision!r} of {country}"
                  f"{did_you_mean(subdivision, known)}; "
                  + (f"known: {listing}" if known else f"{country} has no subdivisions"))
        return None
    return None if doc.errors > before else (country, subdivision)


def check_day(doc: Doc, at: KeyPath, value: Any) -> int | None:
    """``day = "7h30m"``: the length of one working day in seconds (hours and minutes only)."""
    duration = doc.attempt(at, Duration.parse, value)
    if duration is None:
        return None
    if duration.weeks or duration.days:
        doc.error(at, f"day {value!r} must be written in hours and minutes, like \"8h\" or "
                      "\"7h30m\"")
        return None
    seconds = duration.seconds(0)
    if seconds > DAY:
        doc.error(at, f"day {value!r} is longer than 24 hours")
        return None
    return seconds


def check_hours(doc: Doc, section: Section, calendar_id: str) -> tuple | None:
    """``hours = { mon = "09:00-17:00", ... }``: one tuple of spans per weekday, Monday first."""
    before = doc.errors
    section.keys(required=(), optional=WEEKDAYS)
    week = []
    for day in WEEKDAYS:
        text = section.str(day)
        spans = doc.attempt(section.at(day), parse_spans, text) if text is not None else ()
        week.append(spans or ())
    if doc.errors > before:
        return None
    if not any(week):
        doc.error(section.path, f"calendar {calendar_id!r} has no working hours on any day",
                  key=True)
        return None
    return tuple(week)


def build_calendar(doc: Doc, section: Section, calendar_id: str) -> WorkCalendar | None:
    """Validate one ``[calendars.<id>]`` table and build its calendar."""
    before = doc.errors
    if calendar_id == BUILTIN:
        doc.error(section.path, f"the calendar {BUILTIN!r} is built in and cannot be redefined; "
                                "choose another name", key=True)
    section.keys(required=("timezone", "hours"), optional=("holidays", "closed", "day"))
    zone = section.str("timezone")
    if zone is not None:
        check_timezone(doc, section.at("timezone"), zone)
    hours_section = section.table("hours")
    hours = check_hours(doc, hours_section, calendar_id) if hours_section is not None else None
    holidays_section = section.table("holidays")
    holiday = check_holidays(doc, holidays_section) if holidays_section is not None else None
    closed = set()
    for index, value in enumerate(section.array("closed") or []):
        day = check_date(doc, section.at("closed", index), "a closed day", value)
        if day is not None:
            closed.add(day)
    day_seconds = 8 * 3600
    if section.has("day"):
        day_seconds = check_day(doc, section.at("day"), section.data["day"]) or day_seconds
    if doc.errors > before or zone is None or hours is None:
        return None
    return WorkCalendar(
        id=calendar_id,
        timezone=zone,
        hours=hours,
        holiday_country=holiday[0] if holiday else None,
        holiday_subdivision=holiday[1] if holiday else None,
        closed=frozenset(closed),
        day_seconds=day_seconds,
    )


def build_calendars(doc: Doc, data: dict) -> dict[str, WorkCalendar | None]:
    """Every calendar of the file by id (``None`` for one with errors), plus ``24x7``."""
    calendars: dict[str, WorkCalendar | None] = {}
    top = Section(doc, (), data)
    top.keys(required=("calendars",))
    table = top.table("calendars")
    if table is not None:
        for calendar_id, raw in table.data.items():
            if not isinstance(raw, dict):
                doc.error(table.at(calendar_id),
                          f"calendar {calendar_id!r} must be a table ([calendars.{calendar_id}])")
                calendars[calendar_id] = None
                continue
            section = Section(doc, table.at(calendar_id), raw)
            calendars[calendar_id] = build_calendar(doc, section, calendar_id)
    calendars[BUILTIN] = ALWAYS
    return calendars
