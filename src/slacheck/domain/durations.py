"""Durations (``90m``, ``4h``, ``2d``, ``1w``, ``1d4h``), percentages and report windows.

A duration is kept as its parts because ``d`` and ``w`` only mean something on a calendar: ``d``
is the calendar's working ``day`` (``8h`` on an office calendar, 24 h on ``24x7``) and ``w`` is
five such days.  :meth:`Duration.seconds` resolves it for a given day length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from .bounds import MAX_DURATION_DAYS, MAX_DURATION_TEXT, MAX_WINDOW_DAYS

_UNIT_ORDER = "wdhm"
_TOKEN = re.compile(r"(\d+)([wdhm])")


class DurationError(ValueError):
    """A duration, percentage or window that cannot be read; the message says why."""


@dataclass(frozen=True, slots=True)
class Duration:
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0

    @classmethod
    def parse(cls, text: str) -> "Duration":
        """Read ``1d4h`` style text: units in the order w, d, h, m, each at most once."""
        if not isinstance(text, str):
            raise DurationError(f"a duration is a string like \"4h\" or \"1d4h\", not {text!r}")
        raw = text.strip().lower()
        if not raw:
            raise DurationError("empty duration; write e.g. \"4h\", \"90m\", \"2d\" or \"1d4h\"")
        parts: dict[str, int] = {}
        pos = 0
        last = -1
        for match in _TOKEN.finditer(raw):
            if match.start() != pos:
                break
            unit = match.group(2)
            order = _UNIT_ORDER.index(unit)
            if unit in parts:
                raise DurationError(f"duration {text!r} names the unit {unit!r} twice")
            if order < last:
                raise DurationError(
                    f"duration {text!r}: write units from largest to smallest (w, d, h, m)"
                )
            digits = match.group(1)
            if len(digits) > 9:
                raise DurationError(_too_long(text))
            parts[unit] = int(digits)
            last = order
            pos = match.end()
        if pos != len(raw) or not parts:
            raise DurationError(
                f"bad duration {text!r}: use a number and a unit (m, h, d, w), e.g. \"90m\", "
                "\"4h\", \"2d\", \"1w\" or \"1d4h\""
            )
        result = cls(parts.get("w", 0), parts.get("d", 0), parts.get("h", 0), parts.get("m", 0))
        if result.is_zero():
            raise DurationError(f"duration {text!r} is zero; a target must be longer than that")
        if result.seconds(86400) > MAX_DURATION_DAYS * 86400:
            raise DurationError(_too_long(text))
        return result

    def is_zero(self) -> bool:
        return not (self.weeks or self.days or self.hours or self.minutes)

    def seconds(self, day_seconds: int) -> int:
        """Working seconds this duration stands for on a calendar whose day is ``day_seconds``."""
        return (self.weeks * 5 + self.days) * day_seconds + self.hours * 3600 + self.minutes * 60

    def __str__(self) -> str:
        text = "".join(
            f"{value}{unit}"
            for value, unit in (
                (self.weeks, "w"),
                (self.days, "d"),
                (self.hours, "h"),
                (self.minutes, "m"),
            )
            if value
        )
        return text or "0m"


def _too_long(text: str) -> str:
    return (f"duration {text!r} is longer than the longest target slacheck accepts "
            f"({MAX_DURATION_TEXT}, five years of working days)")


def format_seconds(seconds: float) -> str:
    """Render a number of seconds as ``1h30m`` style text (hours are not folded into days)."""
    total = int(round(abs(seconds)))
    sign = "-" if seconds < 0 and total else ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = ""
    if hours:
        text += f"{hours}h"
    if minutes:
        text += f"{minutes}m"
    if secs or not text:
        text += f"{secs}s"
    return sign + text


_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")


def parse_percent(text: object) -> Fraction:
    """Read ``"95%"`` or ``"99.5%"`` as an exact fraction (0.95, 0.995)."""
    if not isinstance(text, str):
        raise DurationError(f"a percentage is a string like \"95%\", not {text!r}")
    match = _PERCENT.match(text)
    if not match:
        raise DurationError(f"bad percentage {text!r}: write e.g. \"95%\" or \"99.5%\"")
    if len(match.group(1)) > 12:
        raise DurationError(f"percentage {text!r} has too many digits")
    return Fraction(match.group(1)) / 100


@dataclass(frozen=True, slots=True)
class Window:
    """A report window: ``kind`` is ``rolling`` (with ``days``), ``month`` or ``quarter``."""

    kind: str
    days: int = 0

    @classmethod
    def parse(cls, text: object) -> "Window":
        if not isinstance(text, str):
            raise DurationError(f"a window is \"30d\", \"month\" or \"quarter\", not {text!r}")
        raw = text.strip().lower()
        if raw in ("month", "quarter"):
            return cls(raw)
        match = re.fullmatch(r"(\d+)([dw])", raw)
        if not match:
            raise DurationError(
                f"bad window {text!r}: use a rolling length like \"30d\" or \"4w\", "
                "or \"month\" or \"quarter\""
            )
        if len(match.group(1)) > 9:
            days = MAX_WINDOW_DAYS + 1
        else:
            days = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
        if days <= 0:
            raise DurationError(f"window {text!r} is empty")
        if days > MAX_WINDOW_DAYS:
            raise DurationError(f"window {text!r} is longer than the longest window slacheck "
                                f"accepts ({MAX_WINDOW_DAYS}d, ten years)")
        return cls("rolling", days)

    def __str__(self) -> str:
        return f"{self.days}d" if self.kind == "rolling" else self.kind
