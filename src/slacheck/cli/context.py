"""Opening a :class:`~slacheck.services.session.Session` for a command, and shared options."""

from __future__ import annotations

import time
from typing import Callable

import click

from ..services.instants import parse_instant
from ..services.session import Session
from .common import load_result_or_fail


def open_session(ctx: click.Context) -> Session:
    """The workspace's validated catalog and its store; a broken workspace exits 1."""
    session = Session(load_result_or_fail(ctx))
    ctx.call_on_close(session.close)
    return session


def at_option(help_text: str = "When it happened (ISO 8601; no offset: workspace time zone). Default: now.") -> Callable:
    return click.option("--at", "at_text", metavar="TIMESTAMP", help=help_text)


def instant(session: Session, text: str | None) -> int:
    """``--at`` / ``--as-of`` text -> UTC seconds (now when absent)."""
    return int(time.time()) if text is None else parse_instant(text, session.timezone)
