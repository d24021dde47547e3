"""What every form dialog does alike: ``FormModal`` validates as you type; ctrl+s, enter in a
field or the primary button submits (when valid), escape or the other button cancels.

A form composes its own fields, names the button that submits (``SUBMIT_BUTTON``), says whether
what was entered can be submitted (:meth:`FormModal.validate_form`, which also shows why not) and
what it dismisses with (``form_result``); cancelling dismisses with ``None``.
"""

from __future__ import annotations

from typing import Callable, ClassVar, TypeVar

from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

ResultT = TypeVar("ResultT")


class FormModal(ModalScreen[ResultT]):
    """A form in a dialog; subclasses add their ctrl+s binding with its own label."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    #: The id of the button that submits the form; any other button cancels.
    SUBMIT_BUTTON: ClassVar[str]
    #: What the form dismisses with once valid (every form defines it as a method).
    form_result: Callable[[], ResultT]

    def __init__(self, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink

    def on_mount(self) -> None:
        # Textual runs the handler of every class in the MRO, so this runs after a form's own
        # on_mount without being called from it.
        for field in self.query(Input):
            field.cursor_blink = self.cursor_blink

    # ------------------------------------------------------------------ to override
    def validate_form(self) -> bool:
        """Show what is wrong with the entries (nothing by default); whether they can be submitted."""
        return True

    # ------------------------------------------------------------------ shared
    def show_problem(self, selector: str, problem: str | None) -> None:
        """Show ``problem`` in the Static at ``selector``, or hide it (class ``-empty``) when None."""
        box = self.query_one(selector, Static)
        box.update(Text(problem or ""))
        box.set_class(problem is None, "-empty")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.validate_form()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.validate_form()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == self.SUBMIT_BUTTON:
            self.action_submit()
        else:
            self.action_cancel()

    def action_submit(self) -> None:
        if self.validate_form():
            self.dismiss(self.form_result())

    def action_cancel(self) -> None:
        self.dismiss(None)
