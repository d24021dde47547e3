"""The banner shown while the agreement files have errors (each as ``path:line:col: message``)
or while some requests cannot be judged (each with its number and the reason)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..data.cells import user

if TYPE_CHECKING:
    from ...config.problems import Problem
    from ...services.figures import Unjudged

#: Requests that cannot be judged listed by number in the banner; more are counted.
UNJUDGED_SHOWN = 5


class ProblemBanner(VerticalScroll, can_focus=False):
    """Hidden while the files are fine; otherwise every error, and what the screen still shows."""

    DEFAULT_CSS = """
    ProblemBanner {
        display: none;
        height: auto;
        max-height: 8;
        background: $error-muted;
        color: $foreground;
        padding: 0 1;
        &.-visible { display: block; }
        #problem-summary { text-style: bold; color: $text-error; }
    }
    """

    def __init__(self, root: Path, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.root = root

    def compose(self):
        yield Static(id="problem-summary")
        yield Static(id="problem-list")

    def show(self, problems: Sequence[Problem], *, have_figures: bool,
             unjudged: Sequence[Unjudged] = ()) -> None:
        self.set_class(bool(problems or unjudged), "-visible")
        if not (problems or unjudged):
            return
        summaries, lines = [], []
        if problems:
            kept = ("showing the last good figures" if have_figures
                    else "no figures until they are fixed")
            summaries.append(f"{len(problems)} error(s) in the agreement files ({kept}); "
                             "run 'slacheck validate'")
            lines += [user(problem.format(self.root)) for problem in problems]
        if unjudged:
            summaries.append(f"{len(unjudged)} request(s) cannot be judged and are left out of "
                             "the figures")
            for item in unjudged[:UNJUDGED_SHOWN]:
                lines.append(Text.assemble(f"#{item.interaction.id} ", user(item.reason)))
            if len(unjudged) > UNJUDGED_SHOWN:
                lines.append(Text(f"… and {len(unjudged) - UNJUDGED_SHOWN} more: "
                                  "'slacheck report' lists them all"))
        self.query_one("#problem-summary", Static).update(Text("; ".join(summaries)))
        self.query_one("#problem-list", Static).update(Text("\n").join(lines))
