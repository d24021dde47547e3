"""The dashboard's agreement table: one row per agreement, enter opens it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from ..data import cells
from ..messages import AgreementSelected
from .record_table import Col, RecordTable

if TYPE_CHECKING:
    from ...services.figures import AgreementFigures
    from ..data.cells import Palette
    from ..data.health import AgreementHealth


@dataclass(frozen=True)
class AgreementRow:
    """What one row shows: the figures, the compliance of the last windows, the counts, and
    the provider's health beside its customers' ratings."""

    figures: AgreementFigures
    trend: tuple[float | None, ...]  # oldest first, the current window last
    at_risk: int
    escalations: int
    health: AgreementHealth | None = None


def _burn(fig: AgreementFigures) -> str:
    burn = fig.burn
    if burn.exhausted:
        return "exhausted"
    return "-" if burn.rate is None else f"{burn.rate:.2f}×"


class ComplianceTable(RecordTable[AgreementRow]):
    """Compliance against objective with a bar, budget left, trend, open and at-risk counts;
    health: the provider's latest own check as a coloured dot, then its customers' mean rating
    (dim below three ratings, reversed when the watermelon check flags the agreement)."""

    COLUMNS = (
        Col("agreement", "Agreement", 26, min_width=140),
        Col("parties", "Provider → consumers", None, min_fill=20),
        Col("compliance", "Compliance", 13),
        Col("objective", "Obj", 5, min_width=100),
        Col("budget", "Budget", 6),
        Col("burn", "Burn", 9, min_width=150),
        Col("trend", "Trend", 6),
        Col("met", "Met", 5, min_width=140),
        Col("breached", "Brch", 5, min_width=140),
        Col("open", "Open", 4),
        Col("at_risk", "Risk", 4),
        Col("escalations", "Esc", 4, min_width=140),
        Col("health", "Hlth", 5),
    )

    def key_of(self, record: AgreementRow) -> str:
        return record.figures.agreement.id

    def cells(self, record: AgreementRow, palette: Palette) -> dict[str, Text]:
        from ..data import health_cells  # off the dashboard's start path: rows come with figures

        fig = record.figures
        agreement, tally = fig.agreement, fig.tally
        return {
            "agreement": cells.user(agreement.id, "bold"),
            "parties": cells.parties(agreement, limit=3 if self.size.width >= 140 else 1),
            "compliance": cells.compliance_bar(tally, palette),
            "objective": cells.objective(agreement),
            "budget": cells.budget_left(tally, palette),
            "burn": cells.plain(_burn(fig), palette.bad if fig.burn.exhausted else ""),
            "trend": cells.sparkline(record.trend, float(agreement.objective), palette),
            "met": cells.count(tally.met),
            "breached": cells.count(tally.breached, palette.bad),
            "open": cells.count(tally.open),
            "at_risk": cells.count(record.at_risk, palette.warn),
            "escalations": cells.count(record.escalations, palette.bad),
            "health": health_cells.agreement_cell(record.health, palette),
        }

    def on_data_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(AgreementSelected(str(event.row_key.value)))
