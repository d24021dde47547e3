"""The card being voted on, and its result once revealed.

:class:`CardView` shows the card's awesome and crappy statements, whose turn it is, how many
have voted (never what), and the vote the current participant is choosing.
:class:`ResultView` shows what the group said once everybody has voted: the distribution
(unless the card has fewer votes than the anonymity threshold), the majority colour or the
mean, the trend votes, the change against the previous session, the split flag and the
comments in alphabetical order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...domain.health import TRAFFIC_LIGHT
from ..data import cells, health_cells
from ..data.cells import Palette
from ..data.health_run import REVEALED

if TYPE_CHECKING:
    from ...domain.health import CardResult
    from ..data.health_run import RunState

_TRAFFIC_KEYS = "g green · a amber · r red, then ↑ better · = same · ↓ worse (optional)"
_LIKERT_KEYS = "1 (the crappy statement is true) to 5 (the awesome statement is true)"


class CardView(Static):
    """``show(state)``: the current card of a :class:`~slacheck.tui.data.health_run.RunState`."""

    DEFAULT_CSS = """
    CardView { height: auto; padding: 0 1; }
    """

    def show(self, state: RunState) -> None:
        palette = Palette.from_variables(self.app.theme_variables)
        card, count = state.card, len(state.template.cards)
        statements = Table.grid(padding=(0, 1))
        statements.add_column(no_wrap=True)
        statements.add_column()
        statements.add_row(cells.plain(" awesome", palette.good), health_cells.wrapped(card.awesome))
        statements.add_row(cells.plain(" crappy", palette.bad), health_cells.wrapped(card.crappy))
        parts: list = [
            Text.assemble(cells.plain(f"Card {state.index + 1} of {count} · ", "dim"),
                          cells.user(card.title, "bold")),
            statements,
            Text(""),
        ]
        voted = cells.plain(f"{state.card_votes} of {state.participants} have voted", "bold")
        if state.phase == REVEALED:
            parts.append(Text.assemble(voted, cells.plain(" · n: next card", "dim")))
        elif state.everyone_voted:
            parts.append(Text.assemble(voted, cells.plain(" · everyone has had a turn: space reveals "
                                                          "the result", palette.accent)))
        else:
            parts.append(Text.assemble(
                cells.plain(f"Participant {state.participant} of {state.participants}, your turn", "bold"),
                cells.plain(" · ", "dim"), voted, cells.plain(" · votes stay hidden until everyone has voted", "dim")))
            parts.append(self._draft(state, palette))
            parts.append(cells.plain(_LIKERT_KEYS if state.likert else _TRAFFIC_KEYS, "dim"))
            parts.append(cells.plain("m comment · enter cast the vote · x pass this card", "dim"))
        self.update(health_cells.lines(parts))

    @staticmethod
    def _draft(state: RunState, palette: Palette) -> Text:
        draft = state.draft
        text = Text("Your vote: ", end="")
        if state.likert:
            text.append_text(cells.plain(draft.score, health_cells.colour_style(
                health_cells.band_of_score(draft.score), palette)) if draft.score is not None
                else cells.plain("choose 1-5", "dim"))
        else:
            text.append_text(health_cells.colour_word(draft.colour, palette) if draft.colour
                             else cells.plain("choose a colour", "dim"))
            if draft.trend is not None:
                text.append_text(Text.assemble(" ", health_cells.arrow(draft.trend, palette),
                                               cells.plain(f" {draft.trend}")))
        if draft.comment:
            text.append_text(Text.assemble(cells.plain("  comment: ", "dim"), health_cells.wrapped(draft.comment)))
        return text


class ResultView(Static):
    """``show(card, min_votes)``: a card's revealed result."""

    DEFAULT_CSS = """
    ResultView { height: auto; padding: 0 1; margin-top: 1; border-top: hkey $border-blurred; }
    """

    def show(self, card: CardResult, min_votes: int) -> None:
        palette = Palette.from_variables(self.app.theme_variables)
        votes = f"{card.votes} vote{'' if card.votes == 1 else 's'}"
        if card.hidden:
            why = ("nobody voted on this card" if card.votes == 0 else
                   f"fewer than {min_votes} votes: the result stays hidden, so that nobody's vote can "
                   f"be worked out (only the count is shown)")
            self.update(Text.assemble(cells.plain("Result: ", "bold"), cells.plain(votes), " · ",
                                      cells.plain(why, "dim")))
            return
        head = Text.assemble(cells.plain("Result: ", "bold"), health_cells.card_value(card, palette),
                             cells.plain(f"  ({votes})"))
        if card.split:
            head.append_text(Text.assemble("  ", cells.plain(" SPLIT ", f"bold reverse {palette.warn}"),
                                           cells.plain(" the votes split widely: talk about this one",
                                                       palette.warn)))
        parts = [head, *health_cells.distribution(card, palette)]
        if card.scale == TRAFFIC_LIGHT:
            parts.append(Text.assemble(cells.plain("Trend votes: "), health_cells.trend_votes(card, palette)))
        parts.append(Text.assemble(cells.plain("Against the previous session: "),
                                   health_cells.change(card, palette)))
        if card.comments:
            parts.append(cells.plain("Comments (in alphabetical order, so they cannot be matched to votes):"))
            parts += [Text.assemble("  - ", health_cells.wrapped(c)) for c in card.comments]
        self.update(health_cells.lines(parts))

