"""A bar chart of compliance per window, oldest left, with the objective as a dashed line."""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Sequence
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.widget import Widget

from ..data.cells import Palette

if TYPE_CHECKING:
    from ..data.trends import TrendPoint

_EIGHTHS = " ▁▂▃▄▅▆▇█"
_AXIS = 6  # "100% ┤"


def _label(end: int, tz: str, window: str) -> str:
    """The window's last day (``11-20``), or its month (``Nov``) for calendar windows."""
    day = datetime.fromtimestamp(end - 1, timezone.utc).astimezone(ZoneInfo(tz))
    return day.strftime("%b") if window in ("month", "quarter") else day.strftime("%m-%d")


class TrendChart(Widget):
    """Compliance of the last windows; a window with nothing counted shows ``·``."""

    DEFAULT_CSS = """
    TrendChart {
        height: 1fr;
        min-height: 6;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points: Sequence[TrendPoint] = ()
        self.objective = 0.0
        self.timezone = "UTC"
        self.window = ""

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self.refresh, init=False)

    def show(self, points: Sequence[TrendPoint], objective: float, tz: str, window: str) -> None:
        self.points, self.objective, self.timezone, self.window = points, objective, tz, window
        self.refresh()

    def render(self) -> Text:
        if not self.points:
            return Text("evaluating the windows…", style="dim")
        palette = Palette.from_variables(self.app.theme_variables)
        rows = max(3, self.size.height - 2)
        values = [p.compliance for p in self.points]
        known = [v for v in values if v is not None]
        low = math.floor(min([*known, self.objective]) * 10) / 10
        low = min(low, 0.9)
        span = 1.0 - low
        width = max(3, min(8, (self.size.width - _AXIS) // len(self.points)))
        bar = max(1, width - 1)

        def height(value: float) -> float:
            return (value - low) / span * rows * 8 if span > 0 else rows * 8

        objective_row = min(rows - 1, int(height(self.objective) // 8))
        text = Text(no_wrap=True, overflow="crop")
        for row in range(rows - 1, -1, -1):
            if row == rows - 1:
                label = "100%"
            elif row == objective_row:
                label = f"{self.objective * 100:g}%"
            elif row == 0:
                label = f"{low * 100:g}%"
            else:
                label = ""
            text.append(f"{label:>4} ┤", "dim")
            for value in values:
                if value is None:
                    text.append(("·" if row == 0 else " ") * bar + " ", "dim")
                    continue
                eighths = max(0, min(8, round(height(value) - row * 8)))
                colour = palette.good if value >= self.objective else palette.bad
                if eighths == 0 and row == objective_row:
                    text.append("╌" * bar + " ", "dim")
                else:
                    text.append(_EIGHTHS[eighths] * bar + " ", colour)
            text.append("\n")
        text.append(" " * _AXIS)
        for point in self.points:
            text.append(f"{_label(point.end, self.timezone, self.window):<{width}}"[:width], "dim")
        text.append("\n")
        latest = values[-1]
        now = "-" if latest is None else f"{latest * 100:.1f}%"
        text.append(f"each bar one window ({self.window}), oldest left; now {now}; "
                    f"objective {self.objective * 100:g}% (╌)", "dim")
        return text
