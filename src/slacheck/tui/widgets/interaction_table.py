"""The requests of an agreement's window: state, service, priority, title; enter opens one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ..data import cells
from ..messages import InteractionSelected
from .record_table import Col, RecordTable

if TYPE_CHECKING:
    from ...domain.evaluation import Evaluation
    from ..data.cells import Palette


class InteractionTable(RecordTable["Evaluation"]):
    """Evaluations of requests, newest first."""

    COLUMNS = (
        Col("id", "#", 6),
        Col("ref", "Ref", 10, min_width=100),
        Col("opened", "Opened", 11),
        Col("service", "Service", 15),
        Col("priority", "Priority", 8, min_width=90),
        Col("state", "State", 8),
        Col("requester", "Requester", 18, min_width=120),
        Col("title", "Title", None, min_fill=10),
    )

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.timezone = "UTC"

    def show(self, evaluations: list[Evaluation], timezone: str) -> None:
        self.timezone = timezone
        self.fill(evaluations)

    def key_of(self, record: Evaluation) -> int:
        return record.interaction.id

    def cells(self, record: Evaluation, palette: Palette) -> dict[str, Text]:
        interaction = record.interaction
        return {
            "id": cells.plain(interaction.id),
            "ref": cells.user(interaction.ref or "-"),
            "opened": cells.short_when(interaction.opened_at, self.timezone),
            "service": cells.user(interaction.service),
            "priority": cells.user(record.priority or "-"),
            "state": cells.state(record.state, palette),
            "requester": cells.user(interaction.requester or "-"),
            "title": cells.user(interaction.title),
        }

    def on_data_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(InteractionSelected(int(event.row_key.value)))
