"""The text of every health cell and label: Rich ``Text``, never markup.

Colours green / amber / red are the theme's success / warning / error colours (a
:class:`~slacheck.tui.data.cells.Palette`); a colour is always also a word or a number, so the
screens read the same without colour (``NO_COLOR``) and in the light theme.  User text --
comments, notes, action items, titles from the templates -- goes through
:func:`~slacheck.report.safe.terminal` into a ``Text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from rich.console import Group
from rich.text import Text

from ...domain.health_results import ARROWS, BETTER, WORSE
from ...domain.health_trend import sparkline
from ...domain.health_votes import AMBER, GREEN, RED, SCALE_RANGES, TRAFFIC_LIGHT
from ...report.safe import terminal
from .cells import plain
from .health import band, enough_ratings, rating_colour, session_colour

if TYPE_CHECKING:
    from ...domain.health import CardResult, SessionResult, TrendPoint
    from ...domain.satisfaction import RatingSummary
    from .cells import Palette
    from .health import AgreementHealth

DOT = "●"
NONE = "·"


def band_of_score(score: float) -> str | None:
    """The colour of a 1-5 score or mean."""
    low, high = SCALE_RANGES["likert-5"]
    return band((score - low) / (high - low))


def colour_style(colour: str | None, palette: Palette) -> str:
    return {GREEN: palette.good, AMBER: palette.warn, RED: palette.bad}.get(colour or "", "dim")


def wrapped(value: object, style: str = "") -> Text:
    """User text that may wrap (statements, comments, notes), shown literally."""
    return Text(terminal(value), style=style, end="")


def dot(colour: str | None, palette: Palette) -> Text:
    """``●`` in the colour, or a dim ``·`` without one."""
    return plain(DOT if colour else NONE, colour_style(colour, palette))


def colour_word(colour: str | None, palette: Palette) -> Text:
    """``● amber``."""
    if colour is None:
        return plain("-", "dim")
    return Text.assemble(dot(colour, palette), " ", plain(colour, colour_style(colour, palette)))


def arrow(direction: str | None, palette: Palette) -> Text:
    """``↑`` better (or voted up), ``→`` same, ``↓`` worse; nothing without a direction."""
    if direction is None:
        return plain("")
    style = {BETTER: palette.good, "up": palette.good, WORSE: palette.bad, "down": palette.bad}.get(direction, "dim")
    return plain(ARROWS[direction], style)


def mean(value: float | None, palette: Palette, *, dim: bool = False) -> Text:
    """A 1-5 mean with one decimal, coloured by its band."""
    if value is None:
        return plain("-", "dim")
    return plain(f"{value:.1f}", "dim" if dim else colour_style(band_of_score(value), palette))


def session_value(result: SessionResult | None, palette: Palette) -> Text:
    """A session as one value: ``● amber`` (traffic-light) or ``● 3.8`` (likert-5)."""
    if result is None or result.normalized is None:
        return plain("hidden" if result is not None and result.participants else "-", "dim")
    colour = session_colour(result)
    if result.scale == TRAFFIC_LIGHT:
        return colour_word(colour, palette)
    return Text.assemble(dot(colour, palette), " ", mean(result.score, palette))


def card_value(card: CardResult, palette: Palette) -> Text:
    """A card's result: majority colour or mean; ``hidden`` below the anonymity threshold."""
    if card.votes == 0:
        return plain("no votes", "dim")
    if card.hidden:
        return plain("hidden", "dim")
    if card.scale == TRAFFIC_LIGHT:
        return colour_word(card.majority, palette)
    return Text.assemble(dot(band(card.normalized), palette), " ", mean(card.mean, palette))


def change(card: CardResult, palette: Palette) -> Text:
    """``↓ worse (was green)`` / ``↑ better (+0.4, was 3.2)`` against the previous session."""
    found = card.change
    if found is None:
        return plain("-", "dim")
    was = (f"{found.delta:+.1f}, was {float(found.previous):.1f}" if card.scale != TRAFFIC_LIGHT
           else f"was {found.previous}")
    return Text.assemble(arrow(found.direction, palette), plain(f" {found.direction} ({was})"))


def change_short(card: CardResult, palette: Palette) -> Text:
    """``↓ was green`` / ``↑ +0.4``: the change in a narrow column."""
    found = card.change
    if found is None:
        return plain("-", "dim")
    what = f"was {found.previous}" if card.scale == TRAFFIC_LIGHT else f"{found.delta:+.1f}"
    return Text.assemble(arrow(found.direction, palette), plain(f" {what}"))


def trend_votes(card: CardResult, palette: Palette) -> Text:
    """``↑1 →0 ↓4 (down)``: the group's trend votes."""
    if not card.trends or not any(card.trends.values()):
        return plain("-", "dim")
    text = Text(end="")
    for name, count in card.trends.items():
        text.append_text(arrow(name, palette) if count else plain(ARROWS[name], "dim"))
        text.append(f"{count} ")
    text.append(f"({card.trend})")
    return text


def points_sparkline(points: Sequence[TrendPoint], scale: str, palette: Palette) -> Text:
    """The domain's sparkline of a trend line, each block in its session's colour."""
    low, high = SCALE_RANGES[scale]
    blocks = sparkline([p.value for p in points], low, high)
    text = Text(no_wrap=True, end="")
    for point, block in zip(points, blocks):
        colour = point.colour or (band((point.value - low) / (high - low)) if point.value is not None else None)
        text.append(block, colour_style(colour, palette))
    return text


def rating(summary: RatingSummary | None, palette: Palette) -> Text:
    """A mean rating, dim while it rests on fewer ratings than the watermelon check needs."""
    if summary is None or summary.mean is None:
        return plain("-", "dim")
    colour = rating_colour(summary)
    return plain(f"{summary.mean:.1f}", colour_style(colour, palette) if enough_ratings(summary) else "dim")


def agreement_cell(health: AgreementHealth | None, palette: Palette) -> Text:
    """The dashboard's health cell: the provider's check colour, then its customers' mean
    rating, reversed when the watermelon check flags the agreement."""
    if health is None:
        return plain("")
    shown = rating(health.ratings, palette)
    if health.flagged:
        shown.stylize("bold reverse")
    return Text.assemble(dot(health.colour, palette), " ", shown)


def distribution(card: CardResult, palette: Palette, width: int = 20) -> list[Text]:
    """A bar per colour (or score) with its count; nothing when the card is hidden."""
    if card.distribution is None:
        return []
    total = max(1, sum(card.distribution.values()))
    lines = []
    for value, count in card.distribution.items():
        if card.scale == TRAFFIC_LIGHT:
            label, colour = f"{value:<6}", str(value)
        else:
            label, colour = f"{value:<2}", band_of_score(int(value))
        bar = "█" * round(count / total * width)
        lines.append(Text.assemble(plain(label, colour_style(colour, palette)), " ",
                                   plain(bar or "", colour_style(colour, palette)),
                                   plain(f" {count}", "bold" if count else "dim")))
    return lines


def actions_lines(views: Iterable, tz: str, palette: Palette) -> list[Text]:
    """Action items: ``#3 open  text (owner X)`` and, below, the target and its progress."""
    from ...report.common import local

    lines = []
    for view in views:
        action = view.action
        status = (plain(f"done {local(action.done_at, tz)}", palette.good) if action.done_at is not None
                  else plain("open", palette.warn))
        line = Text.assemble(plain(f"#{action.id} ", "bold"), status, "  ", wrapped(action.text))
        if action.owner:
            line.append_text(Text.assemble(plain("  owner ", "dim"), wrapped(action.owner)))
        lines.append(line)
        if action.target is not None:
            lines.append(Text.assemble(plain("    target: ", "dim"), wrapped(str(action.target))))
        if view.progress is not None:
            met = view.progress.met
            style = palette.good if met else palette.bad if met is False else "dim"
            lines.append(Text.assemble(plain("    "), wrapped(view.progress.sentence, style)))
    return lines


def lines(parts: Iterable[object]) -> Group:
    """A Rich group with every ``Text`` on a line of its own (cells end without a newline)."""
    out = []
    for part in parts:
        if isinstance(part, Text):
            part = part.copy()
            part.end = "\n"
        out.append(part)
    return Group(*out)


__all__ = [
    "DOT", "actions_lines", "agreement_cell", "arrow", "band_of_score", "card_value", "change",
    "change_short",
    "colour_style", "colour_word", "distribution", "dot", "lines", "mean", "points_sparkline",
    "rating", "session_value", "trend_votes", "wrapped",
]
