"""The form dialogs' shared behaviour (``FormModal``), on the smallest of them: the one-line text
form of a health-check note.  Keys in, what the form dismisses with out."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, Static

from slacheck.tui.modals.vote_text import TextModal
from tui.tuikit import wait_for


class Host(App[None]):
    """Opens ``modal`` and keeps what it dismisses with."""

    def __init__(self, modal: TextModal) -> None:
        super().__init__()
        self.modal = modal
        self.results: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.results.append)


def _error(app: Host) -> Static:
    return app.screen.query_one("#text-error", Static)


async def test_required_text_is_refused_when_empty_and_the_message_goes_once_typed():
    app = Host(TextModal("Note", "What was said", cursor_blink=False))
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TextModal), what="the form")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextModal) and app.results == []
        assert "Type some text" in str(_error(app).render()) and not _error(app).has_class("-empty")
        await pilot.press("[", "b", "]", "x")
        await pilot.pause()
        assert _error(app).has_class("-empty")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == ["[b]x"]  # kept literally, never read as markup


async def test_escape_dismisses_with_nothing():
    app = Host(TextModal("Note", "What was said", value="kept?", cursor_blink=False))
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TextModal), what="the form")
        assert app.screen.query_one(Input).cursor_blink is False  # set by the shared on_mount
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_the_cancel_button_dismisses_with_nothing_and_the_keep_button_with_the_text():
    for button, expected in (("#text-cancel", None), ("#text-keep", "kept")):
        app = Host(TextModal("Note", "What was said", value="kept", cursor_blink=False))
        async with app.run_test() as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, TextModal), what="the form")
            await pilot.click(button)
            await pilot.pause()
        assert app.results == [expected]


async def test_optional_text_may_be_empty_and_enter_in_the_field_submits():
    app = Host(TextModal("Comment", "optional", required=False, cursor_blink=False))
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TextModal), what="the form")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [""]
