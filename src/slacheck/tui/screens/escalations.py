"""Every open escalation, whatever the report window; acknowledge one with a note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from ..messages import InteractionSelected
from ..widgets.escalation_table import EscalationTable
from .base import WorkspaceScreen
from .recording import record_event

if TYPE_CHECKING:
    from ..data.snapshot import Snapshot


class EscalationsScreen(WorkspaceScreen):
    """Highest level first; ``a`` acknowledges the highlighted one, enter opens the request."""

    TITLE = "Escalations"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("a", "acknowledge_escalation", "Acknowledge"),
    ]

    def compose_body(self):
        with Vertical(id="escalation-list-panel", classes="panel"):
            yield EscalationTable(id="all-escalations")
        yield Static("a: acknowledge the highlighted escalation (with a note) · enter: open the request",
                     classes="hint", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(EscalationTable).focus()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        items = list(snapshot.figures.escalations)
        waiting = sum(1 for e in items if not e.acknowledged)
        self.query_one("#escalation-list-panel").border_title = (
            f"Open escalations ({len(items)}, {waiting} not acknowledged) · highest level first")
        self.query_one(EscalationTable).show(items, snapshot.timezone)

    def action_acknowledge_escalation(self) -> None:
        if self.app.refuse_write("acknowledge_escalation"):
            return
        table = self.query_one(EscalationTable)
        key = table.current_key
        session = self.app.session
        if key is None or session is None:
            self.app.notify("No escalation is highlighted.", severity="warning", markup=False)
            return
        interaction = session.store.interaction(int(key))
        if interaction is not None:
            record_event(self, interaction, "acknowledge")

    def on_interaction_selected(self, message: InteractionSelected) -> None:
        from .interaction import InteractionScreen

        self.app.push_screen(InteractionScreen(message.interaction_id))
