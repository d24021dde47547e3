"""Open requests soonest deadline first, with a live countdown of working time left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ..data import cells
from ..data.countdown import Countdown, countdown
from ..messages import InteractionSelected
from .record_table import Col, RecordTable

if TYPE_CHECKING:
    from ...services.figures import AtRiskItem
    from ..data.cells import Palette
    from ..data.snapshot import Snapshot


class RiskTable(RecordTable["AtRiskItem"]):
    """The at-risk list of the figures; :meth:`tick` refreshes the countdowns only."""

    COLUMNS = (
        Col("id", "#", 5),
        Col("ref", "Ref", 10, min_width=60),
        Col("agreement", "Agreement", 22, min_width=100),
        Col("service", "Service", 15, min_width=60),
        Col("priority", "Priority", 8, min_width=100),
        Col("clock", "Clock", 10, min_width=100),
        Col("deadline", "Deadline", 11, min_width=80),
        Col("left", "Left", 13),
        Col("title", "Title", None, min_fill=10),
    )

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.snapshot: Snapshot | None = None
        self.now: float = 0

    def show(self, snapshot: Snapshot, items: list[AtRiskItem], now: float) -> None:
        self.snapshot, self.now = snapshot, now
        self.fill(items)

    def key_of(self, record: AtRiskItem) -> int:
        return record.evaluation.interaction.id

    def _countdown(self, record: AtRiskItem) -> Countdown:
        assert self.snapshot is not None
        calendar = self.snapshot.calendars.get(record.evaluation.interaction.id)
        return countdown(record, calendar, self.snapshot.as_of, self.now)

    def cells(self, record: AtRiskItem, palette: Palette) -> dict[str, Text]:
        assert self.snapshot is not None
        interaction = record.evaluation.interaction
        tz = self.snapshot.timezone
        return {
            "id": cells.plain(interaction.id),
            "ref": cells.user(interaction.ref or ""),
            "agreement": cells.user(interaction.agreement),
            "service": cells.user(interaction.service),
            "priority": cells.user(record.evaluation.priority or "-"),
            "clock": cells.plain(cells.clock_name(record.clock)),
            "deadline": cells.short_when(record.deadline, tz),
            "left": cells.left(self._countdown(record), palette),
            "title": cells.user(interaction.title),
        }

    def tick(self, now: float) -> set[int]:
        """Recount the working time left at ``now`` (only the Left column changes); returns the
        requests whose countdown ran out."""
        self.now = now
        if self.snapshot is None:
            return set()
        palette = self.palette
        counts = {self.key_of(r): self._countdown(r) for r in self.records}
        self.update_column("left", {str(key): cells.left(cd, palette) for key, cd in counts.items()})
        return {key for key, cd in counts.items() if cd.overdue}

    def on_data_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(InteractionSelected(int(event.row_key.value)))
