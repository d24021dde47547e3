"""Small hand-made catalogs and export files for the store and import tests (no config loader)."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path

from slacheck.domain.calendar import ALWAYS
from slacheck.domain.durations import Duration, Window
from slacheck.domain.model import Agreement, Catalog, Service, Settings, Targets

HEADER = [
    "ref", "agreement", "service", "priority", "requester", "title", "opened_at",
    "first_response_at", "resolved_at", "pauses", "rating", "comment",
]


def ts(text: str) -> int:
    """ISO 8601 with offset -> POSIX seconds."""
    return int(datetime.fromisoformat(text).timestamp())


def _targets(first: str | None, resolution: str | None) -> Targets:
    return Targets(
        Duration.parse(first) if first else None, Duration.parse(resolution) if resolution else None
    )


def make_catalog() -> Catalog:
    """Two agreements on the 24x7 calendar: it-for-sales (laptop-repair with priorities
    urgent/low, access) and hr-for-staff (payroll)."""

    def agreement(agreement_id: str, services: tuple[Service, ...]) -> Agreement:
        return Agreement(
            id=agreement_id, title=agreement_id, provider="it", consumers=("sales",),
            owner="Dana Ruiz", effective=date(2026, 1, 1), review_by=None, calendar=ALWAYS,
            objective=Fraction(95, 100), window=Window.parse("30d"), services=services,
        )

    laptop = Service(
        "laptop-repair", "Laptop repair", _targets("4h", "3d"),
        {"urgent": _targets("30m", "4h"), "low": _targets(None, "5d")},
    )
    access = Service("access", "Access rights", _targets(None, "1d"))
    payroll = Service("payroll", "Payroll questions", _targets("1d", "5d"))
    agreements = {
        "it-for-sales": agreement("it-for-sales", (laptop, access)),
        "hr-for-staff": agreement("hr-for-staff", (payroll,)),
    }
    return Catalog(
        settings=Settings(), teams={}, calendars={"24x7": ALWAYS}, agreements=agreements,
        health_templates={},
    )


def row(ref: str, **values: str) -> dict[str, str]:
    """A canonical row with sensible defaults (a resolved laptop repair)."""
    base = {
        "ref": ref, "agreement": "it-for-sales", "service": "laptop-repair", "priority": "",
        "requester": "Ali Khan", "title": f"Laptop {ref}", "opened_at": "2026-03-02T09:00:00Z",
        "first_response_at": "2026-03-02T09:20:00Z", "resolved_at": "2026-03-02T15:00:00Z",
        "pauses": "", "rating": "", "comment": "",
    }
    base.update(values)
    return base


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    header = header or HEADER
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_json(path: Path, rows: list[dict]) -> Path:
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path
