"""What ``slacheck import`` prints besides its summary: the grouped row errors, and the first
rows as read (``--dry-run``), as plain text.

Grouped errors, one line per group::

    tickets.csv:7: service 'x' of 'it-for-sales' defines no priority 'p' (...)
    tickets.csv:12,17,30 (+5,995 more): opened_at: '29-02-2016 01:16' is not ISO 8601; give ...
    tickets.csv:40,41: warning: rating: a rating is a whole number from 1 to 5, not '9' (kept ...)

User text is data, never markup: every line goes through :func:`~.safe.terminal`, and the
preview is plain aligned text (no Rich), its cells made safe and cut.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .safe import terminal

if TYPE_CHECKING:  # the importer loads the store (SQL), which renderers do not
    from ..importer.grouping import ErrorGroup, ErrorGroups
    from ..importer.records import ImportRecord

#: Characters of a preview cell (a title, a ref) before it is cut with "…".
CELL_WIDTH = 30
#: Pauses listed in a preview cell before the rest is counted.
PAUSES_SHOWN = 2


def group_line(group: ErrorGroup) -> str:
    """``FILE:ROW: message``, or ``FILE:R1,R2,R3 (+N more): message``, a warning marked."""
    first = group.first
    rows = ",".join(str(row) for row in group.rows)
    if group.more:
        rows += f" (+{group.more:,} more)"
    text = f"{first.file}:{rows}: {'warning: ' if group.warning else ''}{first.message}"
    advice = group.hint()
    if advice:
        text += f"; {advice}"
    return terminal(text)


def error_lines(groups: ErrorGroups) -> list[str]:
    """One line per group, in the order first seen, and what was left out."""
    lines = [group_line(group) for group in groups]
    others = groups.other_rejected + groups.other_warnings
    if others:
        messages = f"{'more than ' if groups.uncounted else ''}{groups.other_messages:,}"
        parts = []
        if groups.other_rejected:
            parts.append(f"{groups.other_rejected:,} rejected row(s)")
        if groups.other_warnings:
            parts.append(f"{groups.other_warnings:,} warning(s)")
        lines.append(f"... and {' and '.join(parts)} with {messages} other message(s), not shown: "
                     f"only the first {groups.limit:,} different messages are kept")
    return lines


def preview_table(rows: Iterable[tuple[int, ImportRecord]], tz: str) -> str:
    """The records as slacheck read them, times in ``tz`` with their offsets."""
    zone = ZoneInfo(tz) if tz.upper() not in ("UTC", "Z") else UTC
    header = ("row", "ref", "agreement", "service", "priority", "opened", "first response",
              "resolved", "pauses", "rating", "title")
    table = [header]
    for row, record in rows:
        table.append((
            str(row), _cell(record.ref), _cell(record.agreement), _cell(record.service),
            _cell(record.priority) or "-", _time(record.opened_at, zone),
            _time(record.first_response_at, zone), _time(record.resolved_at, zone),
            _pauses(record.pauses, zone), "-" if record.rating is None else str(record.rating),
            _cell(record.title) or "-",
        ))
    if len(table) == 1:
        return "(no row could be read)"
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = []
    for n, line in enumerate(table):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _cell(text: str) -> str:
    shown = terminal(text)
    return shown if len(shown) <= CELL_WIDTH else shown[:CELL_WIDTH - 1] + "…"


def _time(at: int | None, zone) -> str:
    if at is None:
        return "-"
    moment = datetime.fromtimestamp(at, UTC).astimezone(zone)
    text = moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")
    offset = moment.strftime("%z")
    return f"{text}{offset[:3]}:{offset[3:]}" if offset != "+0000" else f"{text}Z"


def _pauses(pauses, zone) -> str:
    if not pauses:
        return "-"
    shown = [f"{_time(start, zone)}/{'' if end is None else _time(end, zone)}"
             for start, end in pauses[:PAUSES_SHOWN]]
    more = len(pauses) - PAUSES_SHOWN
    return "; ".join(shown) + (f" (+{more} more)" if more > 0 else "")
