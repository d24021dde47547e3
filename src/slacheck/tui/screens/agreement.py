"""One agreement: its services and targets with per-service figures, the requests of its window
(filterable by state, service and priority), its compliance over the last windows, and its
health: the provider's own check, the customers' checks and ratings, the watermelon check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Select, Static, TabbedContent, TabPane

from ...report.common import local
from ..data import cells
from ..data.filters import ANY, NO_PRIORITY, filter_interactions
from ..messages import InteractionSelected, TrendCharted
from ..widgets.health_agreement import AgreementHealthView
from ..widgets.interaction_table import InteractionTable
from ..widgets.record_table import Col, RecordTable
from ..widgets.trend_chart import TrendChart
from .base import WorkspaceScreen

if TYPE_CHECKING:
    from ...services.figures import AgreementFigures
    from ..data.cells import Palette
    from ..data.snapshot import Snapshot

#: Rows of the interaction table at most (filters narrow it down).
MAX_ROWS = 1000


class ServiceTable(RecordTable[tuple]):
    """Services with their targets (a row per priority below each) and per-service figures."""

    COLUMNS = (
        Col("service", "Service / priority", None, min_fill=16, max_fill=30),
        Col("first_response", "Response", 8),
        Col("resolution", "Resolution", 10),
        Col("compliance", "Compliance", 15),
        Col("met", "Met", 5),
        Col("breached", "Brch", 5),
        Col("open", "Open", 5),
        Col("name", "Name", None, min_width=100, min_fill=10),
    )

    def key_of(self, record: tuple) -> str:
        return f"{record[0].id}/{record[1]}"

    def cells(self, record: tuple, palette: Palette) -> dict[str, Text]:
        service, priority, figures = record
        targets = service.targets_for(priority)
        row = {
            "service": cells.user(service.id, "bold") if not priority else cells.user(f"  ↳ {priority}"),
            "first_response": cells.plain(targets.first_response or "-"),
            "resolution": cells.plain(targets.resolution or "-"),
            "name": cells.user(service.name if not priority else ""),
        }
        if figures is not None:
            tally = figures.tally
            row |= {"compliance": cells.compliance_bar(tally, palette), "met": cells.count(tally.met),
                    "breached": cells.count(tally.breached, palette.bad), "open": cells.count(tally.open)}
        return row


class AgreementScreen(WorkspaceScreen):
    """Enter on a request opens it; ``n`` logs a new one under this agreement; ``E`` edits it."""

    TITLE = "Agreement"
    AUTO_FOCUS = "#services"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("n", "log_here", "New request"),
        Binding("s", "show_tab('services-tab')", "Services"),
        Binding("i", "show_tab('interactions-tab')", "Requests"),
        Binding("t", "show_tab('trend-tab')", "Trend"),
        Binding("h", "show_tab('health-tab')", "Health"),
        Binding("E", "edit_agreement", "Edit", key_display="E"),
    ]

    def __init__(self, agreement_id: str) -> None:
        super().__init__()
        self.agreement_id = agreement_id
        self._charted_for: object = None
        self._options: dict[str, list[tuple[str, str]]] = {}

    def location(self) -> str:
        return f"Agreement {self.agreement_id}"

    def compose_body(self):
        yield Static(id="agreement-summary")
        with TabbedContent(id="agreement-tabs"):
            with TabPane("Services", id="services-tab"):
                yield ServiceTable(id="services")
            with TabPane("Requests", id="interactions-tab"):
                with Horizontal(id="interaction-filters"):
                    yield Label("Filter")
                    yield Select([(s, s) for s in ("met", "breached", "open")], prompt="any state",
                                 id="filter-state", compact=True)
                    yield Select([], prompt="any service", id="filter-service", compact=True)
                    yield Select([], prompt="any priority", id="filter-priority", compact=True)
                yield InteractionTable(id="interactions")
            with TabPane("Trend", id="trend-tab"):
                yield TrendChart(id="trend")
            with TabPane("Health", id="health-tab"):
                with VerticalScroll(id="agreement-health-scroll"):
                    yield AgreementHealthView(id="agreement-health")

    def show_snapshot(self, snapshot: Snapshot) -> None:
        fig = snapshot.agreement(self.agreement_id)
        if fig is None:
            self.query_one("#agreement-summary", Static).update(
                Text(f"The agreement {self.agreement_id} is no longer in the files.", style="bold"))
            return
        self._summary(snapshot, fig)
        self.query_one(AgreementHealthView).show(snapshot, fig.agreement)
        services = []
        by_id = {s.id: s for s in fig.services}
        for service in fig.agreement.services:
            services.append((service, "", by_id.get(service.id)))
            services += [(service, p, None) for p in service.priorities]
        self.query_one(ServiceTable).fill(services)
        self._refresh_filters(fig)
        self._show_interactions(snapshot)
        if self._charted_for is not snapshot:
            self._charted_for = snapshot
            self._chart(snapshot)

    def _summary(self, snapshot: Snapshot, fig: AgreementFigures) -> None:
        agreement, tally, tz = fig.agreement, fig.tally, snapshot.timezone
        palette = cells.Palette.from_variables(self.app.theme_variables)
        burn = fig.burn
        burn_text = ("exhausted" if burn.exhausted else "-" if burn.rate is None
                     else f"{burn.rate:.2f}×")
        text = Text.assemble(
            cells.user(agreement.title, "bold"), "\n",
            cells.parties(agreement, limit=8), "  · owner ", cells.user(agreement.owner),
            f"  · calendar {agreement.calendar.id}\n",
            "compliance ", cells.compliance_bar(tally, palette), "  objective ", cells.objective(agreement),
            "  budget left ", cells.budget_left(tally, palette), f"  burn {burn_text}\n",
            cells.plain(f"window {agreement.window}: {local(fig.span.start, tz)} to {local(fig.span.end, tz)}"
                        f" · met {tally.met} · breached {tally.breached} · open {tally.open}", "dim"), "\n",
            "escalates ", cells.escalation_ladder(agreement),
        )
        self.query_one("#agreement-summary", Static).update(text)

    # ------------------------------------------------------------------ requests
    def _refresh_filters(self, fig: AgreementFigures) -> None:
        services = [(s.id, s.id) for s in fig.agreement.services]
        priorities = sorted({p for s in fig.agreement.services for p in s.priorities})
        self._set_options("#filter-service", services)
        self._set_options("#filter-priority", [("(none)", NO_PRIORITY), *((p, p) for p in priorities)])

    def _set_options(self, selector: str, options: list[tuple[str, str]]) -> None:
        if self._options.get(selector) == options:
            return
        select = self.query_one(selector, Select)
        value = select.value
        select.set_options([(Text(label), value) for label, value in options])
        self._options[selector] = options
        if value in {v for _, v in options}:
            select.value = value

    def _filter_value(self, selector: str) -> str:
        value = self.query_one(selector, Select).value
        return ANY if value is Select.NULL else str(value)

    def _show_interactions(self, snapshot: Snapshot) -> None:
        found = filter_interactions(snapshot.in_window(self.agreement_id),
                                    state=self._filter_value("#filter-state"),
                                    service=self._filter_value("#filter-service"),
                                    priority=self._filter_value("#filter-priority"))
        table = self.query_one(InteractionTable)
        table.show(found[:MAX_ROWS], snapshot.timezone)
        shown = f"{min(len(found), MAX_ROWS)} of {len(found)}" if len(found) > MAX_ROWS else str(len(found))
        self.query_one(TabbedContent).get_tab("interactions-tab").label = f"Requests ({shown})"

    def on_select_changed(self, event: Select.Changed) -> None:
        if self.app.snapshot is not None:
            self._show_interactions(self.app.snapshot)

    def on_interaction_selected(self, message: InteractionSelected) -> None:
        from .interaction import InteractionScreen

        self.app.push_screen(InteractionScreen(message.interaction_id))

    # ------------------------------------------------------------------ trend
    @work(thread=True, exclusive=True, group="chart")
    def _chart(self, snapshot: Snapshot) -> None:
        from ...errors import SlacheckError

        try:
            points = self.app.evaluator.chart(snapshot, self.agreement_id)
        except SlacheckError as exc:
            self.app.call_from_thread(self.report_error, exc)
            return
        self.post_message(TrendCharted(self.agreement_id, points))

    def on_trend_charted(self, message: TrendCharted) -> None:
        snapshot = self.app.snapshot
        fig = snapshot.agreement(self.agreement_id) if snapshot else None
        if fig is None or snapshot is None:
            return
        self.query_one(TrendChart).show(message.points, float(fig.agreement.objective),
                                        snapshot.timezone, str(fig.agreement.window))

    # ------------------------------------------------------------------ actions
    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        focus = {"services-tab": ServiceTable, "interactions-tab": InteractionTable}.get(tab)
        if focus is not None:
            self.query_one(focus).focus()

    def action_log_here(self) -> None:
        if self.app.refuse_write("log_here"):
            return
        self.app.action_log_request(self.agreement_id)

    def action_edit_agreement(self) -> None:
        if self.app.refuse_write("edit_agreement"):
            return
        from .editor import open_editor

        open_editor(self.app, self.agreement_id)
