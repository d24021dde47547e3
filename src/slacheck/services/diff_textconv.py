"""``slacheck diff --textconv FILE``: one agreement file as normalized ``key.path = value`` lines.

Git's textconv hook shows this instead of the raw TOML, so ``git diff`` of agreements shows
changes of meaning: comments, layout, key order and spelling variants leave no trace.  It sees one
file alone, so ``"3d"`` and ``"24h"`` stay different here; ``slacheck diff`` itself compares them in
working time.
"""

from __future__ import annotations

import json
import re
from datetime import date, time
from fractions import Fraction
from pathlib import Path

from ..config.source import parse_text
from ..domain.calendar import WEEKDAYS, format_spans, parse_spans
from ..domain.diff_change import percent
from ..domain.durations import Duration, Window, parse_percent
from .diff_sources import read_bytes

TEXTCONV_HEADER = "# slacheck diff --textconv: meaning only (comments, layout and order dropped)"
_DURATION_KEYS = frozenset({"first_response", "resolution", "day"})
_PERCENT_KEYS = frozenset({"objective", "at"})
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _canonical_duration(text: str) -> str:
    """``1w`` -> ``5d``, ``90m`` -> ``1h30m``; ``d`` and ``h`` stay apart (a day is the
    calendar's, which one file alone does not know)."""
    value = Duration.parse(text)
    hours, minutes = divmod(value.hours * 60 + value.minutes, 60)
    return str(Duration(0, value.weeks * 5 + value.days, hours, minutes))


def _normal(key: str, text: str) -> str | None:
    """A value in canonical form when ``key`` says what it is and it reads, else ``None``."""
    try:
        if key in _DURATION_KEYS:
            return _canonical_duration(text)
        if key in _PERCENT_KEYS:
            return percent(parse_percent(text))
        if key == "window":
            return str(Window.parse(text))
        if key in WEEKDAYS:
            return format_spans(parse_spans(text))
    except ValueError:
        return None
    return None


def _scalar(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        normal = _normal(key, value)
        return normal if normal is not None else json.dumps(value, ensure_ascii=False)
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _is_tables(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _labelled(items: list[dict]) -> list[tuple[str, dict]]:
    """Array-of-tables items by what identifies them: ``id`` (services, cards), else ``at``
    (escalations, by threshold), else their content; the label key leaves the item."""
    found: list[tuple[tuple, str, dict]] = []
    for item in items:
        if isinstance(item.get("id"), str):
            label = item["id"]
            found.append(((0, Fraction(0), label), label, {k: v for k, v in item.items()
                                                            if k != "id"}))
        elif isinstance(item.get("at"), str) and _normal("at", item["at"]) is not None:
            label = _normal("at", item["at"]) or ""
            found.append(((1, parse_percent(item["at"]), label), label,
                          {k: v for k, v in item.items() if k != "at"}))
        else:
            label = _scalar("", item)
            found.append(((2, Fraction(0), label), label, item))
    found.sort(key=lambda entry: entry[0])
    return [(label, item) for _, label, item in found]


def _week(hours: dict) -> dict:
    """Every weekday in order, ``closed`` where missing; unknown keys kept after them."""
    days = {day: hours.get(day, "closed") for day in WEEKDAYS}
    return days | {k: v for k, v in hours.items() if k not in WEEKDAYS}


def _lines(data: dict, prefix: str = "", ordered: bool = False) -> list[str]:
    """``key.path = value`` lines: values first, then tables; keys sorted (``id`` first)."""
    keys = list(data) if ordered else sorted(data, key=lambda k: (k != "id", k))
    tables = [k for k in keys if isinstance(data[k], dict) or _is_tables(data[k])]
    lines = []
    for key in (k for k in keys if k not in tables):
        value = data[key]
        shown = (f"[{', '.join(sorted(_scalar(key, v) for v in value))}]"
                 if isinstance(value, list) else _scalar(key, value))
        lines.append(f"{prefix}{_key(key)} = {shown}")
    for key in tables:
        value, here = data[key], f"{prefix}{_key(key)}"
        if isinstance(value, dict) and not value:
            lines.append(f"{here} = {{}}")
        elif isinstance(value, dict):
            lines += _lines(_week(value) if key == "hours" else value, f"{here}.",
                            ordered=key == "hours")
        else:
            for label, item in _labelled(value):
                lines += _lines(item, f"{here}[{label}].") or [f"{here}[{label}] = {{}}"]
    return lines


def textconv(path: Path) -> str:
    """One agreement file (or ``teams.toml``, ``calendars.toml``, a health template) as
    canonical text: one ``key.path = value`` line per value, keys sorted, services and cards
    by id, escalations by threshold, durations, percentages, windows and working hours in one
    spelling, lists of names sorted.  Comments, layout and order leave no trace, so ``git diff``
    with this textconv shows changes in meaning only.  A file that is not valid TOML comes back
    as it is (git still shows a diff)."""
    raw = read_bytes(path)
    text = raw.decode("utf-8", errors="replace")
    source = parse_text(text.removeprefix("\ufeff"), path)
    if source.data is None:
        return text
    return "\n".join([TEXTCONV_HEADER, *_lines(source.data)]) + "\n"
