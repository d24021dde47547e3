"""The dashboard: the same figures as the report, the lists below, the team filter, navigation."""

from __future__ import annotations

from slacheck.report.common import percent
from slacheck.services.figures import compute_figures
from slacheck.services.session import Session
from slacheck.config.loader import load_catalog
from slacheck.config.workspace import find_workspace
from slacheck.tui.screens.agreement import AgreementScreen
from slacheck.tui.screens.dashboard import DashboardScreen
from slacheck.tui.screens.help import HelpScreen
from slacheck.tui.widgets.compliance_table import ComplianceTable
from slacheck.tui.widgets.escalation_table import EscalationTable
from slacheck.tui.widgets.risk_table import RiskTable
from tui.tuikit import AS_OF, settle


def _cell(table, row_key, column) -> str:
    return table.get_cell(row_key, column).plain


def _report_figures(workspace):
    with Session(load_catalog(find_workspace(workspace))) as session:
        return compute_figures(session.catalog, session.store, AS_OF, resolve_version=session.resolve_version)


async def test_one_row_per_agreement_with_the_reports_figures(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ComplianceTable)
        figures = _report_figures(workspace)
        assert table.row_count == len(figures.agreements) == 9
        for fig in figures.agreements:
            key = fig.agreement.id
            assert _cell(table, key, "compliance").endswith(percent(fig.tally.compliance).replace(" ", "")) \
                or (fig.tally.compliance is None and _cell(table, key, "compliance").endswith("-"))
            assert _cell(table, key, "open") == str(fig.tally.open)
        assert _cell(table, "it-for-sales", "parties") == "it → sales"
        assert len(_cell(table, "it-for-sales", "trend")) == 6  # five past windows and the current one


async def test_at_risk_soonest_first_and_escalations_listed(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        figures = _report_figures(workspace)
        risk = app.screen.query_one(RiskTable)
        assert [r.evaluation.interaction.id for r in risk.records] == [
            r.evaluation.interaction.id for r in figures.at_risk]
        # the paused quote (6) has no countdown
        assert _cell(risk, "6", "left") == "paused"
        escalations = app.screen.query_one(EscalationTable)
        assert [e.interaction.id for e in escalations.records] == [e.interaction.id for e in figures.escalations]
        assert "4" in escalations.rows
        assert _cell(escalations, "4", "ack") == "NO"


async def test_frozen_countdown_is_the_figures_left(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        risk = app.screen.query_one(RiskTable)
        # #2 opened 10:30 Berlin on a 07:30-18:30 desk: 2 h first response, 30 min used at 11:00.
        assert _cell(risk, "2", "left") == "1h30m00s"
        await pilot.pause(1.2)
        assert _cell(risk, "2", "left") == "1h30m00s"  # the frozen clock does not tick


async def test_slash_filters_by_team_and_escape_clears(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ComplianceTable)
        await pilot.press("/")
        await pilot.press(*"finance")
        await pilot.pause()
        assert {r.figures.agreement.id for r in table.records} == {"finance-for-sales", "hr-for-staff"}
        assert all(r.evaluation.interaction.agreement in {"finance-for-sales", "hr-for-staff"}
                   for r in app.screen.query_one(RiskTable).records)
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 9


async def test_enter_opens_the_agreement_and_escape_comes_back(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ComplianceTable)
        table.focus()
        table.move_cursor(row=table.get_row_index("it-for-sales"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgreementScreen) and app.screen.agreement_id == "it-for-sales"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_clicking_an_at_risk_row_opens_the_request(make_app):
    from slacheck.tui.screens.interaction import InteractionScreen

    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        risk = app.screen.query_one(RiskTable)
        risk.focus()
        await pilot.pause()
        await pilot.click(RiskTable, offset=(3, 1))
        await pilot.pause()
        assert isinstance(app.screen, InteractionScreen)


async def test_help_theme_and_command_palette(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-dark"
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Filter by team", "Help", "New request", "Escalations", "Refresh", "Light/dark",
                "Dashboard", "Quit", "Theme"} <= titles


async def test_first_frame_shows_progress_before_figures(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.screen.query_one("#agreements-panel")
        assert app.snapshot is None and panel.loading
        await settle(pilot)
        assert not panel.loading
