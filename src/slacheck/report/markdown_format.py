"""``report --format markdown``: fit for a pull-request comment or a wiki page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..services.figures import Figures
from .common import local
from .safe import markdown
from .sections import Section, sections

if TYPE_CHECKING:
    from ..services.health import HealthOverview


def _table(section: Section) -> list[str]:
    if not section.rows:
        return [f"_{section.empty}_", ""]
    align = ["---:" if i in section.right else "---" for i in range(len(section.header))]
    lines = ["| " + " | ".join(markdown(h) for h in section.header) + " |",
             "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(markdown(cell) for cell in row) + " |" for row in section.rows]
    return lines + [""]


def render_markdown(figures: Figures, tz: str, health: HealthOverview | None = None) -> str:
    lines = [f"# slacheck report, {local(figures.as_of, tz)} ({tz})", "",
             f"Rules: {figures.rules} agreement versions.", ""]
    for section in sections(figures, tz, health):
        lines += [f"## {markdown(section.title)}", ""]
        lines += _table(section)
    return "\n".join(lines)
