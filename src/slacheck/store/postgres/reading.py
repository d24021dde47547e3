"""Streaming reads of whole histories from PostgreSQL: two server-side cursors, merged here.

As on SQLite (``store/reading.py``), one cursor walks the selected interactions and a second the
events of the same interactions in the same order; both are server-side (named) cursors of one
``REPEATABLE READ READ ONLY`` transaction, so they see one snapshot, the window's filter runs on
the server (only the rows the window needs cross the wire) and memory stays flat.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from ..codec import EMPTY_PAYLOAD, make_event, make_interaction
from ..interface import History
from ..schema import KIND_NAMES

#: Rows fetched per round trip.
FETCH = 5000

_INTERACTIONS = (
    "SELECT i.id, i.agreement, i.service, i.opened_at, i.title, i.priority, i.requester, i.ref, "
    "i.version FROM interactions i WHERE {where} ORDER BY {order}"
)
_EVENTS = (
    "SELECT e.interaction, e.seq, e.kind, e.at, e.actor, e.payload "
    "FROM interactions i JOIN events e ON e.interaction = i.id "
    "WHERE {where} ORDER BY {order}, e.seq"
)
#: An interaction is unresolved when ``open_interactions`` lists it.
UNRESOLVED = "i.id IN (SELECT interaction FROM open_interactions)"


def _rows(conn: Any, name: str, query: str, params: list) -> Iterator[tuple]:
    cursor = conn.cursor(name=name)
    cursor.itersize = FETCH
    try:
        cursor.execute(query, params)
        fetch = cursor.fetchmany
        while True:
            rows = fetch(FETCH)
            if not rows:
                return
            yield from rows
    finally:
        if not conn.closed and not conn.broken:
            cursor.close()


def merge(conn: Any, where: str, params: list, order: str, tag: str) -> Iterator[History]:
    """The histories of the interactions ``i`` matching ``where``, in ``order``."""
    interactions = _rows(conn, f"{tag}_i", _INTERACTIONS.format(where=where, order=order), params)
    events = _rows(conn, f"{tag}_e", _EVENTS.format(where=where, order=order), params)
    loads = json.loads
    names = KIND_NAMES
    empty = EMPTY_PAYLOAD
    build_event = make_event
    build_interaction = make_interaction
    pending = next(events, None)
    for row in interactions:
        interaction_id = row[0]
        history: list = []
        append = history.append
        while pending is not None and pending[0] == interaction_id:
            _, seq, kind, at, actor, payload = pending
            append(build_event(names[kind], at, actor, empty if payload is None else loads(payload), seq))
            pending = next(events, None)
        yield History(build_interaction(*row), history)
    events.close()


def histories_where(conn: Any, where: str, params: list) -> list[History]:
    """Histories of the few interactions ``i`` matching ``where`` (a look-up, not a scan)."""
    rows = conn.execute(_INTERACTIONS.format(where=where, order="i.id"), params).fetchall()
    if not rows:
        return []
    events: dict[int, list] = {row[0]: [] for row in rows}
    loads = json.loads
    for interaction_id, seq, kind, at, actor, payload in conn.execute(
        "SELECT interaction, seq, kind, at, actor, payload FROM events "
        "WHERE interaction = ANY(%s) ORDER BY interaction, seq",
        [list(events)],
    ):
        events[interaction_id].append(make_event(
            KIND_NAMES[kind], at, actor, EMPTY_PAYLOAD if payload is None else loads(payload), seq
        ))
    return [History(make_interaction(*row), events[row[0]]) for row in rows]


def stream_histories(
    conn: Any,
    agreements: Sequence[str] | None,
    opened_from: int | None,
    opened_to: int | None,
    unresolved: bool,
    tag: str,
) -> Iterator[History]:
    """The histories selected by the filters of ``iter_histories`` (the caller holds the
    snapshot transaction)."""
    clauses: list[str] = []
    params: list = []
    if opened_from is not None:
        clauses.append("i.opened_at >= %s")
        params.append(int(opened_from))
    if opened_to is not None:
        clauses.append("i.opened_at < %s")
        params.append(int(opened_to))
    if unresolved:
        clauses.append(UNRESOLVED)
    if agreements is None:
        yield from merge(conn, " AND ".join(clauses) or "true", params, "i.opened_at, i.id", tag)
        return
    where = " AND ".join(["i.agreement = %s", *clauses])
    for number, agreement in enumerate(agreements):
        yield from merge(conn, where, [agreement, *params], "i.opened_at, i.id", f"{tag}_{number}")
