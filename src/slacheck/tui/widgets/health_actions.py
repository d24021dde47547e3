"""Open action items of health-check sessions: who, what, and how its target's figure moved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from ...report.common import local
from ..data import cells
from .record_table import Col, RecordTable

if TYPE_CHECKING:
    from ...services.health import ActionView
    from ..data.cells import Palette


@dataclass(frozen=True)
class ActionRow:
    """An open action item of one of ``team``'s sessions."""

    team: str
    view: ActionView


class ActionTable(RecordTable[ActionRow]):
    """Oldest first per team; the progress column says whether the target's figure moved."""

    COLUMNS = (
        Col("id", "#", 4),
        Col("team", "Team", None, min_fill=8, max_fill=12),
        Col("text", "Action", None, min_fill=16),
        Col("owner", "Owner", None, min_width=100, min_fill=10, max_fill=18),
        Col("agreed", "Agreed", 10, min_width=120),
        Col("progress", "Target", None, min_width=120, min_fill=20),
    )

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.timezone = "UTC"

    def show(self, rows: list[ActionRow], timezone: str) -> None:
        self.timezone = timezone
        self.fill(rows)

    def key_of(self, record: ActionRow) -> int:
        return record.view.action.id

    def cells(self, record: ActionRow, palette: Palette) -> dict[str, Text]:
        action, progress = record.view.action, record.view.progress
        if progress is None:
            target = cells.plain(str(action.target) if action.target else "-", "dim")
        else:
            style = palette.good if progress.met else palette.bad if progress.met is False else "dim"
            target = cells.user(progress.sentence, style)
        return {
            "id": cells.plain(action.id),
            "team": cells.user(record.team, "bold"),
            "text": cells.user(action.text),
            "owner": cells.user(action.owner or "-", "" if action.owner else "dim"),
            "agreed": cells.plain(local(action.created_at, self.timezone)[:10]),
            "progress": target,
        }
