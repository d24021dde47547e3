"""An agreement's health: what the provider says about itself, what the customers say, and
whether the two tell the same story as the compliance figure.

* the provider's latest closed own check (squad health check), card by card;
* the latest relationship check each of the agreement's consumers ran about the provider;
* the ratings of the agreement's window: mean, distribution, met against breached, the lowest
  with their comments;
* the watermelon check (green outside, red inside, or the reverse) with its reason, and the
  provider's two-sided view.

Everything comes from the snapshot's health overview, the report's ``health`` section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...domain.satisfaction import GREEN_OUTSIDE
from ...report.common import local, percent
from ..data import cells, health_cells
from ..data.cells import Palette
from ..data.health import agreement_health, team_of

if TYPE_CHECKING:
    from ...domain.health import SessionResult
    from ...domain.model import Agreement
    from ...domain.satisfaction import RatingSummary
    from ..data.snapshot import Snapshot


def _heading(text: str) -> Text:
    return Text.assemble("\n", (text, "bold underline"))


class AgreementHealthView(Static):
    """``show(snapshot, agreement)``."""

    DEFAULT_CSS = """
    AgreementHealthView { height: auto; padding: 0 1; }
    """

    def show(self, snapshot: Snapshot, agreement: Agreement) -> None:
        found = agreement_health(snapshot.health, agreement)
        if found is None:
            self.update(Text(f"Health checks cannot be read: {snapshot.health_problem}"))
            return
        palette = Palette.from_variables(self.app.theme_variables)
        tz = snapshot.timezone
        parts: list = []
        watermelon = found.watermelon
        if watermelon is not None:
            check = watermelon.check
            if check.flagged:
                kind = ("green outside, red inside" if check.kind == GREEN_OUTSIDE
                        else "red outside, green inside")
                parts.append(Text.assemble(cells.plain(f" WATERMELON: {kind} ", f"bold reverse {palette.bad}"),
                                           " ", health_cells.wrapped(check.reason)))
            else:
                parts.append(Text.assemble(cells.plain("Watermelon check: ", "bold"),
                                           health_cells.wrapped(check.reason, "dim")))
        team = team_of(snapshot.health, agreement.provider)
        if team is not None:
            parts.append(Text.assemble(cells.plain("Two sides: ", "bold"),
                                       health_cells.wrapped(team.two_sided.reason, "dim")))
        parts.append(_heading(f"Provider {agreement.provider}: its own latest check"))
        parts += self._own(found.check, tz, palette)
        parts.append(_heading("Customers: their latest relationship checks about the provider"))
        parts += self._customers(found.customers, tz, palette)
        parts.append(_heading("Ratings of this agreement's window"))
        parts += self._ratings(found.ratings, palette)
        self.update(health_cells.lines(parts))

    @staticmethod
    def _own(check: SessionResult | None, tz: str, palette: Palette) -> list:
        if check is None:
            return [cells.plain("No closed health check yet.", "dim")]
        session = check.session
        head = Text.assemble(health_cells.session_value(check, palette), " ",
                             cells.user(check.template.title), cells.plain(
                                 f" · session #{session.id}, closed {local(session.closed_at, tz)} · "
                                 f"{check.participants} participant(s)", "dim"))
        grid = Table.grid(padding=(0, 2))
        for _ in range(2):
            grid.add_column(no_wrap=True, overflow="ellipsis", max_width=26)
            grid.add_column(no_wrap=True)
        cards = [Text.assemble(health_cells.card_value(c, palette), " ",
                               health_cells.arrow(c.change.direction if c.change else None, palette),
                               cells.plain(" split", palette.warn) if c.split else "") for c in check.cards]
        titles = [cells.user(c.title) for c in check.cards]
        for i in range(0, len(cards), 2):
            row = [titles[i], cards[i]]
            row += [titles[i + 1], cards[i + 1]] if i + 1 < len(cards) else [Text(""), Text("")]
            grid.add_row(*row)
        return [head, grid]

    @staticmethod
    def _customers(results: tuple[SessionResult, ...], tz: str, palette: Palette) -> list:
        if not results:
            return [cells.plain("No consumer of this agreement has closed a relationship check about "
                                "the provider.", "dim")]
        lines = []
        for result in results:
            session = result.session
            low = [c.title for c in result.cards if c.mean is not None and c.mean < 3]
            line = Text.assemble(cells.user(session.team, "bold"), " ",
                                 health_cells.session_value(result, palette),
                                 cells.plain(f" of 5 · session #{session.id}, closed "
                                             f"{local(session.closed_at, tz)} · {result.participants} "
                                             f"participant(s)", "dim"))
            if low:
                line.append_text(Text.assemble(cells.plain(" · below 3: ", palette.bad),
                                               cells.user(", ".join(low))))
            lines.append(line)
        return lines

    @staticmethod
    def _ratings(summary: RatingSummary | None, palette: Palette) -> list:
        if summary is None or not summary.count:
            return [cells.plain("No ratings in the window.", "dim")]
        lines: list = [Text.assemble(
            cells.plain(f"{summary.count} rating(s) · mean "), health_cells.rating(summary, palette),
            cells.plain(f" · rated 4-5: {percent(summary.satisfied_share)} · met "),
            health_cells.mean(summary.met_mean, palette), cells.plain(" against breached "),
            health_cells.mean(summary.breached_mean, palette),
            cells.plain(f" (a breach costs {summary.gap:.1f})" if summary.gap is not None else "", "dim"))]
        counts = Text("  ", end="")
        for score, count in summary.distribution.items():
            counts.append(f"{score}: {count}  ", health_cells.colour_style(health_cells.band_of_score(score), palette)
                          if count else "dim")
        lines.append(counts)
        for low in summary.lowest:
            lines.append(Text.assemble(cells.plain(f"  {low.rating} ", f"bold {palette.bad}"),
                                       cells.plain(f"#{low.interaction} "), health_cells.wrapped(low.title), ": ",
                                       health_cells.wrapped(low.comment or "(no comment)", "italic")))
        return lines
