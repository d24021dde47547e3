"""An independent count of what slacheck should say about each imported ticket.

The preset tests read each fixture export with their own small parsers (not slacheck's), then
judge every ticket here by counting the desk calendar minute by minute: Monday to Friday,
08:00-12:00 and 13:00-17:00 in Berlin, closed on the days in :data:`CLOSED`.  The targets are
written out again from ``workspace/agreements/*.toml`` in minutes.  What ``slacheck verdicts``
prints must equal this count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
CLOSED = {date(2025, 12, 24), date(2025, 12, 25), date(2025, 12, 26), date(2025, 12, 31),
          date(2026, 1, 1)}
SPANS = ((8 * 60, 12 * 60), (13 * 60, 17 * 60))
H, D, W = 60, 8 * 60, 5 * 8 * 60

#: Per agreement: service -> (first response, resolution) in working minutes (None: no target).
SERVICES = {
    "jira-desk": {"Laptops": (2 * H, 2 * D), "CRM": (1 * H, 1 * D)},
    "servicenow-desk": {"Hardware": (2 * H, 2 * D), "Software": (2 * H, 1 * D),
                        "Network": (1 * H, 1 * D), "Inquiry / Help": (4 * H, 3 * D)},
    "freshdesk-desk": {"Billing": (1 * H, 2 * D), "IT Support": (2 * H, 2 * D)},
    "zendesk-desk": {"Support": (2 * H, 2 * D), "IT Hardware": (4 * H, 3 * D)},
    "github-repo": {"bug": (1 * D, 1 * W), "question": (4 * H, 2 * D), "enhancement": (None, 4 * W)},
    "incident-log": {"Category 26": (2 * H, 2 * D), "Category 53": (1 * H, 1 * D)},
}
#: Per agreement: priority -> (first response, resolution) overrides (None: the service's).
PRIORITIES = {
    "jira-desk": {"Highest": (30, 4 * H), "High": (None, 1 * D), "Medium": (None, None),
                  "Low": (None, 1 * W), "Lowest": (None, 2 * W)},
    "servicenow-desk": {"1 - Critical": (15, 2 * H), "2 - High": (30, 4 * H),
                        "3 - Moderate": (None, None), "4 - Low": (None, 1 * W),
                        "5 - Planning": (None, 4 * W)},
    "freshdesk-desk": {"Urgent": (15, 2 * H), "High": (30, 1 * D), "Medium": (None, None),
                       "Low": (None, 1 * W)},
    "zendesk-desk": {"Urgent": (15, 4 * H), "High": (1 * H, 1 * D), "Normal": (None, None),
                     "Low": (None, 1 * W)},
    "github-repo": {},
    "incident-log": {"1 - Critical": (15, 4 * H), "2 - High": (30, 1 * D),
                     "3 - Moderate": (None, None), "4 - Low": (None, 1 * W)},
}


@dataclass
class Ticket:
    """What a fixture row says, read by the test's own parser; instants are aware datetimes."""

    ref: str
    service: str
    priority: str
    opened: datetime
    responded: datetime | None = None
    resolved: datetime | None = None
    pauses: list[tuple[datetime, datetime | None]] = field(default_factory=list)
    rating: int | None = None


def local(text: str, fmt: str, zone=BERLIN) -> datetime:
    """A wall-clock time in ``zone`` (Berlin by default)."""
    return datetime.strptime(text, fmt).replace(tzinfo=zone)


def _works(minute: datetime) -> bool:
    wall = minute.astimezone(BERLIN)
    if wall.weekday() >= 5 or wall.date() in CLOSED:
        return False
    of_day = wall.hour * 60 + wall.minute
    return any(start <= of_day < end for start, end in SPANS)


def working_minutes(start: datetime, end: datetime) -> int:
    """Working minutes in [start, end), one minute at a time (both on whole minutes)."""
    count, minute = 0, start.astimezone(UTC)
    end = end.astimezone(UTC)
    while minute < end:
        count += _works(minute)
        minute += timedelta(minutes=1)
    return count


def _clock(elapsed: int, target: int | None, stopped: bool) -> tuple[int | None, str | None]:
    if target is None:
        return None, None
    if elapsed > target:
        return target, "breached"
    return target, "met" if stopped else "open"


def expected(ticket: Ticket, agreement: str, as_of: datetime) -> dict:
    """The verdict fields of ``slacheck verdicts --format jsonl`` for ``ticket`` at ``as_of``."""
    own_first, own_resolution = SERVICES[agreement][ticket.service]
    first, resolution = PRIORITIES[agreement].get(ticket.priority, (None, None))
    first = own_first if first is None else first
    resolution = own_resolution if resolution is None else resolution
    first_stop = ticket.responded or ticket.resolved
    first_elapsed = working_minutes(ticket.opened, min(first_stop or as_of, as_of))
    end = min(ticket.resolved or as_of, as_of)
    paused = sum(working_minutes(start, min(stop or end, end)) for start, stop in ticket.pauses
                 if start < end)
    resolution_elapsed = working_minutes(ticket.opened, end) - paused
    first_target, first_state = _clock(first_elapsed, first, first_stop is not None)
    resolution_target, resolution_state = _clock(resolution_elapsed, resolution,
                                                 ticket.resolved is not None)
    states = [s for s in (first_state, resolution_state) if s is not None]
    state = ("breached" if "breached" in states else
             "met" if states and all(s == "met" for s in states) else "open")
    return {
        "ref": ticket.ref, "agreement": agreement, "service": ticket.service,
        "priority": ticket.priority, "opened_at": ticket.opened.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "state": state,
        "first_response_target": None if first_target is None else first_target * 60,
        "first_response_elapsed": None if first_target is None else first_elapsed * 60,
        "first_response_state": first_state,
        "resolution_target": None if resolution_target is None else resolution_target * 60,
        "resolution_elapsed": None if resolution_target is None else resolution_elapsed * 60,
        "resolution_state": resolution_state,
        "rating": ticket.rating,
    }
