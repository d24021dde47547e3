"""Reading instants typed by users: ISO 8601 with an offset; a naive time is in the workspace zone.

Every instant a user types passes here and must lie in the supported range
(:mod:`slacheck.domain.bounds`); anything else is refused before it is stored or evaluated.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from ..domain.bounds import instant_problem
from ..errors import InputError


def parse_instant(text: str, tz: str = "UTC") -> int:
    """``2026-11-16T09:00+01:00`` / ``…Z`` / ``2026-11-16 09:00`` (workspace zone) -> UTC seconds."""
    raw = (text or "").strip()
    if not raw:
        raise InputError("empty timestamp; write ISO 8601, e.g. 2026-11-16T09:00+01:00")
    if raw.endswith(("z", "Z")):
        raw = raw[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise InputError(
            f"bad timestamp {text!r}: write ISO 8601, e.g. 2026-11-16T09:00+01:00 "
            "(without an offset it means the workspace time zone)"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(tz))
        # A wall time skipped by a DST change does not exist; refuse rather than guess.
        round_trip = value.astimezone(timezone.utc).astimezone(ZoneInfo(tz))
        if round_trip.replace(tzinfo=None) != value.replace(tzinfo=None):
            raise InputError(f"{text!r} does not exist in {tz} (the clocks skip it); give an offset")
    try:
        seconds = int(value.timestamp())
    except (OverflowError, OSError, ValueError):
        seconds = None
    problem = "is out of range" if seconds is None else instant_problem(seconds)
    if problem is not None:
        raise InputError(f"timestamp {text!r} {problem}")
    return seconds
