"""The text of every table cell and label: Rich ``Text`` objects, never markup.

User text (titles, requesters, refs, names from the files) goes through :func:`user`: control
characters become visible escapes (:func:`slacheck.report.safe.terminal`) and the result is a
``Text`` that no widget parses as markup, so ``[bold]`` or ``[link=…]`` in a title is shown as
typed.  Colours come from a :class:`Palette` read from the app's theme variables, so a theme
switch restyles every cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping

from rich.text import Text

from ...domain.durations import format_seconds
from ...report.common import budget, local, percent
from ...report.safe import terminal

if TYPE_CHECKING:
    from ...domain.evaluation import Tally
    from ...domain.model import Agreement, Targets
    from .countdown import Countdown

_BLOCKS = " ▁▂▃▄▅▆▇█"
_EIGHTHS = " ▏▎▍▌▋▊▉█"


@dataclass(frozen=True)
class Palette:
    """Colours for good / warning / bad / accent text, from the theme's variables."""

    good: str = "green"
    warn: str = "yellow"
    bad: str = "red"
    accent: str = "blue"

    @classmethod
    def from_variables(cls, variables: Mapping[str, str]) -> "Palette":
        def pick(*names: str, default: str) -> str:
            for name in names:
                value = variables.get(name, "")
                if value.startswith("#") and len(value) in (4, 7):
                    return value
                if value.startswith("#") and len(value) == 9:  # drop the alpha Rich cannot show
                    return value[:7]
            return default

        return cls(
            good=pick("text-success", "success", default=cls.good),
            warn=pick("text-warning", "warning", default=cls.warn),
            bad=pick("text-error", "error", default=cls.bad),
            accent=pick("text-primary", "primary", default=cls.accent),
        )


def user(value: object, style: str = "") -> Text:
    """User text, shown literally on one line."""
    return Text(terminal(value), style=style, no_wrap=True, overflow="ellipsis", end="")


def plain(value: object, style: str = "") -> Text:
    """Text of our own (numbers, ids, labels), never parsed as markup either."""
    return Text(str(value), style=style, no_wrap=True, end="")


def parties(agreement: Agreement, limit: int = 2) -> Text:
    """``provider → consumer, consumer +3``."""
    consumers = list(agreement.consumers)
    shown = ", ".join(consumers[:limit])
    more = f" +{len(consumers) - limit}" if len(consumers) > limit else ""
    return Text.assemble(user(agreement.provider, "bold"), " → ", user(shown), plain(more, "dim"))


def compliance_bar(tally: Tally, palette: Palette, width: int = 6) -> Text:
    """A bar of the compliance, green at or above the objective, red below, then the figure."""
    value = tally.compliance
    if value is None:
        return Text.assemble(plain("·" * width, "dim"), " ", plain(f"{'-':>6}", "dim"))
    colour = palette.good if value >= float(tally.objective) else palette.bad
    eighths = round(max(0.0, min(1.0, value)) * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (_EIGHTHS[part] if part else "")
    rest = width - len(bar)
    return Text.assemble(plain(bar, colour), plain("░" * rest, "dim"), " ",
                         plain(f"{percent(value).replace(' ', ''):>6}", colour))


def objective(agreement: Agreement) -> Text:
    return plain(percent(float(agreement.objective)).replace(" ", "").replace(".0%", "%"))


def budget_left(tally: Tally, palette: Palette) -> Text:
    """Error budget left (``allowed - breached``): red below zero, ``-`` with nothing counted."""
    if not tally.counted:
        return plain("-", "dim")
    return plain(budget(tally.remaining), palette.good if tally.remaining >= 0 else palette.bad)


def sparkline(values: Iterable[float | None], objective_value: float, palette: Palette) -> Text:
    """One block per window, its height the compliance between the lowest shown and 100 %."""
    items = list(values)
    known = [v for v in items if v is not None]
    low = min([*known, objective_value]) if known else 0.0
    span = max(1e-9, 1.0 - low)
    text = Text(no_wrap=True, end="")
    for value in items:
        if value is None:
            text.append("·", "dim")
            continue
        level = 1 + round((max(low, value) - low) / span * 7)
        text.append(_BLOCKS[level], palette.good if value >= objective_value else palette.bad)
    return text


def count(value: int, style: str = "") -> Text:
    return plain(value, style if value else "dim")


def state(value: str, palette: Palette) -> Text:
    colour = {"met": palette.good, "breached": palette.bad, "open": palette.accent}.get(value, "")
    return plain(value, colour)


def when(instant: float | None, tz: str) -> Text:
    """``2026-11-20 14:00`` in the workspace time zone."""
    return plain(local(instant, tz))


def short_when(instant: float | None, tz: str) -> Text:
    """``11-20 14:00``: the year is dropped to save room."""
    return plain(local(instant, tz)[5:] if instant is not None else "-")


def left(cd: Countdown, palette: Palette) -> Text:
    """The countdown: working time left, dim with "off" outside working hours."""
    if cd.left is None:
        return plain("paused", "dim")
    if cd.overdue:
        return plain("overdue", f"bold {palette.bad}")
    text = countdown_text(cd.left)
    if not cd.ticking:
        return Text.assemble(plain(text, "dim"), plain(" off", "dim italic"))
    colour = palette.warn if cd.left < 3600 else ""
    return plain(text, colour)


def countdown_text(seconds: float) -> str:
    """``2h05m09s`` / ``4m30s``: fixed fields, so a ticking countdown does not jump about."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


def clock_name(name: str) -> str:
    return {"first_response": "response", "resolution": "resolution"}.get(name, name)


def targets_text(agreement: Agreement, targets: Targets) -> Text:
    """``first response 30m · resolution 4h`` on the agreement's calendar."""
    parts = []
    if targets.first_response is not None:
        parts.append(f"first response {targets.first_response}")
    if targets.resolution is not None:
        parts.append(f"resolution {targets.resolution}")
    cal = agreement.calendar
    day = format_seconds(cal.day_seconds)
    body = " · ".join(parts) if parts else "no targets"
    return Text.assemble(plain(body, "bold"),
                         plain(f"  (working time on {cal.id}, {cal.timezone}; 1d = {day})", "dim"))


def escalation_ladder(agreement: Agreement) -> Text:
    """``75% → it-oncall · 100% → it · 150% → cio``."""
    if not agreement.escalations:
        return plain("no escalation ladder", "dim")
    return plain(" · ".join(f"{float(rule.at) * 100:g}% → {rule.to}" for rule in agreement.escalations))
