"""Calendars and the working-time engine.

A :class:`WorkCalendar` says when a team works: weekly wall-clock spans in its own time zone,
public holidays from the ``holidays`` package, extra closed days, and what one "day" of a target
means.  Its engine answers two questions with interval arithmetic, never a minute-by-minute loop:

* :meth:`WorkCalendar.working_seconds` -- working seconds in ``[start, end)``;
* :meth:`WorkCalendar.deadline` -- the instant at which N working seconds have elapsed from a
  start, with pause intervals subtracted.

All instants are integer (or float) POSIX seconds in UTC.  For each UTC year the engine builds the
sorted, disjoint working intervals once: for every local date and every span of that date it takes
the *preimage* of the wall-clock span under the zone's UTC-offset segments.  That one rule gets DST
right without special cases: on the night the clocks go back a ``00:00-06:00`` span is seven real
hours (the repeated hour counts twice), on the night they go forward it is five, and a span that
starts inside the skipped hour starts when the clocks land.  Prefix sums over the intervals turn
both questions into a bisect and some arithmetic.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY = 86400
_EPOCH_DATE = date(1970, 1, 1)
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
#: How many consecutive years without any working time a deadline search crosses before it gives
#: up (a calendar with no working time at all).
_MAX_YEARS_AHEAD = 12
#: The UTC years the tables can hold (``datetime`` stops at year 9999; a table needs the next year's
#: first instant and the previous year's last local days).
_MIN_YEAR, _MAX_YEAR = 2, 9998
_INF = float("inf")

Span = tuple[int, int]  # wall-clock seconds since local midnight: [start, end), end <= 86400
Pause = tuple[float, float | None]  # [start, end) in UTC seconds; end None: still paused


class CalendarError(ValueError):
    """A calendar value that cannot be read (bad span, overlapping spans, ...)."""


def parse_spans(text: object) -> tuple[Span, ...]:
    """Read ``"09:00-12:00, 13:00-17:00"`` into sorted wall-clock spans.

    ``""`` or ``"closed"`` means no working time that day.  ``24:00`` may end a span (a night
    shift across midnight is ``22:00-24:00`` on one day and ``00:00-06:00`` on the next).
    """
    if not isinstance(text, str):
        raise CalendarError(f"working hours are a string like \"09:00-17:00\", not {text!r}")
    raw = text.strip()
    if raw == "" or raw.lower() == "closed":
        return ()
    spans: list[Span] = []
    for piece in raw.split(","):
        match = _SPAN.match(piece)
        if not match:
            raise CalendarError(
                f"bad time span {piece.strip()!r}: write \"HH:MM-HH:MM\", several separated by commas"
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        for hour, minute in ((h1, m1), (h2, m2)):
            if minute > 59 or hour > 24 or (hour == 24 and minute):
                raise CalendarError(f"bad time {hour:02d}:{minute:02d} in span {piece.strip()!r}")
        start, end = h1 * 3600 + m1 * 60, h2 * 3600 + m2 * 60
        if start == DAY:
            raise CalendarError(f"span {piece.strip()!r} starts at 24:00; start the next day at 00:00")
        if end <= start:
            raise CalendarError(
                f"span {piece.strip()!r} ends before it starts; a shift across midnight is written "
                "as \"22:00-24:00\" on one day and \"00:00-06:00\" on the next"
            )
        spans.append((start, end))
    spans.sort()
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        if s2 < e1:
            raise CalendarError(
                f"spans {_fmt(s1)}-{_fmt(e1)} and {_fmt(s2)}-{_fmt(e2)} overlap"
            )
    return tuple(spans)


def _fmt(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def format_spans(spans: Sequence[Span]) -> str:
    return ", ".join(f"{_fmt(s)}-{_fmt(e)}" for s, e in spans) if spans else "closed"


@lru_cache(maxsize=256)
def holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """Public holidays of one year from the ``holidays`` package (cached)."""
    import holidays  # imported lazily: it is large and only calendars with holidays need it

    found = holidays.country_holidays(country, subdiv=subdivision, years=[year])
    return frozenset(found.keys())


@lru_cache(maxsize=64)
def _offset_segments(tz_key: str, lo: int, hi: int) -> tuple[tuple[int, int, int], ...]:
    """The zone's constant-offset segments covering ``[lo, hi)``: ``(start, end, offset)``.

    Offsets are sampled every three hours and each change is located to the second by bisection;
    no real zone changes its offset twice within three hours.
    """
    tz = ZoneInfo(tz_key)

    def offset(t: int) -> int:
        return int(datetime.fromtimestamp(t, tz).utcoffset().total_seconds())

    segments: list[tuple[int, int, int]] = []
    seg_start, seg_off = lo, offset(lo)
    step = 3 * 3600
    t = lo
    while t < hi:
        nxt = min(t + step, hi)
        off = offset(nxt)
        if off != seg_off:
            a, b = t, nxt  # offset(a) == seg_off, offset(b) != seg_off
            while b - a > 1:
                mid = (a + b) // 2
                if offset(mid) == seg_off:
                    a = mid
                else:
                    b = mid
            segments.append((seg_start, b, seg_off))
            seg_start, seg_off = b, offset(b)
        t = nxt
    segments.append((seg_start, hi, seg_off))
    return tuple(segments)


def _year_start(year: int) -> int:
    return int(datetime(year, 1, 1, tzinfo=timezone.utc).timestamp())


class _Timeline:
    """Prefix sums over the working intervals of a contiguous range of UTC years."""

    __slots__ = ("lo", "hi", "years", "starts", "ends", "cum", "cum_end")

    def __init__(self) -> None:
        self.lo = self.hi = 0
        self.years: tuple[int, int] | None = None
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.cum: list[int] = []
        self.cum_end: list[int] = []

    @classmethod
    def build(cls, lo_y: int, hi_y: int, intervals: Iterable[tuple[int, int]]) -> "_Timeline":
        """A new table; the calendar swaps it in whole, so a reader never sees one half-built."""
        tl = cls()
        starts, ends, cum, cum_end = tl.starts, tl.ends, tl.cum, tl.cum_end
        total = 0
        for a, b in intervals:
            starts.append(a)
            ends.append(b)
            cum.append(total)
            total += b - a
            cum_end.append(total)
        tl.lo, tl.hi, tl.years = _year_start(lo_y), _year_start(hi_y + 1), (lo_y, hi_y)
        return tl

    @property
    def total(self) -> int:
        """Working seconds in the whole table."""
        return self.cum_end[-1] if self.cum_end else 0

    def cumulative(self, t: float) -> float:
        """Working seconds from the table's origin up to ``t`` (the table must cover ``t``)."""
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            return 0
        end = self.ends[i]
        return self.cum[i] + ((t if t < end else end) - self.starts[i])


@dataclass(frozen=True)
class WorkCalendar:
    """A team's working time.  ``hours`` has one tuple of spans per weekday, Monday first."""

    id: str
    timezone: str = "UTC"
    hours: tuple[tuple[Span, ...], ...] = ((), (), (), (), (), (), ())
    holiday_country: str | None = None
    holiday_subdivision: str | None = None
    closed: frozenset[date] = frozenset()
    day_seconds: int = 8 * 3600
    _years: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _tl: _Timeline = field(default_factory=_Timeline, init=False, repr=False, compare=False)

    # ------------------------------------------------------------------ calendar facts
    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_closed_day(self, day: date) -> bool:
        """Whether ``day`` (a local date) is a holiday or an extra closed day."""
        if day in self.closed:
            return True
        if self.holiday_country:
            return day in holiday_dates(self.holiday_country, self.holiday_subdivision, day.year)
        return False

    def spans_on(self, day: date) -> tuple[Span, ...]:
        """Working spans of one local date (none on holidays and closed days)."""
        if self.is_closed_day(day):
            return ()
        return self.hours[day.weekday()]

    # ------------------------------------------------------------------ year tables
    def _year_intervals(self, year: int) -> list[tuple[int, int]]:
        """Disjoint sorted working intervals of one UTC year (clipped to it), cached."""
        cached = self._years.get(year)
        if cached is not None:
            return cached
        y_lo, y_hi = _year_start(year), _year_start(year + 1)
        segments = _offset_segments(self.timezone, y_lo - 3 * DAY, y_hi + 3 * DAY)
        raw: list[tuple[int, int]] = []
        day = date(year - 1, 12, 30)
        last = date(year + 1, 1, 2)
        while day <= last:
            spans = self.spans_on(day)
            if spans:
                wall_midnight = (day - _EPOCH_DATE).days * DAY
                for s, e in spans:
                    # The preimage of the wall-clock span under each constant-offset segment.
                    ws, we = wall_midnight + s, wall_midnight + e
                    for seg_s, seg_e, off in segments:
                        a = max(ws - off, seg_s)
                        b = min(we - off, seg_e)
                        if a < b:
                            raw.append((a, b))
            day += timedelta(days=1)
        raw.sort()
        merged: list[tuple[int, int]] = []
        for a, b in raw:
            a, b = max(a, y_lo), min(b, y_hi)
            if a >= b:
                continue
            if merged and a <= merged[-1][1]:
                if b > merged[-1][1]:
                    merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        self._years[year] = merged
        return merged

    def _cover(self, *instants: float) -> _Timeline:
        """Extend the prefix-sum table by whole UTC years so that it reaches every instant.

        Returns the table in force afterwards (the same one when it already reached them).
        """
        return self._cover_years(*(_utc_year(t) for t in instants))

    def _cover_years(self, *years: int) -> _Timeline:
        tl = self._tl
        lo_y, hi_y = min(years), max(years)
        if tl.years is not None:
            if tl.years[0] <= lo_y and hi_y <= tl.years[1]:
                return tl
            lo_y, hi_y = min(lo_y, tl.years[0]), max(hi_y, tl.years[1])
        if lo_y < _MIN_YEAR or hi_y > _MAX_YEAR:
            raise CalendarError(
                f"calendar {self.id!r}: working time is only known for the years "
                f"{_MIN_YEAR}-{_MAX_YEAR}"
            )
        tl = _Timeline.build(
            lo_y, hi_y, (iv for y in range(lo_y, hi_y + 1) for iv in self._year_intervals(y))
        )
        object.__setattr__(self, "_tl", tl)
        return tl

    # ------------------------------------------------------------------ the two questions
    def working_seconds(self, start: float, end: float) -> float:
        """Working seconds in ``[start, end)``; 0 when ``end <= start``."""
        if end <= start:
            return 0
        tl = self._tl
        if start < tl.lo or end > tl.hi:
            tl = self._cover(start, end)
        return tl.cumulative(end) - tl.cumulative(start)

    def add_working(self, start: float, seconds: float) -> float:
        """The instant at which ``seconds`` of working time have elapsed from ``start``.

        With ``seconds <= 0`` that is ``start`` itself.  Landing exactly on the end of a working
        interval gives that end (the target is reached then, not when work resumes).
        """
        if seconds <= 0:
            return start
        if not seconds < _INF:  # inf or NaN: no instant has that much working time behind it
            raise CalendarError(f"cannot add {seconds!r} seconds of working time")
        tl = self._tl
        if start < tl.lo or start >= tl.hi:
            tl = self._cover(start)
        idle_years = 0
        while True:
            done = tl.cumulative(start)
            target = done + seconds
            cum_end = tl.cum_end
            i = bisect_left(cum_end, target)
            if i < len(cum_end):
                return tl.starts[i] + (target - tl.cum[i])
            # Not enough working time in the table: add the years the average rate says are
            # missing (at least one).  Give up only after _MAX_YEARS_AHEAD years in a row that
            # hold no working time at all, not after a fixed number of years.
            lo_y, hi_y = tl.years
            ahead = tl.total - done
            rate = tl.total / (hi_y - lo_y + 1)
            step = 1 if rate <= 0 else min(50, max(1, int((seconds - ahead) / rate) + 1))
            tl = self._cover_years(hi_y + step)
            if tl.total - tl.cumulative(start) > ahead:
                idle_years = 0
            else:
                idle_years += step
                if idle_years >= _MAX_YEARS_AHEAD:
                    raise CalendarError(
                        f"calendar {self.id!r} has no working time for {_MAX_YEARS_AHEAD} years "
                        "ahead"
                    )

    def is_working(self, t: float) -> bool:
        """Whether instant ``t`` lies in working time (the dashboard's countdown ticks then)."""
        tl = self._tl
        if t < tl.lo or t >= tl.hi:
            tl = self._cover(t)
        i = bisect_right(tl.starts, t) - 1
        return i >= 0 and t < tl.ends[i]

    # ------------------------------------------------------------------ with pauses
    def elapsed(self, start: float, end: float, pauses: Iterable[Pause] = ()) -> float:
        """Working seconds in ``[start, end)`` minus those inside the pause intervals."""
        total = self.working_seconds(start, end)
        if not pauses:  # most requests never pause: skip the merge
            return total
        for p_start, p_end in merge_pauses(pauses, end):
            a, b = max(p_start, start), min(p_end, end)
            if a < b:
                total -= self.working_seconds(a, b)
        return total

    def deadline(self, start: float, seconds: float, pauses: Iterable[Pause] = ()) -> float | None:
        """When ``seconds`` of unpaused working time have elapsed from ``start``.

        ``None`` when a pause that has not ended stops the clock before the target is reached:
        there is no deadline while waiting on the requester.  With ``seconds <= 0`` it is
        ``start`` itself, paused or not (as for :meth:`add_working`).
        """
        if seconds <= 0:
            return start
        if not pauses:
            return self.add_working(start, seconds)
        remaining = seconds
        cursor = start
        for p_start, p_end in merge_pauses(pauses, None):
            if p_end is not None and p_end <= cursor:
                continue
            if p_start > cursor:
                available = self.working_seconds(cursor, p_start)
                if available >= remaining:
                    return self.add_working(cursor, remaining)
                remaining -= available
            if p_end is None:
                return None
            cursor = max(cursor, p_end)
        return self.add_working(cursor, remaining)


def _utc_year(t: float) -> int:
    try:
        return datetime.fromtimestamp(t, timezone.utc).year
    except (OverflowError, OSError, ValueError) as exc:
        raise CalendarError(f"instant {t!r} is out of range") from exc


def merge_pauses(pauses: Iterable[Pause], open_end: float | None) -> list[tuple[float, float | None]]:
    """Sort and merge pause intervals; an open pause ends at ``open_end`` (None: stays open).

    Empty or inverted pauses (``end <= start``) pause nothing and are dropped: kept, an inverted
    one would let :meth:`WorkCalendar.deadline` count the time before it twice.
    """
    items = sorted(
        (
            (s, e)
            for s, e in ((s, e if e is not None else open_end) for s, e in pauses)
            if e is None or e > s
        ),
        key=lambda p: p[0],
    )
    merged: list[tuple[float, float | None]] = []
    for s, e in items:
        if merged:
            last_s, last_e = merged[-1]
            if last_e is None:
                break
            if s <= last_e:
                if e is None or e > last_e:
                    merged[-1] = (last_s, e)
                continue
        merged.append((s, e))
    return merged


class AlwaysCalendar(WorkCalendar):
    """The built-in ``24x7`` calendar: every second counts, a day is 24 hours."""

    def __init__(self, id: str = "24x7") -> None:
        full = ((0, DAY),)
        super().__init__(id=id, timezone="UTC", hours=(full,) * 7, day_seconds=DAY)

    def is_closed_day(self, day: date) -> bool:
        return False

    def working_seconds(self, start: float, end: float) -> float:
        return end - start if end > start else 0

    def add_working(self, start: float, seconds: float) -> float:
        return start + seconds if seconds > 0 else start

    def is_working(self, t: float) -> bool:
        return True


ALWAYS = AlwaysCalendar()
