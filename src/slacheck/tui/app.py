"""The slacheck dashboard: a Textual app over one workspace, live.

The app owns the workspace's state; screens only display it:

* ``snapshot`` -- the latest evaluation (:class:`~slacheck.tui.data.snapshot.Snapshot`), made in
  a worker thread by the same services as ``slacheck report``; screens watch it;
* ``problems`` -- the errors of the agreement files when they are broken (the last good
  snapshot stays); ``evaluating`` -- a worker is busy.

Live: once a second the app compares a signature of ``agreements/**.toml`` (an edit reloads and
re-validates the files) and the database's ``data_version`` (another process wrote events) and
starts a new evaluation when either changed; at the present it also re-evaluates every
:data:`REEVALUATE_SECONDS`, since figures move with the clock.  With ``as_of`` given the clock is
frozen: every figure, countdown and recorded event uses that instant.

Read-only (``slacheck tui --read-only``): the database is opened read-only, nothing is recorded,
and every action that writes (:data:`WRITE_ACTIONS`: logging and updating requests,
acknowledging, health checks, editing agreement files) is hidden from the footer, the help and
the command palette, and refused with a message if reached some other way.

Threads: each evaluation opens its own store in its worker thread.  The connection the UI thread
polls and writes through is opened by the first worker (so the first frame does not wait for
it) and used by the UI thread only from then on.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.worker import WorkerState

from .data.snapshot import Evaluator
from .data.watch import files_signature
from .messages import EvaluationFailed, FiguresEvaluated, StoreOpened, WorkspaceLoaded
from .screens.dashboard import DashboardScreen

if TYPE_CHECKING:
    from ..config.loader import LoadResult
    from ..config.problems import Problem
    from ..config.workspace import Workspace
    from ..services.session import Session
    from ..store import StoreBackend
    from .data.snapshot import Snapshot

#: Seconds between polls of the files and the database.
POLL_SECONDS = 1.0
#: At the present, re-evaluate at least this often (seconds): figures move with the clock.
REEVALUATE_SECONDS = 30.0
#: How long a worker waits for the UI to draw new figures before it evaluates the past windows.
SHOW_WAIT_SECONDS = 2.0
#: Set by ``benchmarks/tui_startup.py`` only: a file to append start-up timestamps to.
BENCHMARK_ENV = "SLACHECK_TUI_BENCHMARK"

DARK, LIGHT = "textual-dark", "textual-light"

#: Every action, on the app or a screen, that writes to the database or the agreement files.
WRITE_ACTIONS = frozenset({
    "log_request", "log_here", "record_event", "acknowledge_escalation", "edit_agreement",
    "new_agreement", "run_check", "resume_check", "complete_action",
})
READ_ONLY_MESSAGE = "This dashboard is read-only: nothing can be changed from here."


class SlacheckApp(App[None]):
    """The dashboard on one workspace (build it with :func:`create_app`)."""

    CSS_PATH = "app.tcss"
    TITLE = "slacheck"
    BINDINGS = [
        Binding("question_mark,f1", "show_help", "Help", key_display="?"),
        Binding("n", "log_request", "New request"),
        Binding("e", "show_escalations", "Escalations"),
        Binding("h", "show_health", "Health checks", show=False),
        Binding("ctrl+r", "refresh_figures", "Refresh", show=False),
        Binding("ctrl+t", "toggle_dark", "Light/dark", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    ]

    snapshot: var[Snapshot | None] = var(None, init=False)
    problems: var[tuple[Problem, ...]] = var((), init=False)
    evaluating: var[bool] = var(False, init=False)

    def __init__(self, workspace: Workspace, *, as_of: int | str | None = None,
                 read_only: bool = False) -> None:
        super().__init__()
        self.workspace = workspace
        self.read_only = read_only
        self.frozen = as_of is not None
        self._as_of_input = as_of
        self._frozen_at: int | None = as_of if isinstance(as_of, int) else None
        self.evaluator = Evaluator(workspace, read_only=read_only)
        self.load: LoadResult | None = None  # the last load without errors
        self.store: StoreBackend | None = None  # the UI thread's connection
        self._session: Session | None = None
        self._files: tuple = ()
        self._data_version: int | None = None
        self._store_lost = False  # the database could not be reached at the last poll
        self._store_requested = False
        self._busy = False
        self._pending = False
        self._pending_reload = False
        self._last_evaluated = 0.0
        self._shown = threading.Event()
        self.actor = ""  # the last "by" typed into a form, offered again
        self.cursor_blink = True  # snapshot tests turn it off
        self.theme = DARK

    # ------------------------------------------------------------------ the clock
    def now(self) -> int:
        """The present, or the frozen ``as_of``."""
        if self.frozen and self._frozen_at is not None:
            return self._frozen_at
        return int(time.time())

    @property
    def session(self) -> Session | None:
        """Writes go through this session (the last good files, the UI thread's store)."""
        if self.load is None or self.store is None:
            return None
        if self._session is None or self._session.load is not self.load:
            from ..services.session import Session

            self._session = Session(self.load, self.store, read_only=self.read_only)
        return self._session

    # ------------------------------------------------------------------ read-only
    def allows(self, action: str) -> bool:
        """Whether ``action`` may run here (a read-only dashboard refuses every write)."""
        return not (self.read_only and action in WRITE_ACTIONS)

    def refuse_write(self, action: str) -> bool:
        """For a write action reached without its key: tell the user and return ``True`` when
        the dashboard is read-only."""
        if self.allows(action):
            return False
        self.notify(READ_ONLY_MESSAGE, title="Read-only", severity="warning", markup=False)
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.allows(action)

    # ------------------------------------------------------------------ start-up
    def get_default_screen(self) -> Screen:
        return DashboardScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(self._started)

    def _started(self) -> None:
        self._stamp("first-frame")
        if not gc.isenabled():  # off for the start (slacheck.cli.tui.run_dashboard)
            gc.freeze()
            gc.enable()
        self._files = files_signature(self.workspace.agreements_dir)
        self.request_evaluation(reload=True)
        self.set_interval(POLL_SECONDS, self._poll, name="poll")

    def _stamp(self, event: str) -> None:
        """For the start-up benchmark only: note the instant of ``event``; exit after figures."""
        target = os.environ.get(BENCHMARK_ENV)
        if not target:
            return
        with open(target, "a", encoding="utf-8") as out:
            out.write(f"{event} {time.time():.6f}\n")
        if event == "figures":
            self.exit()

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    # ------------------------------------------------------------------ evaluation
    def request_evaluation(self, *, reload: bool = False) -> None:
        """Evaluate again (reading the files first with ``reload``), once the current one is done."""
        self._pending = True
        self._pending_reload = self._pending_reload or reload
        if not self._busy:
            self._launch()

    def _launch(self) -> None:
        reload = self._pending_reload or self.load is None
        self._pending = self._pending_reload = False
        if self.store is not None:
            self._data_version = self._read_data_version()
        open_store = self.store is None and not self._store_requested
        self._store_requested = self._store_requested or open_store
        self._busy = True
        self.evaluating = True
        self._evaluate(reload, self.load, open_store)

    @work(thread=True, group="evaluate", description="evaluating the workspace")
    def _evaluate(self, reload: bool, load: LoadResult | None, open_store: bool) -> None:
        from ..errors import SlacheckError

        try:
            if open_store:
                from ..services.stores import open_workspace_store

                store = open_workspace_store(self.workspace, read_only=self.read_only,
                                             verify=not self.read_only)
                self.post_message(StoreOpened(store, store.data_version()))
            if reload or load is None:
                load = self.evaluator.load()
                self.post_message(WorkspaceLoaded(load))
                if load.catalog is None:
                    return
            for snapshot in self.evaluator.evaluate(load, self._as_of(load), live=not self.frozen):
                self._shown.clear()
                self.post_message(FiguresEvaluated(snapshot))
                # Let the UI thread draw the figures before the past windows take the CPU.
                self._shown.wait(SHOW_WAIT_SECONDS)
        except SlacheckError as exc:
            self.post_message(EvaluationFailed(exc))

    def _as_of(self, load: LoadResult) -> int:
        if not self.frozen:
            return int(time.time())
        if isinstance(self._as_of_input, int):
            return self._as_of_input
        from ..services.instants import parse_instant

        assert load.catalog is not None
        return parse_instant(str(self._as_of_input), load.catalog.settings.timezone)

    def _read_data_version(self) -> int | None:
        """The store's data version; ``None`` while the database cannot be reached (a server
        restarting, a network cut): the user is told once, and again when it is back."""
        from ..errors import SlacheckError

        assert self.store is not None
        try:
            version = self.store.data_version()
        except SlacheckError as exc:
            if not self._store_lost:
                self._store_lost = True
                self.notify(f"{exc.message}. The figures shown are from before; trying again "
                            "every second.", title="Database unreachable", severity="error",
                            markup=False, timeout=3600)
            return None
        if self._store_lost:
            self._store_lost = False
            self.clear_notifications()
            self.notify("Connected to the database again; the figures are current.",
                        title="Database back", markup=False)
        return version

    def _poll(self) -> None:
        signature = files_signature(self.workspace.agreements_dir)
        if signature != self._files:
            self._files = signature
            self.request_evaluation(reload=True)
            return
        if self.store is not None:
            version = self._read_data_version()
            if self._store_lost:
                return  # nothing to evaluate against; the next poll tries again
            if version != self._data_version:
                self.request_evaluation()
                return
        if (not self.frozen and self.snapshot is not None and not self._busy
              and time.monotonic() - self._last_evaluated > REEVALUATE_SECONDS):
            self.request_evaluation()

    def on_store_opened(self, message: StoreOpened) -> None:
        self.store = message.store
        self._data_version = message.data_version

    def on_workspace_loaded(self, message: WorkspaceLoaded) -> None:
        load = message.load
        self.problems = tuple(p for p in load.problems if p.is_error)
        if load.catalog is not None:
            self.load = load

    def on_figures_evaluated(self, message: FiguresEvaluated) -> None:
        if self.frozen:
            self._frozen_at = message.snapshot.as_of
        self._last_evaluated = time.monotonic()
        first = self.snapshot is None
        self.snapshot = message.snapshot
        self.call_after_refresh(self._shown.set)
        if first:
            self.call_after_refresh(self._stamp, "figures")

    def on_evaluation_failed(self, message: EvaluationFailed) -> None:
        error = message.error
        self.notify(error.message, title=error.title, severity="error", markup=False, timeout=10)

    def on_worker_state_changed(self, event) -> None:
        if event.worker.group != "evaluate":
            return
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self._busy = False
            if self._pending:
                self._launch()
            else:
                self.evaluating = False

    # ------------------------------------------------------------------ actions
    def action_show_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_log_request(self, agreement_id: str = "") -> None:
        from .screens.log_request import LogRequestScreen

        if self.refuse_write("log_request"):
            return
        if self.snapshot is None or self.session is None:
            self.notify("The figures are still being evaluated; try again in a moment.",
                        severity="warning", markup=False)
            return
        self.push_screen(LogRequestScreen(agreement_id))

    def action_show_escalations(self) -> None:
        from .screens.escalations import EscalationsScreen

        if not isinstance(self.screen, EscalationsScreen):
            self.push_screen(EscalationsScreen())

    def action_new_agreement(self) -> None:
        """Write a new agreement from the template and open it in the editor."""
        from .screens.editor_new import start_new_agreement

        if self.refuse_write("new_agreement"):
            return
        start_new_agreement(self)

    def action_show_health(self) -> None:
        """The Health screen (on a health screen: stay there, a running session is kept)."""
        from .screens.health import HealthScreen
        from .screens.health_history import HealthHistoryScreen
        from .screens.health_run import HealthRunScreen

        if not isinstance(self.screen, (HealthScreen, HealthHistoryScreen, HealthRunScreen)):
            self.push_screen(HealthScreen())

    def action_show_dashboard(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, DashboardScreen):
            self.pop_screen()

    def action_refresh_figures(self) -> None:
        """Read the files again and evaluate everything, past windows included."""
        self.evaluator.trends.invalidate()
        self.request_evaluation(reload=True)
        self.notify("Evaluating again…", timeout=2, markup=False)

    def action_toggle_dark(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette lists Textual's commands, the app's and the screen's actions."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Dashboard", "Back to the dashboard", self.action_show_dashboard)
        if self.allows("new_agreement"):
            yield SystemCommand("New agreement from template",
                                "Write agreements/<id>.toml from a commented template and edit it",
                                self.action_new_agreement)
        seen = {"quit"}
        for node in (screen, self):
            for binding in _bindings(node):
                if binding.action in seen or not binding.description:
                    continue
                if not self.allows(binding.action.split("(")[0]):
                    continue
                seen.add(binding.action)
                key = binding.key_display or binding.key.split(",")[0]
                yield SystemCommand(binding.description, f"{_where(node)} (key: {key})",
                                    partial(node.run_action, binding.action))


def _bindings(node) -> list[Binding]:
    return [b for _, b in node._bindings if isinstance(b, Binding)] if hasattr(node, "_bindings") else []


def _where(node) -> str:
    return "Anywhere" if isinstance(node, App) else getattr(node, "TITLE", "") or type(node).__name__


def create_app(workspace: Workspace | str | Path, *, as_of: int | str | None = None,
               db: str | Path | None = None, read_only: bool = False) -> SlacheckApp:
    """The dashboard for ``workspace`` (a folder or a :class:`Workspace`).

    ``as_of`` freezes the clock at that instant (UTC seconds, or ISO 8601 text read in the
    workspace's time zone); ``db`` replaces the workspace's database (a file or a server URL); ``read_only`` opens
    it read-only and refuses every write.
    """
    from ..config.workspace import Workspace as WorkspaceType
    from ..config.workspace import find_workspace

    ws = workspace if isinstance(workspace, WorkspaceType) else find_workspace(workspace)
    if db is not None:
        ws = ws.with_database(db)
    return SlacheckApp(ws, as_of=as_of, read_only=read_only)
