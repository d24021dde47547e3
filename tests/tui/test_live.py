"""Live: events from another process and edits to the agreement files show without a key press;
a broken file shows its errors while the last good figures stay."""

from __future__ import annotations

import asyncio
import os
import sys

from slacheck.tui.widgets.compliance_table import ComplianceTable
from slacheck.tui.widgets.problem_banner import ProblemBanner
from slacheck.tui.widgets.risk_table import RiskTable
from tui.tuikit import settle, wait_for


async def slacheck(workspace, *args: str) -> str:
    """Run the real command line in another process, without blocking the app's loop."""
    code = "from slacheck.cli.main import main; main()"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, "--workspace", str(workspace), *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"})
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    return out.decode().strip()


async def test_a_request_logged_by_another_process_shows_up(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ComplianceTable)
        assert table.get_cell("it-for-sales", "open").plain == "3"
        number = await slacheck(workspace, "log", "it-for-sales", "crm-access", "--title", "From a script",
                                "--at", "2026-11-20T09:55:00Z")
        await wait_for(pilot, lambda: number in app.screen.query_one(RiskTable).rows, timeout=10,
                       what="the new request in the at-risk list")
        assert table.get_cell("it-for-sales", "open").plain == "4"


async def test_an_edited_agreement_is_revalidated_and_a_broken_one_shows_its_errors(make_app, workspace):
    app = make_app()
    path = workspace / "agreements" / "it-for-sales.toml"
    original = path.read_text(encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ComplianceTable)
        banner = app.screen.query_one(ProblemBanner)
        assert not banner.has_class("-visible")

        path.write_text(original.replace('objective = "95%"', 'objective = "99%"'), encoding="utf-8")
        await wait_for(pilot, lambda: table.get_cell("it-for-sales", "objective").plain == "99%",
                       what="the new objective")

        path.write_text(original.replace('objective = "95%"', 'objective = "lots"'), encoding="utf-8")
        await wait_for(pilot, lambda: banner.has_class("-visible"), what="the problem banner")
        listed = str(banner.query_one("#problem-list").content)
        line = next(n for n, text in enumerate(original.splitlines(), 1) if text.startswith("objective"))
        assert f"agreements/it-for-sales.toml:{line}:" in listed
        assert "showing the last good figures" in str(banner.query_one("#problem-summary").content)
        assert table.row_count == 9 and app.snapshot is not None  # the last good figures stay

        path.write_text(original, encoding="utf-8")
        await wait_for(pilot, lambda: not banner.has_class("-visible"), what="the banner to go")
        await wait_for(pilot, lambda: table.get_cell("it-for-sales", "objective").plain == "95%",
                       what="the figures of the fixed file")


async def test_a_workspace_broken_from_the_start_shows_errors_not_a_crash(make_app, workspace):
    (workspace / "agreements" / "teams.toml").write_text("[teams.it\nname = 1\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        banner = app.screen.query_one(ProblemBanner)
        await wait_for(pilot, lambda: banner.has_class("-visible"), what="the problem banner")
        assert "no figures until they are fixed" in str(banner.query_one("#problem-summary").content)
        assert "teams.toml:1:" in str(banner.query_one("#problem-list").content)
        assert not app.screen.query_one("#agreements-panel").loading
        await pilot.press("n")  # nothing to log into: a warning, not a crash
        await pilot.pause()
        assert app.snapshot is None
