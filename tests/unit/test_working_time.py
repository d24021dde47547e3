"""Hand-checked working-time cases: every expected figure is worked out in a comment.

Notation: ``CET`` is UTC+1, ``CEST`` UTC+2, ``EST`` UTC-5.  In 2026 Berlin's clocks go forward
on Sunday 29 March (02:00 CET -> 03:00 CEST, at 01:00 UTC) and back on Sunday 25 October
(03:00 CEST -> 02:00 CET, at 01:00 UTC).
"""

from __future__ import annotations

import sys
import threading
import time as _time
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from slacheck.domain.calendar import (
    ALWAYS,
    DAY,
    CalendarError,
    WorkCalendar,
    format_spans,
    merge_pauses,
    parse_spans,
)

H = 3600
M = 60
BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"


def at(zone: str, text: str) -> int:
    """Local wall time ``YYYY-MM-DD HH:MM[:SS]`` in ``zone`` (never an ambiguous one here)."""
    return int(datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).timestamp())


def utc(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp())


def week(mon_fri: str, fri: str | None = None, sat: str = "", sun: str = "") -> tuple:
    day = parse_spans(mon_fri)
    return (day,) * 4 + (parse_spans(fri if fri is not None else mon_fri),
                         parse_spans(sat), parse_spans(sun))


def office(zone: str = BERLIN, **kwargs) -> WorkCalendar:
    """Monday to Friday 09:00-17:00, no holidays unless asked."""
    return WorkCalendar("office", zone, hours=week("09:00-17:00"), **kwargs)


# ---------------------------------------------------------------------------- DST weekends
def test_friday_afternoon_across_the_autumn_dst_weekend() -> None:
    cal = office()
    start = at(BERLIN, "2026-10-23 15:00")  # Friday, CEST = 13:00 UTC
    end = at(BERLIN, "2026-10-26 11:00")  # Monday, CET = 10:00 UTC
    # Friday 15:00-17:00 = 2 h, the weekend is closed, Monday 09:00-11:00 = 2 h: 4 h, although
    # 69 real hours pass (13:00 UTC Fri -> 10:00 UTC Mon) and the weekend holds an extra hour.
    assert end - start == 69 * H
    assert cal.working_seconds(start, end) == 4 * H
    # And back: 4 h from Friday 15:00 ends Monday 11:00 CET = 10:00 UTC.
    assert cal.add_working(start, 4 * H) == end == utc("2026-10-26 10:00")


def test_friday_afternoon_across_the_spring_dst_weekend() -> None:
    cal = office()
    start = at(BERLIN, "2026-03-27 15:00")  # Friday, CET = 14:00 UTC
    end = at(BERLIN, "2026-03-30 11:00")  # Monday, CEST = 09:00 UTC
    # 2 h on Friday + 2 h on Monday = 4 h; real time 14:00 UTC Fri -> 09:00 UTC Mon = 67 h.
    assert end - start == 67 * H
    assert cal.working_seconds(start, end) == 4 * H
    assert cal.add_working(start, 4 * H) == end == utc("2026-03-30 09:00")


# ---------------------------------------------------------------------------- office shapes
def test_lunch_break() -> None:
    cal = WorkCalendar("lunch", BERLIN, hours=week("09:00-12:30, 13:15-17:00"))
    day = "2026-06-10"  # a Wednesday, CEST
    # The whole day: 3 h 30 m + 3 h 45 m = 7 h 15 m = 26,100 s.
    assert cal.working_seconds(at(BERLIN, f"{day} 00:00"), at(BERLIN, f"{day} 23:59")) == 26_100
    # 10:00-14:00 = 10:00-12:30 (2 h 30 m) + 13:15-14:00 (45 m) = 3 h 15 m.
    assert cal.working_seconds(at(BERLIN, f"{day} 10:00"), at(BERLIN, f"{day} 14:00")) == (
        3 * H + 15 * M
    )
    # Lunch itself is not working time.
    assert cal.working_seconds(at(BERLIN, f"{day} 12:30"), at(BERLIN, f"{day} 13:15")) == 0
    # 3 h 30 m from 09:00 is reached at 12:30, the end of the morning, not at 13:15.
    assert cal.add_working(at(BERLIN, f"{day} 09:00"), 3 * H + 30 * M) == at(BERLIN, f"{day} 12:30")
    # One second more is one second after lunch.
    assert cal.add_working(at(BERLIN, f"{day} 09:00"), 3 * H + 30 * M + 1) == (
        at(BERLIN, f"{day} 13:15") + 1
    )
    # 4 h from 11:00: 11:00-12:30 (1 h 30 m) + 2 h 30 m after 13:15 = 15:45.
    assert cal.add_working(at(BERLIN, f"{day} 11:00"), 4 * H) == at(BERLIN, f"{day} 15:45")


def test_thanksgiving_in_new_york() -> None:
    cal = office(NEW_YORK, holiday_country="US", holiday_subdivision="NY")
    assert cal.is_closed_day(date(2026, 11, 26))  # Thanksgiving, a Thursday
    assert not cal.is_closed_day(date(2026, 11, 27))
    # Wednesday 25 Nov 16:00 EST + 2 h: 16:00-17:00 Wednesday (1 h), Thursday is Thanksgiving,
    # Friday 09:00-10:00 (1 h) -> Friday 10:00 EST = 15:00 UTC.
    start = at(NEW_YORK, "2026-11-25 16:00")
    assert cal.add_working(start, 2 * H) == at(NEW_YORK, "2026-11-27 10:00")
    assert cal.add_working(start, 2 * H) == utc("2026-11-27 15:00")
    # The week Mon 23 - Sun 29 Nov: four office days of 8 h (not five) = 32 h.
    assert cal.working_seconds(at(NEW_YORK, "2026-11-23 00:00"),
                               at(NEW_YORK, "2026-11-30 00:00")) == 32 * H
    # Thanksgiving itself holds nothing.
    assert cal.working_seconds(at(NEW_YORK, "2026-11-26 00:00"),
                               at(NEW_YORK, "2026-11-27 00:00")) == 0


def test_extra_closed_days_and_holidays_around_christmas() -> None:
    cal = office(holiday_country="DE", holiday_subdivision="BE",
                 closed=frozenset({date(2026, 12, 24), date(2026, 12, 31)}))
    # Mon 21 Dec 2026 - Sat 2 Jan 2027: office days 21, 22, 23, 28, 29, 30 Dec; closed 24 and 31
    # (extra), holidays 25 Dec, 1 Jan; 26/27 Dec and 2 Jan are the weekend: 6 x 8 h = 48 h.
    assert cal.working_seconds(at(BERLIN, "2026-12-21 00:00"),
                               at(BERLIN, "2027-01-03 00:00")) == 48 * H
    # Wed 23 Dec 16:00 + 2 h: 1 h on Wednesday, then Mon 28 Dec 09:00-10:00 CET = 09:00 UTC.
    assert cal.add_working(at(BERLIN, "2026-12-23 16:00"), 2 * H) == utc("2026-12-28 09:00")


def test_deadline_across_the_year_boundary() -> None:
    cal = office(holiday_country="DE", holiday_subdivision="BE",
                 closed=frozenset({date(2026, 12, 31)}))
    # Wed 30 Dec 2026 16:00 + 2 h: 1 h on Wednesday; 31 Dec closed, 1 Jan a holiday, 2-3 Jan
    # the weekend; Mon 4 Jan 2027 09:00-10:00 CET -> 09:00 UTC.
    start = at(BERLIN, "2026-12-30 16:00")
    end = cal.add_working(start, 2 * H)
    assert end == utc("2027-01-04 09:00")
    assert cal.working_seconds(start, end) == 2 * H


def test_night_shift_straddling_the_utc_new_year() -> None:
    # Thursday 31 Dec 22:00-24:00, Friday 1 Jan 00:00-06:00 (no holidays on this calendar):
    # 21:00 UTC -> 05:00 UTC, eight hours, split by the engine's per-UTC-year tables at 00:00 UTC.
    cal = WorkCalendar("night", BERLIN, hours=week("00:00-06:00, 22:00-24:00"))
    start = at(BERLIN, "2026-12-31 22:00")
    assert cal.working_seconds(start, at(BERLIN, "2027-01-01 06:00")) == 8 * H
    # 3 h from 22:00 CET (21:00 UTC) lands exactly on the table seam, 00:00 UTC.
    assert cal.add_working(start, 3 * H) == utc("2027-01-01 00:00")
    assert cal.add_working(start, 3 * H + 1) == utc("2027-01-01 00:00") + 1
    assert cal.working_seconds(start, utc("2027-01-01 00:00")) == 3 * H


def test_short_friday() -> None:
    cal = WorkCalendar("berlin-office", BERLIN, hours=week("09:00-17:00", fri="09:00-15:00"))
    # A week: four days of 8 h and a Friday of 6 h = 38 h.
    assert cal.working_seconds(at(BERLIN, "2026-06-08 00:00"),
                               at(BERLIN, "2026-06-15 00:00")) == 38 * H
    # Thursday 16:00 + 4 h: 1 h on Thursday, 3 h on Friday from 09:00 -> Friday 12:00.
    assert cal.add_working(at(BERLIN, "2026-06-11 16:00"), 4 * H) == at(BERLIN, "2026-06-12 12:00")
    # Friday 14:00 + 2 h: 14:00-15:00 (the short day ends at 15:00), then Monday 09:00-10:00.
    assert cal.add_working(at(BERLIN, "2026-06-12 14:00"), 2 * H) == at(BERLIN, "2026-06-15 10:00")
    # Friday 15:00-17:00 is not working time.
    assert not cal.is_working(at(BERLIN, "2026-06-12 16:00"))
    assert cal.is_working(at(BERLIN, "2026-06-12 14:59"))


# ---------------------------------------------------------------------------- nights and DST
def night_shift() -> WorkCalendar:
    """Saturday 22:00-24:00 and Sunday 00:00-06:00: one night shift across midnight."""
    return WorkCalendar("night", BERLIN,
                        hours=((),) * 5 + (parse_spans("22:00-24:00"), parse_spans("00:00-06:00")))


def test_night_shift_on_the_night_the_clocks_go_back_is_seven_real_hours() -> None:
    cal = night_shift()
    # Sunday 25 Oct 2026: 00:00 CEST = Sat 22:00 UTC; 06:00 CET = 05:00 UTC -> 7 h, because
    # 02:00-03:00 wall time happens twice and counts both times.
    assert cal.working_seconds(utc("2026-10-24 22:00"), utc("2026-10-25 05:00")) == 7 * H
    assert cal.working_seconds(at(BERLIN, "2026-10-25 00:00"),
                               at(BERLIN, "2026-10-25 06:00")) == 7 * H
    # The whole shift, Sat 22:00 CEST (20:00 UTC) to Sun 06:00 CET (05:00 UTC): 2 h + 7 h = 9 h.
    start = at(BERLIN, "2026-10-24 22:00")
    assert start == utc("2026-10-24 20:00")
    assert cal.working_seconds(start, utc("2026-10-25 05:00")) == 9 * H
    # 8 h from Sat 22:00 CEST: 2 h to midnight, then 6 real hours from 22:00 UTC = 04:00 UTC,
    # which is 05:00 CET on the wall (the repeated hour ate one wall-clock hour).
    assert cal.add_working(start, 8 * H) == utc("2026-10-25 04:00")
    # Nine hours end the shift exactly: 05:00 UTC = 06:00 CET, not next Saturday.
    assert cal.add_working(start, 9 * H) == utc("2026-10-25 05:00")
    # Both passes through 02:30 are working time.
    assert cal.is_working(utc("2026-10-25 00:30"))  # 02:30 CEST
    assert cal.is_working(utc("2026-10-25 01:30"))  # 02:30 CET


def test_night_shift_on_the_night_the_clocks_go_forward_is_five_real_hours() -> None:
    cal = night_shift()
    # Sunday 29 Mar 2026: 00:00 CET = Sat 23:00 UTC; 06:00 CEST = 04:00 UTC -> 5 h, because
    # 02:00-03:00 wall time never happens.
    assert cal.working_seconds(utc("2026-03-28 23:00"), utc("2026-03-29 04:00")) == 5 * H
    start = at(BERLIN, "2026-03-28 22:00")  # Saturday, CET = 21:00 UTC
    # The whole shift: 2 h + 5 h = 7 h.
    assert cal.working_seconds(start, at(BERLIN, "2026-03-29 06:00")) == 7 * H
    # 7 h end the shift exactly, at 04:00 UTC (06:00 CEST)...
    assert cal.add_working(start, 7 * H) == utc("2026-03-29 04:00")
    # ...and one second more is one second into next Saturday's shift, 22:00 CEST = 20:00 UTC.
    assert cal.add_working(start, 7 * H + 1) == utc("2026-04-04 20:00") + 1


def test_span_starting_inside_the_skipped_hour() -> None:
    # Sundays 02:30-04:00.  On 29 Mar 2026 02:30 never happens: the clocks jump from 02:00 CET
    # to 03:00 CEST at 01:00 UTC, so the span runs 03:00-04:00 CEST = 01:00-02:00 UTC, 1 h.
    cal = WorkCalendar("early", BERLIN, hours=((),) * 6 + (parse_spans("02:30-04:00"),))
    day_lo, day_hi = at(BERLIN, "2026-03-29 00:00"), at(BERLIN, "2026-03-30 00:00")
    assert cal.working_seconds(day_lo, day_hi) == 1 * H
    # Work starts when the clocks land, 01:00 UTC.
    assert cal.add_working(day_lo, 1) == utc("2026-03-29 01:00") + 1
    assert not cal.is_working(utc("2026-03-29 00:59:59"))
    assert cal.is_working(utc("2026-03-29 01:00"))
    # A week later the same span is its normal 1 h 30 m.
    assert cal.working_seconds(day_lo + 7 * DAY, day_hi + 7 * DAY) == 90 * M
    # A span wholly inside the skipped hour holds nothing that night.
    ghost = WorkCalendar("ghost", BERLIN, hours=((),) * 6 + (parse_spans("02:00-03:00"),))
    assert ghost.working_seconds(day_lo, day_hi) == 0
    assert ghost.working_seconds(day_lo + 7 * DAY, day_hi + 7 * DAY) == 1 * H


def test_span_starting_inside_the_skipped_hour_in_new_york() -> None:
    # 8 Mar 2026, New York: 02:00 EST -> 03:00 EDT at 07:00 UTC.  A Sunday span 02:15-03:15
    # runs 03:00-03:15 EDT only: 15 minutes.
    cal = WorkCalendar("early", NEW_YORK, hours=((),) * 6 + (parse_spans("02:15-03:15"),))
    lo, hi = at(NEW_YORK, "2026-03-08 00:00"), at(NEW_YORK, "2026-03-09 00:00")
    assert cal.working_seconds(lo, hi) == 15 * M
    assert cal.add_working(lo, 15 * M) == utc("2026-03-08 07:15")


# ---------------------------------------------------------------------------- add_working edges
@pytest.mark.parametrize("when", ["2026-06-10 09:00", "2026-06-10 12:00", "2026-06-13 03:00"])
def test_add_zero_is_the_start(when: str) -> None:
    cal = office()
    x = at(BERLIN, when)  # in working time, and on a Saturday night
    assert cal.add_working(x, 0) == x
    assert cal.add_working(x, -5) == x
    assert cal.add_working(x + 0.25, 0) == x + 0.25
    assert cal.deadline(x, 0) == x


def test_exact_tie_gives_the_interval_end() -> None:
    cal = office()
    monday = "2026-06-08"
    # 8 h from Monday 09:00 are reached at Monday 17:00, not at Tuesday 09:00.
    assert cal.add_working(at(BERLIN, f"{monday} 09:00"), 8 * H) == at(BERLIN, f"{monday} 17:00")
    # Started in the evening, 8 h end on Tuesday 17:00.
    assert cal.add_working(at(BERLIN, f"{monday} 20:00"), 8 * H) == at(BERLIN, "2026-06-09 17:00")
    # Friday 09:00 + 8 h = Friday 17:00, not Monday 09:00.
    assert cal.add_working(at(BERLIN, "2026-06-12 09:00"), 8 * H) == at(BERLIN, "2026-06-12 17:00")


def test_fractional_seconds() -> None:
    cal = office()
    start = at(BERLIN, "2026-06-08 16:59") + 0.5
    # 59.5 s to 17:00 on Monday; 60 s are those and 0.5 s from Tuesday 09:00.
    assert cal.working_seconds(start, at(BERLIN, "2026-06-08 17:00")) == 59.5
    assert cal.add_working(start, 60) == at(BERLIN, "2026-06-09 09:00") + 0.5


def test_deadline_across_several_years() -> None:
    cal = office()
    # Without holidays every week holds 5 x 8 h = 40 h.  From Monday 5 Jan 2026 09:00, 1,040
    # weeks of work end on the Friday of the 1,040th week at 17:00: 1,039 weeks and 4 days after
    # that Monday = 7,277 days.  5 Jan 2026 -> 5 Jan 2046 is 20 x 365 + 5 leap days (2028, 2032,
    # 2036, 2040, 2044) = 7,305 days; 28 days before that is Friday 8 Dec 2045, in winter time.
    # Twenty years ahead: more than a deadline search used to look before giving up.
    start = at(BERLIN, "2026-01-05 09:00")
    friday = date(2026, 1, 5) + timedelta(weeks=1039, days=4)
    assert friday == date(2045, 12, 8) and friday.weekday() == 4
    end = datetime.combine(friday, time(17), ZoneInfo(BERLIN)).timestamp()
    assert cal.add_working(start, 1040 * 40 * H) == end
    assert cal.working_seconds(start, end) == 1040 * 40 * H
    # Three years with Berlin's holidays.  Weekdays: 2026 has 261 (365 days from a Thursday:
    # 52 weeks + Thu), 2027 261 (from a Friday), 2028 260 (366 days from a Saturday: 52 weeks +
    # Sat + Sun) = 782.  Public holidays on a weekday: 2026 -- 1 Jan, 3 Apr, 6 Apr, 1 May, 14 May,
    # 25 May, 25 Dec (7); 2027 -- 1 Jan, 8 Mar, 26 Mar, 29 Mar, 6 May, 17 May (6); 2028 -- 8 Mar,
    # 14 Apr, 17 Apr, 1 May, 25 May, 5 Jun, 3 Oct, 25 Dec, 26 Dec (9).  782 - 22 = 760 days.
    days = 760
    cal_h = office(holiday_country="DE", holiday_subdivision="BE")
    lo, hi = at(BERLIN, "2026-01-01 00:00"), at(BERLIN, "2029-01-01 00:00")
    assert cal_h.working_seconds(lo, hi) == days * 8 * H
    # All of it from New Year 2026 ends on the last office day of 2028: Friday 29 Dec 17:00 CET.
    assert cal_h.add_working(lo, days * 8 * H) == at(BERLIN, "2028-12-29 17:00")


def test_tables_grow_backwards_and_forwards_consistently() -> None:
    cal = office()
    june_2027 = (at(BERLIN, "2027-06-07 00:00"), at(BERLIN, "2027-06-14 00:00"))
    june_2025 = (at(BERLIN, "2025-06-02 00:00"), at(BERLIN, "2025-06-09 00:00"))
    assert cal.working_seconds(*june_2027) == 40 * H
    assert cal.working_seconds(*june_2025) == 40 * H  # the table now starts two years earlier
    assert cal.working_seconds(*june_2027) == 40 * H
    assert cal.add_working(june_2027[0], 8 * H) == at(BERLIN, "2027-06-07 17:00")
    assert cal.working_seconds(june_2025[0], june_2027[1]) == (
        cal.working_seconds(june_2025[0], june_2027[0]) + 40 * H
    )


# ---------------------------------------------------------------------------- pauses
MON = "2026-06-08"
TUE = "2026-06-09"


def b(text: str) -> int:
    """A Berlin wall time on Monday (``HH:MM``) or ``DATE HH:MM``."""
    return at(BERLIN, text if " " in text else f"{MON} {text}")


def test_elapsed_subtracts_paused_working_time() -> None:
    cal = office()
    # 09:00-17:00 = 8 h, paused 11:00-12:00: 7 h.
    assert cal.elapsed(b("09:00"), b("17:00"), [(b("11:00"), b("12:00"))]) == 7 * H
    # A pause across the night removes Monday 16:00-17:00 and Tuesday 09:00-10:00 only:
    # Monday 09:00 -> Tuesday 17:00 = 16 h - 2 h = 14 h.
    assert cal.elapsed(b("09:00"), b(f"{TUE} 17:00"),
                       [(b("16:00"), b(f"{TUE} 10:00"))]) == 14 * H
    # A pause before the start or after the end changes nothing.
    assert cal.elapsed(b("10:00"), b("12:00"), [(b("08:00"), b("09:30")),
                                                (b("13:00"), b("14:00"))]) == 2 * H
    # A pause straddling the start counts from the start: 10:00-12:00 minus 10:00-11:00 = 1 h.
    assert cal.elapsed(b("10:00"), b("12:00"), [(b("09:00"), b("11:00"))]) == 1 * H


def test_deadline_is_pushed_by_pauses() -> None:
    cal = office()
    # 4 h from 09:00 paused 11:00-12:00: 09:00-11:00 (2 h) + 12:00-14:00 (2 h) -> 14:00.
    assert cal.deadline(b("09:00"), 4 * H, [(b("11:00"), b("12:00"))]) == b("14:00")
    # A pause in the night pushes nothing: 4 h from Monday 15:00 -> Tuesday 11:00.
    assert cal.deadline(b("15:00"), 4 * H, [(b("18:00"), b(f"{TUE} 08:00"))]) == b(f"{TUE} 11:00")
    # A pause straddling the start: work starts at 10:00; 1 h -> 11:00.
    assert cal.deadline(b("09:00"), 1 * H, [(b("08:00"), b("10:00"))]) == b("11:00")
    # A pause that starts when the target is reached does not move it: 13:00.
    assert cal.deadline(b("09:00"), 4 * H, [(b("13:00"), b("15:00"))]) == b("13:00")


def test_open_pause() -> None:
    cal = office()
    # Paused from 11:00 with no end: the clock stopped at 2 h, there is no deadline.
    assert cal.deadline(b("09:00"), 4 * H, [(b("11:00"), None)]) is None
    # An open pause after the target is reached does not matter: 4 h -> 13:00.
    assert cal.deadline(b("09:00"), 4 * H, [(b("14:00"), None)]) == b("13:00")
    assert cal.deadline(b("09:00"), 4 * H, [(b("13:00"), None)]) == b("13:00")
    # elapsed: the open pause runs to the end asked for: 09:00-11:00 = 2 h.
    assert cal.elapsed(b("09:00"), b("17:00"), [(b("11:00"), None)]) == 2 * H
    # An open pause that starts after the end asked for changes nothing.
    assert cal.elapsed(b("09:00"), b("10:00"), [(b("11:00"), None)]) == 1 * H


def test_overlapping_pauses_are_merged() -> None:
    cal = office()
    pauses = [(b("10:00"), b("12:00")), (b("11:00"), b("13:00")), (b("12:30"), b("12:45"))]
    # Merged: 10:00-13:00.  09:00-17:00 is 8 h - 3 h = 5 h (not 8 - 2 - 2 - 0.25).
    assert cal.elapsed(b("09:00"), b("17:00"), pauses) == 5 * H
    # 4 h from 09:00: 09:00-10:00 (1 h), paused until 13:00, then 3 h -> 16:00.
    assert cal.deadline(b("09:00"), 4 * H, pauses) == b("16:00")
    # Given in any order.
    assert cal.deadline(b("09:00"), 4 * H, list(reversed(pauses))) == b("16:00")
    assert merge_pauses(pauses, None) == [(b("10:00"), b("13:00"))]
    # An open pause swallows every later one.
    assert merge_pauses([(1, None), (5, 9)], None) == [(1, None)]
    assert merge_pauses([(1, None), (5, 9)], 20) == [(1, 20)]


def test_deadline_of_nothing_is_the_start_even_while_paused() -> None:
    cal = office()
    # Zero working seconds are reached at once, paused or not.
    assert cal.deadline(b("10:00"), 0, [(b("09:00"), b("12:00"))]) == b("10:00")
    assert cal.deadline(b("10:00"), 0, [(b("09:00"), None)]) == b("10:00")


def test_empty_and_inverted_pauses_pause_nothing() -> None:
    cal = office()
    # A pause that ends before it starts holds no time: 4 h from 09:00 -> 13:00.  (Counting it
    # once moved the cursor back and counted 11:00-12:00 twice, giving 12:00.)
    assert cal.deadline(b("09:00"), 4 * H, [(b("12:00"), b("11:00"))]) == b("13:00")
    assert cal.deadline(b("09:00"), 4 * H, [(b("12:00"), b("12:00"))]) == b("13:00")
    assert cal.elapsed(b("09:00"), b("17:00"), [(b("12:00"), b("11:00"))]) == 8 * H


# ---------------------------------------------------------------------------- 24x7 and never
def test_always_calendar() -> None:
    assert ALWAYS.id == "24x7"
    assert ALWAYS.day_seconds == DAY
    a = at(BERLIN, "2026-10-24 22:00")
    # Every second counts, DST or not: Sat 20:00 UTC -> Sun 05:00 UTC = 9 h.
    assert ALWAYS.working_seconds(a, utc("2026-10-25 05:00")) == 9 * H
    assert ALWAYS.working_seconds(a, a - 10) == 0
    assert ALWAYS.add_working(a, 90 * M) == a + 90 * M
    assert ALWAYS.add_working(a, 0) == a
    assert ALWAYS.is_working(a) and not ALWAYS.is_closed_day(date(2026, 12, 25))
    # Paused 1 h: elapsed 9 h - 1 h; a 4 h deadline moves 1 h later.
    pauses = [(a + H, a + 2 * H)]
    assert ALWAYS.elapsed(a, a + 9 * H, pauses) == 8 * H
    assert ALWAYS.deadline(a, 4 * H, pauses) == a + 5 * H
    assert ALWAYS.deadline(a, 4 * H, [(a + H, None)]) is None


def test_calendar_without_working_time_raises_instead_of_looping() -> None:
    never = WorkCalendar("never", BERLIN)
    start = at(BERLIN, "2026-06-08 09:00")
    assert never.working_seconds(start, start + 400 * DAY) == 0
    assert not never.is_working(start)
    began = _time.perf_counter()
    with pytest.raises(CalendarError, match="no working time"):
        never.add_working(start, 1)
    with pytest.raises(CalendarError, match="no working time"):
        never.deadline(start, H, [(start, start + H)])
    assert _time.perf_counter() - began < 10
    # Every day closed explicitly is the same.
    closed = WorkCalendar("closed", "UTC", hours=(parse_spans("closed"),) * 7)
    with pytest.raises(CalendarError):
        closed.add_working(start, 1)


def test_instants_beyond_the_supported_years_are_a_calendar_error() -> None:
    cal = office()
    with pytest.raises(CalendarError):
        cal.working_seconds(0, 10**12)  # year ~33,658
    never = WorkCalendar("never", "UTC")
    with pytest.raises(CalendarError):
        never.add_working(utc("9995-06-01 00:00"), 1)


@pytest.mark.parametrize("amount", [float("inf"), float("nan")])
def test_an_endless_amount_is_a_calendar_error(amount: float) -> None:
    cal = office()
    with pytest.raises(CalendarError, match="cannot add"):
        cal.add_working(at(BERLIN, "2026-06-08 09:00"), amount)


def test_concurrent_readers_see_whole_tables() -> None:
    # The TUI reads a calendar from worker threads while others extend its tables: every answer
    # must be the one a single thread gets.  Weeks of 2020-2035, Mon 00:00 -> Mon 00:00 = 40 h.
    cal = office()
    mondays = [at(BERLIN, "2020-01-06 00:00") + 7 * DAY * k for k in range(0, 52 * 16, 3)]
    wrong: list[int] = []

    def ask(n: int) -> None:
        mine = mondays[n::4]
        for monday in mine if n % 2 else mine[::-1]:  # two threads grow forwards, two backwards
            if cal.working_seconds(monday, monday + 7 * DAY) != 40 * H:
                wrong.append(monday)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert wrong == []


# ---------------------------------------------------------------------------- parse_spans
def test_parse_spans_reads_days() -> None:
    assert parse_spans("09:00-17:00") == ((9 * H, 17 * H),)
    assert parse_spans("09:00-12:30, 13:15-17:00") == ((9 * H, 12 * H + 30 * M),
                                                       (13 * H + 15 * M, 17 * H))
    assert parse_spans("13:00-17:00,09:00-12:00") == ((9 * H, 12 * H), (13 * H, 17 * H))  # sorted
    assert parse_spans(" 9:00 - 17:00 ") == ((9 * H, 17 * H),)
    assert parse_spans("22:00-24:00") == ((22 * H, DAY),)
    assert parse_spans("00:00-24:00") == ((0, DAY),)
    assert parse_spans("09:00-12:00, 12:00-13:00") == ((9 * H, 12 * H), (12 * H, 13 * H))  # touch
    for closed in ("", "   ", "closed", "Closed", " CLOSED "):
        assert parse_spans(closed) == ()
    assert format_spans(parse_spans("13:15-17:00, 09:00-12:30")) == "09:00-12:30, 13:15-17:00"
    assert format_spans(()) == "closed"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("17:00-09:00", "ends before it starts"),
        ("09:00-09:00", "ends before it starts"),
        ("09:00-12:00, 11:00-13:00", "overlap"),
        ("09:00-17:00, 12:00-13:00", "overlap"),
        ("25:00-26:00", "bad time 25:00"),
        ("09:00-24:30", "bad time 24:30"),
        ("09:60-10:00", "bad time 09:60"),
        ("24:00-24:00", "starts at 24:00"),
        ("nine to five", "bad time span"),
        ("09:00", "bad time span"),
        ("09:00-17:00,", "bad time span"),
        ("9-17", "bad time span"),
        ("09:00-17:00; 18:00-19:00", "bad time span"),
    ],
)
def test_parse_spans_errors(text: str, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        parse_spans(text)


@pytest.mark.parametrize("value", [None, 9, ["09:00-17:00"], b"09:00-17:00"])
def test_parse_spans_wants_a_string(value: object) -> None:
    with pytest.raises(CalendarError, match="string"):
        parse_spans(value)
