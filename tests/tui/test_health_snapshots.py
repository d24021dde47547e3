"""SVG snapshots of the Health screen and the run screen at 80×24 and 160×48, on the seeded
history of ``test_health_kit``, frozen at AS_OF, cursor blink off.

Update after a deliberate change with ``pytest tests/tui/test_health_snapshots.py
--snapshot-update`` and look at every image before committing it.
"""

from __future__ import annotations

import pytest

from tui.test_health_kit import begin, open_health, reveal, seed_health, settle_workers
from tui.tuikit import settle, wait_for

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.fixture(params=SIZES)
def size(request):
    return request.param


async def _resume_procurement(pilot) -> None:
    """The Health screen, then the open session of procurement: its third participant's turn
    on the first card, choosing green, trend up."""
    await settle(pilot)
    await open_health(pilot)
    table = pilot.app.screen.query_one("#health-teams")
    table.move_cursor(row=table.get_row_index("procurement/squad-health/"))
    await pilot.press("u")
    await wait_for(pilot, lambda: getattr(pilot.app.screen, "state", None) is not None, what="the session")
    await settle_workers(pilot)
    await begin(pilot, 3)
    await pilot.press("g", "up")
    await pilot.pause()


def test_health_screen(snap_compare, make_app, workspace, size):
    seed_health(workspace)

    async def run_before(pilot):
        await settle(pilot)
        await open_health(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_health_run_voting(snap_compare, make_app, workspace, size):
    seed_health(workspace)
    assert snap_compare(make_app(), terminal_size=size, run_before=_resume_procurement)


def test_health_run_revealed(snap_compare, make_app, workspace, size):
    seed_health(workspace)

    async def run_before(pilot):
        await _resume_procurement(pilot)
        await pilot.press("enter")
        await reveal(pilot)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
