"""The home screen: every agreement's compliance, the requests at risk with a live countdown, and
the open escalations."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from ..data.filters import match_agreements
from ..messages import AgreementSelected, InteractionSelected
from ..widgets.compliance_table import AgreementRow, ComplianceTable
from ..widgets.escalation_table import EscalationTable
from ..widgets.risk_table import RiskTable
from .base import WorkspaceScreen

if TYPE_CHECKING:
    from ..data.snapshot import Snapshot

#: Rows of the at-risk list on the dashboard (the report shows 20).
AT_RISK_ROWS = 50


class DashboardScreen(WorkspaceScreen):
    """Agreements above; at risk (soonest deadline first) and open escalations below."""

    TITLE = "Dashboard"
    AUTO_FOCUS = "#agreements"
    BINDINGS = [
        Binding("slash", "search_teams", "Filter by team", key_display="/"),
        Binding("h", "show_health", "Health checks"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("tab", "app.focus_next", "Next table", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._overdue: set[int] = set()

    def compose_body(self):
        yield Input(placeholder="Filter by team: type a team, agreement or name; enter to go back, "
                                "escape to clear", id="team-filter")
        with Vertical(id="agreements-panel", classes="panel"):
            yield ComplianceTable(id="agreements")
        with Horizontal(id="lower"):
            with Vertical(id="at-risk-panel", classes="panel"):
                yield RiskTable(id="at-risk")
            with Vertical(id="escalations-panel", classes="panel"):
                yield EscalationTable(id="escalations")

    def on_mount(self) -> None:
        self.query_one("#team-filter", Input).cursor_blink = self.app.cursor_blink
        self._set_titles(None)
        super().on_mount()
        if self.app.snapshot is None:
            for panel in self.query(".panel"):
                panel.loading = True
        if not self.app.frozen:
            self.set_interval(1.0, self._tick, name="countdown")

    # ------------------------------------------------------------------ drawing
    def _visible(self, snapshot: Snapshot) -> set[str]:
        query = self.query_one("#team-filter", Input).value
        agreements = [fig.agreement for fig in snapshot.figures.agreements]
        return match_agreements(snapshot.catalog, agreements, query)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        from ..data.health import agreement_health  # the health modules stay off the start path

        for panel in self.query(".panel"):
            panel.loading = False
        visible = self._visible(snapshot)
        rows = []
        for fig in snapshot.figures.agreements:
            if fig.agreement.id not in visible:
                continue
            past = tuple(p.compliance for p in snapshot.trends.get(fig.agreement.id, ()))
            at_risk = sum(1 for r in snapshot.at_risk_of(fig.agreement.id) if r.imminent)
            rows.append(AgreementRow(fig, (*past, fig.tally.compliance), at_risk,
                                     len(snapshot.escalations_of(fig.agreement.id)),
                                     agreement_health(snapshot.health, fig.agreement)))
        self.query_one(ComplianceTable).fill(rows)
        self._fit_agreements()
        risky = [r for r in snapshot.figures.at_risk
                 if r.evaluation.interaction.agreement in visible][:AT_RISK_ROWS]
        self.query_one(RiskTable).show(snapshot, risky, self.app.now())
        escalations = [e for e in snapshot.figures.escalations if e.interaction.agreement in visible]
        self.query_one(EscalationTable).show(escalations, snapshot.timezone)
        self._overdue = set()
        self._set_titles(snapshot, len(rows), len(risky), len(escalations))

    def _fit_agreements(self) -> None:
        """Room for every agreement row (up to 55 % of the screen), the rest for the lists below."""
        rows = self.query_one(ComplianceTable).row_count
        taken = sum(w.outer_size.height for w in (self.query_one("#problem-banner"), self.query_one("#team-filter"))
                    if w.display)
        body = self.size.height - 2 - taken
        self.query_one("#agreements-panel").styles.height = max(5, min(rows + 3, int(body * 0.55)))

    def on_resize(self) -> None:
        self._fit_agreements()

    def _set_titles(self, snapshot: Snapshot | None, agreements: int = 0, risky: int = 0,
                    escalations: int = 0) -> None:
        query = self.query_one("#team-filter", Input).value.strip()
        suffix = f" matching “{query}”" if query else ""
        counts = snapshot is not None
        self.query_one("#agreements-panel").border_title = (
            f"Agreements ({agreements}){suffix}" if counts else "Agreements")
        self.query_one("#at-risk-panel").border_title = (
            f"At risk ({risky}) · soonest deadline first" if counts else "At risk")
        self.query_one("#escalations-panel").border_title = (
            f"Open escalations ({escalations})" if counts else "Open escalations")

    def _problems_changed(self, problems) -> None:
        super()._problems_changed(problems)
        self.call_after_refresh(self._fit_agreements)
        if problems and self.app.snapshot is None:
            for panel in self.query(".panel"):
                panel.loading = False

    def _tick(self) -> None:
        """Once a second: recount the working time left; an overdue request means new figures."""
        table = self.query_one(RiskTable)
        if table.snapshot is None or not table.snapshot.live or not self.is_current:
            return
        overdue = table.tick(time.time())
        if overdue - self._overdue:
            self._overdue |= overdue
            self.app.request_evaluation()

    # ------------------------------------------------------------------ filter
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "team-filter":
            event.input.set_class(bool(event.value), "-active")
            if self.app.snapshot is not None:
                self.show_snapshot(self.app.snapshot)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "team-filter":
            self.query_one(ComplianceTable).focus()

    def action_search_teams(self) -> None:
        field = self.query_one("#team-filter", Input)
        field.add_class("-active")
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#team-filter", Input)
        field.value = ""
        field.remove_class("-active")
        self.query_one(ComplianceTable).focus()

    # ------------------------------------------------------------------ navigation
    def action_show_health(self) -> None:
        self.app.action_show_health()

    def on_agreement_selected(self, message: AgreementSelected) -> None:
        from .agreement import AgreementScreen

        self.app.push_screen(AgreementScreen(message.agreement_id))

    def on_interaction_selected(self, message: InteractionSelected) -> None:
        from .interaction import InteractionScreen

        self.app.push_screen(InteractionScreen(message.interaction_id))
