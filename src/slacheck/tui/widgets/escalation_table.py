"""Open escalations: level, the team it went to, since when, acknowledged or not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ..data import cells
from ..messages import InteractionSelected
from .record_table import Col, RecordTable

if TYPE_CHECKING:
    from ...services.figures import EscalationItem
    from ..data.cells import Palette


class EscalationTable(RecordTable["EscalationItem"]):
    """The figures' open escalations, highest level first; enter opens the request."""

    COLUMNS = (
        Col("id", "#", 5),
        Col("ref", "Ref", 10, min_width=60),
        Col("agreement", "Agreement", 22, min_width=90),
        Col("service", "Service", 15, min_width=60),
        Col("level", "Lvl", 3),
        Col("to", "To", None, min_fill=8, max_fill=16),
        Col("since", "Since", 11, min_width=90),
        Col("ack", "Ack", 3),
        Col("title", "Title", None, min_width=70, min_fill=10),
    )

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.timezone = "UTC"

    def show(self, items: list[EscalationItem], timezone: str) -> None:
        self.timezone = timezone
        self.fill(items)

    def key_of(self, record: EscalationItem) -> int:
        return record.interaction.id

    def cells(self, record: EscalationItem, palette: Palette) -> dict[str, Text]:
        interaction = record.interaction
        level_colour = palette.bad if record.level == record.rule_count else palette.warn
        return {
            "id": cells.plain(interaction.id),
            "ref": cells.user(interaction.ref or ""),
            "agreement": cells.user(interaction.agreement),
            "service": cells.user(interaction.service),
            "level": cells.plain(f"{record.level}/{record.rule_count}", level_colour),
            "to": cells.user(record.to),
            "since": cells.short_when(record.since, self.timezone),
            "ack": cells.plain("yes", palette.good) if record.acknowledged else cells.plain("NO", f"bold {palette.bad}"),
            "title": cells.user(interaction.title),
        }

    def on_data_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(InteractionSelected(int(event.row_key.value)))
