"""Meaning-level differences between two calendars.

More working time is *stricter*: the clocks run for more hours of the week, so every target
expires sooner in wall-clock time and the provider has less real time to keep it.  Hence:

* a weekday with longer working spans is stricter, shorter is looser, spans moved within the day
  without changing their length are neutral;
* a shorter ``day`` is stricter: every target written in ``d`` or ``w`` shrinks;
* added holidays or closed days are looser (working days disappear), removed ones stricter.  A
  change of holiday region counts the working seconds the holidays of each region remove in the
  reference years (the years the agreements are in force); without reference years it is
  neutral;
* a time zone change moves the working hours in absolute time but neither adds nor removes
  any: neutral;
* switching an agreement to another calendar compares the working seconds of one week.

Every change names the calendar, ``"calendar berlin-office: Friday 09:00-15:00 → 09:00-17:00"``,
and has a ``field`` relative to the calendar (``hours.fri``); callers prefix it.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from .calendar import WEEKDAYS, WorkCalendar, format_spans, holiday_dates
from .diff_change import LOOSER, NEUTRAL, STRICTER, Change, arrow, change, compare, or_none
from .durations import format_seconds

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_seconds(spans: Sequence[tuple[int, int]]) -> int:
    """Working seconds of one weekday's spans."""
    return sum(end - start for start, end in spans)


def weekly_seconds(calendar: WorkCalendar) -> int:
    """Working seconds of a week without holidays or closed days."""
    return sum(day_seconds(spans) for spans in calendar.hours)


def holidays_label(calendar: WorkCalendar) -> str | None:
    """``"DE-BE"``, ``"DE"`` or ``None`` (no public holidays)."""
    if not calendar.holiday_country:
        return None
    if calendar.holiday_subdivision:
        return f"{calendar.holiday_country}-{calendar.holiday_subdivision}"
    return calendar.holiday_country


def _day_range(first: int, last: int) -> tuple[str, str]:
    """Display and field names of a run of weekdays: ``("Monday-Thursday", "mon-thu")``."""
    if first == last:
        return DAY_NAMES[first], WEEKDAYS[first]
    return f"{DAY_NAMES[first]}-{DAY_NAMES[last]}", f"{WEEKDAYS[first]}-{WEEKDAYS[last]}"


def _hours_changes(old: WorkCalendar, new: WorkCalendar, subject: str) -> list[Change]:
    """One change per run of consecutive weekdays whose spans changed the same way."""
    runs: list[list[int]] = []
    for day in range(7):
        pair = (old.hours[day], new.hours[day])
        if pair[0] == pair[1]:
            continue
        if runs and runs[-1][-1] == day - 1 and (old.hours[day - 1], new.hours[day - 1]) == pair:
            runs[-1].append(day)
        else:
            runs.append([day])
    found = []
    for run in runs:
        before, after = old.hours[run[0]], new.hours[run[0]]
        label, key = _day_range(run[0], run[-1])
        shown_old, shown_new = format_spans(before), format_spans(after)
        direction = compare(day_seconds(before), day_seconds(after), smaller_is=LOOSER)
        found.append(change(None, f"hours.{key}", "calendar-hours", shown_old, shown_new, direction,
                            f"{subject}: {label} {arrow(shown_old, shown_new)}"))
    return found


def _lost_seconds(calendar: WorkCalendar, days: set[date]) -> int:
    """Working seconds of ``calendar``'s weekly hours that fall on ``days``."""
    return sum(day_seconds(calendar.hours[day.weekday()]) for day in days)


def _holiday_days(calendar: WorkCalendar, country: str | None, subdivision: str | None,
                  years: Sequence[int]) -> set[date] | None:
    """Holidays of a region in ``years`` that are not closed days anyway; ``None`` if unknown."""
    if not country:
        return set()
    found: set[date] = set()
    try:
        for year in years:
            found |= holiday_dates(country, subdivision, year)
    except (NotImplementedError, KeyError, ValueError):
        return None
    return found - set(calendar.closed)


def _holidays_direction(old: WorkCalendar, new: WorkCalendar, years: Sequence[int]) -> str:
    if not years:
        if old.holiday_country and not new.holiday_country:
            return STRICTER
        if new.holiday_country and not old.holiday_country:
            return LOOSER
        return NEUTRAL
    before = _holiday_days(old, old.holiday_country, old.holiday_subdivision, years)
    after = _holiday_days(old, new.holiday_country, new.holiday_subdivision, years)
    if before is None or after is None:
        return NEUTRAL
    return compare(_lost_seconds(old, before), _lost_seconds(old, after), smaller_is=STRICTER)


def _closed_changes(old: WorkCalendar, new: WorkCalendar, subject: str) -> list[Change]:
    """Closed days added (looser) and closed days dropped (stricter), one change each."""
    found = []
    added, dropped = sorted(new.closed - old.closed), sorted(old.closed - new.closed)
    if added:
        shown = ", ".join(d.isoformat() for d in added)
        working = _lost_seconds(old, {d for d in added if not _is_holiday(old, d)})
        found.append(change(None, "closed", "calendar-closed-added", None, shown,
                            LOOSER if working else NEUTRAL, f"{subject}: closed on {shown}"))
    if dropped:
        shown = ", ".join(d.isoformat() for d in dropped)
        working = _lost_seconds(new, {d for d in dropped if not _is_holiday(new, d)})
        found.append(change(None, "closed", "calendar-closed-removed", shown, None,
                            STRICTER if working else NEUTRAL,
                            f"{subject}: no longer closed on {shown}"))
    return found


def _is_holiday(calendar: WorkCalendar, day: date) -> bool:
    days = _holiday_days(calendar, calendar.holiday_country, calendar.holiday_subdivision,
                         (day.year,))
    return bool(days) and day in days


def calendar_changes(old: WorkCalendar, new: WorkCalendar,
                     years: Sequence[int] = ()) -> list[Change]:
    """Differences between two versions of one calendar (same id), ``agreement`` unset.

    ``years`` are the reference years in which a change of holiday region is weighed.
    """
    subject = f"calendar {new.id}"
    found: list[Change] = []
    if old.timezone != new.timezone:
        found.append(change(None, "timezone", "calendar-timezone", old.timezone, new.timezone,
                            NEUTRAL, f"{subject}: time zone {arrow(old.timezone, new.timezone)}"))
    found += _hours_changes(old, new, subject)
    if old.day_seconds != new.day_seconds:
        shown_old, shown_new = format_seconds(old.day_seconds), format_seconds(new.day_seconds)
        found.append(change(None, "day", "calendar-day", shown_old, shown_new,
                            compare(old.day_seconds, new.day_seconds),
                            f"{subject}: day {arrow(shown_old, shown_new)}"))
    before, after = holidays_label(old), holidays_label(new)
    if before != after:
        found.append(change(None, "holidays", "calendar-holidays", before, after,
                            _holidays_direction(old, new, years),
                            f"{subject}: holidays {arrow(or_none(before), or_none(after))}"))
    found += _closed_changes(old, new, subject)
    return found


def switch_change(old: WorkCalendar, new: WorkCalendar) -> Change:
    """An agreement moved to another calendar: more working time per week is stricter."""
    direction = compare(weekly_seconds(old), weekly_seconds(new), smaller_is=LOOSER)
    return change(None, "", "calendar-switched", old.id, new.id, direction,
                  f"calendar {arrow(old.id, new.id)}")
