"""Streaming reads of whole histories: interactions and their events, no sorting, flat memory.

Two cursors walk the same interactions in the same order, one over ``interactions`` and one
over ``events`` joined to them; ``events`` is clustered on ``(interaction, seq)`` so the second
never sorts.  Both run inside one read transaction, hence one snapshot, and are merged here.
That reads each interaction's columns once instead of once per event, which is what makes a
million histories affordable.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence

from .codec import EMPTY_PAYLOAD, make_event, make_interaction
from .interface import History
from .schema import KIND_CODES, KIND_NAMES

_FETCH = 4096

#: An interaction is unresolved when its last resolution/reopening is not a resolution.
UNRESOLVED = (
    "coalesce((SELECT c.kind FROM events c WHERE c.interaction = i.id "
    f"AND c.kind IN ({KIND_CODES['resolved']}, {KIND_CODES['reopened']}) "
    f"ORDER BY c.seq DESC LIMIT 1), 0) != {KIND_CODES['resolved']}"
)

_INTERACTIONS = (
    "SELECT i.id, i.agreement, i.service, i.opened_at, i.title, i.priority, i.requester, i.ref, "
    "i.version FROM interactions i WHERE {where} ORDER BY {order}"
)
_EVENTS = (
    "SELECT e.interaction, e.seq, e.kind, e.at, e.actor, e.payload "
    "FROM interactions i JOIN events e ON e.interaction = i.id "
    "WHERE {where} ORDER BY {order}, e.seq"
)


def _rows(cursor: sqlite3.Cursor) -> Iterator[tuple]:
    fetch = cursor.fetchmany
    while True:
        rows = fetch(_FETCH)
        if not rows:
            return
        yield from rows


def _merge(conn: sqlite3.Connection, where: str, params: list, order: str) -> Iterator[History]:
    interactions = conn.execute(_INTERACTIONS.format(where=where, order=order), params)
    events = _rows(conn.execute(_EVENTS.format(where=where, order=order), params))
    loads = json.loads
    names = KIND_NAMES
    empty = EMPTY_PAYLOAD
    build_event = make_event
    build_interaction = make_interaction
    pending = next(events, None)
    for row in _rows(interactions):
        interaction_id = row[0]
        history: list = []
        append = history.append
        while pending is not None and pending[0] == interaction_id:
            _, seq, kind, at, actor, payload = pending
            append(build_event(names[kind], at, actor, empty if payload is None else loads(payload), seq))
            pending = next(events, None)
        yield History(build_interaction(*row), history)


def histories_where(conn: sqlite3.Connection, where: str, params: list) -> Iterator[History]:
    """Histories of the interactions ``i`` matching ``where``, by id."""
    yield from _merge(conn, where, params, "i.id")


def stream_histories(
    conn: sqlite3.Connection,
    agreements: Sequence[str] | None,
    opened_from: int | None,
    opened_to: int | None,
    unresolved: bool,
) -> Iterator[History]:
    """The histories selected by the filters of ``Store.iter_histories``, one snapshot."""
    clauses: list[str] = []
    params: list = []
    if opened_from is not None:
        clauses.append("i.opened_at >= ?")
        params.append(int(opened_from))
    if opened_to is not None:
        clauses.append("i.opened_at < ?")
        params.append(int(opened_to))
    if unresolved:
        clauses.append(UNRESOLVED)
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")
    try:
        if agreements is None:
            where = " AND ".join(clauses) or "1"
            yield from _merge(conn, where, params, "i.opened_at, i.id")
        else:
            where = " AND ".join(["i.agreement = ?", *clauses])
            for agreement in agreements:
                yield from _merge(conn, where, [agreement, *params], "i.opened_at, i.id")
    finally:
        if began and conn.in_transaction:
            conn.execute("COMMIT")
