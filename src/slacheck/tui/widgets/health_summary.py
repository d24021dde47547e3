"""A session's summary after the last card: every card's result and change against the previous
session, then the notes and the action items agreed here and carried over (``health show``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...domain.health import TRAFFIC_LIGHT
from ...report.common import local
from ..data import cells, health_cells
from ..data.cells import Palette

if TYPE_CHECKING:
    from ...domain.health import CardResult
    from ...services.health import SessionView


def _distribution(card: CardResult, palette: Palette) -> Text:
    if card.distribution is None:
        return cells.plain("-", "dim")
    text = Text(no_wrap=True, end="")
    for value, count in card.distribution.items():
        label = str(value)[0] if card.scale == TRAFFIC_LIGHT else f"{value}:"
        colour = str(value) if card.scale == TRAFFIC_LIGHT else health_cells.band_of_score(int(value))
        text.append(f"{label}{count} ", health_cells.colour_style(colour, palette) if count else "dim")
    return text


class SummaryView(Static):
    """``show(view, timezone)``: the session's results, notes and action items."""

    DEFAULT_CSS = """
    SummaryView { height: auto; padding: 0 1; }
    """

    def show(self, view: SessionView, timezone: str) -> None:
        palette = Palette.from_variables(self.app.theme_variables)
        result, session = view.result, view.session
        compared = f" · compared with session #{result.previous}" if result.previous else \
            " · the first session of its series"
        parts: list = [Text.assemble(
            cells.plain(f"{result.participants} participant(s) · figures show from {result.min_votes} "
                        f"votes a card{compared}", "dim"))]
        traffic = result.scale == TRAFFIC_LIGHT
        table = Table(box=None, pad_edge=False, show_edge=False, expand=True)
        table.add_column("Card", ratio=1, min_width=14, overflow="ellipsis", no_wrap=True)
        table.add_column("Votes", justify="right", no_wrap=True)
        table.add_column("Result", no_wrap=True)
        table.add_column("Distribution", no_wrap=True)
        if traffic:
            table.add_column("Trend votes", no_wrap=True)
        table.add_column("Change", no_wrap=True)
        table.add_column("Split", no_wrap=True)
        for card in result.cards:
            row = [cells.user(card.title), cells.plain(card.votes), health_cells.card_value(card, palette),
                   _distribution(card, palette)]
            if traffic:
                row.append(health_cells.trend_votes(card, palette))
            row += [health_cells.change_short(card, palette),
                    cells.plain("SPLIT", f"bold {palette.warn}") if card.split else cells.plain("")]
            table.add_row(*row)
        parts.append(table)
        comments = [(card.title, c) for card in result.cards for c in (card.comments or ())]
        if comments:
            parts.append(Text("\nComments (in alphabetical order per card)", style="bold underline"))
            parts += [Text.assemble("  ", cells.user(title, "dim"), ": ", health_cells.wrapped(c))
                      for title, c in comments]
        parts.append(Text(f"\nNotes{'' if session.notes else ': none yet (n adds one)'}", style="bold underline"))
        parts += [Text.assemble("  ", health_cells.wrapped(line)) for line in session.notes.splitlines()]
        parts.append(Text(f"\nAction items agreed here{'' if view.actions else ': none yet (a adds one)'}",
                          style="bold underline"))
        parts += health_cells.actions_lines(view.actions, timezone, palette)
        if view.carried:
            parts.append(Text("\nCarried over from earlier sessions", style="bold underline"))
            parts += health_cells.actions_lines(view.carried, timezone, palette)
        state = (f"closed {local(session.closed_at, timezone)}" if session.is_closed
                 else "open: c closes it, which freezes its votes")
        parts.append(cells.plain(f"\nSession #{session.id} is {state}.", "dim"))
        self.update(health_cells.lines(parts))
