"""The dashboard never dies of one bad request, and ``--read-only`` writes nothing (issue 17).

A request another program wrote with an instant the engine cannot judge shows as a banner with
its number while every other figure stays; the read-only dashboard works on a file nobody may
write, records nothing and hides every key that writes.
"""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Footer

from slacheck.tui.widgets.compliance_table import ComplianceTable
from slacheck.tui.widgets.problem_banner import ProblemBanner
from tui.tuikit import settle, wait_for

YEAR_ONE = -62135596800


def db(workspace):
    return workspace / ".slacheck" / "slacheck.db"


def write_bad_request(workspace, number: int = 99) -> None:
    """What a hand edit (or another program) could leave in the file: a request from year 1."""
    conn = sqlite3.connect(db(workspace))
    with conn:
        conn.execute("INSERT INTO interactions (id, agreement, service, opened_at, title) "
                     "VALUES (?, 'it-for-sales', 'laptop-repair', ?, 'from another program')",
                     (number, YEAR_ONE))
        conn.execute("INSERT INTO events (interaction, seq, kind, at) VALUES (?, 1, 1, ?)",
                     (number, YEAR_ONE))
        conn.execute("INSERT INTO open_interactions (interaction) VALUES (?)", (number,))
    conn.close()


def banner_text(app) -> str:
    banner = app.screen.query_one(ProblemBanner)
    return "\n".join(str(w.content) for w in banner.query("Static"))


async def test_a_bad_request_written_meanwhile_shows_a_banner_and_the_figures_stay(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ComplianceTable)
        open_before = table.get_cell("it-for-sales", "open").plain
        write_bad_request(workspace)
        await wait_for(pilot, lambda: app.screen.query_one(ProblemBanner).has_class("-visible"),
                       timeout=10, what="the banner")
        text = banner_text(app)
        assert "1 request(s) cannot be judged" in text and "#99 " in text
        assert "working time is only known" in text
        assert table.get_cell("it-for-sales", "open").plain == open_before
        assert app.return_code is None  # still running


async def test_a_crash_inside_the_app_gives_a_non_zero_exit_code(make_app):
    app = make_app()
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.call_later(lambda: 1 / 0)
            await pilot.pause()
            await pilot.pause()
    assert app.return_code == 1  # what `slacheck tui` exits with (cli.tui.run_dashboard)


async def test_read_only_dashboard_on_a_file_nobody_may_write(make_app, workspace):
    path = db(workspace)
    path.chmod(0o444)
    before = path.read_bytes()
    try:
        app = make_app(as_of=None, read_only=True)  # live: a writer would record escalations now
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            assert app.screen.query_one(ComplianceTable).get_cell("it-for-sales", "open").plain
            shown = {key for key, active in app.screen.active_bindings.items()
                     if active.binding.show and active.enabled}
            assert "n" not in shown and "e" in shown  # "New request" is not offered
            await pilot.press("n")
            await pilot.pause()
            assert app.screen.__class__.__name__ == "DashboardScreen"
            app.action_log_request()
            await pilot.pause()
            assert any("read-only" in str(n.message) for n in app._notifications)
            footer = app.screen.query_one(Footer)
            assert footer is not None
    finally:
        path.chmod(0o644)
    assert path.read_bytes() == before
