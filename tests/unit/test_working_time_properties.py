"""The working-time engine against the plainest possible definition of working time.

The reference below knows nothing of intervals, offset segments or prefix sums.  For every minute
instant ``t`` it asks ``zoneinfo`` for the local wall clock at ``t`` and says ``t`` is working time
when that local *date* is neither closed nor a public holiday and the wall time lies in a span of
that date.  Everything else (working seconds, the instant N working seconds on, pauses) is
counting minutes.

All generated instants, spans, pauses and zone transitions fall on whole minutes (every offset
of the zones below is a multiple of 30 minutes), so one minute is either all working time or
none of it and a per-minute answer is exact; where the engine is asked about an instant inside a
minute the reference counts the seconds of that minute.  That also gives the engine's semantics
for the two DST nights for free: a wall time repeated by a fall-back counts in both passes, and
a wall time skipped by a spring-forward never occurs.

Zones: both hemispheres with DST, America/Santiago (its clocks change at local midnight, so the
repeated hour belongs to the Saturday), Asia/Kolkata (a half-hour offset, no DST) and
Australia/Lord_Howe (a 30-minute DST shift).  Windows of up to ten days start around the DST
transitions of 2025-2027 and around New Year; ``@example`` pins the exact transition nights.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from slacheck.domain.calendar import WorkCalendar, parse_spans

MINUTE = 60
DAY_MINUTES = 24 * 60

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "America/Santiago",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
)
#: Public holidays used for the zone when a generated calendar has holidays switched on.
ZONE_HOLIDAYS = {
    "Europe/Berlin": ("DE", "BE"),
    "America/New_York": ("US", "NY"),
    "Australia/Sydney": ("AU", "NSW"),
    "America/Santiago": ("CL", None),
    "Pacific/Auckland": ("NZ", None),
    "Asia/Kolkata": ("IN", None),
    "Australia/Lord_Howe": ("AU", "NSW"),
}

PROPERTY_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# ---------------------------------------------------------------------------- the reference
@lru_cache(maxsize=None)
def _holiday_table(country: str, subdivision: str | None) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision)


@dataclass(frozen=True)
class Case:
    """One generated calendar, a window ``[lo, lo + minutes * 60)`` and questions about it.

    Spans are in minutes since local midnight (``1440`` is ``24:00``); queries are minute
    indices into the window, pause and query bounds may carry extra seconds where noted.
    """

    zone: str
    week: tuple[tuple[tuple[int, int], ...], ...]  # Monday first
    closed: frozenset[date]
    with_holidays: bool
    lo: int
    minutes: int
    ranges: tuple[tuple[int, int], ...] = ()  # (a, b) in seconds from lo, any second
    adds: tuple[tuple[int, int], ...] = ()  # (start minute, working seconds)
    pauses: tuple[tuple[int, int | None], ...] = ()  # minute indices; None: still paused
    clocks: tuple[tuple[int, int, int], ...] = field(default=())  # (start min, end min, seconds)

    @property
    def hi(self) -> int:
        return self.lo + self.minutes * MINUTE

    def calendar(self) -> WorkCalendar:
        country, subdivision = ZONE_HOLIDAYS[self.zone] if self.with_holidays else (None, None)
        texts = [", ".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in spans) or "closed"
                 for spans in self.week]
        return WorkCalendar(
            "prop",
            self.zone,
            hours=tuple(parse_spans(text) for text in texts),
            holiday_country=country,
            holiday_subdivision=subdivision,
            closed=self.closed,
        )


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def reference_minutes(case: Case) -> list[bool]:
    """Whether each minute of ``[lo, hi]`` (one more than the window) is working time."""
    tz = ZoneInfo(case.zone)
    table = _holiday_table(*ZONE_HOLIDAYS[case.zone]) if case.with_holidays else None
    flags = []
    for k in range(case.minutes + 1):
        local = datetime.fromtimestamp(case.lo + k * MINUTE, tz)
        day = local.date()
        if day in case.closed or (table is not None and day in table):
            flags.append(False)
            continue
        wall = local.hour * 60 + local.minute
        flags.append(any(s <= wall < e for s, e in case.week[day.weekday()]))
    return flags


class Reference:
    """Minute-by-minute answers over one case's window."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.flags = reference_minutes(case)

    def working_seconds(self, a: int, b: int) -> int:
        """Working seconds in ``[lo + a, lo + b)`` for any seconds ``0 <= a, b <= 60 * minutes``."""
        if b <= a:
            return 0
        total = 0
        for second_minute in range(a // MINUTE, b // MINUTE + 1):
            if not self.flags[second_minute]:
                continue
            m_lo = max(a, second_minute * MINUTE)
            m_hi = min(b, (second_minute + 1) * MINUTE)
            if m_hi > m_lo:
                total += m_hi - m_lo
        return total

    def paused(self, k: int) -> bool:
        return any(ps <= k and (pe is None or k < pe) for ps, pe in self.case.pauses)

    def elapsed(self, i: int, j: int) -> int:
        """Unpaused working seconds from minute ``i`` to minute ``j`` (an open pause runs on)."""
        return sum(MINUTE for k in range(i, j) if self.flags[k] and not self.paused(k))

    def walk(self, i: int, seconds: int, pauses: bool) -> int | None:
        """Walk minute by minute from minute ``i`` until ``seconds`` of (unpaused) working time
        have gone by; the offset in seconds from ``lo``, or None when the window runs out."""
        if seconds <= 0:
            return i * MINUTE
        done = 0
        for k in range(i, self.case.minutes):
            if self.flags[k] and not (pauses and self.paused(k)):
                if done + MINUTE >= seconds:
                    return k * MINUTE + (seconds - done)
                done += MINUTE
        return None


# ---------------------------------------------------------------------------- generators
@lru_cache(maxsize=None)
def transitions(zone: str) -> tuple[int, ...]:
    """The instants (whole minutes) at which ``zone`` changed its UTC offset in 2025-2027."""
    tz = ZoneInfo(zone)

    def offset(t: int) -> timedelta:
        return datetime.fromtimestamp(t, tz).utcoffset()

    found = []
    t = int(datetime(2025, 1, 1, tzinfo=timezone.utc).timestamp())
    stop = int(datetime(2028, 1, 1, tzinfo=timezone.utc).timestamp())
    while t < stop:
        if offset(t) != offset(t + 3600):
            a, b = t, t + 3600  # offset(a) is the old one, offset(b) the new one
            while b - a > MINUTE:
                mid = a + (b - a) // 2 // MINUTE * MINUTE
                if offset(mid) == offset(a):
                    a = mid
                else:
                    b = mid
            found.append(b)
        t += 3600
    return tuple(found)


def new_years(zone: str) -> tuple[int, ...]:
    """UTC and local New Year of 2026, 2027 and 2028: the engine's tables are per UTC year."""
    tz = ZoneInfo(zone)
    out = []
    for year in (2026, 2027, 2028):
        out.append(int(datetime(year, 1, 1, tzinfo=timezone.utc).timestamp()))
        out.append(int(datetime(year, 1, 1, tzinfo=tz).timestamp()))
    return tuple(out)


# Quarter-hour points, with the hours that DST changes touch (01:00-03:30, midnight, 24:00)
# drawn more often than the rest.
_POINTS = st.one_of(
    st.integers(0, 96).map(lambda q: q * 15),
    st.sampled_from([0, 60, 90, 120, 150, 180, 210, 1380, 1440]),
)
_TEMPLATES = (
    (),
    ((540, 1020),),  # 09:00-17:00
    ((540, 750), (795, 1020)),  # 09:00-12:30, 13:15-17:00
    ((0, 1440),),  # 00:00-24:00
    ((1320, 1440),),  # 22:00-24:00
    ((0, 360),),  # 00:00-06:00
    ((0, 360), (1320, 1440)),  # 00:00-06:00, 22:00-24:00
    ((150, 210),),  # 02:30-03:30: inside or across the skipped hour
    ((60, 180),),  # 01:00-03:00
)


@st.composite
def day_spans(draw: st.DrawFn) -> tuple[tuple[int, int], ...]:
    if draw(st.booleans()):
        return draw(st.sampled_from(_TEMPLATES))
    points = sorted(set(draw(st.lists(_POINTS, min_size=2, max_size=6))))
    if len(points) % 2:
        points = points[:-1]
    spans = [(points[n], points[n + 1]) for n in range(0, len(points), 2)]
    if len(spans) > 1 and draw(st.booleans()):
        spans[1] = (spans[0][1], spans[1][1])  # touching spans: "09:00-12:00, 12:00-13:00"
    return tuple(spans)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    zone = draw(st.sampled_from(ZONES))
    week = tuple(draw(day_spans()) for _ in range(7))
    if not any(week):
        week = (((540, 1020),),) + week[1:]
    anchors = transitions(zone) + new_years(zone)
    anchor = draw(st.sampled_from(anchors))
    lo = anchor + draw(st.integers(-3 * DAY_MINUTES, DAY_MINUTES)) * MINUTE
    minutes = draw(st.one_of(st.integers(0, 3 * DAY_MINUTES), st.integers(0, 10 * DAY_MINUTES)))
    first_day = datetime.fromtimestamp(lo, timezone.utc).date() - timedelta(days=1)
    span_days = minutes // DAY_MINUTES + 3
    closed = frozenset(
        first_day + timedelta(days=n)
        for n in draw(st.lists(st.integers(0, span_days), max_size=4))
    )
    window = minutes * MINUTE
    ranges = tuple(
        draw(st.lists(st.tuples(st.integers(0, window), st.integers(0, window)), max_size=4))
    )
    adds = tuple(draw(st.lists(
        st.tuples(st.integers(0, minutes), st.integers(0, window + 3 * 3600)), max_size=3,
    )))
    pauses = tuple(draw(st.lists(
        st.tuples(st.integers(0, minutes), st.integers(0, minutes)).map(sorted).map(tuple),
        max_size=3,
    )))
    if draw(st.booleans()) and minutes:
        pauses += ((draw(st.integers(0, minutes)), None),)
    clocks = tuple(draw(st.lists(
        st.tuples(st.integers(0, minutes), st.integers(0, minutes), st.integers(0, window)),
        max_size=3,
    )))
    return Case(zone, week, closed, draw(st.booleans()), lo, minutes, ranges, adds, pauses, clocks)


def night_case(zone: str, evening: date) -> Case:
    """A night shift ``22:00-24:00`` + ``00:00-06:00`` every day, from noon of ``evening``
    (local) for two days, with questions across the night."""
    lo = int(datetime.combine(evening, time(12), ZoneInfo(zone)).timestamp())
    night = ((0, 360), (1320, 1440))
    minutes = 2 * DAY_MINUTES
    return Case(
        zone, (night,) * 7, frozenset(), False, lo, minutes,
        ranges=((0, minutes * MINUTE), (10 * 3600, 18 * 3600), (10 * 3600 + 1, 18 * 3600 - 7)),
        adds=((0, 3600), (0, 8 * 3600), (0, 7 * 3600), (0, 5 * 3600), (600, 90), (0, 0)),
        pauses=((660, 720), (700, 760), (1000, None)),
        clocks=((0, minutes, 3 * 3600), (0, 900, 7 * 3600), (660, 800, 0)),
    )


def office_case(zone: str, first: date, days: int = 4, with_holidays: bool = True) -> Case:
    """A lunch-break office week from local midnight of ``first``."""
    lo = int(datetime.combine(first, time(0), ZoneInfo(zone)).timestamp())
    office = ((540, 750), (795, 1020))
    minutes = days * DAY_MINUTES
    return Case(
        zone, (office,) * 5 + ((), ()), frozenset(), with_holidays, lo, minutes,
        ranges=((0, minutes * MINUTE), (9 * 3600, 30 * 3600)),
        adds=((0, 8 * 3600), (0, 3 * 8 * 3600 + 15 * 60), (0, 6 * 3600 + 45 * 60)),
        pauses=((600, 800), (2000, 2500)),
        clocks=((0, minutes, 10 * 3600),),
    )


def _examples(test):
    """The exact transition nights of 2026 in each zone (fall back and spring forward), plus
    New Year and a holiday week."""
    nights = [
        ("Europe/Berlin", date(2026, 10, 24)), ("Europe/Berlin", date(2026, 3, 28)),
        ("America/New_York", date(2026, 10, 31)), ("America/New_York", date(2026, 3, 7)),
        ("Australia/Sydney", date(2026, 4, 4)), ("Australia/Sydney", date(2026, 10, 3)),
        ("America/Santiago", date(2026, 4, 4)), ("America/Santiago", date(2026, 9, 5)),
        ("Pacific/Auckland", date(2026, 4, 4)), ("Pacific/Auckland", date(2026, 9, 26)),
        ("Australia/Lord_Howe", date(2026, 4, 4)), ("Australia/Lord_Howe", date(2026, 10, 3)),
        ("Asia/Kolkata", date(2026, 12, 31)), ("America/Santiago", date(2026, 12, 31)),
    ]
    for zone, evening in nights:
        test = example(case=night_case(zone, evening))(test)
    test = example(case=office_case("America/New_York", date(2026, 11, 23)))(test)
    test = example(case=office_case("Europe/Berlin", date(2026, 12, 28), days=8))(test)
    test = example(case=office_case("Pacific/Auckland", date(2026, 12, 30), days=5))(test)
    return test


# ---------------------------------------------------------------------------- the properties
@_examples
@PROPERTY_SETTINGS
@given(case=cases())
def test_working_seconds_and_is_working_match_the_reference(case: Case) -> None:
    ref = Reference(case)
    cal = case.calendar()
    lo = case.lo
    assert cal.working_seconds(lo, case.hi) == ref.working_seconds(0, case.minutes * MINUTE)
    for a, b in case.ranges:
        assert cal.working_seconds(lo + a, lo + b) == ref.working_seconds(a, b), (a, b)
        # Inside a minute too, as floats.
        assert cal.working_seconds(lo + a + 0.5, lo + b) == ref.working_seconds(a, b) - (
            0.5 if b > a and ref.flags[a // MINUTE] else 0
        ), (a, b)
    for k in range(0, case.minutes, 7):
        assert cal.is_working(lo + k * MINUTE) == ref.flags[k], k


@_examples
@PROPERTY_SETTINGS
@given(case=cases())
def test_add_working_matches_a_minute_by_minute_walk(case: Case) -> None:
    ref = Reference(case)
    cal = case.calendar()
    lo = case.lo
    for i, seconds in case.adds:
        got = cal.add_working(lo + i * MINUTE, seconds)
        want = ref.walk(i, seconds, pauses=False)
        if want is None:
            # Not reached inside the window: later than its end, and exactly N seconds on.
            assert got > case.hi, (i, seconds)
            assert cal.working_seconds(lo + i * MINUTE, got) == seconds
        else:
            assert got == lo + want, (i, seconds)
    # Exact ties: N = the working time up to some instant.  The answer is the earliest instant
    # with that much working time, i.e. the end of the last interval, not the next start.
    for a, b in case.ranges:
        a, b = sorted((a // MINUTE, b // MINUTE))
        seconds = ref.working_seconds(a * MINUTE, b * MINUTE)
        assert cal.add_working(lo + a * MINUTE, seconds) == lo + ref.walk(a, seconds, False)


@_examples
@PROPERTY_SETTINGS
@given(case=cases())
def test_elapsed_and_deadline_with_pauses_match_the_reference(case: Case) -> None:
    ref = Reference(case)
    cal = case.calendar()
    lo = case.lo
    pauses = [(lo + s * MINUTE, None if e is None else lo + e * MINUTE) for s, e in case.pauses]
    has_open = any(e is None for _, e in case.pauses)
    for i, j, seconds in case.clocks:
        i, j = sorted((i, j))
        assert cal.elapsed(lo + i * MINUTE, lo + j * MINUTE, pauses) == ref.elapsed(i, j), (i, j)

        for n in (seconds, ref.elapsed(i, j)):  # a random target, and an exact tie
            got = cal.deadline(lo + i * MINUTE, n, pauses)
            want = ref.walk(i, n, pauses=True)
            if want is not None:
                assert got == lo + want, (i, n)
            elif has_open:
                # Every open pause starts inside the window: nothing accrues after it, ever.
                assert got is None, (i, n)
            else:
                assert got is not None and got > case.hi, (i, n)
                assert cal.elapsed(lo + i * MINUTE, got, pauses) == n
