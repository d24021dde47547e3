"""SVG snapshots of the agreement editor (with an inline error from the loader) and of the review
before saving, at 80×24 and 160×48, frozen at AS_OF, cursor blink off.

Update after a deliberate change with ``pytest tests/tui/test_editor_snapshots.py
--snapshot-update`` and look at every image before committing it.
"""

from __future__ import annotations

import pytest

from slacheck.tui.screens.agreement import AgreementScreen
from slacheck.tui.screens.editor_review import ReviewModal
from tui.tuikit import settle, wait_for

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
RESOLUTION = ("services", 0, "resolution")


async def _edit(pilot, value: str):
    app = pilot.app
    await settle(pilot)
    app.push_screen(AgreementScreen("it-for-sales"))
    await pilot.pause()
    await pilot.press("E")
    await wait_for(pilot, lambda: getattr(app.screen, "validated", False), what="the editor")
    screen = app.screen
    field = screen.field(RESOLUTION)
    field.input.focus()
    await pilot.press("end", "backspace", "backspace", *value)
    await wait_for(pilot, lambda: screen.model.values[RESOLUTION] == value and screen.validated,
                   what="the validation")
    await pilot.pause()
    return screen


def test_editor_with_an_inline_error(snap_compare, make_app, size):
    async def run_before(pilot):
        await _edit(pilot, "2x")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_review_before_saving(snap_compare, make_app, size):
    async def run_before(pilot):
        await _edit(pilot, "2d")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReviewModal), what="the review")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.fixture(params=SIZES)
def size(request):
    return request.param
