"""The ranges slacheck supports: instants, dates, durations, windows, thresholds and numbers.

One place says what a value may be, and every door checks it before anything is stored or
evaluated: the CLI's ``--at``, ``--as-of`` and ``--from/--to``, import cells, the TUI's forms,
the agreement files (``validate``), and the store itself as a last guard.  The ranges are chosen
so that the working-time engine (which knows the years 2 to 9998) can always answer: the latest
instant plus the longest target, even on a calendar with one working hour a week, stays far
inside what it knows.

* Instants: from ``1970-01-01T00:00Z`` (included) to ``2200-01-01T00:00Z`` (excluded).
* Durations (targets): at most :data:`MAX_DURATION_TEXT`, five years of working days.
* Rolling windows: at most :data:`MAX_WINDOW_DAYS` days; escalation thresholds at most
  :data:`MAX_THRESHOLD_PERCENT` %.
* Whole numbers that reach SQL (interaction numbers, sizes): SQLite's signed 64-bit integers.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

#: First instant slacheck stores or evaluates at (UTC POSIX seconds): 1970-01-01T00:00:00Z.
EARLIEST_INSTANT = 0
#: The first instant *outside* the range: 2200-01-01T00:00:00Z.
END_INSTANT = int(datetime(2200, 1, 1, tzinfo=timezone.utc).timestamp())
#: The dates of the range, for the agreement files.
EARLIEST_DATE = date(1970, 1, 1)
LATEST_DATE = date(2199, 12, 31)

#: The longest target: 260 weeks of working days (on a 24-hour day, 1300 days).
MAX_DURATION_DAYS = 1300
MAX_DURATION_TEXT = "260w"
#: The longest rolling window of a report, in days (ten years).
MAX_WINDOW_DAYS = 3660
#: The highest escalation threshold, as a percentage of the resolution target.
MAX_THRESHOLD_PERCENT = 1000

#: SQLite stores whole numbers as signed 64-bit integers.
MAX_SQL_INTEGER = 2**63 - 1

RANGE_TEXT = "1970-01-01 to 2199-12-31, UTC"


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def instant_problem(seconds: float) -> str | None:
    """Why ``seconds`` (UTC POSIX) is outside the supported range, or ``None`` when inside."""
    if EARLIEST_INSTANT <= seconds < END_INSTANT:
        return None
    return f"is outside the range slacheck supports ({RANGE_TEXT})"


def in_range(seconds: float) -> bool:
    return instant_problem(seconds) is None


def date_problem(day: date) -> str | None:
    """Why a calendar date is outside the supported range, or ``None``."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return f"is outside the range slacheck supports ({RANGE_TEXT})"


def describe_instant(seconds: float) -> str:
    """An instant for a message, also when it is outside what ``datetime`` can show."""
    try:
        return _iso(seconds)
    except (OverflowError, OSError, ValueError):
        return f"{seconds} s after 1970-01-01"


def sql_integer(value: int) -> bool:
    """Whether ``value`` fits SQLite's integers (anything else cannot be stored or looked up)."""
    return -MAX_SQL_INTEGER - 1 <= value <= MAX_SQL_INTEGER
