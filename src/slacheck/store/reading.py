"""Streaming reads of whole histories: interactions and their events, no sorting, flat memory.

Two cursors walk the same interactions in the same order, one over ``interactions`` and one
over ``events`` joined to them; ``events`` is clustered on ``(interaction, seq)`` so the second
never sorts.  Both run inside one read transaction, hence one snapshot, and are merged here.
That reads each interaction's columns once instead of once per event, which is what makes a
million histories affordable.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Sequence

from .codec import EMPTY_PAYLOAD, make_event, make_interaction
from .interface import History
from .schema import KIND_NAMES

_FETCH = 4096

#: An interaction is unresolved when the trigger-kept ``open_interactions`` lists it.
UNRESOLVED = "i.id IN (SELECT interaction FROM open_interactions)"

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


def histories_where(conn: sqlite3.Connection, where: str, params: list) -> list[History]:
    """Histories of the few interactions ``i`` matching ``where`` (a look-up, not a scan):
    the events are read only when some interaction matched."""
    rows = conn.execute(
        _INTERACTIONS.format(where=where, order="i.id"), params
    ).fetchall()
    if not rows:
        return []
    events: dict[int, list] = {row[0]: [] for row in rows}
    marks = ",".join("?" * len(events))
    loads = json.loads
    for interaction_id, seq, kind, at, actor, payload in conn.execute(
        "SELECT interaction, seq, kind, at, actor, payload FROM events "
        f"WHERE interaction IN ({marks}) ORDER BY interaction, seq",
        list(events),
    ):
        events[interaction_id].append(make_event(
            KIND_NAMES[kind], at, actor, EMPTY_PAYLOAD if payload is None else loads(payload), seq
        ))
    return [History(make_interaction(*row), events[row[0]]) for row in rows]


def stream_histories(
    conn: sqlite3.Connection,
    agreements: Sequence[str] | None,
    opened_from: int | None,
    opened_to: int | None,
    unresolved: bool,
) -> Iterator[History]:
    """The histories selected by the filters of ``Store.iter_histories``, one snapshot."""
    # With ``unresolved`` the few open interactions drive the query: a unary ``+`` keeps SQLite
    # from walking an index over every interaction of the agreement or the window instead.
    column = "+i." if unresolved else "i."
    clauses: list[str] = []
    params: list = []
    if opened_from is not None:
        clauses.append(f"{column}opened_at >= ?")
        params.append(int(opened_from))
    if opened_to is not None:
        clauses.append(f"{column}opened_at < ?")
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
            where = " AND ".join([f"{column}agreement = ?", *clauses])
            for agreement in agreements:
                yield from _merge(conn, where, [agreement, *params], "i.opened_at, i.id")
    finally:
        # Only a read transaction ends here: nothing to lose.  This also runs when an abandoned
        # stream is closed later (its connection may be closed by then), and raising from a
        # closing generator would only print "Exception ignored" on the user's terminal.
        if began:
            _end_read(conn)


def _end_read(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        if conn.in_transaction:
            try:
                conn.execute("COMMIT")
            except sqlite3.Error:
                conn.execute("ROLLBACK")
