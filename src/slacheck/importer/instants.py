"""Reading a timestamp cell: ISO 8601 (or a wall time in the workspace's zone) to UTC POSIX
seconds; a wall time the clocks skip, or repeat without a fold, is refused (:mod:`.localtime`).

Problems are :class:`~.readers.RowProblem` grouped regardless of the text; text that is not ISO
8601 carries its column and value, from which a ``--date-format`` can be suggested.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain.bounds import instant_problem
from ..errors import InputError
from .localtime import localize
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


def parse_instant(text: str, zone: tzinfo, fold: str | None = None, column: str = "") -> int:
    """ISO 8601 -> UTC POSIX seconds; a time without an offset is read in ``zone`` (refused in
    an hour the clocks skip, and in one they repeat unless ``fold`` says which).

    Raises ``ValueError`` with a message for text that is not a timestamp.
    """
    try:
        return read_instant(text, zone, column or None, fold)
    except RowProblem as problem:
        raise ValueError(str(problem)) from None


def read_instant(text: str, zone: tzinfo, column: str | None = None,
                 fold: str | None = None) -> int:
    """:func:`parse_instant` for a cell of ``column``: raises a :class:`RowProblem` grouped
    regardless of the text (text that is not ISO 8601 carries its column and value)."""
    raw = text.strip()
    try:
        moment = _fromisoformat(raw)
    except ValueError:
        raise RowProblem.varying("", repr(raw), " is not ISO 8601", column=column, value=raw) from None
    if moment.tzinfo is None:
        moment = localize(moment, zone, raw, fold, column or "")
    return instant_seconds(moment, raw)


def instant_seconds(moment: datetime, shown: str | None = None) -> int:
    """An aware instant in whole UTC seconds, inside the supported range; ``shown`` is how the
    messages write it (default: ISO 8601)."""
    try:
        seconds = _floor(moment.timestamp())
    except (OverflowError, OSError, ValueError):
        raise RowProblem.varying("timestamp ", repr(shown or moment.isoformat()),
                                 " is out of range") from None
    problem = instant_problem(seconds)
    if problem is not None:
        raise RowProblem.varying("timestamp ", repr(shown or moment.isoformat()), f" {problem}")
    return seconds
