"""All SQL of team health checks: sessions, anonymous votes, notes and action items.

:class:`HealthRepository` works on an open store of either backend, through its connection (the
PostgreSQL one takes the same ``?``-style SQL) and its ``transaction()``, and hands back
the domain's values (:class:`~slacheck.domain.health.Session`, :class:`~slacheck.domain.health.Vote`,
:class:`~slacheck.domain.health.ActionItem`).  Like the rest of the store it checks integrity
only; whether a vote fits its template or a session may still take votes is the domain's
question, asked by :mod:`slacheck.services.health` inside the same transaction.

Everything is appended (:func:`migrate_health`, schema version 2): opening a session is a row
of ``health_sessions``, closing it a row of ``health_closings`` (one per session: its primary
key), a note a row of ``health_notes``, a vote a row of ``health_votes``, an action item a row
of ``health_actions`` and its completion a row of ``health_actions_done``.  Triggers refuse
``UPDATE`` and ``DELETE`` on all six tables.

Votes carry no participant and no time: nothing stored says who voted what, or when.  A batch
of votes is written in a canonical order (by card, then value), not in the order it was cast,
so not even the row ids of one participant's votes sit together.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ..domain.health import ActionItem, Session, Target, Vote
from .errors import StoreError

if TYPE_CHECKING:
    from .interface import StoreBackend

F = TypeVar("F", bound=Callable[..., Any])

_TABLES = ("health_sessions", "health_closings", "health_notes", "health_votes",
           "health_actions", "health_actions_done")

_SCHEMA = [
    """
    CREATE TABLE health_sessions (
        id INTEGER PRIMARY KEY,
        template TEXT NOT NULL,
        team TEXT NOT NULL,
        about TEXT,
        opened_at INTEGER NOT NULL
    )
    """,
    "CREATE INDEX health_sessions_by_series ON health_sessions(team, template, about, opened_at)",
    """
    CREATE TABLE health_closings (
        session INTEGER PRIMARY KEY REFERENCES health_sessions(id),
        closed_at INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE health_notes (
        id INTEGER PRIMARY KEY,
        session INTEGER NOT NULL REFERENCES health_sessions(id),
        at INTEGER NOT NULL,
        text TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE health_votes (
        id INTEGER PRIMARY KEY,
        session INTEGER NOT NULL REFERENCES health_sessions(id),
        card TEXT NOT NULL,
        colour TEXT CHECK (colour IN ('green', 'amber', 'red')),
        trend TEXT CHECK (trend IN ('up', 'same', 'down')),
        score INTEGER CHECK (score BETWEEN 1 AND 5),
        comment TEXT NOT NULL DEFAULT '',
        CHECK ((colour IS NULL) != (score IS NULL))
    )
    """,
    "CREATE INDEX health_votes_by_session ON health_votes(session)",
    """
    CREATE TABLE health_actions (
        id INTEGER PRIMARY KEY,
        session INTEGER NOT NULL REFERENCES health_sessions(id),
        text TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        agreement TEXT,
        target_metric TEXT,
        target_comparator TEXT,
        target_value REAL,
        target_horizon TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE health_actions_done (
        action INTEGER PRIMARY KEY REFERENCES health_actions(id),
        done_at INTEGER NOT NULL
    )
    """,
]


def migrate_health(conn: sqlite3.Connection) -> None:
    """Schema version 2: the append-only tables of health checks (see the module docstring)."""
    for statement in _SCHEMA:
        conn.execute(statement)
    for table in _TABLES:
        for action in ("UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"
            )


def _translated(method: F) -> F:
    """Turn the database's errors escaping ``method`` into :class:`StoreError`."""

    @functools.wraps(method)
    def wrapper(self: HealthRepository, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except StoreError:
            raise
        except UnicodeEncodeError:
            raise StoreError("text with unpaired surrogate characters cannot be stored") from None
        except Exception as exc:
            error = self.store.translate(exc)
            if error is None:
                raise
            raise error from None

    return wrapper  # type: ignore[return-value]


def _next_id(table: str) -> str:
    """The id of a new row: one more than the largest (rows are never deleted, and writers
    hold the write lock, so this is what SQLite's rowid would be on either backend)."""
    return f"(SELECT coalesce(max(id), 0) + 1 FROM {table})"


def _vote_order(vote: Vote) -> tuple:
    return (vote.card, vote.colour or "", vote.trend or "", vote.score or 0, vote.comment)


_SESSIONS = (
    "SELECT s.id, s.template, s.team, s.about, s.opened_at, c.closed_at "
    "FROM health_sessions s LEFT JOIN health_closings c ON c.session = s.id"
)
_ACTIONS = (
    "SELECT a.id, a.session, a.text, a.owner, a.agreement, a.target_metric, a.target_comparator, "
    "a.target_value, a.target_horizon, a.created_at, d.done_at "
    "FROM health_actions a LEFT JOIN health_actions_done d ON d.action = a.id"
)


class HealthRepository:
    """Health-check rows of one store.  Each write is atomic; inside the store's
    ``transaction()`` several calls (and the checks between them) share one transaction."""

    def __init__(self, store: StoreBackend) -> None:
        self.store = store

    @property
    def conn(self) -> Any:
        """The store's connection: ``sqlite3``'s, or one taking the same SQL on PostgreSQL."""
        return self.store.conn  # type: ignore[attr-defined]

    # ---------------------------------------------------------------- sessions
    @_translated
    def open_session(self, template: str, team: str, about: str | None, opened_at: int) -> Session:
        """Store a new session; its id is the next small integer."""
        with self.store.transaction():
            session_id = int(self.conn.execute(
                "INSERT INTO health_sessions (id, template, team, about, opened_at) "
                f"VALUES ({_next_id('health_sessions')}, ?, ?, ?, ?) RETURNING id",
                (template, team, about, int(opened_at)),
            ).fetchone()[0])
        return Session(session_id, template, team, about, int(opened_at))

    @_translated
    def close_session(self, session_id: int, closed_at: int) -> None:
        """Record the closing of a session (a second closing is refused by the database)."""
        with self.store.transaction():
            self.conn.execute("INSERT INTO health_closings (session, closed_at) VALUES (?, ?)",
                              (session_id, int(closed_at)))

    @_translated
    def add_note(self, session_id: int, text: str, at: int) -> None:
        with self.store.transaction():
            self.conn.execute(
                f"INSERT INTO health_notes (id, session, at, text) VALUES ({_next_id('health_notes')}, "
                "?, ?, ?)", (session_id, int(at), text))

    def _notes(self, session_ids: Sequence[int] | None = None) -> dict[int, list[tuple[int, str]]]:
        found: dict[int, list[tuple[int, str]]] = {}
        for session_id, at, text in self.conn.execute(
            "SELECT session, at, text FROM health_notes ORDER BY session, at, id"
        ):
            if session_ids is None or session_id in session_ids:
                found.setdefault(session_id, []).append((at, text))
        return found

    @_translated
    def session(self, session_id: int) -> Session | None:
        """One session with its closing and notes (all of them), or ``None``."""
        row = self.conn.execute(f"{_SESSIONS} WHERE s.id = ?", (session_id,)).fetchone()
        if row is None:
            return None
        notes = self._notes([session_id]).get(session_id, [])
        return Session(*row, notes="\n".join(text for _, text in notes))

    @_translated
    def sessions(self, *, opened_until: int | None = None) -> list[Session]:
        """Every session opened at or before ``opened_until`` (all when ``None``), in order of
        opening.  A closing or note after ``opened_until`` is left out, so the sessions are as
        they were at that instant."""
        until = opened_until
        rows = self.conn.execute(f"{_SESSIONS} ORDER BY s.opened_at, s.id").fetchall()
        notes = self._notes()
        found = []
        for sid, template, team, about, opened_at, closed_at in rows:
            if until is not None and opened_at > until:
                continue
            if until is not None and closed_at is not None and closed_at > until:
                closed_at = None
            text = "\n".join(t for at, t in notes.get(sid, []) if until is None or at <= until)
            found.append(Session(sid, template, team, about, opened_at, closed_at, text))
        return found

    # ---------------------------------------------------------------- votes
    @_translated
    def add_votes(self, session_id: int, votes: Iterable[Vote]) -> int:
        """Append votes to a session, all or none, in canonical order; returns how many."""
        rows = [(session_id, v.card, v.colour, v.trend, v.score, v.comment or "")
                for v in sorted(votes, key=_vote_order)]
        with self.store.transaction():
            self.conn.executemany(
                "INSERT INTO health_votes (id, session, card, colour, trend, score, comment) "
                f"VALUES ({_next_id('health_votes')}, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return len(rows)

    @_translated
    def votes(self, session_ids: Iterable[int] | None = None) -> dict[int, list[Vote]]:
        """Votes per session (every session when ``None``), each list in canonical order."""
        wanted = None if session_ids is None else set(session_ids)
        found: dict[int, list[Vote]] = {}
        for sid, card, colour, trend, score, comment in self.conn.execute(
            "SELECT session, card, colour, trend, score, comment FROM health_votes "
            "ORDER BY session, card, colour, trend, score, comment"
        ):
            if wanted is None or sid in wanted:
                found.setdefault(sid, []).append(Vote(card, colour, trend, score, comment))
        return found

    # ---------------------------------------------------------------- action items
    @_translated
    def add_action(self, draft: ActionItem) -> ActionItem:
        """Store a new action item (its ``id`` is assigned here; ``done_at`` must be empty)."""
        target = draft.target
        with self.store.transaction():
            action_id = int(self.conn.execute(
                "INSERT INTO health_actions (id, session, text, owner, agreement, target_metric, "
                "target_comparator, target_value, target_horizon, created_at) "
                f"VALUES ({_next_id('health_actions')}, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (draft.session, draft.text, draft.owner, draft.agreement,
                 target.metric if target else None, target.comparator if target else None,
                 target.value if target else None, target.horizon if target else "",
                 int(draft.created_at)),
            ).fetchone()[0])
        return ActionItem(action_id, draft.session, draft.text, draft.owner, draft.agreement,
                          target, int(draft.created_at))

    @_translated
    def complete_action(self, action_id: int, done_at: int) -> None:
        """Record that an action item was done (a second completion is refused)."""
        with self.store.transaction():
            self.conn.execute("INSERT INTO health_actions_done (action, done_at) VALUES (?, ?)",
                              (action_id, int(done_at)))

    @staticmethod
    def _action(row: tuple) -> ActionItem:
        (aid, session, text, owner, agreement, metric, comparator, value, horizon, created_at,
         done_at) = row
        target = (Target(metric, comparator, float(value), agreement, horizon or "")
                  if metric is not None else None)
        return ActionItem(aid, session, text, owner, agreement, target, created_at, done_at)

    @_translated
    def action(self, action_id: int) -> ActionItem | None:
        row = self.conn.execute(f"{_ACTIONS} WHERE a.id = ?", (action_id,)).fetchone()
        return None if row is None else self._action(row)

    @_translated
    def actions(self) -> list[ActionItem]:
        """Every action item, oldest first."""
        return [self._action(row) for row in
                self.conn.execute(f"{_ACTIONS} ORDER BY a.created_at, a.id")]
