"""SVG snapshots of the main screens at 80×24 and 160×48, frozen at AS_OF, cursor blink off.

Update after a deliberate change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at every image before committing it.
"""

from __future__ import annotations

import pytest

from slacheck.tui.screens.agreement import AgreementScreen
from slacheck.tui.screens.interaction import InteractionScreen
from slacheck.tui.widgets.trend_chart import TrendChart
from tui.tuikit import settle, wait_for

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


async def _ready(pilot) -> None:
    await settle(pilot)


def test_dashboard(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=_ready)


def test_dashboard_light_filtered(snap_compare, make_app, size):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.theme = "textual-light"
        await pilot.press("/", *"sales")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_agreement_requests(snap_compare, make_app, size):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(AgreementScreen("it-for-sales"))
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_agreement_trend(snap_compare, make_app, size):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(AgreementScreen("it-for-sales"))
        await pilot.pause()
        await pilot.press("t")
        await wait_for(pilot, lambda: len(pilot.app.screen.query_one(TrendChart).points) == 12)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_interaction(snap_compare, make_app, size):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(InteractionScreen(1))
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_event_form(snap_compare, make_app, size):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(InteractionScreen(3))
        await pilot.pause()
        await pilot.press("s", "7")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_escalations(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, press=["e"], run_before=_ready)


def test_log_request(snap_compare, make_app, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        pilot.app.screen.query_one("#field-agreement").value = "it-for-sales"
        await pilot.pause()
        pilot.app.screen.query_one("#field-service").value = "laptop-repair"
        await pilot.pause()
        pilot.app.screen.query_one("#field-priority").value = "urgent"
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_help(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, press=["question_mark"], run_before=_ready)


@pytest.fixture(params=SIZES)
def size(request):
    return request.param
