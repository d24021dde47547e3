"""Showing a change before it is saved: the meaning-level summary and the unified text diff.

Both are shown literally: every line goes through :func:`~slacheck.report.safe.terminal` into a
``rich.text.Text`` (a ``[bold]`` in a title or a comment stays as typed).  Colours come from the
theme (:class:`~slacheck.tui.data.cells.Palette`).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...report.safe import terminal
from ..data.cells import Palette


def summary_text(summary: str, palette: Palette) -> Text:
    """The text ``slacheck diff`` prints, with ``(stricter)`` and ``(looser)`` coloured."""
    text = Text("\n").join(Text(terminal(line)) for line in summary.rstrip("\n").split("\n"))
    text.highlight_regex(r"\(stricter\)$", f"bold {palette.warn}")
    text.highlight_regex(r"\(looser\)$", f"bold {palette.accent}")
    if text.plain.startswith("slacheck diff:"):
        text.stylize("bold", 0, len(text.plain.split("\n", 1)[0]))
    return text


def diff_text(diff: str, palette: Palette) -> Text:
    """A unified diff, added lines green, removed lines red, hunk headers dim."""
    lines = []
    for line in diff.rstrip("\n").split("\n") if diff else []:
        style = ""
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("+"):
            style = palette.good
        elif line.startswith("-"):
            style = palette.bad
        elif line.startswith("@@"):
            style = "dim"
        lines.append(Text(terminal(line.replace("\t", "    ")), style=style))
    return Text("\n").join(lines) if lines else Text("(no difference in the text)", style="dim")


class TextDiff(Static):
    """A unified diff, shown literally."""

    DEFAULT_CSS = """
    TextDiff { height: auto; padding: 0 1; background: $boost; }
    """

    def show(self, diff: str) -> None:
        self.update(diff_text(diff, Palette.from_variables(self.app.theme_variables)))


class ChangeSummary(Static):
    """The meaning-level summary, or why there is none."""

    DEFAULT_CSS = """
    ChangeSummary { height: auto; padding: 0 1; }
    """

    def show(self, summary: str | None, unavailable: str = "") -> None:
        if summary is None:
            self.update(Text(terminal(unavailable), style="italic"))
            return
        self.update(summary_text(summary, Palette.from_variables(self.app.theme_variables)))
