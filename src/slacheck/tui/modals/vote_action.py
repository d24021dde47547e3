"""The form that agrees on an action item in a health-check session: ``ActionModal`` dismisses
with an :class:`~slacheck.tui.data.health_run.ActionInput` or ``None`` (cancelled).

It asks for the text, an owner, optionally the agreement it is about and a target
(``it-for-sales resolution >= 95% next quarter``); the domain reads the target as you type --
from the target field, or else from the text -- and says which one it found, or why it
cannot read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from ..data.cells import user
from ..data.health_run import ActionInput, action_check
from .form import FormModal

if TYPE_CHECKING:
    from ...domain.model import Catalog


class ActionModal(FormModal["ActionInput | None"]):
    """ctrl+s (or enter in a field) agrees on the action item; escape cancels."""

    DEFAULT_CSS = """
    ActionModal { align: center middle; }
    ActionModal > #action-dialog {
        width: 84; max-width: 95%; height: auto; max-height: 95%;
        border: thick $primary; background: $panel; padding: 0 2;
    }
    ActionModal #action-title { text-style: bold; color: $text-primary; margin: 1 0; }
    ActionModal .action-row { height: auto; margin-bottom: 1; }
    ActionModal .action-label { width: 11; text-style: bold; }
    ActionModal .action-row > Input, ActionModal .action-row > Select { width: 1fr; }
    ActionModal #action-explanation { color: $text-muted; height: auto; }
    ActionModal #action-target-found { color: $text-success; height: auto; margin-top: 1; }
    ActionModal #action-error { color: $text-error; height: auto; margin-top: 1; }
    ActionModal .-empty { display: none; }
    ActionModal #action-buttons { height: auto; margin: 1 0; }
    ActionModal #action-buttons Button { margin-right: 2; }
    """
    BINDINGS = [Binding("ctrl+s", "submit", "Agree")]
    SUBMIT_BUTTON = "action-agree"

    def __init__(self, catalog: Catalog, *, session_id: int, owner: str = "",
                 cursor_blink: bool = True) -> None:
        super().__init__(cursor_blink=cursor_blink)
        self.catalog = catalog
        self.session_id = session_id
        self.owner = owner

    def compose(self):
        agreements = sorted(self.catalog.agreements.values(), key=lambda a: a.id)
        with Vertical(id="action-dialog"):
            yield Static(Text(f"Action item for session #{self.session_id}"), id="action-title")
            yield from self._row("Action", Input(placeholder="what will be done", id="action-text",
                                                 max_length=2000, compact=True))
            yield from self._row("Owner", Input(self.owner, placeholder="who sees to it", id="action-owner",
                                                max_length=200, compact=True))
            yield from self._row("Agreement", Select(
                [(Text.assemble(user(a.id), user("  " + a.title, "dim")), a.id) for a in agreements],
                prompt="(none)", id="action-agreement", compact=True))
            yield from self._row("Target", Input(placeholder="optional: [AGREEMENT] METRIC >= NUMBER [%] [WHEN]",
                                                 id="action-target", max_length=500, compact=True))
            yield Static(Text("A target in the action's text counts too, e.g. \"it-for-sales resolution >= "
                              "95% next quarter\"; the next session shows how its figure moved."),
                         id="action-explanation")
            yield Static(id="action-target-found", classes="-empty")
            yield Static(id="action-error", classes="-empty")
            with Horizontal(id="action-buttons"):
                yield Button("Agree", variant="primary", id="action-agree", compact=True)
                yield Button("Cancel", id="action-cancel", compact=True)

    @staticmethod
    def _row(label: str, field: Widget):
        with Horizontal(classes="action-row"):
            yield Label(Text(label), classes="action-label")
            yield field

    def on_mount(self) -> None:
        self.query_one("#action-text", Input).focus()
        self.query_one("#action-dialog").border_subtitle = "ctrl+s agree · esc cancel"
        self.validate_form()

    def form_result(self) -> ActionInput:
        agreement = self.query_one("#action-agreement", Select).value
        return ActionInput(self.query_one("#action-text", Input).value,
                           self.query_one("#action-owner", Input).value.strip(),
                           None if agreement is Select.NULL else str(agreement),
                           self.query_one("#action-target", Input).value)

    def validate_form(self) -> bool:
        problem, target = action_check(self.catalog, self.form_result())
        found = self.query_one("#action-target-found", Static)
        found.update(Text.assemble("target: ", user(target)) if target else Text(""))
        found.set_class(not target, "-empty")
        self.show_problem("#action-error", problem)
        self.query_one("#action-agree", Button).disabled = problem is not None
        return problem is None
