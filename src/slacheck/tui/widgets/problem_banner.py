"""The banner shown while the agreement files have errors: each as ``path:line:col: message``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..data.cells import user

if TYPE_CHECKING:
    from ...config.problems import Problem


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

    def show(self, problems: Sequence[Problem], *, have_figures: bool) -> None:
        self.set_class(bool(problems), "-visible")
        if not problems:
            return
        kept = ("showing the last good figures" if have_figures
                else "no figures until they are fixed")
        summary = f"{len(problems)} error(s) in the agreement files ({kept}); run 'slacheck validate'"
        self.query_one("#problem-summary", Static).update(Text(summary))
        lines = Text("\n").join(user(problem.format(self.root)) for problem in problems)
        self.query_one("#problem-list", Static).update(lines)
