"""User text is shown literally: Rich markup and ANSI escapes in titles, names and notes neither
style, link nor break the screen."""

from __future__ import annotations

from slacheck.tui.screens.interaction import InteractionScreen
from slacheck.tui.widgets.explanation import ExplanationView
from slacheck.tui.widgets.risk_table import RiskTable
from tui.tuikit import EVIL_SHOWN, settle


def rendered_lines(widget):
    """What the widget paints: (text, segments) per line."""
    lines = []
    for y in range(widget.size.height):
        strip = widget.render_line(y)
        segments = list(strip)
        lines.append(("".join(s.text for s in segments), segments))
    return lines


async def test_the_evil_title_is_literal_in_the_tables(make_app):
    from slacheck.tui.screens.agreement import AgreementScreen
    from slacheck.tui.widgets.interaction_table import InteractionTable

    app = make_app()
    async with app.run_test(size=(200, 48)) as pilot:
        await settle(pilot)
        cell = app.screen.query_one(RiskTable).get_cell("1", "title")
        assert cell.plain == EVIL_SHOWN and not cell.spans and not cell.style
        app.push_screen(AgreementScreen("it-for-sales"))
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        painted = rendered_lines(app.screen.query_one(InteractionTable))
        assert any(EVIL_SHOWN in text for text, _ in painted), [t for t, _ in painted]
        assert any("Sam [i]Spade[/i]" in text for text, _ in painted)
        for _, segments in painted:
            for segment in segments:
                assert "\x1b" not in segment.text
                assert segment.style is None or not (segment.style.link or segment.style.italic)


async def test_the_request_screen_shows_markup_and_escapes_as_typed(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(InteractionScreen(1))
        await pilot.pause()
        await pilot.pause()
        header = app.screen.query_one("#explain-header")
        painted = rendered_lines(header)
        text = "\n".join(t for t, _ in painted)
        assert EVIL_SHOWN in text and "Sam [i]Spade[/i]" in text
        for _, segments in painted:
            for segment in segments:
                assert "\x1b" not in segment.text
                assert segment.style is None or not (segment.style.link or segment.style.italic)
        assert app.screen.query_one(ExplanationView) is not None


async def test_a_note_with_markup_is_recorded_and_shown_literally(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(InteractionScreen(2))
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"[red]alarm[/red]", "enter")
        await pilot.pause()
        timeline = app.screen.query_one("#explain-timeline")
        assert "text=[red]alarm[/red]" in "\n".join(t for t, _ in rendered_lines(timeline))
        assert any(n.message.startswith("Comment") and not n.markup for n in app._notifications)
