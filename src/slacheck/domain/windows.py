"""Report windows: which interactions count, by the instant they were opened.

An agreement's ``window`` is a rolling length (``30d``) ending at the evaluation instant, or the
calendar ``month`` / ``quarter`` (in the workspace time zone) containing it.  ``--from/--to``
replace it with one explicit window ``[from, to)`` for every agreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from .durations import Window

DAY = 86400


@dataclass(frozen=True, slots=True)
class Span:
    """``[start, end)`` of opening instants that count, and the whole period it belongs to.

    For a calendar month evaluated mid-month, ``end`` is the evaluation instant while
    ``period_end`` is the end of the month: the burn rate compares the two.
    """

    start: int
    end: int
    period_start: int
    period_end: int

    @property
    def elapsed_share(self) -> float:
        length = self.period_end - self.period_start
        return 1.0 if length <= 0 else min(1.0, max(0.0, (self.end - self.period_start) / length))


def _local_midnight(year: int, month: int, tz: ZoneInfo) -> int:
    return int(datetime(year, month, 1, tzinfo=tz).timestamp())


def window_span(window: Window, as_of: int, tz_name: str = "UTC") -> Span:
    """The window of ``window`` ending at ``as_of``."""
    if window.kind == "rolling":
        start = as_of - window.days * DAY
        return Span(start, as_of, start, as_of)
    tz = ZoneInfo(tz_name)
    local = datetime.fromtimestamp(as_of, timezone.utc).astimezone(tz)
    months = 1 if window.kind == "month" else 3
    first = local.month if months == 1 else (local.month - 1) // 3 * 3 + 1
    start = _local_midnight(local.year, first, tz)
    nxt_month = first + months
    year = local.year + (nxt_month - 1) // 12
    end = _local_midnight(year, (nxt_month - 1) % 12 + 1, tz)
    return Span(start, min(as_of, end), start, end)


def explicit_span(start: int, end: int) -> Span:
    """A ``--from/--to`` window: the period is the window itself."""
    return Span(start, end, start, end)
