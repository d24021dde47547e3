"""The explanation of one request, section by section: the very lines ``slacheck show`` prints."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...services.explain import ESCALATIONS, HEADER, TARGETS, TIMELINE

_SECTIONS = {HEADER: "explain-header", TIMELINE: "explain-timeline", TARGETS: "explain-targets",
             ESCALATIONS: "explain-escalations"}


class ExplanationView(VerticalScroll):
    """One bordered block per section; the escalations block only when a level was reached.

    The lines are plain text made safe by :func:`slacheck.report.safe.terminal`; they are shown
    as ``Text``, so nothing in them is read as markup.
    """

    DEFAULT_CSS = """
    ExplanationView {
        height: 1fr;
        & > Static {
            border: round $border-blurred;
            border-title-color: $text-primary;
            padding: 0 1;
            height: auto;
        }
        & > Static.-hidden { display: none; }
    }
    """

    def compose(self):
        for heading, widget_id in _SECTIONS.items():
            block = Static(id=widget_id)
            block.border_title = heading or "Request"
            yield block

    def show(self, sections: list[tuple[str, list[str]]]) -> None:
        given = dict(sections)
        for heading, widget_id in _SECTIONS.items():
            block = self.query_one(f"#{widget_id}", Static)
            lines = given.get(heading)
            block.set_class(lines is None, "-hidden")
            if lines is not None:
                block.update(Text("\n".join(line[2:] if line.startswith("  ") else line for line in lines)))
