"""What an event-log source is: :class:`EventLog`, the plain-data description of an export whose
rows are the successive states of tickets (ServiceNow's incident state log, an audit trail).

An :class:`EventLog` names the columns that say *which* ticket a row belongs to (``key``),
*when* the state began (``order``, with an optional ``sequence`` to break ties) and *what* the
state is (``state``), and which state names pause, resolve, count as the first response or
reopen.  State names match regardless of case and surrounding blanks.  It can be written by
hand or built from a TOML table (:meth:`EventLog.from_table`); a bad table raises
:class:`EventLogError` (a ``ValueError``) whose ``key`` names the offending key.

It is configuration (an import recipe's ``[events]`` table, checked by ``slacheck validate``);
what the states become is :mod:`slacheck.importer.eventlog_plan`, reading and grouping the rows
:mod:`slacheck.importer.eventlog_rows`, the import itself :mod:`slacheck.importer.eventlog_run`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

#: Flags of a state (see :meth:`EventLog.flags`).
PAUSE = 1
RESOLVE = 2
RESPOND = 4
REOPEN = 8

_COLUMN_KEYS = ("key", "order", "state", "priority", "sequence", "assignee")
_SET_KEYS = ("pause", "resolve", "respond", "reopen")
_REQUIRED = ("key", "order", "state", "resolve")
_WHAT = {
    "key": "the column holding the ticket's key (e.g. \"number\")",
    "order": "the column holding when each state began (e.g. \"sys_updated_on\")",
    "state": "the column holding the state (e.g. \"state\")",
    "resolve": "the states that resolve a ticket (e.g. [\"Resolved\", \"Closed\"])",
}


class EventLogError(ValueError):
    """A bad event-log description; ``key`` is the key at fault (for ``path:line:col``)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


def state_name(text: str) -> str:
    """How state names are compared: without surrounding blanks, regardless of case."""
    return text.strip().casefold()


def _names(key: str, value: Any) -> frozenset[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable) or isinstance(value, Mapping):
        raise EventLogError(key, f"expected a list of state names, not {value!r}")
    found = set()
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise EventLogError(key, f"a state name is non-empty text, not {item!r}")
        found.add(state_name(item))
    return frozenset(found)


def _column(key: str, value: Any, required: bool) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise EventLogError(key, f"expected the name of a column, not {value!r}")
    return value.strip()


@dataclass(frozen=True)
class EventLog:
    """Rows are successive states of tickets.

    * ``key`` — the file's column with the ticket's key; it feeds our ``ref``.
    * ``order`` — the file's column with the instant each state began; read like our
      ``opened_at`` (its ``--date-format`` and ``--tz`` apply).  The first row of a ticket opens
      it, unless ``opened_at`` is mapped to a column of its own.
    * ``sequence`` — optional: a column of whole numbers breaking ties between rows of one
      ticket at the same instant; then the row's place in the file.
    * ``state`` — the file's column with the state.
    * ``pause`` / ``resolve`` — the states that pause (waiting on the requester or a vendor) and
      that resolve; ``respond`` — optional: the states whose first appearance is the first
      response (e.g. ``In Progress``).
    * ``reopen`` — the states that reopen a resolved ticket; ``None`` (the default): every state
      that neither pauses nor resolves.  Other states after a resolution change nothing.
    * ``priority`` — optional: the file's column with the priority; it feeds our ``priority``
      (so ``--value priority:…`` maps it) and each change is a reprioritization.
    * ``assignee`` — optional: a column (e.g. ``assigned_to``) whose first non-empty row is the
      first response too.
    """

    key: str
    order: str
    state: str
    pause: frozenset[str]
    resolve: frozenset[str]
    respond: frozenset[str] = frozenset()
    reopen: frozenset[str] | None = None
    priority: str | None = None
    sequence: str | None = None
    assignee: str | None = None

    def __post_init__(self) -> None:
        put = object.__setattr__
        for key in _COLUMN_KEYS:
            put(self, key, _column(key, getattr(self, key), key in _REQUIRED))
        for key in _SET_KEYS:
            value = getattr(self, key)
            if value is not None or key != "reopen":
                put(self, key, _names(key, value))
        if not self.resolve:
            raise EventLogError("resolve", "name at least one state that resolves a ticket")
        clashes = (
            ("resolve", self.resolve & self.pause, "both pauses and resolves"),
            ("respond", self.respond & (self.pause | self.resolve), "cannot be a first response: it "
             "pauses or resolves"),
            ("reopen", (self.reopen or frozenset()) & self.resolve, "cannot reopen: it resolves"),
        )
        for key, common, why in clashes:
            if common:
                raise EventLogError(key, f"state {sorted(common)[0]!r} {why}")
        seen: dict[str, str] = {}
        for key in _COLUMN_KEYS:
            column = getattr(self, key)
            if column is None:
                continue
            if column in seen:
                raise EventLogError(key, f"column {column!r} is already the {seen[column]} column")
            seen[column] = key

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> EventLog:
        """An :class:`EventLog` from a TOML table such as::

            key = "number"
            order = "sys_updated_on"
            state = "state"
            pause = ["Awaiting User Info", "Awaiting Vendor"]
            resolve = ["Resolved", "Closed"]
            respond = ["In Progress"]
            priority = "priority"
        """
        if not isinstance(table, Mapping):
            raise EventLogError("events", f"expected a table, not {table!r}")
        known = [f.name for f in fields(cls)]
        for key in table:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise EventLogError(str(key), f"unknown key{hint}; the keys are {', '.join(known)}")
        for key in _REQUIRED:
            if key not in table:
                raise EventLogError(key, f"missing: name {_WHAT[key]}")
        values = dict(table)
        values.setdefault("pause", ())
        return cls(**values)

    @property
    def columns(self) -> tuple[str, ...]:
        """The file's columns this description reads (each must be in the header)."""
        return tuple(c for c in (getattr(self, key) for key in _COLUMN_KEYS) if c is not None)

    def flags(self, name: str) -> int:
        """What a state (compared by :func:`state_name`) does: :data:`PAUSE`, :data:`RESOLVE`,
        :data:`RESPOND`, :data:`REOPEN` combined."""
        name = state_name(name)
        found = 0
        if name in self.pause:
            found |= PAUSE
        if name in self.resolve:
            found |= RESOLVE
        if name in self.respond:
            found |= RESPOND
        if self.reopen is None:
            if not found & (PAUSE | RESOLVE):
                found |= REOPEN
        elif name in self.reopen:
            found |= REOPEN
        return found
