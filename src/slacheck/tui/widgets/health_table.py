"""The Health screen's table: a row per series a team runs, enter opens the team's history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

from ...report.common import local
from ..data import cells, health_cells
from .record_table import Col, RecordTable

if TYPE_CHECKING:
    from ..data.cells import Palette
    from ..data.health import SeriesRow


class HealthTable(RecordTable["SeriesRow"]):
    """Team, check, latest closed session (value, change, date), the series' history as a
    sparkline, split cards, open action items, and a session still open."""

    COLUMNS = (
        Col("team", "Team", None, min_fill=8, max_fill=14),
        Col("check", "Check", None, min_fill=14),
        Col("result", "Latest", 9),
        Col("change", "Δ", 1),
        Col("history", "History", 8),
        Col("date", "Closed", 10, min_width=100),
        Col("people", "People", 6, min_width=120),
        Col("split", "Split", 5, min_width=100),
        Col("actions", "Acts", 4),
        Col("session", "Session", 8),
        Col("name", "Team name", None, min_width=140, min_fill=12, max_fill=28),
    )

    class TeamChosen(Message):
        """A row was chosen (enter or click): show the team's history."""

        def __init__(self, team: str) -> None:
            super().__init__()
            self.team = team

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.timezone = "UTC"

    def show(self, rows: list[SeriesRow], timezone: str) -> None:
        self.timezone = timezone
        self.fill(rows)

    def key_of(self, record: SeriesRow) -> str:
        return record.key

    @property
    def current(self) -> SeriesRow | None:
        key = self.current_key
        return next((r for r in self.records if r.key == key), None)

    def cells(self, record: SeriesRow, palette: Palette) -> dict[str, Text]:
        row = {"team": cells.user(record.team, "bold"), "name": cells.user(record.team_name)}
        if record.series is None or record.template is None:
            return row | {"check": cells.plain("no check yet", "dim")}
        about = record.series.about
        check = (Text.assemble(cells.plain("→ "), cells.user(about, "bold"), " ",
                               cells.user(record.series.template, "dim"))
                 if about else cells.user(record.series.template))
        latest = record.latest
        running = record.running
        session = (cells.plain(f"#{running.id} open", palette.accent) if running is not None
                   else cells.plain(f"#{latest.session.id}", "dim") if latest is not None else cells.plain(""))
        return row | {
            "check": check,
            "result": health_cells.session_value(latest, palette),
            "change": health_cells.arrow(record.direction, palette),
            "history": health_cells.points_sparkline(record.points[-8:], record.template.scale, palette),
            "date": cells.plain(local(latest.session.closed_at, self.timezone)[:10] if latest else "-",
                                "" if latest else "dim"),
            "people": cells.count(latest.participants if latest else 0),
            "split": cells.count(len(latest.split_cards) if latest else 0, palette.warn),
            "actions": cells.count(record.open_actions, palette.warn),
            "session": session,
        }

    def on_data_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        event.stop()
        row = next((r for r in self.records if r.key == event.row_key.value), None)
        if row is not None:
            self.post_message(self.TeamChosen(row.team))
