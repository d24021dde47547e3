"""``report --format json``: exactly the contract's shape, ``"schema": "slacheck.report/1"``.

Every agreement and service is listed, with zeros and ``null`` compliance where nothing counts.
Numbers are plain JSON numbers, not rounded; instants are UTC with ``Z``.  Keys beyond the
contract (``rules``, ``burn``, ``at_risk``, ``since``, ``unjudged``: the interactions that could
not be judged, left out of every figure) only add information.
"""

from __future__ import annotations

import json
from typing import Any

from ..services.figures import Figures
from .common import iso_utc

SCHEMA = "slacheck.report/1"


def _number(value: float | None) -> float | None:
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return None
    return value


def report_dict(figures: Figures, health: list | None = None) -> dict[str, Any]:
    agreements = []
    for fig in figures.agreements:
        a, t = fig.agreement, fig.tally
        agreements.append({
            "id": a.id,
            "title": a.title,
            "provider": a.provider,
            "consumers": list(a.consumers),
            "window": {"from": iso_utc(fig.span.start), "to": iso_utc(fig.span.end)},
            "objective": float(a.objective),
            "met": t.met,
            "breached": t.breached,
            "open": t.open,
            "compliance": t.compliance,
            "error_budget": {"allowed": t.allowed, "remaining": t.remaining},
            "burn": {
                "consumed": _number(fig.burn.consumed),
                "window_elapsed": fig.burn.window_elapsed,
                "rate": _number(fig.burn.rate),
                "exhausted": fig.burn.exhausted,
                "exhausted_at": iso_utc(fig.burn.exhausted_at),
            },
            "services": [
                {"id": s.id, "met": s.tally.met, "breached": s.tally.breached,
                 "open": s.tally.open, "compliance": s.tally.compliance}
                for s in fig.services
            ],
        })
    escalations = [
        {"interaction": e.interaction.id, "ref": e.interaction.ref,
         "agreement": e.interaction.agreement, "service": e.interaction.service,
         "level": e.level, "to": e.to, "acknowledged": e.acknowledged, "since": iso_utc(e.since),
         "title": e.interaction.title}
        for e in figures.escalations
    ]
    at_risk = [
        {"interaction": r.evaluation.interaction.id, "ref": r.evaluation.interaction.ref,
         "agreement": r.evaluation.interaction.agreement,
         "service": r.evaluation.interaction.service, "priority": r.evaluation.priority,
         "clock": r.clock, "deadline": iso_utc(r.deadline), "left_seconds": r.left,
         "imminent": r.imminent,
         "title": r.evaluation.interaction.title}
        for r in figures.at_risk
    ]
    return {
        "schema": SCHEMA,
        "as_of": iso_utc(figures.as_of),
        "rules": figures.rules,
        "agreements": agreements,
        "escalations": escalations,
        "at_risk": at_risk,
        "health": health or [],
        "unjudged": [
            {"interaction": u.interaction.id, "ref": u.interaction.ref,
             "agreement": u.interaction.agreement, "service": u.interaction.service,
             "reason": u.reason}
            for u in figures.unjudged
        ],
    }


def render_json(figures: Figures, health: list | None = None) -> str:
    return json.dumps(report_dict(figures, health), indent=2, ensure_ascii=False) + "\n"
