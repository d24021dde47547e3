"""Reading an event log: each row through the import's own parser, grouped by ticket compactly.

Our columns (``ref``, ``agreement``, ``service``, ``priority``, ``requester``, ``title``,
``opened_at``) are read by :class:`~.records.RecordParser` with the user's ``--map``, ``--set``,
``--value``, ``--date-format`` and ``--tz``, exactly as for a ticket-per-row export; ``ref`` comes
from the event log's ``key`` column, ``priority`` from its ``priority`` column, and ``opened_at``
from its ``order`` column unless ``opened_at`` is mapped to a column of its own.  The columns an
event log derives from the states (``first_response_at``, ``resolved_at``, ``pauses``) and the
rating and comment are not read.

Memory: a log may be sorted by ticket or by time, so every row is kept until the file is read,
as six 64-bit integers in one ``array`` per ticket (instant, sequence, row number, state, priority,
assigned) — 48 bytes a row — plus about 800 bytes a ticket (its key, the facts of its earliest
row, the array's overhead).  A million state rows of 200,000 tickets peak at about 240 MB
(``benchmarks/import_eventlog.py``).
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from ..domain.model import Catalog
from ..errors import InputError
from ..config.eventlog import EventLog
from .readers import RowProblem
from .instants import instant_seconds, read_instant
from .records import RecordParser, check_columns, column_sources
from .shaping import Shaping

#: Integers kept per row: instant, sequence, row number, state, priority, assigned (0/1).
ROW_WIDTH = 6
#: Our columns an event log derives from its states, or does not read.
DERIVED = ("first_response_at", "resolved_at", "pauses", "rating", "comment")
_UNUSED = "\x00not read in an event log: "
_SEQUENCE_LIMIT = 1 << 62


class Facts(NamedTuple):
    """What a ticket's earliest row says about it; ``opened_at`` only when a column says it."""

    agreement: str
    service: str
    priority: str
    requester: str
    title: str
    opened_at: int | None


class Ticket:
    """The rows of one ticket read so far (``cells``: :data:`ROW_WIDTH` integers a row)."""

    __slots__ = ("ref", "facts", "first", "cells", "broken")

    def __init__(self, ref: str) -> None:
        self.ref = ref
        self.facts: Facts | None = None
        self.first: tuple[int, int, int] | None = None
        self.cells: array | None = array("q")
        self.broken = False

    def rows(self) -> list[tuple[int, ...]]:
        """The rows in time order: by instant, then sequence, then place in the file."""
        cells = self.cells or array("q")
        return sorted(tuple(cells[i:i + ROW_WIDTH]) for i in range(0, len(cells), ROW_WIDTH))


def event_sources(mapping: Mapping[str, str] | None, shaping: Shaping | None,
                  log: EventLog) -> tuple[dict[str, str], bool]:
    """Our columns -> the file's, for an event log; and whether ``opened_at`` is read from the
    ``order`` column.  Contradicting options raise :class:`InputError` before the file is read."""
    mapping = dict(mapping or {})
    sources = column_sources(mapping)
    constants = shaping.constants if shaping is not None else {}
    defaults = shaping.defaults if shaping is not None else {}
    for ours, theirs, key in (("ref", log.key, "key"), ("priority", log.priority, "priority")):
        if theirs is None:
            continue
        if mapping.get(ours, theirs) != theirs:
            raise InputError(f"--map {ours}={mapping[ours]}: an event log reads {ours} from its "
                             f"{key} column {theirs!r}")
        if ours in constants:
            raise InputError(f"--set {ours}: an event log reads {ours} from its {key} column "
                             f"{theirs!r}")
        sources[ours] = theirs
    for ours in DERIVED:
        if ours in mapping or ours in constants or ours in defaults:
            option = "--map" if ours in mapping else "--set" if ours in constants else "--default"
            raise InputError(f"{option} {ours}: an event log derives the first response, the "
                             "resolution and the pauses from its states and reads no rating or "
                             f"comment; {ours} cannot be given")
        sources[ours] = _UNUSED + ours
    from_order = "opened_at" not in mapping and "opened_at" not in constants
    if from_order:
        sources["opened_at"] = log.order
    return sources, from_order


def check_header(columns: tuple[str, ...], sources: Mapping[str, str], log: EventLog,
                 origin: str, shaping: Shaping | None, repeated: frozenset[str]) -> None:
    """Refuse a header without the event log's columns, or without a column ours need."""
    keys = ("key", "order", "state", "priority", "sequence", "assignee")
    for key in keys:
        column = getattr(log, key)
        if column is None:
            continue
        if column in repeated:
            raise InputError(f"{origin}:1: the header names {column!r} twice, so it cannot be the "
                             f"event log's {key} column")
        if column not in columns:
            raise InputError(f"{origin}:1: no column {column!r} (the event log's {key} column) in "
                             f"the header; the file has: {', '.join(columns)}")
    used = {ours: theirs for ours, theirs in sources.items() if ours not in DERIVED}
    provided = frozenset(shaping.constants) if shaping is not None else frozenset()
    check_columns(columns, used, origin, provided, repeated)


class LogReader:
    """Reads the rows of an event log into :class:`Ticket` values, in order of first
    appearance; states and priorities are numbered once (``state_names``, ``priority_names``)."""

    def __init__(self, catalog: Catalog, zone: tzinfo, log: EventLog,
                 mapping: Mapping[str, str] | None = None, shaping: Shaping | None = None) -> None:
        self.log = log
        self.zone = zone
        self.sources, self.from_order = event_sources(mapping, shaping, log)
        self.parser = RecordParser(catalog, zone, self.sources, shaping)
        self.nulls = shaping.nulls if shaping is not None else frozenset()
        self._order_default = bool(shaping is not None and "opened_at" in shaping.defaults)
        self._order_shaping = None
        if shaping is not None and not self.from_order:
            formats = {k: v for k, v in shaping.date_formats.items() if k == "opened_at"}
            zones = {k: v for k, v in shaping.zones.items() if k == "opened_at"}
            folds = {k: v for k, v in shaping.folds.items() if k == "opened_at"}
            self._order_shaping = Shaping(nulls=shaping.nulls, date_formats=formats, zones=zones,
                                          folds=folds).compile({"opened_at": log.order}, zone)
        self._fold = shaping.folds.get("opened_at") if shaping is not None else None
        self.tickets: dict[str, Ticket] = {}
        self.state_names: list[str] = []
        self.state_flags: list[int] = []
        self._states: dict[str, int] = {}
        self.priority_names: list[str] = []
        self._priorities: dict[str, int] = {}

    def key_of(self, values: Mapping[str, Any]) -> str:
        """The ticket's key as the file writes it (for a row that cannot be read otherwise)."""
        raw = values.get(self.log.key)
        return raw.strip() if isinstance(raw, str) else str(raw) if isinstance(raw, int) else ""

    def read(self, row: int, values: Mapping[str, Any]) -> Ticket:
        """Add one row to its ticket; raises :class:`RowProblem` (the ticket is left to the
        caller, who marks it broken)."""
        log = self.log
        order_cell = values.get(log.order)
        if self.from_order and not self._order_default and self._empty(order_cell):
            raise RowProblem(f"{log.order}: empty; every row of an event log needs the instant "
                             "its state began")
        record = self.parser.parse(values)
        at = record.opened_at if self.from_order else self._instant(order_cell)
        state = self._state(values.get(log.state))
        sequence = self._sequence(values.get(log.sequence)) if log.sequence else 0
        assigned = 1 if log.assignee and not self._empty(values.get(log.assignee)) else 0
        priority = self._priorities.get(record.priority)
        if priority is None:
            priority = self._priorities[record.priority] = len(self.priority_names)
            self.priority_names.append(record.priority)
        ticket = self.tickets.get(record.ref)
        if ticket is None:
            ticket = self.tickets[record.ref] = Ticket(record.ref)
        if ticket.broken:
            return ticket
        place = (at, sequence, row)
        if ticket.first is None or place < ticket.first:
            ticket.first = place
            ticket.facts = Facts(record.agreement, record.service, record.priority,
                                 record.requester, record.title,
                                 None if self.from_order else record.opened_at)
        ticket.cells.extend((at, sequence, row, state, priority, assigned))
        return ticket

    def broken(self, ref: str) -> bool:
        """Mark the ticket ``ref`` as not importable (its rows are dropped); ``True`` the first
        time."""
        ticket = self.tickets.get(ref)
        if ticket is None:
            ticket = self.tickets[ref] = Ticket(ref)
        if ticket.broken:
            return False
        ticket.broken = True
        ticket.cells = None
        ticket.facts = None
        return True

    # -- cells -------------------------------------------------------------------------
    def _empty(self, value: Any) -> bool:
        if value is None:
            return True
        if isinstance(value, str):
            return not value.strip() or value.strip() in self.nulls
        return False

    def _instant(self, value: Any) -> int:
        column = self.log.order
        if self._order_shaping is not None:
            value = self._order_shaping({column: value})[column]
        if isinstance(value, datetime):  # read by the column's date format or zone
            try:
                return instant_seconds(value)
            except RowProblem as problem:
                raise problem.wrap(f"{column}: ") from None
        if self._empty(value):
            raise RowProblem(f"{column}: empty; every row of an event log needs the instant its "
                             "state began")
        if not isinstance(value, str):
            raise RowProblem(f"{column}: expected an ISO 8601 timestamp, not {value!r}")
        try:
            return read_instant(value, self.zone, "opened_at", self._fold)
        except RowProblem as problem:
            raise problem.wrap(f"{column}: ") from None

    def _state(self, value: Any) -> int:
        column = self.log.state
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            if value is None:
                raise RowProblem(f"{column}: empty; every row of an event log needs the state")
            raise RowProblem(f"{column}: expected the name of a state, not {value!r}")
        if self._empty(value):
            raise RowProblem(f"{column}: empty; every row of an event log needs the state")
        name = value.strip()
        folded = name.casefold()
        index = self._states.get(folded)
        if index is None:
            index = self._states[folded] = len(self.state_names)
            self.state_names.append(name)
            self.state_flags.append(self.log.flags(name))
        return index

    def _sequence(self, value: Any) -> int:
        column = self.log.sequence
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and value.strip().lstrip("-").isdigit() and value.isascii():
            number = int(value.strip())
        if number is None or abs(number) >= _SEQUENCE_LIMIT:
            raise RowProblem(f"{column}: expected a whole number (it orders the rows of a ticket "
                             f"at the same instant), not {value!r}")
        return number

