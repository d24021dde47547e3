"""The Health screen, a team's history, the agreement's Health tab and the dashboard's health
column, on the seeded history of ``test_health_kit``."""

from __future__ import annotations

from slacheck.config.loader import load_catalog
from slacheck.config.workspace import find_workspace
from slacheck.services import health as service
from slacheck.services.session import Session
from slacheck.tui.data.health import session_colour
from slacheck.tui.modals.confirm import ConfirmModal
from slacheck.tui.modals.vote_start import StartCheckModal
from slacheck.tui.screens.agreement import AgreementScreen
from slacheck.tui.screens.health_history import HealthHistoryScreen
from slacheck.tui.screens.health_run import HealthRunScreen
from slacheck.tui.screens.help import help_text
from slacheck.tui.widgets.compliance_table import ComplianceTable
from slacheck.tui.widgets.health_actions import ActionTable
from slacheck.tui.widgets.health_agreement import AgreementHealthView
from slacheck.tui.widgets.health_history import HistoryView
from slacheck.tui.widgets.health_table import HealthTable
from tui.test_health_kit import (
    EVIL_SHOWN,
    NOVEMBER,
    PROCUREMENT_OPEN,
    open_health,
    painted,
    seed_health,
    settle_workers,
    stored_actions,
)
from tui.tuikit import AS_OF, settle, wait_for


def _cell(table, key: str, column: str) -> str:
    return table.get_cell(key, column).plain


async def test_the_health_screen_lists_every_series(make_app, workspace):
    seed_health(workspace)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await open_health(pilot)
        table = app.screen.query_one(HealthTable)
        assert "it/squad-health/" in table.rows and "sales/relationship-check/it" in table.rows
        assert "cio" not in table.rows  # an escalation target, party to no agreement
        assert _cell(table, "facilities", "check") == "no check yet"
        assert (_cell(table, "it/squad-health/", "result"), _cell(table, "it/squad-health/", "change"),
                _cell(table, "it/squad-health/", "session"), _cell(table, "it/squad-health/", "actions")) == (
            "● green", "↓", f"#{NOVEMBER}", "1")
        assert len(_cell(table, "it/squad-health/", "history")) == 2
        assert _cell(table, "it/squad-health/", "split") == "1"  # fun: green and red
        assert _cell(table, "sales/relationship-check/it", "check") == "→ it relationship-check"
        assert _cell(table, "sales/relationship-check/it", "result") == "● 3.9"
        assert _cell(table, "procurement/squad-health/", "session") == f"#{PROCUREMENT_OPEN} open"
        actions = app.screen.query_one(ActionTable)
        assert actions.row_count == 1
        assert _cell(actions, "1", "text").startswith(EVIL_SHOWN)
        assert _cell(actions, "1", "owner") == "Dana [i]Ruiz[/i]"
        assert "it-for-sales resolution" in _cell(actions, "1", "progress")


async def test_enter_shows_the_teams_history(make_app, workspace):
    seed_health(workspace)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_health(pilot)
        table = app.screen.query_one(HealthTable)
        table.move_cursor(row=table.get_row_index("it/squad-health/"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HealthHistoryScreen), what="the history")
        await settle_workers(pilot)
        shown = painted(app.screen.query_one(HistoryView))
        assert "Squad health check (its own check)" in shown
        assert "#1" in shown and "#2" in shown and "2026-08-20" in shown
        speed = next(line for line in shown.splitlines() if line.startswith("Speed"))
        assert "█▂" in speed and "● red" in speed and "↓ worse (was green)" in speed


async def test_resume_runs_the_open_session_and_d_marks_an_action_done(make_app, workspace):
    seed_health(workspace)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_health(pilot)
        table = app.screen.query_one(HealthTable)
        table.move_cursor(row=table.get_row_index("it/squad-health/"))
        await pilot.press("u")  # nothing open in this series
        assert not isinstance(app.screen, HealthRunScreen)
        table.move_cursor(row=table.get_row_index("procurement/squad-health/"))
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, StartCheckModal), what="the form")
        assert f"Session #{PROCUREMENT_OPEN}" in painted(app.screen.query_one("#start-running"))
        app.screen.query_one("#start-about").value = "procurement"
        await pilot.pause()
        assert "about itself" in painted(app.screen.query_one("#start-error"))
        assert app.screen.query_one("#start-open").disabled
        await pilot.press("escape")
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, HealthRunScreen), what="the run screen")
        await settle_workers(pilot)
        assert app.screen.session_id == PROCUREMENT_OPEN
        assert app.screen.query_one("#run-participants").value == "2"
        await pilot.press("escape")
        await pilot.press("tab")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the confirmation")
        await pilot.press("y")
        await settle_workers(pilot)
        (action,) = stored_actions(workspace)
        assert action.done_at == AS_OF
        await wait_for(pilot, lambda: app.screen.query_one(ActionTable).row_count == 0, what="no open action")


async def test_the_dashboard_and_the_agreement_show_the_providers_health(make_app, workspace):
    seed_health(workspace)
    with Session(load_catalog(find_workspace(workspace))) as s:
        expected = session_colour(service.load_history(s, AS_OF).result(NOVEMBER))
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ComplianceTable)
        cell = table.get_cell("it-for-sales", "health")
        assert cell.plain == "● 5.0" and expected == "green"
        assert cell.spans[0].style == table.palette.good
        assert table.get_cell("hr-for-staff", "health").plain == "· -"
        app.push_screen(AgreementScreen("it-for-sales"))
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        shown = painted(app.screen.query_one(AgreementHealthView))
        assert "Watermelon check: it-for-sales" in shown
        assert "Provider it: its own latest check" in shown and "session #2" in shown
        assert "sales ● 3.9 of 5" in shown and "below 3: Responsiveness" in shown
        assert "1 rating(s) · mean 5.0" in shown
        assert "Speed" in shown


def test_help_lists_the_health_screens_and_keys():
    text = help_text().plain
    for title in ("Health checks", "Run a health check", "Health history"):
        assert f"\n{title}\n" in text
    for key in ("Cast vote", "Reveal", "Next card", "Close session", "Run a check", "Resume"):
        assert key in text
