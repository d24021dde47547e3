"""Team health checks: every team's series with the latest result and its history, the open
action items; run a new session or resume one left open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from ..data import health_cells
from ..data.health_reader import HealthReader
from ..widgets.health_actions import ActionRow, ActionTable
from ..widgets.health_table import HealthTable
from .base import WorkspaceScreen

if TYPE_CHECKING:
    from ..data.health import SeriesRow
    from ..data.health_run import CheckRequest
    from ..data.snapshot import Snapshot


class HealthScreen(WorkspaceScreen):
    """Enter on a row shows the team's history; ``r`` runs a check, ``u`` resumes an open one."""

    TITLE = "Health checks"
    AUTO_FOCUS = "#health-teams"
    DEFAULT_CSS = """
    HealthScreen #health-teams-panel { height: 2fr; }
    HealthScreen #health-actions-panel { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "run_check", "Run a check"),
        Binding("u", "resume_check", "Resume"),
        Binding("d", "complete_action", "Action done"),
        Binding("tab", "app.focus_next", "Next table", show=False),
    ]

    class BoardRead(Message):
        """The rows of the Health screen were read (in a worker)."""

        def __init__(self, rows: list[SeriesRow]) -> None:
            super().__init__()
            self.rows = rows

    def compose_body(self):
        with Vertical(id="health-teams-panel", classes="panel"):
            yield HealthTable(id="health-teams")
        with Vertical(id="health-actions-panel", classes="panel"):
            yield ActionTable(id="health-actions")
        yield Static(Text("enter: the team's history · tab: the action items"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#health-teams-panel").border_title = "Teams and their checks"
        self.query_one("#health-actions-panel").border_title = "Open action items"
        super().on_mount()
        if self.app.snapshot is None:
            self.query_one("#health-teams-panel").loading = True

    # ------------------------------------------------------------------ drawing
    def show_snapshot(self, snapshot: Snapshot) -> None:
        overview = snapshot.health
        panel = self.query_one("#health-teams-panel")
        if overview is None:
            panel.loading = False
            panel.border_title = f"Health checks cannot be read: {snapshot.health_problem}"
            return
        rows = [ActionRow(team.team, view) for team in overview.teams for view in team.open_actions]
        self.query_one(ActionTable).show(rows, snapshot.timezone)
        self.query_one("#health-actions-panel").border_title = f"Open action items ({len(rows)})"
        self._read_board(snapshot)

    @work(thread=True, exclusive=True, group="health-board")
    def _read_board(self, snapshot: Snapshot) -> None:
        from ...errors import SlacheckError

        assert snapshot.health is not None
        try:
            rows = HealthReader(self.app.workspace).board(snapshot.load, snapshot.health)
        except SlacheckError as exc:
            self.app.call_from_thread(self.report_error, exc)
            return
        self.post_message(self.BoardRead(rows))

    def on_health_screen_board_read(self, message: BoardRead) -> None:
        snapshot = self.app.snapshot
        panel = self.query_one("#health-teams-panel")
        panel.loading = False
        self.query_one(HealthTable).show(message.rows, snapshot.timezone if snapshot else "UTC")
        series = sum(1 for r in message.rows if r.series is not None)
        running = sum(1 for r in message.rows if r.running is not None)
        panel.border_title = f"Teams and their checks ({series} series, {running} open)"

    # ------------------------------------------------------------------ actions
    def on_health_table_team_chosen(self, message: HealthTable.TeamChosen) -> None:
        from .health_history import HealthHistoryScreen

        self.app.push_screen(HealthHistoryScreen(message.team))

    def action_run_check(self) -> None:
        if self.app.refuse_write("run_check"):
            return
        from ..data.health_run import CheckRequest
        from ..modals.vote_start import StartCheckModal

        load = self.app.load
        if load is None or load.catalog is None or self.app.session is None:
            self.app.notify("The workspace is still being read; try again in a moment.",
                            severity="warning", markup=False)
            return
        if not load.catalog.health_templates:
            self.app.notify("No health-check template in agreements/health/ ('slacheck init' writes "
                            "two).", severity="warning", markup=False)
            return
        table = self.query_one(HealthTable)
        row = table.current
        series = row.series if row is not None else None
        running = {CheckRequest(r.series.template, r.team, r.series.about): r.running.id
                   for r in table.records if r.series is not None and r.running is not None}
        self.app.push_screen(StartCheckModal(load.catalog, team=row.team if row else "",
                                             template=series.template if series else "",
                                             about=series.about if series else None, running=running),
                             callback=self._open_check)

    def _open_check(self, request: CheckRequest | None) -> None:
        from ...errors import SlacheckError
        from ...services.health import open_check
        from .health_run import HealthRunScreen

        session = self.app.session
        if request is None or session is None:
            return
        try:
            opened = open_check(session, request.template, request.team, about=request.about,
                                at=self.app.now())
        except SlacheckError as exc:
            self.report_error(exc)
            return
        self.app.request_evaluation()
        self.app.push_screen(HealthRunScreen(opened.id))

    def action_resume_check(self) -> None:
        if self.app.refuse_write("resume_check"):
            return
        from .health_run import HealthRunScreen

        row = self.query_one(HealthTable).current
        if row is None or row.running is None:
            self.app.notify("The highlighted row has no open session (r runs a new one).",
                            severity="warning", markup=False)
            return
        self.app.push_screen(HealthRunScreen(row.running.id))

    def action_complete_action(self) -> None:
        if self.app.refuse_write("complete_action"):
            return
        from ..modals.confirm import ConfirmModal

        table = self.query_one(ActionTable)
        key = table.current_key
        record = next((r for r in table.records if str(r.view.action.id) == key), None)
        if record is None:
            self.app.notify("No action item is highlighted (tab moves to the list).",
                            severity="warning", markup=False)
            return
        action = record.view.action
        question = Text.assemble(f"Mark action item #{action.id} done?\n\n", health_cells.wrapped(action.text))

        def confirmed(yes: bool | None) -> None:
            from ...errors import SlacheckError
            from ...services.health import complete_action

            session = self.app.session
            if not yes or session is None:
                return
            try:
                complete_action(session, action.id, at=self.app.now())
            except SlacheckError as exc:
                self.report_error(exc)
                return
            self.app.notify(f"Action item #{action.id} done.", markup=False)
            self.app.request_evaluation()

        self.app.push_screen(ConfirmModal(question, yes="Done"), callback=confirmed)
