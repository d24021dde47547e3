"""One team's health checks over time: its sessions and a trend line per card, per series."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from ..data import cells
from ..data.health_reader import HealthReader
from ..widgets.health_history import HistoryView
from .base import WorkspaceScreen

if TYPE_CHECKING:
    from ..data.health_reader import SeriesHistory
    from ..data.snapshot import Snapshot


class HealthHistoryScreen(WorkspaceScreen):
    """Read only; escape goes back to the Health screen."""

    TITLE = "Health history"
    DEFAULT_CSS = """
    HealthHistoryScreen #history-header { height: auto; padding: 0 1; background: $boost; }
    HealthHistoryScreen #history-body { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    class HistoryRead(Message):
        """The team's series were read (in a worker)."""

        def __init__(self, series: list[SeriesHistory]) -> None:
            super().__init__()
            self.series = series

    def __init__(self, team: str) -> None:
        super().__init__()
        self.team = team
        self._read_for: object = None

    def location(self) -> str:
        return f"Health history of {self.team}"

    def compose_body(self):
        yield Static(id="history-header")
        with VerticalScroll(id="history-body"):
            yield HistoryView(id="history")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#history-body").focus()
        if self.app.snapshot is None:
            self.query_one("#history-body").loading = True

    def show_snapshot(self, snapshot: Snapshot) -> None:
        teams = snapshot.catalog.teams
        name = teams[self.team].name if self.team in teams else ""
        self.query_one("#history-header", Static).update(Text.assemble(
            cells.user(self.team, "bold"), " (", cells.user(name), ")",
            cells.plain(" · every session of each series it runs; a sparkline per card, oldest first", "dim")))
        if self._read_for is not snapshot:
            self._read_for = snapshot
            self._read_history(snapshot)

    @work(thread=True, exclusive=True, group="health-history")
    def _read_history(self, snapshot: Snapshot) -> None:
        from ...errors import SlacheckError

        try:
            series = HealthReader(self.app.workspace).team_history(snapshot.load, self.team, snapshot.as_of)
        except SlacheckError as exc:
            self.app.call_from_thread(self.report_error, exc)
            return
        self.post_message(self.HistoryRead(series))

    def on_health_history_screen_history_read(self, message: HistoryRead) -> None:
        snapshot = self.app.snapshot
        self.query_one("#history-body").loading = False
        self.query_one(HistoryView).show(message.series, self.team, snapshot.timezone if snapshot else "UTC")
