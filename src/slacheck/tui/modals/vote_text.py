"""One line of text for a health-check session: a note, or the comment of a vote.

``TextModal`` dismisses with the text typed (``str``) or ``None`` (cancelled); what was typed is
never parsed as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from .form import FormModal

#: The longest note or comment taken.
MAX_LENGTH = 2000


class TextModal(FormModal["str | None"]):
    """Enter or ctrl+s keeps the text, escape cancels; ``required`` refuses empty text."""

    DEFAULT_CSS = """
    TextModal { align: center middle; }
    TextModal > #text-dialog {
        width: 76; max-width: 95%; height: auto;
        border: thick $primary; background: $panel; padding: 0 2;
    }
    TextModal #text-title { text-style: bold; color: $text-primary; margin: 1 0; }
    TextModal #text-explanation { color: $text-muted; height: auto; margin-bottom: 1; }
    TextModal #text-error { color: $text-error; height: auto; }
    TextModal #text-error.-empty { display: none; }
    TextModal #text-buttons { height: auto; margin: 1 0; }
    TextModal #text-buttons Button { margin-right: 2; }
    """
    BINDINGS = [Binding("ctrl+s", "submit", "Keep")]
    SUBMIT_BUTTON = "text-keep"

    def __init__(self, title: str, explanation: str, *, value: str = "", placeholder: str = "",
                 required: bool = True, cursor_blink: bool = True) -> None:
        super().__init__(cursor_blink=cursor_blink)
        self.title_text, self.explanation = title, explanation
        self.value, self.placeholder = value, placeholder
        self.required = required

    def compose(self):
        with Vertical(id="text-dialog"):
            yield Static(Text(self.title_text), id="text-title")
            yield Static(Text(self.explanation), id="text-explanation")
            yield Input(self.value, placeholder=self.placeholder, id="text-input",
                        max_length=MAX_LENGTH, compact=True)
            yield Static(id="text-error", classes="-empty")
            with Horizontal(id="text-buttons"):
                yield Button("Keep", variant="primary", id="text-keep", compact=True)
                yield Button("Cancel", id="text-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.query_one("#text-dialog").border_subtitle = "enter keep · esc cancel"

    def validate_form(self) -> bool:
        """Empty text is refused only when submitted (not while typing)."""
        return not self.required or bool(self.query_one(Input).value.strip())

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.validate_form():
            self.show_problem("#text-error", None)

    def action_submit(self) -> None:
        if not self.validate_form():
            self.show_problem("#text-error", "Type some text, or escape to cancel.")
            return
        super().action_submit()

    def form_result(self) -> str:
        return self.query_one(Input).value
