"""One request: its timeline and, per target, where every working minute went (the same lines as
``slacheck show``), and the keys that record what happens next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from ...domain.durations import format_seconds
from ..data import cells
from ..widgets.explanation import ExplanationView
from .base import WorkspaceScreen
from .recording import record_event

if TYPE_CHECKING:
    from ...domain.events import Interaction
    from ...services.explain import Explanation
    from ..data.snapshot import Snapshot


class InteractionScreen(WorkspaceScreen):
    """Each key confirms one event in a form, then appends it to the store."""

    TITLE = "Request"
    AUTO_FOCUS = "#explanation"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "record_event('respond')", "Respond"),
        Binding("p", "record_event('pause')", "Pause"),
        Binding("u", "record_event('resume')", "Resume"),
        Binding("d", "record_event('resolve')", "Resolve"),
        Binding("o", "record_event('reopen')", "Reopen"),
        Binding("s", "record_event('rate')", "Rate"),
        Binding("a", "record_event('acknowledge')", "Acknowledge"),
        Binding("c", "record_event('comment')", "Comment"),
        Binding("y", "record_event('reprioritize')", "Priority"),
    ]

    def __init__(self, interaction_id: int) -> None:
        super().__init__()
        self.interaction_id = interaction_id
        self.interaction: Interaction | None = None
        self.explanation: Explanation | None = None

    def location(self) -> str:
        return f"Request #{self.interaction_id}"

    def compose_body(self):
        yield Static(id="interaction-state")
        yield ExplanationView(id="explanation")

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the request's events again and explain them at the present (or frozen) instant."""
        from ...errors import SlacheckError
        from ...services.explain import explain, explanation_sections

        session = self.app.session
        if session is None:
            return
        try:
            self.interaction = session.store.interaction(self.interaction_id)
            if self.interaction is None:
                self._say(f"There is no request #{self.interaction_id}.")
                return
            self.explanation = explain(session, self.interaction, self.app.now())
        except (SlacheckError, KeyError) as exc:
            self._say(f"Request #{self.interaction_id} cannot be explained: {exc}")
            return
        self._show_state(self.explanation)
        self.query_one(ExplanationView).show(explanation_sections(self.explanation, session.timezone))

    def _say(self, message: str) -> None:
        self.query_one("#interaction-state", Static).update(Text(message, style="bold"))

    def _show_state(self, ex: Explanation) -> None:
        palette = cells.Palette.from_variables(self.app.theme_variables)
        evaluation = ex.evaluation
        parts: list[Text | str] = [cells.state(evaluation.state.upper(), palette)]
        if evaluation.resolved:
            parts.append(" · resolved")
        elif evaluation.paused:
            parts.append(" · paused (waiting on the requester)")
        nxt = evaluation.next_deadline
        if nxt is not None and not evaluation.resolved:
            parts.append(f" · {cells.clock_name(nxt.name)} left {format_seconds(nxt.left)}")
        if evaluation.crossings:
            top = evaluation.crossings[-1]
            acked = top.level in ex.timeline.acknowledged
            parts.append(cells.plain(f" · escalated: level {top.level} to {top.to}"
                                     f"{' (acknowledged)' if acked else ' (not acknowledged)'}",
                                     palette.good if acked else palette.bad))
        if ex.timeline.rating is not None:
            parts.append(f" · rated {ex.timeline.rating}/5")
        self.query_one("#interaction-state", Static).update(Text.assemble(*parts))

    # ------------------------------------------------------------------ recording events
    def action_record_event(self, name: str) -> None:
        """Check the transition with the domain, ask for the details, then record the event."""
        if self.app.refuse_write("record_event"):
            return
        if self.interaction is None:
            return
        current = self.explanation.timeline.priority if self.explanation else ""
        record_event(self, self.interaction, name, current_priority=current, done=self.reload)
