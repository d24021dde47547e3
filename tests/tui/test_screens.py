"""Logging a request, the escalations screen and the agreement screen."""

from __future__ import annotations

from slacheck.store import Store
from slacheck.tui.modals.confirm import ConfirmModal
from slacheck.tui.modals.event_form import EventModal
from slacheck.tui.screens.agreement import AgreementScreen
from slacheck.tui.screens.dashboard import DashboardScreen
from slacheck.tui.screens.escalations import EscalationsScreen
from slacheck.tui.screens.interaction import InteractionScreen
from slacheck.tui.screens.log_request import LogRequestScreen
from slacheck.tui.widgets.interaction_table import InteractionTable
from slacheck.tui.widgets.trend_chart import TrendChart
from tui.tuikit import AS_OF, settle, wait_for


def store_of(workspace):
    return Store(workspace / ".slacheck" / "slacheck.db")


async def test_log_a_request_validates_as_you_type_and_opens_it(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogRequestScreen)
        assert form.query_one("#form-submit").disabled  # no title yet
        assert "needs a title" in str(form.query_one("#form-errors").content)
        form.query_one("#field-agreement").value = "it-for-sales"
        await pilot.pause()
        form.query_one("#field-service").value = "laptop-repair"
        await pilot.pause()
        form.query_one("#field-priority").value = "urgent"
        await pilot.pause()
        preview = str(form.query_one("#targets-preview").content)
        assert "first response 30m · resolution 4h" in preview
        form.query_one("#field-priority").value = ""
        await pilot.pause()
        assert "first response 4h · resolution 3d" in str(form.query_one("#targets-preview").content)
        form.query_one("#field-title").focus()
        await pilot.press(*"Screen cracked")
        form.query_one("#field-requester").value = "Jonas Weber"
        form.query_one("#field-ref").value = "T-1"
        await pilot.pause()
        assert "already exists" in str(form.query_one("#form-errors").content)
        form.query_one("#field-ref").value = "T-99"
        await pilot.pause()
        assert not form.query_one("#form-submit").disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InteractionScreen)
        with store_of(workspace) as store:
            logged = store.interaction_by_ref("T-99")
        assert (logged.agreement, logged.service, logged.priority, logged.title, logged.requester,
                logged.opened_at) == ("it-for-sales", "laptop-repair", "", "Screen cracked", "Jonas Weber", AS_OF)
        assert app.screen.interaction_id == logged.id


async def test_leaving_a_filled_form_asks_first(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"half typed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LogRequestScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        with store_of(workspace) as store:
            assert store.count_interactions() == 8


async def test_escalations_screen_acknowledges_with_a_note(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EscalationsScreen)
        table = screen.query_one("#all-escalations")
        assert "4" in table.rows
        table.move_cursor(row=table.get_row_index("4"))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, EventModal)
        await pilot.press(*"loan phone handed out", "enter")
        await pilot.pause()
        with store_of(workspace) as store:
            last = store.events(4)[-1]
        assert (last.kind, last.payload["note"]) == ("acknowledged", "loan phone handed out")
        await wait_for(pilot, lambda: not app.evaluating and app.snapshot.figures.escalations
                       and all(e.acknowledged for e in app.snapshot.figures.escalations
                               if e.interaction.id == 4), what="the acknowledgement")
        await pilot.pause()
        assert table.get_cell("4", "ack").plain == "yes"


async def test_agreement_screen_services_filters_and_trend(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(AgreementScreen("it-for-sales"))
        await pilot.pause()
        screen = app.screen
        services = screen.query_one("#services")
        assert {"laptop-repair/", "laptop-repair/urgent", "crm-access/", "mobile-devices/low"} <= {
            k.value for k in services.rows}
        await pilot.press("i")
        await pilot.pause()
        table = screen.query_one(InteractionTable)
        assert {k.value for k in table.rows} == {"1", "2", "3", "4", "8"}
        screen.query_one("#filter-state").value = "breached"
        await pilot.pause()
        assert {k.value for k in table.rows} == {"4"}
        screen.query_one("#filter-state").clear()
        screen.query_one("#filter-service").value = "laptop-repair"
        await pilot.pause()
        assert {k.value for k in table.rows} == {"1", "3", "8"}
        screen.query_one("#filter-priority").value = "urgent"
        await pilot.pause()
        assert {k.value for k in table.rows} == {"1"}
        await pilot.press("t")
        chart = screen.query_one(TrendChart)
        await wait_for(pilot, lambda: len(chart.points) == 12, what="the trend chart")
        assert chart.points[-1].tally == app.snapshot.agreement("it-for-sales").tally
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LogRequestScreen)
        assert app.screen.query_one("#field-agreement").value == "it-for-sales"
