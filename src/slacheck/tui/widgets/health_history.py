"""A team's health checks over time: per series, every session and a trend line per card.

The lines are the service's (``slacheck health trend``): one value per closed session, a card's
score (its mean colour value, or its mean score) drawn as a sparkline on the scale's full range,
each block in that session's colour; a card hidden for anonymity leaves a gap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...report.common import local
from ..data import cells, health_cells
from ..data.cells import Palette
from ..data.health import direction

if TYPE_CHECKING:
    from ..data.health_reader import SeriesHistory


def _title(item: SeriesHistory) -> Text:
    about = item.series.about
    whose = Text.assemble(" about ", cells.user(about, "bold")) if about else Text(" (its own check)")
    return Text.assemble(cells.user(item.template.title, "bold underline"), whose,
                         cells.plain(f"  {item.template.id}", "dim"))


class HistoryView(Static):
    """``show(series, timezone)``: a block per series the team runs."""

    DEFAULT_CSS = """
    HistoryView { height: auto; padding: 0 1; }
    """

    def show(self, series: list[SeriesHistory], team: str, timezone: str) -> None:
        if not series:
            self.update(Text.assemble(cells.user(team, "bold"), " has run no health check yet "
                                      "(r on the Health screen runs one)."))
            return
        palette = Palette.from_variables(self.app.theme_variables)
        parts: list = []
        for item in series:
            parts += [_title(item), self._sessions(item, timezone, palette), self._cards(item, palette), Text("")]
        self.update(health_cells.lines(parts))

    @staticmethod
    def _sessions(item: SeriesHistory, tz: str, palette: Palette) -> Table:
        table = Table(box=None, pad_edge=False, show_edge=False, title_justify="left")
        for name in ("Opened", "Session", "People", "Result", "Δ", "Split cards", "Closed"):
            table.add_column(name, no_wrap=True)
        closed_so_far = []
        for result in item.sessions:
            session = result.session
            if session.is_closed:
                closed_so_far += [p for p in item.points if p.session == session.id]
            change = direction(closed_so_far, item.template.scale) if session.is_closed else None
            table.add_row(
                cells.plain(local(session.opened_at, tz)[:10]), cells.plain(f"#{session.id}"),
                cells.count(result.participants), health_cells.session_value(result, palette),
                health_cells.arrow(change, palette),
                cells.count(len(result.split_cards), palette.warn),
                cells.plain(local(session.closed_at, tz) if session.is_closed else "open",
                            "" if session.is_closed else palette.accent))
        return table

    @staticmethod
    def _cards(item: SeriesHistory, palette: Palette) -> Table:
        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("Card", no_wrap=True, overflow="ellipsis", max_width=32)
        table.add_column("History", no_wrap=True)
        table.add_column("Latest", no_wrap=True)
        table.add_column("Change", no_wrap=True, overflow="ellipsis")
        latest = next((r for r in reversed(item.sessions) if r.session.is_closed), None)
        for card_id, title, points in item.cards:
            card = latest.card(card_id) if latest is not None else None
            table.add_row(cells.user(title),
                          health_cells.points_sparkline(points, item.template.scale, palette) or cells.plain("-"),
                          health_cells.card_value(card, palette) if card else cells.plain("-", "dim"),
                          health_cells.change(card, palette) if card else cells.plain("-", "dim"))
        return table
