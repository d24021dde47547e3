"""Report windows: rolling, calendar month and quarter (in the workspace zone, across DST)."""

from slacheck.domain.durations import Window
from slacheck.domain.windows import window_span
from helpers import ts


def span(window, as_of, tz="Europe/Berlin"):
    return window_span(Window.parse(window), ts(as_of), tz)


def test_rolling_window_is_days_before_the_instant():
    s = span("30d", "2026-11-20T10:00:00+00:00")
    assert (s.start, s.end) == (ts("2026-10-21T10:00:00+00:00"), ts("2026-11-20T10:00:00+00:00"))
    assert s.elapsed_share == 1.0


def test_month_starts_at_local_midnight_after_dst_ended():
    s = span("month", "2026-11-20T10:00:00+00:00")
    assert s.start == ts("2026-11-01T00:00:00+01:00")
    assert s.period_end == ts("2026-12-01T00:00:00+01:00")
    assert s.end == ts("2026-11-20T10:00:00+00:00")


def test_month_containing_the_dst_change():
    s = span("month", "2026-03-31T23:30:00+02:00")  # last half hour of March, local summer time
    assert s.start == ts("2026-03-01T00:00:00+01:00")  # winter time at the start
    assert s.period_end == ts("2026-04-01T00:00:00+02:00")


def test_first_instant_of_a_month_belongs_to_it():
    s = span("month", "2026-12-01T00:00:00+01:00")
    assert s.start == ts("2026-12-01T00:00:00+01:00") and s.end == s.start


def test_quarter_and_year_end():
    s = span("quarter", "2026-12-31T23:59:00+01:00")
    assert s.start == ts("2026-10-01T00:00:00+02:00")
    assert s.period_end == ts("2027-01-01T00:00:00+01:00")
    q1 = span("quarter", "2026-02-15T12:00:00+01:00")
    assert q1.start == ts("2026-01-01T00:00:00+01:00") and q1.period_end == ts("2026-04-01T00:00:00+02:00")
