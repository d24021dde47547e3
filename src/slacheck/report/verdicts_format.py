"""``slacheck verdicts``: one line per interaction, as CSV (with a header) or JSON Lines.

Columns, in this order (the contract of the command): ``interaction``, ``ref``, ``agreement``,
``service``, ``priority``, ``opened_at`` (UTC, ``Z``), ``state`` (met / breached / open /
unjudged), then per target ``first_response_*`` and ``resolution_*``: ``_target`` and
``_elapsed`` in working seconds and ``_state``, empty where the service sets no such target;
``escalation_level``, ``rating`` and ``reason`` (why it could not be judged).  Text is safe for
spreadsheets (:func:`slacheck.report.safe.csv_row`).
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from ..services.verdicts import CLOCKS, Verdict
from .common import iso_utc
from .safe import csv_row

HEADER = [
    "interaction", "ref", "agreement", "service", "priority", "opened_at", "state",
    *(f"{clock}_{part}" for clock in CLOCKS for part in ("target", "elapsed", "state")),
    "escalation_level", "rating", "reason",
]


def _seconds(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 3)


def verdict_dict(verdict: Verdict) -> dict:
    interaction = verdict.interaction
    row: dict = {
        "interaction": interaction.id, "ref": interaction.ref, "agreement": interaction.agreement,
        "service": interaction.service, "priority": verdict.priority,
        "opened_at": iso_utc(interaction.opened_at), "state": verdict.state,
    }
    for name in CLOCKS:
        clock = verdict.clocks.get(name)
        row[f"{name}_target"] = None if clock is None else clock.target
        row[f"{name}_elapsed"] = None if clock is None else _seconds(clock.elapsed)
        row[f"{name}_state"] = None if clock is None else clock.state
    row["escalation_level"] = verdict.escalation_level
    row["rating"] = verdict.rating
    row["reason"] = verdict.reason or None
    return row


def verdict_lines(verdicts: Iterable[Verdict], fmt: str) -> Iterator[str]:
    """The lines of the output, header first for CSV; each ends with a newline."""
    if fmt == "csv":
        yield csv_row(HEADER)
        for verdict in verdicts:
            yield csv_row(list(verdict_dict(verdict).values()))
    else:
        for verdict in verdicts:
            yield json.dumps(verdict_dict(verdict), ensure_ascii=False) + "\n"
