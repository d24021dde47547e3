"""Builders for small hand-made agreements and histories, shared by the unit tests."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

from slacheck.domain.calendar import ALWAYS, WorkCalendar, parse_spans
from slacheck.domain.durations import Duration, Window
from slacheck.domain.events import Event, Interaction
from slacheck.domain.model import Agreement, EscalationRule, Service, Targets

OFFICE = parse_spans("09:00-17:00")
BERLIN = WorkCalendar(
    "berlin-office", "Europe/Berlin", hours=(OFFICE,) * 5 + ((), ()),
    holiday_country="DE", holiday_subdivision="BE", day_seconds=8 * 3600,
)


def ts(text: str) -> int:
    """ISO 8601 with offset -> POSIX seconds."""
    return int(datetime.fromisoformat(text).timestamp())


def targets(fr: str | None, res: str | None) -> Targets:
    return Targets(Duration.parse(fr) if fr else None, Duration.parse(res) if res else None)


def agreement(
    calendar: WorkCalendar = BERLIN,
    *,
    objective: str = "95",
    window: str = "30d",
    escalations: tuple[tuple[str, str], ...] = (("75", "it-oncall"), ("100", "it"), ("150", "cio")),
    agreement_id: str = "it-for-sales",
) -> Agreement:
    laptop = Service(
        "laptop-repair", "Laptop repair", targets("4h", "3d"),
        {"urgent": targets("30m", "4h"), "low": targets(None, "5d")},
    )
    access = Service("access", "Access rights", targets(None, "1d"))
    return Agreement(
        id=agreement_id, title="IT support for Sales", provider="it", consumers=("sales",),
        owner="Dana Ruiz", effective=date(2026, 1, 1), review_by=date(2027, 1, 1),
        calendar=calendar, objective=Fraction(objective) / 100, window=Window.parse(window),
        services=(laptop, access),
        escalations=tuple(EscalationRule(Fraction(at) / 100, to) for at, to in escalations),
    )


def interaction(opened: str, *, number: int = 1, service: str = "laptop-repair",
                priority: str = "", agreement_id: str = "it-for-sales") -> Interaction:
    return Interaction(number, agreement_id, service, ts(opened), title="t", priority=priority)


def ev(kind: str, at: str, **payload) -> Event:
    return Event(kind, ts(at), payload=payload)


__all__ = ["ALWAYS", "BERLIN", "agreement", "ev", "interaction", "targets", "ts"]


class MemoryHistories:
    """An in-memory stand-in for the store's ``iter_histories`` (figures tests need no SQL)."""

    def __init__(self, histories):
        self.histories = list(histories)  # [(Interaction, [Event, ...]), ...]

    def iter_histories(self, *, agreements=None, opened_from=None, opened_to=None, unresolved=False):
        for inter, events in sorted(self.histories, key=lambda h: (h[0].opened_at, h[0].id)):
            if agreements is not None and inter.agreement not in agreements:
                continue
            if opened_from is not None and inter.opened_at < opened_from:
                continue
            if opened_to is not None and inter.opened_at >= opened_to:
                continue
            if unresolved:
                resolved = sum(1 for e in events if e.kind == "resolved")
                if resolved > sum(1 for e in events if e.kind == "reopened"):
                    continue
            yield inter, events
