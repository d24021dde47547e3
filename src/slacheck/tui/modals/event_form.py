"""The form that confirms one event on a request: ``EventModal`` dismisses with an
:class:`~slacheck.tui.data.actions.EventInput` (record it) or ``None`` (cancelled).

It asks what the event needs (a reason, a rating and comment, a note, a priority) and who did
it, validates while typing, and says what will be recorded and when.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from ...report.common import local
from ..data import actions
from ..data.cells import user
from .form import FormModal

if TYPE_CHECKING:
    from ...domain.events import Interaction
    from ..data.actions import EventAction, EventInput

_LABELS = {
    actions.REASON: ("What are you waiting for? (optional)", "e.g. the laptop to be handed in"),
    actions.RATING: ("Rating, 1 (poor) to 5 (excellent)", "1-5"),
    actions.COMMENT: ("Comment (optional)", "what the requester said"),
    actions.TEXT: ("Note", "what happened"),
    actions.NOTE: ("What is being done about it? (optional)", "e.g. spare part ordered"),
    actions.PRIORITY: ("New priority", ""),
}


class EventModal(FormModal["EventInput | None"]):
    """Confirm ``action`` on ``interaction`` at ``at``; ctrl+s or enter records, escape cancels."""

    DEFAULT_CSS = """
    EventModal { align: center middle; }
    EventModal > #event-dialog {
        width: 72; max-width: 95%; height: auto; max-height: 95%;
        border: thick $primary; background: $panel; padding: 0 2;
    }
    EventModal #event-title { text-style: bold; color: $text-primary; margin-top: 1; }
    EventModal #event-request { color: $text-muted; }
    EventModal Label { margin-top: 1; }
    EventModal #event-error { color: $text-error; height: auto; }
    EventModal #event-error.-empty { display: none; }
    EventModal #event-buttons { height: auto; margin: 1 0; }
    EventModal #event-buttons Button { margin-right: 2; }
    """
    BINDINGS = [Binding("ctrl+s", "submit", "Record")]
    SUBMIT_BUTTON = "event-record"

    def __init__(self, action: EventAction, interaction: Interaction, *, at: int, timezone: str,
                 actor: str = "", priorities: tuple[str, ...] = (), current_priority: str = "",
                 cursor_blink: bool = True) -> None:
        super().__init__(cursor_blink=cursor_blink)
        self.action = action
        self.interaction = interaction
        self.at, self.timezone = at, timezone
        self.actor = actor
        self.priorities, self.current_priority = priorities, current_priority

    def compose(self):
        with Vertical(id="event-dialog"):
            yield Static(Text(f"{self.action.verb} #{self.interaction.id}"), id="event-title")
            yield Static(user(self.interaction.title), id="event-request")
            yield Static(Text(f"{self.action.explanation}\nRecorded at {local(self.at, self.timezone)} "
                              f"({self.timezone})."), id="event-explanation")
            for name in self.action.fields:
                label, placeholder = _LABELS[name]
                yield Label(label)
                if name == actions.PRIORITY:
                    options = [(Text("(none: the service's own targets)"), "")]
                    options += [(Text(p), p) for p in self.priorities]
                    yield Select(options, allow_blank=False, value=self.current_priority,
                                 id=f"field-{name}", compact=True)
                else:
                    yield Input(placeholder=placeholder, id=f"field-{name}", max_length=2000, compact=True)
            yield Label("By (optional)")
            yield Input(self.actor, placeholder="who does it", id="field-actor", max_length=200, compact=True)
            yield Static(id="event-error")
            with Horizontal(id="event-buttons"):
                yield Button(self.action.verb, variant="primary", id="event-record")
                yield Button("Cancel", id="event-cancel")

    def on_mount(self) -> None:
        self.query_one("#event-dialog").border_subtitle = "ctrl+s record · esc cancel"
        if self.action.fields and self.action.fields[0] == actions.PRIORITY:
            self.query_one(Select).focus()
        else:
            self.query(Input).first().focus()
        self.validate_form()

    def _values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for name in self.action.fields:
            widget = self.query_one(f"#field-{name}")
            if isinstance(widget, Select):
                values[name] = "" if widget.value is Select.NULL else str(widget.value)
            else:
                assert isinstance(widget, Input)
                values[name] = widget.value
        return values

    def validate_form(self) -> bool:
        errors = [e for name, value in self._values().items() if (e := actions.field_error(name, value))]
        self.show_problem("#event-error", "\n".join(errors) or None)
        self.query_one("#event-record", Button).disabled = bool(errors)
        return not errors

    def form_result(self) -> EventInput:
        return actions.EventInput(self.query_one("#field-actor", Input).value, self._values())
