"""The line at the top of every screen: where you are, the workspace, the evaluation instant."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from ...report.common import local
from ..data.cells import user

if TYPE_CHECKING:
    from ..data.snapshot import Snapshot


class StatusBar(Static):
    """``slacheck › Dashboard · kestrel · as of 2026-11-20 11:00 Europe/Berlin (frozen) · evaluating…``."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
        &.-busy { color: $text-warning; }
    }
    """

    location: reactive[str] = reactive("")
    evaluating: reactive[bool] = reactive(False)

    def __init__(self, workspace_name: str, *, frozen: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.workspace_name = workspace_name
        self.frozen = frozen
        self.snapshot: Snapshot | None = None

    def show(self, snapshot: Snapshot | None) -> None:
        self.snapshot = snapshot
        self._redraw()

    def watch_location(self) -> None:
        self._redraw()

    def watch_evaluating(self, busy: bool) -> None:
        self.set_class(busy, "-busy")
        self._redraw()

    def _redraw(self) -> None:
        text = Text.assemble(("slacheck", "bold"), " › ", user(self.location, "bold"))
        snapshot = self.snapshot
        if self.evaluating or snapshot is None:
            text.append(" · evaluating…")
        if snapshot is not None:
            clock = "frozen at" if self.frozen else "as of"
            text.append(f" · {clock} {local(snapshot.as_of, snapshot.timezone)}")
        text.append(" · ")
        text.append_text(user(self.workspace_name, "dim"))
        if snapshot is not None:
            text.append(f" ({snapshot.timezone})", "dim")
        self.update(text)
