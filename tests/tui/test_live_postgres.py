"""The dashboard on a shared PostgreSQL database: a write from another process (another
machine, as far as the server is concerned) shows without a key press, and a server restart is
said on screen and recovered from without restarting the dashboard."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from slacheck.tui import create_app
from slacheck.tui.widgets.compliance_table import ComplianceTable
from slacheck.tui.widgets.risk_table import RiskTable
from support import pgserver
from tui.conftest import _build
from tui.test_live import slacheck
from tui.tuikit import AS_OF, settle, wait_for


def _app(workspace: Path):
    app = create_app(workspace, as_of=AS_OF)
    app.cursor_blink = False
    return app


async def test_a_request_logged_from_another_process_shows_on_the_dashboard(pg_workspace):
    app = _app(pg_workspace)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ComplianceTable)
        assert table.get_cell("it-for-sales", "open").plain == "3"
        number = await slacheck(pg_workspace, "log", "it-for-sales", "crm-access", "--title",
                                "From another desk", "--at", "2026-11-20T09:55:00Z")
        await wait_for(pilot, lambda: number in app.screen.query_one(RiskTable).rows, timeout=10,
                       what="the new request in the at-risk list")
        assert table.get_cell("it-for-sales", "open").plain == "4"


def _notifications(app) -> str:
    return " ".join(f"{n.title}: {n.message}" for n in app._notifications)


@pytest.fixture
def own_server(postgres_server):
    """A PostgreSQL server of this test alone, so that it can be stopped and started again."""
    base = Path(tempfile.mkdtemp(prefix="slacheck-pgr-"))
    try:
        url = pgserver.start(base)
    except pgserver.PgServerError as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"no second PostgreSQL server: {exc}")
    try:
        yield base, url
    finally:
        try:
            pgserver.stop(base)
        finally:
            shutil.rmtree(base, ignore_errors=True)


async def test_a_server_restart_is_shown_and_the_dashboard_recovers(own_server, tmp_path):
    base, url = own_server
    root = tmp_path / "ws"
    _build(root, url)
    app = _app(root)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ComplianceTable)
        assert table.get_cell("it-for-sales", "open").plain == "3"

        pgserver.stop(base)
        await wait_for(pilot, lambda: "Database unreachable" in _notifications(app), timeout=10,
                       what="the dashboard to say the database is unreachable")
        assert table.get_cell("it-for-sales", "open").plain == "3"  # the last figures stay

        pgserver.start(base)
        number = await slacheck(root, "log", "it-for-sales", "crm-access", "--title",
                                "Logged while the dashboard was cut off",
                                "--at", "2026-11-20T09:55:00Z")
        await wait_for(pilot, lambda: "Database back" in _notifications(app), timeout=10,
                       what="the dashboard to reconnect")
        await wait_for(pilot, lambda: number in app.screen.query_one(RiskTable).rows, timeout=10,
                       what="the request logged meanwhile")
        assert table.get_cell("it-for-sales", "open").plain == "4"
