"""The form that opens a health-check session: ``StartCheckModal`` dismisses with a
:class:`~slacheck.tui.data.health_run.CheckRequest` (open it) or ``None`` (cancelled).

It asks for the template, the team that runs the check and, for a relationship check, the
provider it is about; the domain's rules are checked as you choose (a team cannot run a check
about itself), and a session of the same series still open is pointed out.  Nothing is stored
until the form is confirmed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select, Static

from ...domain.health import LIKERT_5
from ..data.cells import user
from ..data.health_run import CheckRequest, start_problem
from .form import FormModal

if TYPE_CHECKING:
    from ...domain.model import Catalog

_OWN = "__own__"


def _team(catalog: Catalog, team: str) -> Text:
    return Text.assemble(user(team), user("  " + catalog.teams[team].name, "dim"))


class StartCheckModal(FormModal["CheckRequest | None"]):
    """ctrl+s or the button opens the session; escape cancels."""

    DEFAULT_CSS = """
    StartCheckModal { align: center middle; }
    StartCheckModal > #start-dialog {
        width: 76; max-width: 95%; height: auto; max-height: 95%;
        border: thick $primary; background: $panel; padding: 0 2;
    }
    StartCheckModal #start-title { text-style: bold; color: $text-primary; margin-top: 1; }
    StartCheckModal Label { margin-top: 1; }
    StartCheckModal #start-about-template { color: $text-muted; height: auto; }
    StartCheckModal #start-error { color: $text-error; height: auto; }
    StartCheckModal #start-running { color: $text-warning; height: auto; margin-top: 1; }
    StartCheckModal .-empty { display: none; }
    StartCheckModal #start-buttons { height: auto; margin: 1 0; }
    StartCheckModal #start-buttons Button { margin-right: 2; }
    """
    BINDINGS = [Binding("ctrl+s", "submit", "Open session")]
    SUBMIT_BUTTON = "start-open"

    def __init__(self, catalog: Catalog, *, team: str = "", template: str = "", about: str | None = None,
                 running: dict[CheckRequest, int] | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.running = running or {}
        templates = sorted(catalog.health_templates)
        self.template = template if template in catalog.health_templates else (
            "squad-health" if "squad-health" in templates else templates[0] if templates else "")
        self.team = team if team in catalog.teams else ""
        self.about = about if about in catalog.teams else _OWN

    def compose(self):
        catalog = self.catalog
        teams = sorted(catalog.teams)
        with Vertical(id="start-dialog"):
            yield Static(Text("Run a health check"), id="start-title")
            yield Label(Text("Template (agreements/health/)"))
            yield Select([(Text.assemble(user(t.id), user("  " + t.title, "dim")), t.id)
                          for _, t in sorted(catalog.health_templates.items())],
                         allow_blank=False, value=self.template, id="start-template", compact=True)
            yield Static(id="start-about-template")
            yield Label(Text("Team running the check"))
            yield Select([(_team(catalog, t), t) for t in teams],
                         prompt="choose a team", value=self.team or Select.NULL, id="start-team",
                         compact=True)
            yield Label(Text("About (a relationship check names the provider it is about)"))
            yield Select([(Text("(the team itself)"), _OWN),
                          *((_team(catalog, t), t) for t in teams)],
                         allow_blank=False, value=self.about, id="start-about", compact=True)
            yield Static(id="start-running", classes="-empty")
            yield Static(id="start-error")
            with Horizontal(id="start-buttons"):
                yield Button("Open session", variant="primary", id="start-open", compact=True)
                yield Button("Cancel", id="start-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#start-dialog").border_subtitle = "ctrl+s open · esc cancel"
        self.query_one("#start-team" if not self.team else "#start-template", Select).focus()
        self.validate_form()

    def form_result(self) -> CheckRequest:
        def value(selector: str) -> str:
            chosen = self.query_one(selector, Select).value
            return "" if chosen is Select.NULL else str(chosen)

        about = value("#start-about")
        return CheckRequest(value("#start-template"), value("#start-team"),
                            None if about in ("", _OWN) else about)

    def validate_form(self) -> bool:
        request = self.form_result()
        chosen = self.catalog.health_templates.get(request.template)
        hint = self.query_one("#start-about-template", Static)
        if chosen is not None:
            scale = "scores 1 to 5" if chosen.scale == LIKERT_5 else "green / amber / red with a trend"
            hint.update(Text.assemble(user(chosen.title), f": {len(chosen.cards)} cards, {scale}"))
        open_one = self.running.get(request)
        running = self.query_one("#start-running", Static)
        running.update(Text(f"Session #{open_one} of this team, template and subject is still open: "
                            f"u on the Health screen resumes it." if open_one else ""))
        running.set_class(open_one is None, "-empty")
        problem = start_problem(self.catalog, request)
        self.show_problem("#start-error", problem)
        self.query_one("#start-open", Button).disabled = problem is not None
        return problem is None
