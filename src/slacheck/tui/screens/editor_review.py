"""Before the agreement editor writes: ``ReviewModal`` shows what saving changes and dismisses
with ``True`` (save) or ``False`` (back to editing).

It shows the meaning-level summary exactly as ``slacheck diff`` prints it (the
:class:`~slacheck.domain.diff_change.Change` sentences with stricter / looser), then the unified
diff of the file's text.  Both are literal text, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...report.safe import terminal
from ..widgets.editor_diff import ChangeSummary, TextDiff

if TYPE_CHECKING:
    from ...services.agreement_edit import Review

#: Styles shared by the editor's dialogs (review, conflict, new agreement); ``body`` is the
#: most the scrolling part may take, so that the buttons stay on screen from 80×24 up.
DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > .editor-dialog {{
    width: 100; max-width: 96%; height: auto; max-height: 94%;
    border: thick $primary; background: $panel; padding: 0 1;
}}
{name} .editor-dialog-title {{ text-style: bold; color: $text-primary; }}
{name} .editor-dialog-heading {{ text-style: bold; margin-top: 1; }}
{name} .editor-dialog-body {{ height: auto; max-height: {body}; }}
{name} .editor-dialog-buttons {{ height: auto; margin-top: 1; }}
{name} .editor-dialog-buttons Button {{ margin-right: 2; }}
"""


class ReviewModal(ModalScreen[bool]):
    """ctrl+s (or the Save button) saves; escape goes back to editing."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ReviewModal", body="65vh")
    BINDINGS = [
        Binding("ctrl+s", "answer(True)", "Save"),
        Binding("escape", "answer(False)", "Back to editing"),
    ]

    def __init__(self, review: Review, shown: str) -> None:
        super().__init__()
        self.review = review
        self.shown = shown

    def compose(self):
        with Vertical(classes="editor-dialog", id="review-dialog"):
            yield Static(Text(f"Save {terminal(self.shown)}?"), classes="editor-dialog-title")
            with VerticalScroll(classes="editor-dialog-body", id="review-body"):
                yield Static("What it means (as slacheck diff prints it)", classes="editor-dialog-heading")
                yield ChangeSummary(id="review-summary")
                yield Static("The text diff", classes="editor-dialog-heading")
                yield TextDiff(id="review-diff")
            with Horizontal(classes="editor-dialog-buttons"):
                yield Button("Save", variant="primary", id="review-save", compact=True)
                yield Button("Back to editing", id="review-back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#review-dialog").border_subtitle = "ctrl+s save · esc back"
        self.query_one(ChangeSummary).show(self.review.summary, self.review.unavailable)
        self.query_one(TextDiff).show(self.review.text_diff)
        self.query_one("#review-save", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "review-save")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
