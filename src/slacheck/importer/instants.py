"""Reading a timestamp cell: ISO 8601 (or a wall time in the workspace's zone) to UTC POSIX
seconds, with a local time that the clocks skip (a DST gap) refused.

Problems are :class:`~.readers.RowProblem` grouped regardless of the text; text that is not ISO
8601 carries its column and value, from which a ``--date-format`` can be suggested.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain.bounds import instant_problem
from ..errors import InputError
from .readers import RowProblem

_fromisoformat = datetime.fromisoformat
_floor = math.floor


def zone_of(tz: str | tzinfo) -> tzinfo:
    """The zone a naive timestamp is read in (the workspace's ``timezone``)."""
    if isinstance(tz, tzinfo):
        return tz
    if tz.upper() in ("UTC", "Z"):
        return UTC
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {tz!r}; use an IANA name such as Europe/Berlin") from None


def parse_instant(text: str, zone: tzinfo) -> int:
    """ISO 8601 -> UTC POSIX seconds; a time without an offset is read in ``zone``.

    Raises ``ValueError`` with a message for text that is not a timestamp.
    """
    try:
        return read_instant(text, zone)
    except RowProblem as problem:
        raise ValueError(str(problem)) from None


def read_instant(text: str, zone: tzinfo, column: str | None = None) -> int:
    """:func:`parse_instant` for a cell of ``column``: raises a :class:`RowProblem` grouped
    regardless of the text (text that is not ISO 8601 carries its column and value)."""
    raw = text.strip()
    try:
        moment = _fromisoformat(raw)
    except ValueError:
        raise RowProblem.varying("", repr(raw), " is not ISO 8601", column=column, value=raw) from None
    if moment.tzinfo is None:
        naive = moment
        moment = moment.replace(tzinfo=zone)
        if zone is not UTC and skipped(naive, moment):
            raise RowProblem.varying("", repr(raw), f" does not exist in {zone} (the clocks skip "
                                     "it); give the offset, or --tz for this column")
    try:
        seconds = _floor(moment.timestamp())
    except (OverflowError, OSError, ValueError):
        raise RowProblem.varying("timestamp ", repr(raw), " is out of range") from None
    problem = instant_problem(seconds)
    if problem is not None:
        raise RowProblem.varying("timestamp ", repr(raw), f" {problem}")
    return seconds


#: Per zone and year, the local dates on which the clocks change (found once, then looked up).
_CHANGE_DAYS: dict[tuple[tzinfo, int], frozenset[tuple[int, int]]] = {}


def _change_days(zone: tzinfo, year: int) -> frozenset[tuple[int, int]]:
    key = (zone, year)
    found = _CHANGE_DAYS.get(key)
    if found is None:
        days = set()
        day = datetime(year, 1, 1)
        while day.year == year:
            start, end = day.replace(tzinfo=zone), day.replace(hour=23, minute=59, tzinfo=zone)
            if start.utcoffset() != end.utcoffset():
                days.add((day.month, day.day))
            day += timedelta(days=1)
        found = _CHANGE_DAYS[key] = frozenset(days)
    return found


def skipped(naive: datetime, moment: datetime) -> bool:
    """Whether the wall time ``naive`` falls in a gap of ``moment``'s zone (DST forward): there
    the offset before the change (``fold=0``) is smaller than the one after (``fold=1``); in a
    repeated hour it is the other way round, and elsewhere both are equal.  Only the few days a
    year on which the clocks change are looked at closely."""
    if (naive.month, naive.day) not in _change_days(moment.tzinfo, naive.year):
        return False
    before = moment.utcoffset()
    after = moment.replace(fold=1).utcoffset()
    return before is not None and after is not None and before < after
