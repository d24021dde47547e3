"""Opening a :class:`~slacheck.services.session.Session` for a command, and shared options.

Commands that only read open their session with ``read_only=True``: the database is never
written (nor created), so they work on a read-only file, a backup on a read-only mount and a
full disk.  Commands that write open it for writing (a damaged file is refused first) and call
:func:`after_write` once their own write is done: that is when the escalation levels reached
by now are recorded as events.
"""

from __future__ import annotations

import time
from typing import Callable

import click

from ..services.instants import parse_instant
from ..services.session import Session
from .common import load_result_or_fail


def open_session(ctx: click.Context, *, read_only: bool = False) -> Session:
    """The workspace's validated catalog and its store; a broken workspace exits 1."""
    session = Session(load_result_or_fail(ctx), read_only=read_only)
    ctx.call_on_close(session.close)
    return session


def after_write(session: Session) -> None:
    """Record the escalation levels the open requests have reached by now.

    The command's own write is already stored: a failure here is a warning on stderr, never a
    failed command (a script retrying it would write twice).
    """
    from ..errors import SlacheckError
    from ..services.escalations import record_due_escalations

    try:
        record_due_escalations(session)
    except SlacheckError as exc:
        click.echo(f"slacheck: warning: escalation levels were not recorded: {exc.message}", err=True)


def at_option(help_text: str = "When it happened (ISO 8601; no offset: workspace time zone). Default: now.") -> Callable:
    return click.option("--at", "at_text", metavar="TIMESTAMP", help=help_text)


def instant(session: Session, text: str | None) -> int:
    """``--at`` / ``--as-of`` text -> UTC seconds (now when absent)."""
    return int(time.time()) if text is None else parse_instant(text, session.timezone)
