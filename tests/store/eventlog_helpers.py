"""A ServiceNow-shaped incident state log, the event-log description that reads it, an office
calendar, and an independent minute-by-minute count of working time for the event-log tests."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from slacheck.domain.calendar import WorkCalendar, parse_spans
from slacheck.domain.durations import Duration, Window
from slacheck.domain.model import Agreement, Catalog, Service, Settings, Targets
from slacheck.config.eventlog import EventLog
from slacheck.importer.options import build_shaping

HEADER = ["number", "short_description", "priority", "state", "sys_updated_on", "sys_mod_count",
          "assigned_to", "caller_id"]

# A real export is roughly in time order, never exactly: rows of one ticket are interleaved
# with others and INC0010003's 09:10 row comes after a row of 12:00.
SERVICENOW_LOG = """\
number,short_description,priority,state,sys_updated_on,sys_mod_count,assigned_to,caller_id
INC0010001,Laptop screen cracked,3 - Moderate,New,2026-03-02 09:00:00,0,,Ali Khan
INC0010002,CRM login fails,4 - Low,New,2026-03-02 13:00:00,0,,Bea Lund
INC0010001,Laptop screen cracked,3 - Moderate,In Progress,2026-03-02 09:40:00,1,Dana Ruiz,Ali Khan
INC0010001,Laptop screen cracked,3 - Moderate,Awaiting User Info,2026-03-02 11:00:00,2,Dana Ruiz,Ali Khan
INC0010002,CRM login fails,4 - Low,In Progress,2026-03-02 13:30:00,1,Sam Berg,Bea Lund
INC0010001,Laptop screen cracked,2 - High,Awaiting User Info,2026-03-02 16:00:00,3,Dana Ruiz,Ali Khan
INC0010003,Docking station dead,1 - Critical,New,2026-03-03 09:00:00,0,,Cy Moss
INC0010001,Laptop screen cracked,2 - High,In Progress,2026-03-03 10:00:00,4,Dana Ruiz,Ali Khan
INC0010002,CRM login fails,4 - Low,Resolved,2026-03-03 12:00:00,2,Sam Berg,Bea Lund
INC0010003,Docking station dead,1 - Critical,In Progress,2026-03-03 09:10:00,1,Sam Berg,Cy Moss
INC0010001,Laptop screen cracked,2 - High,Awaiting Vendor,2026-03-03 14:00:00,5,Dana Ruiz,Ali Khan
INC0010003,Docking station dead,1 - Critical,Awaiting User Info,2026-03-03 09:50:00,2,Sam Berg,Cy Moss
INC0010002,CRM login fails,4 - Low,Active,2026-03-04 09:00:00,3,Sam Berg,Bea Lund
INC0010001,Laptop screen cracked,2 - High,In Progress,2026-03-04 09:30:00,6,Dana Ruiz,Ali Khan
INC0010002,CRM login fails,4 - Low,On Hold,2026-03-04 10:00:00,4,Sam Berg,Bea Lund
INC0010001,Laptop screen cracked,2 - High,Resolved,2026-03-04 15:00:00,7,Dana Ruiz,Ali Khan
INC0010002,CRM login fails,4 - Low,In Progress,2026-03-04 15:00:00,5,Sam Berg,Bea Lund
INC0010001,Laptop screen cracked,2 - High,Closed,2026-03-05 10:00:00,8,Dana Ruiz,Ali Khan
INC0010002,CRM login fails,4 - Low,Resolved,2026-03-05 11:00:00,6,Sam Berg,Bea Lund
INC0010002,CRM login fails,4 - Low,Closed,2026-03-06 11:00:00,7,Sam Berg,Bea Lund
"""

PAUSE_STATES = ("Awaiting User Info", "Awaiting Vendor", "Awaiting Problem", "On Hold")
RESOLVE_STATES = ("Resolved", "Closed")

TABLE = {
    "key": "number", "order": "sys_updated_on", "state": "state",
    "pause": list(PAUSE_STATES), "resolve": list(RESOLVE_STATES), "respond": ["In Progress"],
    "priority": "priority",
}
EVENT_LOG = EventLog.from_table(TABLE)
MAPPING = {"title": "short_description", "requester": "caller_id"}
SHAPING = build_shaping(
    sets=("agreement=it-for-sales", "service=laptop-repair"),
    values=("priority:1 - Critical=urgent", "priority:2 - High=high", "priority:3 - Moderate=",
            "priority:4 - Low=low"),
)
PRIORITY_LABELS = ("1 - Critical", "2 - High", "3 - Moderate", "4 - Low")

OFFICE = WorkCalendar("office", "UTC", hours=(parse_spans("09:00-17:00"),) * 5 + ((), ()))


def make_catalog() -> Catalog:
    """it-for-sales on an office calendar (Mon–Fri 09:00–17:00 UTC): laptop-repair, 4h / 3d,
    with priorities urgent, high and low."""
    def targets(first: str | None, resolution: str) -> Targets:
        return Targets(Duration.parse(first) if first else None, Duration.parse(resolution))

    laptop = Service("laptop-repair", "Laptop repair", targets("4h", "3d"),
                     {"urgent": targets("30m", "4h"), "high": targets("1h", "1d"),
                      "low": targets(None, "1w")})
    agreement = Agreement(
        id="it-for-sales", title="IT for Sales", provider="it", consumers=("sales",),
        owner="Dana Ruiz", effective=date(2026, 1, 1), review_by=None, calendar=OFFICE,
        objective=Fraction(95, 100), window=Window.parse("30d"), services=(laptop,),
    )
    return Catalog(settings=Settings(), teams={}, calendars={"office": OFFICE},
                   agreements={"it-for-sales": agreement}, health_templates={})


def utc(text: str) -> int:
    """``2026-03-02 09:00`` (UTC) -> POSIX seconds."""
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


def parse_log(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(text.splitlines()))


def write_log(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header or HEADER, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def working_minute(moment: datetime) -> bool:
    """Mon–Fri, 09:00 to 17:00 UTC, written out independently of the calendar engine."""
    return moment.weekday() < 5 and 9 <= moment.hour < 17


def brute_force_elapsed(rows: list[tuple[int, str]], until: int) -> int:
    """Working seconds from the first row to ``until`` in which the ticket was being worked on:
    the state in force (that of the last row begun by then) neither pauses nor resolves, nor is
    any state after a resolution but before a reopening state.  Minute by minute; rows at the
    same instant count in the order given."""
    rows = sorted(rows, key=lambda row: row[0])
    pause = {name.casefold() for name in PAUSE_STATES}
    resolve = {name.casefold() for name in RESOLVE_STATES}
    counted = 0
    t = rows[0][0]
    index = 0
    resolved = False
    while t < until:
        while index < len(rows) and rows[index][0] <= t:
            state = rows[index][1].casefold()
            if state in resolve:
                resolved = True
            elif state not in pause:
                resolved = False  # any other state reopens
            index += 1
        current = rows[index - 1][1].casefold()
        if not resolved and current not in pause and working_minute(datetime.fromtimestamp(t, UTC)):
            counted += 60
        t += 60
    return counted


def dump(store) -> dict:
    """Every stored interaction by ref: its facts and events (kind, at, actor, payload, seq)."""
    return {
        h.interaction.ref: (
            (h.interaction.agreement, h.interaction.service, h.interaction.opened_at,
             h.interaction.title, h.interaction.priority, h.interaction.requester),
            [(e.kind, e.at, e.actor, dict(e.payload), e.seq) for e in h.events],
        )
        for h in store.iter_histories()
    }


def minutes(text: str, count: int) -> str:
    """``count`` minutes after ``text`` (``YYYY-MM-DD HH:MM:SS``), in the same format."""
    moment = datetime.fromisoformat(text) + timedelta(minutes=count)
    return moment.strftime("%Y-%m-%d %H:%M:%S")
