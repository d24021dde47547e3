"""Reading a duration cell of an export to whole seconds, for a timestamp computed as one of ours
plus that duration (``--map resolved_at=opened_at+calendar_duration:s``).

Exports state elapsed time in several ways, all read here:

* a number (JSON number or text, decimals allowed) in the unit the mapping names: ``s``,
  ``min``, ``h`` or ``d`` (24-hour calendar days);
* ``H:MM:SS`` (``5:30:00``, ``125:00:00``; seconds may have decimals), whatever the unit;
* ServiceNow's duration as a time after the epoch, ``1970-01-01 05:30:00`` (any date before
  1980: ``1970-01-03 05:30:00`` is two days and five and a half hours);
* words, as ServiceNow displays them: ``2 Days 5 Hours 3 Minutes``, ``1 hour 30 sec``,
  ``3d 4h 5m 6s`` (days, hours, minutes, seconds; no weeks or months).

These are elapsed calendar time, never working time.  Fractions of a second are dropped.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from ..domain.bounds import instant_problem
from .readers import RowProblem

#: Units of ``--map OURS=BASE+COLUMN:UNIT``, in seconds.
UNITS = {"s": 1, "min": 60, "h": 3600, "d": 86400}
#: Longer than any duration that can keep a timestamp inside 1970-2199.
_LONGEST = 10**10

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?")
_CLOCK = re.compile(r"(-?)(\d+):([0-5]\d):([0-5]\d(?:\.\d+)?)")
_EPOCH = re.compile(r"197\d-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?")
_WORD_UNITS = {
    "d": 86400, "day": 86400, "days": 86400,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
}
_WORD = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*,?", re.IGNORECASE)
_HINT = "write a number of {unit}, H:MM:SS, or e.g. '2 Days 5 Hours 3 Minutes'"


def duration_seconds(value: Any, unit: str) -> int | None:
    """Whole seconds of the duration ``value`` (a bare number counts in ``unit``); ``None`` for an
    empty cell.  Raises :class:`RowProblem` for a negative duration or one that cannot be read
    (the message quotes the value; the caller names the column)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise RowProblem(f"{value!r} is not a duration: {_hint(unit)}")
    if isinstance(value, int):
        return _checked(Decimal(value) * UNITS[unit], value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise RowProblem(f"{value!r} is not a duration: {_hint(unit)}")
        return _checked(Decimal(repr(value)) * UNITS[unit], value)
    if not isinstance(value, str):
        raise RowProblem(f"a duration is a number or text, not {type(value).__name__}")
    text = value.strip()
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        return _checked(Decimal(text) * UNITS[unit], value)
    clock = _CLOCK.fullmatch(text)
    if clock:
        sign, hours, minutes, seconds = clock.groups()
        total = int(hours) * 3600 + int(minutes) * 60 + Decimal(seconds)
        return _checked(-total if sign else total, value)
    if _EPOCH.fullmatch(text):
        try:
            moment = datetime.fromisoformat(text).replace(tzinfo=UTC)
        except ValueError:
            raise RowProblem(f"{value!r} is not a duration: {_hint(unit)}") from None
        return _checked(Decimal(str(moment.timestamp())), value)
    words = _words(text)
    if words is not None:
        return _checked(words, value)
    raise RowProblem(f"{value!r} is not a duration: {_hint(unit)}")


def plus_duration(base: int | None, value: Any, unit: str, base_name: str) -> int | None:
    """The instant ``base`` (our column ``base_name``) plus the duration ``value``; ``None`` for
    an empty duration.  A duration without its base, or a result outside 1970-2199, is a
    :class:`RowProblem`."""
    seconds = duration_seconds(value, unit)
    if seconds is None:
        return None
    if base is None:
        raise RowProblem(f"{base_name} is empty, so the duration {value!r} counts from nothing")
    problem = instant_problem(base + seconds)
    if problem is not None:
        raise RowProblem(f"{base_name} + {value!r} {problem}")
    return base + seconds


def _words(text: str) -> Decimal | None:
    """``2 Days 5 Hours 3 Minutes`` -> seconds; ``None`` if ``text`` is not of that form."""
    total = Decimal(0)
    position = 0
    seen: set[int] = set()
    while position < len(text):
        match = _WORD.match(text, position)
        if match is None:
            return None
        factor = _WORD_UNITS.get(match.group(2).lower())
        if factor is None or factor in seen:
            return None
        seen.add(factor)
        total += Decimal(match.group(1)) * factor
        position = match.end()
    return total if seen else None


def _checked(seconds: Decimal, shown: Any) -> int:
    if seconds < 0:
        raise RowProblem(f"{shown!r} is a negative duration")
    if seconds > _LONGEST:
        raise RowProblem(f"{shown!r} is longer than any duration slacheck can add to a timestamp "
                         "(the result would lie after 2199)")
    return int(seconds)  # whole seconds, rounded down


def _hint(unit: str) -> str:
    names = {"s": "seconds", "min": "minutes", "h": "hours", "d": "days"}
    return _HINT.format(unit=names[unit])
