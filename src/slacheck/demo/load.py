"""When requests arrive: daily load by weekday and season, opening instants within working hours.

For one :class:`~slacheck.demo.profiles.Stream` (a team raising requests on some calendar's
hours) the year is cut into local dates.  Each date weighs its working time on that calendar
times a weekday factor (Mondays busy, weekends quiet), a season (busiest in February, quiet in
August and over Christmas) and the agreement's own peaks (quarter ends, onboarding waves).  The
stream's requests are spread over the dates in proportion, with some day-to-day noise, and each
request opens at a point of the day's working time drawn with a morning peak
(:meth:`WorkCalendar.add_working`); a few open outside working hours.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ..domain.calendar import WorkCalendar
from .profiles import Profile

DAY = 86400
#: Monday ... Sunday.
WEEKDAY_FACTORS = (1.15, 1.05, 1.0, 0.95, 0.85, 0.6, 0.5)
#: Share of requests raised outside the working hours of the requester's calendar.
OFF_HOURS_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class DaySlot:
    """One local date of a stream: ``[lo, hi)`` in UTC, its working seconds and its weight."""

    day: date
    midnight: int
    lo: int
    hi: int
    working: float
    weight: float


def season(day: date) -> float:
    """Company-wide load factor of a date: a yearly wave, the summer holidays, Christmas."""
    doy = day.timetuple().tm_yday
    factor = 1.0 + 0.10 * math.cos(2 * math.pi * (doy - 45) / 365.25)
    if day.month == 8:
        factor *= 0.85
    if (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2):
        factor *= 0.6
    return factor


def local_midnight(day: date, calendar: WorkCalendar) -> int:
    """The instant (UTC seconds) a local date begins on the calendar's time zone."""
    return int(datetime(day.year, day.month, day.day, tzinfo=calendar.tz).timestamp())


def local_date(instant: int, calendar: WorkCalendar) -> date:
    return datetime.fromtimestamp(instant, UTC).astimezone(calendar.tz).date()


def day_slots(calendar: WorkCalendar, profile: Profile, start: int, end: int) -> list[DaySlot]:
    """The local dates of ``[start, end)`` on ``calendar`` with their load weights."""
    slots: list[DaySlot] = []
    day = local_date(start, calendar)
    last = local_date(end, calendar)
    while day <= last:
        midnight = local_midnight(day, calendar)
        following = local_midnight(day + timedelta(days=1), calendar)
        lo, hi = max(midnight, start), min(following, end)
        if lo < hi:
            working = calendar.working_seconds(lo, hi)
            weight = working * WEEKDAY_FACTORS[day.weekday()] * season(day) * profile.intensity(day)
            slots.append(DaySlot(day, midnight, lo, hi, working, weight))
        day += timedelta(days=1)
    return slots


def daily_counts(rng: random.Random, slots: list[DaySlot], total: float) -> list[int]:
    """How many requests each slot gets: ``total`` spread by weight, with noise of about 15 %."""
    weight_sum = sum(slot.weight for slot in slots)
    if weight_sum <= 0:
        return [0] * len(slots)
    counts: list[int] = []
    for slot in slots:
        expected = total * slot.weight / weight_sum
        if expected <= 0:
            counts.append(0)
            continue
        noisy = expected * max(0.0, rng.gauss(1.0, 0.15))
        whole = int(noisy)
        counts.append(whole + (1 if rng.random() < noisy - whole else 0))
    return counts


def opening_instants(rng: random.Random, slot: DaySlot, calendar: WorkCalendar, count: int) -> list[int]:
    """``count`` opening instants (whole minutes) in the slot, mostly in working time with a
    morning peak (a triangular distribution peaking at 30 % of the day's working time), sorted."""
    found: list[int] = []
    for _ in range(count):
        if slot.working <= 0 or rng.random() < OFF_HOURS_SHARE:
            instant = slot.midnight + rng.uniform(6 * 3600, 23 * 3600)
        else:
            instant = calendar.add_working(slot.lo, rng.triangular(0.0, 1.0, 0.3) * slot.working)
        instant = int(instant) // 60 * 60
        if slot.lo <= instant < slot.hi:
            found.append(instant)
    found.sort()
    return found
