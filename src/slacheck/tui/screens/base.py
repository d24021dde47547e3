"""What every screen of the dashboard shares: the status line, the problem banner, the footer,
and redrawing when the app has new figures.

A screen subclass yields its body from :meth:`compose_body` and draws a snapshot in
:meth:`show_snapshot`.  A screen that is not on top does not redraw; it catches up when it is
shown again.  Refused or failed writes are reported by :meth:`report_error` as a notification
with the domain's message (never markup).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from ..widgets.problem_banner import ProblemBanner
from ..widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from ...errors import SlacheckError
    from ..app import SlacheckApp
    from ..data.snapshot import Snapshot


class WorkspaceScreen(Screen):
    """A screen over the workspace's figures."""

    #: Shown in the status line and the command palette.
    TITLE = ""

    app: SlacheckApp  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._stale = False

    def compose(self):
        yield StatusBar(self.app.workspace.root.name, frozen=self.app.frozen, id="status-bar")
        yield ProblemBanner(self.app.workspace.root, id="problem-banner")
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> Iterable[Widget]:
        """The screen's own widgets, between the banner and the footer."""
        return ()

    def on_mount(self) -> None:
        self.query_one(StatusBar).location = self.location()
        self.watch(self.app, "snapshot", self._snapshot_changed)
        self.watch(self.app, "problems", self._problems_changed)
        self.watch(self.app, "evaluating", self._evaluating_changed)

    def location(self) -> str:
        """Where the user is, for the status line."""
        return self.TITLE

    def _snapshot_changed(self, snapshot: Snapshot | None) -> None:
        if not self.is_current:
            self._stale = True
            return
        self._stale = False
        self.query_one(StatusBar).show(snapshot)
        if snapshot is not None:
            self.show_snapshot(snapshot)
        self._problems_changed(self.app.problems)

    def _problems_changed(self, problems) -> None:
        snapshot = self.app.snapshot
        self.query_one(ProblemBanner).show(
            problems, have_figures=snapshot is not None,
            unjudged=snapshot.figures.unjudged if snapshot is not None else (),
        )

    def _evaluating_changed(self, busy: bool) -> None:
        self.query_one(StatusBar).evaluating = busy

    def on_screen_resume(self) -> None:
        if self._stale:
            self._snapshot_changed(self.app.snapshot)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A read-only dashboard hides every key that writes (see ``app.WRITE_ACTIONS``)."""
        return self.app.allows(action)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Draw ``snapshot`` (called with every new evaluation while the screen is on top)."""

    def report_error(self, error: SlacheckError) -> None:
        self.app.notify(error.message, title=error.title, severity="error", markup=False, timeout=8)
