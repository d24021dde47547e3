"""The evidence shown before anyone votes: what the team the session is about delivered.

The period's figures of every agreement it provides (compliance against the objective, met,
breached, open, ratings), its open escalations, its ratings with the lowest ones and their
comments, and the action items still open from earlier sessions -- the same facts as
``slacheck health show SESSION --evidence``, so votes rest on facts rather than on the one
request everybody remembers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...report.common import local, percent
from ..data import cells, health_cells
from ..data.cells import Palette

if TYPE_CHECKING:
    from ...services.health import Evidence

#: Open escalations listed at most (the count is always shown).
MAX_ESCALATIONS = 8


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline", end="")


class EvidenceView(Static):
    """``show(evidence, timezone)``; ``None`` says the subject provides no agreement."""

    DEFAULT_CSS = """
    EvidenceView { height: auto; padding: 0 1; }
    """

    def show(self, evidence: Evidence | None, subject: str, timezone: str) -> None:
        if evidence is None:
            self.update(Text.assemble(cells.user(subject, "bold"), " provides no agreement: there are no "
                                      "figures to look at before voting."))
            return
        palette = Palette.from_variables(self.app.theme_variables)
        self.update(health_cells.lines(self._parts(evidence, timezone, palette)))

    def _parts(self, evidence: Evidence, tz: str, palette: Palette):
        yield Text.assemble(plain_bold("What "), cells.user(evidence.team, "bold"),
                            plain_bold(f" delivered, as of {local(evidence.at, tz)} ({tz})"))
        table = Table(box=None, pad_edge=False, expand=False, show_edge=False)
        for name, justify in (("Agreement", "left"), ("Compliance", "right"), ("Obj", "right"),
                              ("Met", "right"), ("Brch", "right"), ("Open", "right"),
                              ("Ratings", "right"), ("Mean", "right")):
            table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
        for fig in evidence.agreements:
            tally, rated = fig.tally, evidence.by_agreement.get(fig.agreement.id)
            table.add_row(cells.user(fig.agreement.id), cells.compliance_bar(tally, palette),
                          cells.objective(fig.agreement), cells.count(tally.met),
                          cells.count(tally.breached, palette.bad), cells.count(tally.open),
                          cells.count(rated.count if rated else 0), health_cells.rating(rated, palette))
        yield table
        escalations = evidence.escalations
        yield _heading(f"Open escalations: {len(escalations)}")
        for item in escalations[:MAX_ESCALATIONS]:
            interaction = item.interaction
            yield Text.assemble(cells.plain(f"  #{interaction.id} "), cells.user(interaction.agreement),
                                cells.plain(f" level {item.level}/{item.rule_count} to "), cells.user(item.to),
                                cells.plain("" if item.acknowledged else " (not acknowledged)", palette.bad),
                                ": ", health_cells.wrapped(interaction.title))
        ratings = evidence.ratings
        yield _heading(f"Ratings: {ratings.count}")
        if ratings.count:
            yield Text.assemble(
                "  mean ", health_cells.rating(ratings, palette),
                f" · rated 4-5: {percent(ratings.satisfied_share)}",
                " · met ", health_cells.mean(ratings.met_mean, palette),
                " against breached ", health_cells.mean(ratings.breached_mean, palette))
        for low in ratings.lowest:
            yield Text.assemble(cells.plain(f"  {low.rating} ", f"bold {palette.bad}"),
                                cells.plain(f"#{low.interaction} "), cells.user(low.agreement, "dim"), " ",
                                health_cells.wrapped(low.title), ": ",
                                health_cells.wrapped(low.comment or "(no comment)", "italic"))
        actions = evidence.open_actions
        yield _heading(f"Open action items: {len(actions)}")
        yield from health_cells.actions_lines(actions, tz, palette)


def plain_bold(text: str) -> Text:
    return cells.plain(text, "bold")
