"""Log a request: agreement, service, priority (with the targets that will apply, live),
requester, title.  Validates while typing; logs through the same service as ``slacheck log``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from ..data import cells
from .base import WorkspaceScreen

if TYPE_CHECKING:
    from ...domain.model import Agreement, Catalog
    from ..data.snapshot import Snapshot


class LogRequestScreen(WorkspaceScreen):
    """ctrl+s logs the request and opens it; escape goes back (asking first if something was typed)."""

    TITLE = "Log a request"
    BINDINGS = [
        Binding("escape", "cancel_form", "Back"),
        Binding("ctrl+s", "submit_form", "Log request"),
    ]

    def __init__(self, agreement_id: str = "") -> None:
        super().__init__()
        self.agreement_id = agreement_id

    def compose_body(self):
        catalog = self._catalog()
        agreements = sorted(catalog.agreements.values(), key=lambda a: a.id)
        chosen = self.agreement_id if self.agreement_id in catalog.agreements else agreements[0].id
        with VerticalScroll(classes="form", id="log-form"):
            yield from self._row("Agreement", Select(
                [(Text.assemble(a.id, ("  " + a.title, "dim")), a.id) for a in agreements],
                allow_blank=False, value=chosen, id="field-agreement", compact=True))
            yield from self._row("Service", Select(
                self._service_options(catalog.agreements[chosen]), allow_blank=False,
                id="field-service", compact=True))
            yield from self._row("Priority", Select(
                [(Text("(none)"), "")], allow_blank=False, value="", id="field-priority", compact=True))
            yield Static(id="targets-preview")
            yield from self._row("Title", Input(placeholder="what is the request about?",
                                                id="field-title", max_length=500, compact=True))
            yield from self._row("Requester", Input(placeholder="who asked (optional)",
                                                    id="field-requester", max_length=200, compact=True))
            yield from self._row("External ref", Input(placeholder="optional, unique: another system's key",
                                                       id="field-ref", max_length=200, compact=True))
            yield from self._row("Logged by", Input(self.app.actor, placeholder="optional", id="field-actor",
                                                    max_length=200, compact=True))
            yield Static(id="form-errors", classes="field-error")
            with Horizontal(id="form-buttons"):
                yield Button("Log request", variant="primary", id="form-submit")
                yield Button("Cancel", id="form-cancel")

    @staticmethod
    def _row(label: str, field: Widget):
        with Horizontal(classes="form-row"):
            yield Label(label, classes="field")
            yield field

    def _catalog(self) -> Catalog:
        session = self.app.session
        assert session is not None
        return session.catalog

    @staticmethod
    def _service_options(agreement: Agreement) -> list[tuple[Text, str]]:
        return [(Text.assemble(s.id, ("  " + s.name, "dim")), s.id) for s in agreement.services]

    def on_mount(self) -> None:
        super().on_mount()
        for field in self.query(Input):
            field.cursor_blink = self.app.cursor_blink
        self._service_changed()
        self.query_one("#field-title", Input).focus()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self._validate()

    # ------------------------------------------------------------------ the form
    def _value(self, name: str) -> str:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        assert isinstance(widget, Input)
        return widget.value

    def _agreement(self) -> Agreement:
        return self._catalog().agreements[self._value("agreement")]

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "field-agreement":
            service = self.query_one("#field-service", Select)
            options = self._service_options(self._agreement())
            service.set_options(options)
            service.value = options[0][1]
        elif event.select.id == "field-service":
            self._service_changed()
        self._show_targets()
        self._validate()

    def _service_changed(self) -> None:
        agreement = self._agreement()
        try:
            service = agreement.service(self._value("service"))
        except KeyError:
            return
        priority = self.query_one("#field-priority", Select)
        previous = self._value("priority")
        priority.set_options([(Text("(none): the service's own targets"), ""),
                              *((Text(p), p) for p in service.priorities)])
        priority.value = previous if previous in service.priorities else ""
        self._show_targets()

    def _show_targets(self) -> None:
        agreement = self._agreement()
        try:
            targets = agreement.service(self._value("service")).targets_for(self._value("priority"))
        except KeyError:
            return
        self.query_one("#targets-preview", Static).update(Text.assemble(
            "Targets that will apply: ", cells.targets_text(agreement, targets), "\n",
            "Escalates at ", cells.escalation_ladder(agreement), cells.plain(" of the resolution target", "dim"),
        ))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._validate()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_submit_form()

    def _errors(self) -> list[str]:
        errors = []
        if not self._value("title").strip():
            errors.append("a request needs a title")
        ref = self._value("ref").strip()
        session = self.app.session
        if ref and session is not None and session.store.interaction_by_ref(ref) is not None:
            errors.append(f"an interaction with ref {ref!r} already exists")
        return errors

    def _validate(self) -> bool:
        errors = self._errors()
        box = self.query_one("#form-errors", Static)
        box.set_class(not errors, "-ok")
        box.update(Text("\n".join(errors) if errors else "ready to log (ctrl+s)"))
        self.query_one("#form-submit", Button).disabled = bool(errors)
        return not errors

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "form-submit":
            self.action_submit_form()
        else:
            self.action_cancel_form()

    def action_submit_form(self) -> None:
        from ...errors import SlacheckError
        from ...services.interactions import log_interaction
        from .interaction import InteractionScreen

        session = self.app.session
        if session is None or not self._validate():
            return
        self.app.actor = self._value("actor").strip()
        try:
            interaction = log_interaction(
                session, self._value("agreement"), self._value("service"),
                title=self._value("title"), priority=self._value("priority"),
                requester=self._value("requester").strip(), ref=self._value("ref").strip() or None,
                at=self.app.now(), actor=self.app.actor,
            )
        except SlacheckError as exc:
            self.report_error(exc)
            return
        self.app.notify(f"Logged request #{interaction.id}", markup=False)
        self.app.request_evaluation()
        self.app.switch_screen(InteractionScreen(interaction.id))

    def action_cancel_form(self) -> None:
        from ..modals.confirm import ConfirmModal

        if not any(self._value(name).strip() for name in ("title", "requester", "ref")):
            self.app.pop_screen()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(ConfirmModal("Discard this request? Nothing has been logged yet.",
                                          yes="Discard", no="Keep editing"), callback=answered)
