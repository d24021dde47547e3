"""Edit one agreement in a form: `E` on the agreement screen, or after "New agreement from
template" in the command palette.

* Every change recomputes the edited text (tomlkit, layout kept:
  :mod:`slacheck.tui.data.editing`), keeps it as a draft in ``.slacheck/drafts/<id>.toml`` and,
  after a short pause in typing, validates it with the real loader in a worker; each problem
  is shown under the field (or group) its position names, the rest above the buttons.
* ``ctrl+s`` checks the file on disk, validates once more and shows the review
  (:class:`~slacheck.tui.screens.editor_review.ReviewModal`: the summary of ``slacheck diff`` and
  the text diff); confirming writes the file atomically.  A file changed on disk since it was
  opened is never overwritten: :class:`~slacheck.tui.screens.editor_conflict.ConflictModal`.
* The dashboard's file watcher notices the saved file and evaluates it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, Static

from ...errors import SlacheckError
from ...report.safe import terminal
from ...services import agreement_edit as edit
from ..data import editing
from ..widgets.editor_fields import EditorField, GroupHeading, problem_text
from .base import WorkspaceScreen
from .editor_drafts import offer_draft

if TYPE_CHECKING:
    from ...config.locator import KeyPath
    from ..app import SlacheckApp

#: Seconds of quiet typing before the edited text is validated.
DEBOUNCE_SECONDS = 0.3


def open_editor(app: SlacheckApp, agreement_id: str, opened: edit.OpenedFile | None = None) -> None:
    """Open the editor on ``agreements/<agreement_id>.toml`` (a notification when it cannot)."""
    try:
        opened = opened or edit.open_agreement(app.workspace, agreement_id)
    except SlacheckError as exc:
        app.notify(exc.message, title=exc.title, severity="error", markup=False, timeout=8)
        return
    app.push_screen(AgreementEditorScreen(opened))


class AgreementEditorScreen(WorkspaceScreen):
    """ctrl+s reviews and saves; escape goes back (asking first when there are edits)."""

    TITLE = "Edit agreement"
    BINDINGS = [
        Binding("ctrl+s", "review_save", "Review & save"),
        Binding("escape", "leave_editor", "Back"),
    ]
    DEFAULT_CSS = """
    AgreementEditorScreen {
        #editor-header { height: auto; padding: 0 1; background: $boost; }
        #editor-header.-conflict { background: $warning-muted; }
        #editor-form { height: 1fr; padding: 0 1; }
        #editor-bottom { height: auto; padding: 0 1; border-top: solid $border-blurred; }
        #editor-problems { height: auto; max-height: 5; overflow-y: auto; color: $text-error; }
        #editor-problems.-ok { color: $text-success; }
        #editor-buttons { height: auto; }
        #editor-buttons Button { margin-right: 2; }
    }
    """

    class Validated(Message):
        """The loader's verdict on ``text``."""

        def __init__(self, text: str, validation: edit.Validation) -> None:
            super().__init__()
            self.text = text
            self.validation = validation

    class SavePrepared(Message):
        """``ctrl+s`` checked the disk and validated: a review, problems, or a conflict."""

        def __init__(self, text: str, *, validation: edit.Validation | None = None,
                     review: edit.Review | None = None, conflict: bool = False,
                     disk_text: str | None = None) -> None:
            super().__init__()
            self.text = text
            self.validation, self.review = validation, review
            self.conflict, self.disk_text = conflict, disk_text

    def __init__(self, opened: edit.OpenedFile) -> None:
        super().__init__()
        self.opened = opened
        self.model = editing.EditModel(opened.text)
        self.text = opened.text
        self.validation: edit.Validation | None = None
        self._timer: Timer | None = None
        self._busy = False
        self._disk_stat: tuple[int, int] | None = None
        self._disk_changed = False
        self._draft_error = False

    @property
    def agreement_id(self) -> str:
        return self.opened.agreement_id

    def location(self) -> str:
        return f"Edit {self.opened.shown}"

    # ------------------------------------------------------------------ compose
    def compose_body(self):
        yield Static(id="editor-header")
        with VerticalScroll(id="editor-form"):
            yield from self._form()
        with Vertical(id="editor-bottom"):
            yield Static(id="editor-problems")
            with Horizontal(id="editor-buttons"):
                yield Button("Review & save (ctrl+s)", variant="primary", id="editor-save", compact=True)
                yield Button("Back (esc)", id="editor-back", compact=True)

    def _form(self):
        suggestions = self._suggestions()
        n = 0
        for g, group in enumerate(self.model.groups):
            yield GroupHeading(group, id=f"group-{g}")
            for spec in group.fields:
                yield EditorField(spec, self.model.values[spec.path], id=f"field-{n}", level=group.level,
                                  suggestions=suggestions.get(spec.kind, ()),
                                  cursor_blink=self.app.cursor_blink)
                n += 1

    def _suggestions(self) -> dict[str, list[str]]:
        load = self.app.load
        if load is None or load.catalog is None:
            return {}
        catalog = load.catalog
        teams = list(catalog.teams)
        people = [p for t in catalog.teams.values() for p in (t.lead, *t.members) if p]
        return {editing.TEAM: teams, editing.OWNER: teams + people,
                editing.CALENDAR: list(catalog.calendars)}

    def on_mount(self) -> None:
        super().on_mount()
        self._show_state()
        self._validate_now()
        self.set_interval(1.0, self._check_disk, name="editor-disk")
        first = self.query(EditorField).first()
        first.input.focus()
        self.call_after_refresh(offer_draft, self)

    # ------------------------------------------------------------------ fields
    def field(self, path: KeyPath) -> EditorField:
        """The field editing ``path``."""
        for widget in self.query(EditorField):
            if widget.spec.path == tuple(path):
                return widget
        raise KeyError(path)

    def on_editor_field_edited(self, message: EditorField.Edited) -> None:
        spec = message.field.spec
        if self.model.values.get(spec.path) == message.value:
            return
        self.model.set(spec.path, message.value)
        message.field.mark_changed(spec.path in self.model.changed())
        self._edited()

    def _edited(self) -> None:
        """The form changed: new text, draft, and validation after a pause."""
        self.text = self.model.edited_text()
        self._keep_draft()
        self._show_state()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._validate_now, name="editor-validate")

    def _keep_draft(self) -> None:
        try:
            if self.text == self.opened.text:
                editing.discard_draft(self.opened.workspace, self.agreement_id)
            else:
                editing.save_draft(self.opened, self.text)
        except OSError as exc:
            if not self._draft_error:
                self._draft_error = True
                self.app.notify(f"Cannot keep a draft of your edits: {exc.strerror or exc}",
                                severity="warning", markup=False, timeout=8)

    def _show_state(self) -> None:
        changed = len(self.model.changed())
        parts = [terminal(self.opened.shown)]
        if changed:
            parts.append(f"{changed} field{'s' if changed != 1 else ''} changed, not saved "
                         "(a draft is kept)")
        else:
            parts.append("no changes")
        if self._disk_changed:
            parts.append("changed on disk since you opened it: ctrl+s offers to reload or to show the diff")
        header = self.query_one("#editor-header", Static)
        header.set_class(self._disk_changed, "-conflict")
        header.update(Text(" · ".join(parts)))

    # ------------------------------------------------------------------ validation
    def _validate_now(self) -> None:
        self._timer = None
        self._validate(self.text)

    @work(thread=True, exclusive=True, group="editor-validate")
    def _validate(self, text: str) -> None:
        try:
            validation = edit.validate(self.opened, text)
        except SlacheckError as exc:
            self.app.call_from_thread(self.report_error, exc)
            return
        self.post_message(self.Validated(text, validation))

    def on_agreement_editor_screen_validated(self, message: Validated) -> None:
        if message.text == self.text:
            self._show_validation(message.validation)

    @property
    def validated(self) -> bool:
        """Whether the problems shown are those of the current text."""
        return self.validation is not None and self.validation.text == self.text and self._timer is None

    def _show_validation(self, validation: edit.Validation) -> None:
        self.validation = validation
        placement = self.model.place(validation, self.opened.shown)
        for widget in self.query(EditorField):
            widget.show_problems(placement.fields.get(widget.spec.path, []))
        for heading in self.query(GroupHeading):
            heading.show_problems(placement.groups.get(heading.group.path, []))
        own, general = len(validation.problems), placement.general
        if validation.ok and general:
            headline = f"valid; {len(general)} error(s) in other files (they do not block saving):"
        elif validation.ok:
            headline = "valid: ctrl+s shows what saving changes"
        else:
            headline = (f"{own} problem{'s' if own != 1 else ''} to fix before saving"
                        + (":" if general else " (shown under the fields)"))
        box = self.query_one("#editor-problems", Static)
        box.set_class(validation.ok and not general, "-ok")
        box.update(Text("\n").join([Text(headline), problem_text(general)]) if general else Text(headline))

    # ------------------------------------------------------------------ saving
    def action_review_save(self) -> None:
        if self._busy:
            return
        if self.text == self.opened.text:
            self.app.notify("Nothing to save: no field was changed.", markup=False, timeout=4)
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._busy = True
        self._prepare(self.text)

    @work(thread=True, exclusive=True, group="editor-save")
    def _prepare(self, text: str) -> None:
        try:
            if edit.changed_on_disk(self.opened):
                self.post_message(self.SavePrepared(text, conflict=True,
                                                    disk_text=edit.disk_text(self.opened)))
                return
            validation = edit.validate(self.opened, text)
            if not validation.ok:
                self.post_message(self.SavePrepared(text, validation=validation))
                return
            self.post_message(self.SavePrepared(text, validation=validation,
                                                review=edit.review(self.opened, text, validation)))
        except SlacheckError as exc:
            self.post_message(self.SavePrepared(text))
            self.app.call_from_thread(self.report_error, exc)

    def on_agreement_editor_screen_save_prepared(self, message: SavePrepared) -> None:
        from .editor_review import ReviewModal

        self._busy = False
        if message.conflict:
            self._conflict(message.disk_text)
            return
        if message.validation is not None and message.text == self.text:
            self._show_validation(message.validation)
        if message.review is None:
            if message.validation is not None:
                count = len(message.validation.problems)
                self.app.notify(f"Not saved: {count} problem(s) to fix first (shown in the form).",
                                severity="error", markup=False, timeout=6)
            return
        review = message.review

        def answered(save: bool | None) -> None:
            if save:
                self._write(review.text, review.summary)

        self.app.push_screen(ReviewModal(review, self.opened.shown), callback=answered)

    def _write(self, text: str, summary: str | None) -> None:
        try:
            self.opened = edit.save(self.opened, text)
        except edit.EditConflict as exc:
            self._conflict(exc.disk_text)
            return
        except SlacheckError as exc:
            self.report_error(exc)
            return
        editing.discard_draft(self.opened.workspace, self.agreement_id)
        headline = (summary or "").split("\n", 1)[0].removeprefix("slacheck diff: ")
        self.app.notify(f"Saved {self.opened.shown}" + (f": {headline}" if headline else ""),
                        markup=False, timeout=6)
        self.app.pop_screen()

    # ------------------------------------------------------------------ the file on disk
    def _check_disk(self) -> None:
        """Once a second: has the file changed on disk since it was opened?"""
        try:
            stat = self.opened.path.stat()
            seen: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            seen = None
        if seen == self._disk_stat:
            return
        self._disk_stat = seen
        changed = edit.changed_on_disk(self.opened)
        if changed != self._disk_changed:
            self._disk_changed = changed
            self._show_state()

    def _conflict(self, disk_text: str | None) -> None:
        from .editor_conflict import resolve_conflict

        self._disk_changed = True
        self._show_state()
        resolve_conflict(self, disk_text)

    def reopen(self, *, keep_edits: bool) -> None:
        """Open the file again as it is on disk; with ``keep_edits`` the changed fields stay."""
        try:
            opened = edit.open_agreement(self.opened.workspace, self.agreement_id)
        except SlacheckError as exc:
            self.report_error(exc)
            return
        self.opened = opened
        lost: list = []
        if keep_edits:
            self.model, lost = self.model.rebase(opened.text)
        else:
            self.model = editing.EditModel(opened.text)
        self._disk_changed = False
        self._disk_stat = None
        self.run_worker(self._rebuild_form(), exclusive=True, group="editor-form")
        if lost:
            names = ", ".join(".".join(map(str, p)) for p in lost)
            self.app.notify(f"These edits have no field in the new file and were dropped: {names}",
                            severity="warning", markup=False, timeout=10)

    async def _rebuild_form(self) -> None:
        path = next((w.spec.path for w in self.query(EditorField) if w.input.has_focus), None)
        form = self.query_one("#editor-form", VerticalScroll)
        await form.remove_children()
        await form.mount_all(list(self._form()))
        changed = self.model.changed()
        for widget in self.query(EditorField):
            widget.mark_changed(widget.spec.path in changed)
            if widget.spec.path == path:
                widget.input.focus()
        self._edited()

    # ------------------------------------------------------------------ drafts
    def take_draft(self, text: str) -> None:
        """Fill the form from a draft's text (``ValueError`` when it is not TOML)."""
        self.model.take_values(text)
        changed = self.model.changed()
        for widget in self.query(EditorField):
            widget.set_value(self.model.values[widget.spec.path])
            widget.mark_changed(widget.spec.path in changed)
        self._edited()

    # ------------------------------------------------------------------ leaving
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "editor-save":
            self.action_review_save()
        elif event.button.id == "editor-back":
            self.action_leave_editor()

    def action_leave_editor(self) -> None:
        from ..modals.confirm import ConfirmModal

        if self.text == self.opened.text:
            editing.discard_draft(self.opened.workspace, self.agreement_id)
            self.app.pop_screen()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                editing.discard_draft(self.opened.workspace, self.agreement_id)
                self.app.pop_screen()

        changed = len(self.model.changed())
        self.app.push_screen(ConfirmModal(Text(
            f"Discard your edits of {self.opened.shown} ({changed} field(s))? Nothing has been "
            "saved yet."), yes="Discard", no="Keep editing"), callback=answered)
