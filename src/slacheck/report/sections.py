"""The human-readable report as sections of rows, shared by the table and Markdown renderers.

Cells are plain strings with user text *not yet* escaped; each renderer escapes for its own
medium (:mod:`slacheck.report.safe`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..services.figures import Figures
from .common import budget, left, local, percent

if TYPE_CHECKING:
    from ..services.health import HealthOverview


@dataclass(frozen=True)
class Section:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "none"
    right: frozenset[int] = frozenset()  # column indexes aligned right (numbers)


def _burn_text(fig) -> str:
    burn = fig.burn
    if burn.exhausted:
        return "exhausted"
    if burn.rate is None:
        return "-"
    when = "not this window" if burn.exhausted_at is None else "out " + local(burn.exhausted_at, "UTC")[:10]
    return f"{burn.rate:.2f}x, {when}"


def sections(figures: Figures, tz: str, health: HealthOverview | None = None) -> list[Section]:
    """The report's sections; with ``health``, the health-and-satisfaction sections follow the
    agreements' compliance."""
    overview = []
    for fig in figures.agreements:
        a, t = fig.agreement, fig.tally
        status = "-" if t.compliance is None else ("OK" if t.remaining >= 0 else "BELOW")
        overview.append((
            a.id, f"{a.provider} -> {', '.join(a.consumers)}", percent(t.compliance),
            percent(float(a.objective)), str(t.met), str(t.breached), str(t.open),
            budget(t.remaining), _burn_text(fig), status,
        ))
    result = [Section(
        "Agreements",
        ("agreement", "provider -> consumers", "compliance", "objective", "met", "breached",
         "open", "budget left", "burn", "status"),
        tuple(overview), "no agreements", frozenset({2, 3, 4, 5, 6, 7}),
    )]
    for fig in figures.agreements:
        rows = tuple(
            (s.id, s.name, percent(s.tally.compliance), str(s.tally.met), str(s.tally.breached),
             str(s.tally.open))
            for s in fig.services
        )
        window = f"{local(fig.span.start, tz)} to {local(fig.span.end, tz)}"
        result.append(Section(
            f"{fig.agreement.id}: {fig.agreement.title} ({window})",
            ("service", "name", "compliance", "met", "breached", "open"), rows,
            right=frozenset({2, 3, 4, 5}),
        ))
    # health_format imports Section from this module, so it is imported here, not at the top.
    from .health_format import health_sections

    result += health_sections(health, tz)
    result.append(Section(
        "Open escalations",
        ("#", "ref", "agreement", "service", "level", "to", "since", "acknowledged", "title"),
        tuple(
            (str(e.interaction.id), e.interaction.ref or "", e.interaction.agreement,
             e.interaction.service, f"{e.level}/{e.rule_count}", e.to, local(e.since, tz),
             "yes" if e.acknowledged else "NO", e.interaction.title)
            for e in figures.escalations
        ),
        "no open escalations", frozenset({0}),
    ))
    result.append(Section(
        "At risk (soonest deadline first)",
        ("#", "agreement", "service", "priority", "clock", "deadline", "left", "title"),
        tuple(
            (str(r.evaluation.interaction.id), r.evaluation.interaction.agreement,
             r.evaluation.interaction.service, r.evaluation.priority or "-",
             r.clock.replace("_", " "), local(r.deadline, tz) if r.deadline else "paused",
             left(r.left), r.evaluation.interaction.title)
            for r in figures.at_risk
        ),
        "nothing open", frozenset({0, 6}),
    ))
    if figures.unjudged:
        result.append(Section(
            "Not judged (left out of every figure above)",
            ("#", "ref", "agreement", "service", "reason"),
            tuple((str(u.interaction.id), u.interaction.ref or "", u.interaction.agreement,
                   u.interaction.service, u.reason) for u in figures.unjudged),
            right=frozenset({0}),
        ))
    return result
