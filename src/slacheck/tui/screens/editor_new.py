"""A new agreement from the template ("New agreement from template" in the command palette).

``NewAgreementModal`` asks for the id, the provider, the consumers and the calendar, checking as
you type (an id that exists is refused), and dismisses with a :class:`NewAgreement` or ``None``.
:func:`start_new_agreement` then writes ``agreements/<id>.toml`` from the commented template
(:func:`~slacheck.services.agreement_edit.create_agreement`) and opens it in the editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from ...errors import SlacheckError
from ...report.safe import terminal
from ...services.agreement_edit import check_new_id, create_agreement
from ..modals.form import FormModal
from .editor_review import DIALOG_CSS

if TYPE_CHECKING:
    from ...config.workspace import Workspace
    from ...domain.model import Catalog, Team
    from ..app import SlacheckApp


def _team(team: Team) -> Text:
    return Text.assemble(terminal(team.id), (f" · {terminal(team.name)}", "dim"))


@dataclass(frozen=True)
class NewAgreement:
    """What the template is filled with."""

    id: str
    provider: str
    consumers: tuple[str, ...]
    calendar: str


class NewAgreementModal(FormModal["NewAgreement | None"]):
    """ctrl+s (or Create) writes the file and opens the editor; escape cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NewAgreementModal", body="50vh") + """
    NewAgreementModal Label { margin-top: 1; }
    NewAgreementModal SelectionList { height: auto; max-height: 8; }
    NewAgreementModal #new-errors { color: $text-error; height: auto; margin-top: 1; }
    NewAgreementModal #new-errors.-ok { color: $text-success; }
    """
    BINDINGS = [Binding("ctrl+s", "submit", "Create")]
    SUBMIT_BUTTON = "new-create"

    def __init__(self, workspace: Workspace, catalog: Catalog, *, cursor_blink: bool = True) -> None:
        super().__init__(cursor_blink=cursor_blink)
        self.workspace = workspace
        self.catalog = catalog

    def compose(self):
        teams = sorted(self.catalog.teams.values(), key=lambda t: t.id)
        calendars = sorted(self.catalog.calendars)
        with Vertical(classes="editor-dialog", id="new-dialog"):
            yield Static("New agreement from the template", classes="editor-dialog-title")
            with VerticalScroll(classes="editor-dialog-body"):
                yield Static(Text("Writes agreements/<id>.toml with comments, one service and one "
                                  "escalation rule; the editor opens on it."), classes="hint")
                yield Label("Id (the file name)")
                yield Input(placeholder="e.g. it-for-hr", id="new-id", max_length=64, compact=True)
                yield Label("Provider: the team that delivers")
                yield Select([(_team(t), t.id) for t in teams], prompt="choose a team",
                             id="new-provider", compact=True)
                yield Label("Consumers: its internal customers (space to tick)")
                yield SelectionList(*[(_team(t), t.id) for t in teams], id="new-consumers",
                                    compact=True)
                yield Label("Calendar: working time")
                yield Select([(Text(c), c) for c in calendars], allow_blank=False,
                             value="24x7" if "24x7" in calendars else calendars[0],
                             id="new-calendar", compact=True)
            yield Static(id="new-errors")
            with Horizontal(classes="editor-dialog-buttons"):
                yield Button("Create", variant="primary", id="new-create", compact=True)
                yield Button("Cancel", id="new-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#new-dialog").border_subtitle = "ctrl+s create · esc cancel"
        self.query_one("#new-id", Input).focus()
        self.validate_form()

    def form_result(self) -> NewAgreement:
        provider = self.query_one("#new-provider", Select).value
        calendar = self.query_one("#new-calendar", Select).value
        return NewAgreement(
            self.query_one("#new-id", Input).value.strip(),
            "" if provider is Select.NULL else str(provider),
            tuple(self.query_one("#new-consumers", SelectionList).selected),
            "" if calendar is Select.NULL else str(calendar),
        )

    def _errors(self, chosen: NewAgreement) -> list[str]:
        errors = []
        reason = check_new_id(self.workspace, chosen.id)
        if reason:
            errors.append(f"id: {reason}")
        if not chosen.provider:
            errors.append("provider: choose the team that delivers")
        if not chosen.consumers:
            errors.append("consumers: tick at least one team")
        elif chosen.provider in chosen.consumers:
            errors.append("consumers: the provider cannot be its own consumer")
        return errors

    def validate_form(self) -> bool:
        errors = self._errors(self.form_result())
        box = self.query_one("#new-errors", Static)
        box.set_class(not errors, "-ok")
        box.update(Text("\n").join(Text(terminal(e)) for e in errors) if errors
                   else Text("ready: ctrl+s creates the file"))
        self.query_one("#new-create", Button).disabled = bool(errors)
        return not errors

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self.validate_form()


def start_new_agreement(app: SlacheckApp) -> None:
    """Ask for the new agreement, write it from the template, open it in the editor."""
    from .editor import open_editor

    load = app.load
    if load is None or load.catalog is None:
        app.notify("The agreement files are still being read (or have errors); try again once the "
                   "figures show.", severity="warning", markup=False)
        return
    catalog = load.catalog

    def chosen(new: NewAgreement | None) -> None:
        if new is None:
            return
        team = catalog.teams.get(new.provider)
        names = [catalog.teams[c].name if c in catalog.teams else c for c in new.consumers]
        title = f"{team.name if team else new.provider} for {', '.join(names)}"
        try:
            opened = create_agreement(app.workspace, new.id, new.provider, new.consumers,
                                      new.calendar, owner=(team.lead if team and team.lead else None),
                                      title=title)
        except SlacheckError as exc:
            app.notify(exc.message, title=exc.title, severity="error", markup=False, timeout=8)
            return
        app.notify(f"Wrote {opened.shown} from the template.", markup=False, timeout=5)
        open_editor(app, new.id, opened)

    app.push_screen(NewAgreementModal(app.workspace, catalog, cursor_blink=app.cursor_blink),
                    callback=chosen)
