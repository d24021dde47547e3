"""Formatting shared by the human-readable renderers (percentages, instants, durations)."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from ..domain.durations import format_seconds


def iso_utc(instant: float | None) -> str | None:
    """``2026-11-20T10:00:00Z``, the contract's timestamp format."""
    if instant is None:
        return None
    return datetime.fromtimestamp(int(instant), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def local(instant: float | None, tz: str) -> str:
    if instant is None:
        return "-"
    return datetime.fromtimestamp(int(instant), timezone.utc).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f} %"


def budget(value: float) -> str:
    return f"{value:+.1f}"


def left(seconds: float) -> str:
    return format_seconds(seconds)
