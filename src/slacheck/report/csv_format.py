"""``report --format csv``: one row per agreement x service, with a header."""

from __future__ import annotations

from ..services.figures import Figures
from .common import iso_utc
from .safe import csv_row

HEADER = [
    "agreement", "title", "provider", "consumers", "window_from", "window_to", "objective",
    "service", "service_name", "met", "breached", "open", "compliance",
    "agreement_compliance", "error_budget_allowed", "error_budget_remaining",
]


def render_csv(figures: Figures) -> str:
    lines = [csv_row(HEADER)]
    for fig in figures.agreements:
        a, t = fig.agreement, fig.tally
        for s in fig.services:
            row = [
                a.id, a.title, a.provider, " ".join(a.consumers), iso_utc(fig.span.start),
                iso_utc(fig.span.end), float(a.objective), s.id, s.name, s.tally.met,
                s.tally.breached, s.tally.open, s.tally.compliance, t.compliance, t.allowed,
                t.remaining,
            ]
            lines.append(csv_row(row))
    return "".join(lines)
