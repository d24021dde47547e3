"""The help screen: what each screen shows and every key, read from the screens' own bindings."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

INTRO = (
    "slacheck measures the agreements between departments. Every figure here is the one "
    "'slacheck report' prints: compliance = met / (met + breached) over each agreement's window, "
    "error budget left = allowed − breached. Countdowns are working time on the agreement's "
    "calendar; they stand still outside working hours and while a request is paused.\n"
    "New events from other processes and edits to the agreement files show within two seconds. "
    "ctrl+p opens the command palette with every action; the mouse works everywhere."
)

_SCREENS = (
    ("Dashboard", "Every agreement with its compliance against the objective, budget left, trend "
                  "of the last windows, open and at-risk counts, and health (Hlth: the provider's "
                  "latest check as a coloured dot, then its customers' mean rating, reversed for a "
                  "watermelon); below, requests at risk (soonest deadline first, live countdown) and "
                  "open escalations.", "dashboard", "DashboardScreen"),
    ("Agreement", "Services and targets with per-service figures, the requests of the window "
                  "(filter by state, service, priority), the compliance trend, and its health: "
                  "the provider's own check, its customers' checks and ratings, the watermelon "
                  "check.", "agreement",
     "AgreementScreen"),
    ("Request", "The timeline and, per target, where every working minute went (as 'slacheck "
                "show'); each key records an event after a confirmation form.", "interaction",
     "InteractionScreen"),
    ("Escalations", "Every open escalation, highest level first.", "escalations", "EscalationsScreen"),
    ("Health checks", "h. A row per check each team runs: the latest closed session's colour (or "
                      "mean score), its change, the history as a sparkline, open action items and a "
                      "session still open; below, every open action item with its target's progress.",
     "health", "HealthScreen"),
    ("Run a health check", "The evidence first (the team's figures, escalations, lowest ratings, open "
                           "actions) and how many take part; then card by card each participant "
                           "chooses g/a/r and a trend (or a score 1-5) and casts it with enter. Each "
                           "vote is stored when cast, and nobody sees it: only the count shows until "
                           "everyone has voted, then space reveals the card (the distribution only "
                           "from the anonymity threshold on, split votes flagged). After the last "
                           "card: the summary, notes, action items, closing. Leaving keeps the "
                           "session open; u on the Health screen resumes it.", "health_run",
     "HealthRunScreen"),
    ("Health history", "enter on a team's row: every session of each check it runs, and a sparkline "
                       "per card, oldest first.", "health_history", "HealthHistoryScreen"),
    ("Log a request", "A form that validates as you type and shows the targets that will apply.",
     "log_request", "LogRequestScreen"),
    ("Edit an agreement", "E on an agreement (or 'New agreement from template' in the command "
                          "palette): its fields in a form, checked by the real loader as you type; "
                          "ctrl+s shows the summary of 'slacheck diff' and the text diff before "
                          "it writes. Comments and layout are kept; a file changed on disk is never "
                          "overwritten; unsaved edits are kept as a draft.", "editor",
     "AgreementEditorScreen"),
)


def _keys(bindings) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        keys = binding.key_display or ", ".join(k.replace("question_mark", "?").replace("slash", "/")
                                                for k in binding.key.split(","))
        rows.append((keys, binding.description))
    return rows


def help_text() -> Text:
    """The whole help page (screens import lazily, so this imports them all)."""
    import importlib

    from ..app import SlacheckApp

    text = Text(INTRO + "\n")
    for title, about, module, name in _SCREENS:
        screen = getattr(importlib.import_module(f"{__package__}.{module}"), name)
        text.append(f"\n{title}\n", "bold underline")
        text.append(about + "\n", "italic")
        for key, description in _keys(screen.BINDINGS):
            text.append(f"  {key:<12}", "bold")
            text.append(description + "\n")
        if name == "DashboardScreen":
            text.append(f"  {'enter':<12}", "bold")
            text.append("open the highlighted agreement or request\n")
    text.append("\nEverywhere\n", "bold underline")
    for key, description in _keys(SlacheckApp.BINDINGS):
        text.append(f"  {key:<12}", "bold")
        text.append(description + "\n")
    text.append(f"  {'ctrl+p':<12}", "bold")
    text.append("command palette: every action, themes\n")
    return text


class HelpScreen(Screen):
    """Escape or ? closes it."""

    TITLE = "Help"
    BINDINGS = [Binding("escape,question_mark", "app.pop_screen", "Close help")]
    DEFAULT_CSS = """
    HelpScreen #help-text { padding: 1 2; }
    """

    def compose(self):
        with VerticalScroll():
            yield Static(help_text(), id="help-text")
        yield Footer()
