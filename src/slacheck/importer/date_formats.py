"""Which common date format reads every rejected value of a timestamp column: the hint printed
with a group of "is not ISO 8601" (or "does not match the date format") errors.

slacheck never guesses a format while it imports; it only *suggests* one afterwards, when the
values that were refused all read with exactly one format of :data:`COMMON` (month names in any
language, as ``--date-format`` reads them: the same reader, :mod:`.datefmt`).  When several
fit (``02-03-2016``: the 2nd of March or the 3rd of February?) it names them all and asks.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..config.recipes import TIMESTAMP_COLUMNS
from .datefmt import FormatMismatch, reader

#: A value longer than this is no date of any format here.
LONGEST = 64

_DAYS = (
    "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%m-%d-%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y.%m.%d",
    "%d/%m/%y", "%m/%d/%y", "%d-%m-%y", "%m-%d-%y", "%d.%m.%y",
    "%d/%b/%y", "%d/%b/%Y", "%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%d. %b %Y", "%b %d, %Y",
    "%b %d %Y", "%Y-%m-%d",
)
_TIMES = (" %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", "")
#: Formats tried, most common first: every day with every time of day, and a few whole ones.
COMMON = tuple(day + time for day in _DAYS for time in _TIMES) + (
    "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z", "%d/%m/%Y %H:%M:%S %z", "%m/%d/%Y %H:%M:%S %z",
    "%a, %d %b %Y %H:%M:%S %z", "%a %b %d %H:%M:%S %Y",
)
_EXAMPLE = "2026-03-02T09:15:00+01:00"


def fitting(values: Iterable[str], formats: Iterable[str] = COMMON) -> list[str]:
    """The formats that read every one of ``values`` (none when there are no values)."""
    left = list(formats)
    seen = False
    for value in values:
        seen = True
        if len(value) > LONGEST:
            return []
        text = value.strip()
        left = [fmt for fmt in left if _reads(text, fmt)]
        if not left:
            return []
    return left if seen else []


def _reads(text: str, fmt: str) -> bool:
    """Whether ``--date-format fmt`` would read ``text`` (the importer's own reader)."""
    try:
        reader(fmt)(text)
    except FormatMismatch:
        return False
    return True


def hint(column: str, values: Iterable[str] | None) -> str | None:
    """What to do about values of ``column`` that could not be read as times: give the one
    format that reads them all, choose among several that do, or else write ISO 8601 or give a
    format.  ``values``: ``None`` when some value can be no date (not text, too long)."""
    if column not in TIMESTAMP_COLUMNS:
        return None
    found = fitting(values) if values is not None else []
    if len(found) == 1:
        return f"give --date-format {column}={_quoted(found[0])}"
    if found:
        options = [f"{column}={_quoted(fmt)}" for fmt in found]
        listed = (f"both --date-format {options[0]} and {options[1]}" if len(options) == 2 else
                  "each of --date-format " + ", ".join(options[:-1]) + f" and {options[-1]}")
        return (f"{listed} fit every value; slacheck never guesses (day or month first?): "
                "give the one that is right")
    return f"write ISO 8601 ({_EXAMPLE}), or give a --date-format {column}=FORMAT that reads it"


def _quoted(fmt: str) -> str:
    """A format as the shell takes it."""
    return "'" + fmt.replace("'", "'\\''") + "'"
