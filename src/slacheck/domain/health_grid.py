"""The team-wide grid: cards x teams, the view a department head uses to see where to help.

:func:`build_grid` takes session results of one template and keeps, for every column (a team,
or a team about a provider for relationship checks), the latest *closed* session.  Each cell
shows the card's majority colour or mean score and an arrow: the group's own trend vote where
there is one (traffic-light), otherwise the change against the previous session.  Cards hidden
for anonymity stay hidden in the grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .health_results import ARROWS, CardResult, SessionResult
from .model import HealthTemplate


@dataclass(frozen=True, slots=True, order=True)
class GridColumn:
    """A column of the grid: a team's own check, or a team's check about provider ``about``."""

    team: str
    about: str = ""

    @property
    def label(self) -> str:
        return f"{self.team} → {self.about}" if self.about else self.team


@dataclass(frozen=True, slots=True)
class GridCell:
    """One card of one team's latest closed session."""

    session: int
    result: CardResult

    @property
    def value(self) -> str | float | None:
        """The majority colour (traffic-light) or mean score (likert-5); ``None`` when hidden."""
        return self.result.value

    @property
    def direction(self) -> str | None:
        """The group's prevailing trend vote (up/same/down) when it gave one, otherwise the
        change against the previous session (better/same/worse), otherwise ``None``."""
        if self.result.trend is not None:
            return self.result.trend
        return self.result.change.direction if self.result.change is not None else None

    @property
    def arrow(self) -> str:
        """``↑``, ``→``, ``↓`` for :attr:`direction`, or an empty string."""
        return ARROWS[self.direction] if self.direction is not None else ""


@dataclass(frozen=True, slots=True)
class Grid:
    """Cards (rows, in the template's order) by columns (sorted by team, then subject)."""

    template: HealthTemplate
    columns: tuple[GridColumn, ...]
    cells: dict[tuple[str, GridColumn], GridCell]

    def cell(self, card: str, column: GridColumn) -> GridCell | None:
        return self.cells.get((card, column))

    def row(self, card: str) -> tuple[GridCell | None, ...]:
        """One card across every column (``None`` where a column has no such card)."""
        return tuple(self.cells.get((card, column)) for column in self.columns)


def build_grid(template: HealthTemplate, results: Iterable[SessionResult]) -> Grid:
    """The grid of ``template`` from the latest closed session of every column.

    Results of other templates and of open sessions are ignored.  Pass results computed with
    their previous session (``summarize_session(..., previous=...)``) to get change arrows on
    the likert-5 scale.
    """
    latest: dict[GridColumn, SessionResult] = {}
    for result in results:
        session = result.session
        if session.template != template.id or not session.is_closed:
            continue
        column = GridColumn(session.team, session.about or "")
        known = latest.get(column)
        if known is None or known.session.sort_key() < session.sort_key():
            latest[column] = result
    columns = tuple(sorted(latest))
    cells: dict[tuple[str, GridColumn], GridCell] = {}
    card_ids = {card.id for card in template.cards}
    for column in columns:
        result = latest[column]
        for card in result.cards:
            if card.card in card_ids:
                cells[(card.card, column)] = GridCell(result.session.id, card)
    return Grid(template, columns, cells)
