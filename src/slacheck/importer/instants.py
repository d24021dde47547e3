"""Reading a point in time of an import: ISO 8601 text, or a wall time without an offset in a
zone, to UTC POSIX seconds.

A wall time has one instant except on the few days a year the clocks change: inside the gap
they skip in spring it names no instant (refused, as ``slacheck log --at`` refuses it), inside
the hour they repeat in autumn it names two.  Such an *ambiguous* time is refused too unless
the column's fold says which (``--fold COL=earlier|later``: the first or the second time the
clocks showed it).  Only the days on which a zone's clocks change are looked at closely
(:func:`change_days`), so a large file costs one set look-up per naive timestamp.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain.bounds import instant_problem
from ..errors import InputError
from .readers import RowProblem

#: The values of ``--fold``: the first or the second of the two instants of a repeated time.
FOLDS = ("earlier", "later")


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


def parse_instant(text: str, zone: tzinfo, fold: str | None = None, column: str = "COL") -> int:
    """ISO 8601 -> UTC POSIX seconds; a time without an offset is read in ``zone`` (see
    :func:`local_moment` for ``fold`` and ``column``).

    Raises ``ValueError`` with a message for text that is not a timestamp, or a wall time that
    the clocks skip, or repeat without a ``fold``.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"bad timestamp {text!r}: use ISO 8601, e.g. 2026-03-02T09:15:00+01:00"
        ) from None
    if moment.tzinfo is None:
        try:
            moment = local_moment(moment, zone, text.strip(), column, fold)
        except RowProblem as problem:
            raise ValueError(str(problem)) from None
    try:
        seconds = math.floor(moment.timestamp())
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"timestamp {text!r} is out of range") from None
    problem = instant_problem(seconds)
    if problem is not None:
        raise ValueError(f"timestamp {text!r} {problem}")
    return seconds


def local_moment(naive: datetime, zone: tzinfo, shown: str, column: str,
                 fold: str | None = None) -> datetime:
    """The wall time ``naive`` in ``zone``, aware.

    Raises :class:`RowProblem` (quoting ``shown``, the cell as written) for a time the clocks
    skip, and for one they repeat unless ``fold`` is ``"earlier"`` or ``"later"``; ``column``
    is named in the hint to ``--fold``.
    """
    moment = naive.replace(tzinfo=zone)
    if zone is UTC or (naive.month, naive.day) not in change_days(zone, naive.year):
        return moment
    before = moment.utcoffset()
    after = moment.replace(fold=1).utcoffset()
    if before is None or after is None or before == after:
        return moment
    if before < after:
        raise RowProblem(f"{shown!r} does not exist in {zone} (the clocks skip it); give the "
                         "offset in the file, or --tz for this column")
    if fold is None:
        repeated = before - after
        span = ("that hour" if repeated == timedelta(hours=1)
                else f"those {int(repeated.total_seconds() // 60)} minutes")
        raise RowProblem(f"{shown!r} is ambiguous in {zone} (the clocks repeat {span}); give the "
                         f"offset in the file, or --fold {column}=earlier|later")
    return moment if fold == "earlier" else moment.replace(fold=1)


#: Per zone and year, the local dates on which some wall time is skipped or repeated.
_CHANGE_DAYS: dict[tuple[tzinfo, int], frozenset[tuple[int, int]]] = {}


def change_days(zone: tzinfo, year: int) -> frozenset[tuple[int, int]]:
    """The ``(month, day)`` dates of ``year`` on which ``zone``'s clocks skip or repeat a wall
    time (found once per zone and year, then looked up).

    A day is one when the offset at its midnight differs from the next midnight's, or when a
    midnight itself is skipped or repeated (a change at 00:00 repeats the hour before it: that
    day counts too).
    """
    key = (zone, year)
    found = _CHANGE_DAYS.get(key)
    if found is not None:
        return found
    days: set[tuple[int, int]] = set()

    def offsets(day: datetime) -> tuple[timedelta | None, timedelta | None]:
        moment = day.replace(tzinfo=zone)
        return moment.utcoffset(), moment.replace(fold=1).utcoffset()

    day = datetime(year, 1, 1)
    here = offsets(day)
    while day.year == year:
        try:
            following = day + timedelta(days=1)
        except OverflowError:  # the last day of year 9999
            break
        there = offsets(following)
        if here[0] != here[1] or here[0] != there[0] or there[0] != there[1]:
            days.add((day.month, day.day))
        day, here = following, there
    found = _CHANGE_DAYS[key] = frozenset(days)
    return found


class YearChangeDays(dict):
    """``days[year]``: :func:`change_days` of one zone, kept per year (a parser's hot path looks
    a naive timestamp's year up here)."""

    def __init__(self, zone: tzinfo) -> None:
        super().__init__()
        self.zone = zone

    def __missing__(self, year: int) -> frozenset[tuple[int, int]]:
        found = self[year] = change_days(self.zone, year)
        return found
