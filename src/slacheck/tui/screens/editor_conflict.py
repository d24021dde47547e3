"""When the file changed on disk since the editor opened it: ``ConflictModal`` says so (nothing
was written) and dismisses with what to do next:

* ``"reload"`` -- discard the edits and load the file as it is now (the editor asks again);
* ``"rebase"`` -- load the file as it is now and keep the fields you changed on top of it
  (the review before saving shows the result);
* ``None`` -- keep editing (the draft stays).

"Show the on-disk diff" shows, inside the dialog, what changed on disk since the file was opened.
:func:`resolve_conflict` asks, confirms a reload, and tells the editor what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...report.safe import terminal
from ...services.agreement_edit import text_diff
from ..widgets.editor_diff import TextDiff
from ..modals.confirm import ConfirmModal
from .editor_review import DIALOG_CSS

if TYPE_CHECKING:
    from .editor import AgreementEditorScreen

RELOAD, REBASE = "reload", "rebase"


class ConflictModal(ModalScreen["str | None"]):
    """``d`` shows the on-disk diff, ``r`` reloads, ``k`` keeps your edits on top, escape cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConflictModal", body="55vh") + """
    ConflictModal #conflict-diff-body { display: none; }
    ConflictModal.-diff #conflict-diff-body { display: block; }
    """
    BINDINGS = [
        Binding("d", "show_disk_diff", "On-disk diff"),
        Binding("r", "choose('reload')", "Reload"),
        Binding("k", "choose('rebase')", "Keep my edits on top"),
        Binding("escape", "choose('')", "Keep editing"),
    ]

    def __init__(self, shown: str, opened_text: str, disk_text: str | None) -> None:
        super().__init__()
        self.shown = shown
        self.opened_text = opened_text
        self.disk_text = disk_text

    def compose(self):
        gone = self.disk_text is None
        what = "was removed" if gone else "changed"
        with Vertical(classes="editor-dialog", id="conflict-dialog"):
            yield Static(Text(f"{terminal(self.shown)} {what} on disk"), classes="editor-dialog-title")
            yield Static(Text(
                f"Someone or something {what} the file since you opened it. Nothing was written: "
                "your edits are still in the form and in the draft."), id="conflict-message")
            with VerticalScroll(classes="editor-dialog-body", id="conflict-diff-body"):
                yield Static("What changed on disk since you opened the file",
                             classes="editor-dialog-heading")
                yield TextDiff(id="conflict-diff")
            with Horizontal(classes="editor-dialog-buttons"):
                yield Button("On-disk diff (d)", id="conflict-diff-button", compact=True, disabled=gone)
                yield Button("Reload… (r)", id="conflict-reload", compact=True, disabled=gone)
                yield Button("Keep my edits on top (k)", id="conflict-rebase", compact=True,
                             disabled=gone)
                yield Button("Keep editing", variant="primary", id="conflict-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#conflict-cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id
        if button == "conflict-diff-button":
            self.action_show_disk_diff()
        else:
            self.action_choose({"conflict-reload": RELOAD, "conflict-rebase": REBASE}.get(button or "", ""))

    def action_show_disk_diff(self) -> None:
        if self.disk_text is None:
            return
        self.query_one(TextDiff).show(text_diff(self.opened_text, self.disk_text, self.shown))
        self.add_class("-diff")

    def action_choose(self, choice: str) -> None:
        if choice and self.disk_text is None:
            return
        self.dismiss(choice or None)


def resolve_conflict(editor: AgreementEditorScreen, disk_text: str | None) -> None:
    """Show the conflict; a reload is confirmed first, since it discards the edits."""
    app = editor.app
    shown = editor.opened.shown

    def reload_answered(reload: bool | None) -> None:
        if reload:
            editor.reopen(keep_edits=False)

    def chosen(choice: str | None) -> None:
        if choice == RELOAD:
            app.push_screen(ConfirmModal(Text(f"Discard your edits and load {shown} as it is on "
                                              "disk now?"), yes="Discard and reload",
                                         no="Keep editing"), callback=reload_answered)
        elif choice == REBASE:
            editor.reopen(keep_edits=True)

    app.push_screen(ConflictModal(shown, editor.opened.text, disk_text), callback=chosen)
