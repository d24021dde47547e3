"""``report --format table``: a Rich table on a terminal, plain aligned text otherwise.

User text goes into Rich only as ``Text`` objects (never parsed as markup), after
:func:`slacheck.report.safe.terminal` has made control characters visible.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..services.figures import Figures
from .common import local
from .safe import terminal
from .sections import Section, sections

if TYPE_CHECKING:
    from ..services.health import HealthOverview


def _plain_section(section: Section) -> list[str]:
    lines = [terminal(section.title), ""]
    if not section.rows:
        return lines + [f"  ({section.empty})", ""]
    rows = [tuple(terminal(c) for c in section.header)] + [tuple(terminal(c) for c in r) for r in section.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(section.header))]
    for n, row in enumerate(rows):
        cells = [c.rjust(w) if i in section.right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  " + "  ".join(cells).rstrip())
        if n == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    return lines + [""]


def render_plain(figures: Figures, tz: str, health: HealthOverview | None = None) -> str:
    lines = [f"slacheck report at {local(figures.as_of, tz)} ({tz}), {figures.rules} rules", ""]
    for section in sections(figures, tz, health):
        lines += _plain_section(section)
    return "\n".join(lines)


def render_rich(figures: Figures, tz: str, *, width: int | None = None, color: bool = True,
                health: HealthOverview | None = None) -> str:
    """Render Rich tables to a string (ANSI styled unless ``color`` is false)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                      highlight=False, emoji=False, markup=False)
    console.print(Text(f"slacheck report at {local(figures.as_of, tz)} ({tz}), {figures.rules} rules", style="bold"))
    for section in sections(figures, tz, health):
        table = Table(title=Text(terminal(section.title)), title_justify="left", expand=False)
        for i, head in enumerate(section.header):
            table.add_column(Text(head), justify="right" if i in section.right else "left")
        for row in section.rows:
            styled = []
            for cell in row:
                style = "bold red" if cell in ("BELOW", "NO") else "green" if cell == "OK" else ""
                styled.append(Text(terminal(cell), style=style))
            table.add_row(*styled)
        if not section.rows:
            table.add_row(Text(section.empty, style="dim"))
        console.print(table)
    return buffer.getvalue()
