"""Rules for ``agreements/slacheck.toml``, the optional workspace settings."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..domain.model import Settings
from .checks import Doc, KeyPath, Section
from .rules_calendar import check_timezone
from .workspace import WORKSPACE_ID, is_server_url


def check_database(doc: Doc, at: KeyPath, database: str) -> None:
    """A database is a server URL without a password, or a file path."""
    if not database.strip():
        doc.error(at, "database is empty: give a postgresql:// URL or a file path, or leave "
                  "the key out for the default .slacheck/slacheck.db")
        return
    if "://" in database and not is_server_url(database):
        scheme = database.split("://", 1)[0]
        doc.error(at, f"database {scheme}:// is not supported: give a postgresql:// URL or a "
                  "file path")
        return
    if is_server_url(database):
        try:
            password = urlsplit(database).password
        except ValueError as exc:
            doc.error(at, f"database is not a valid URL: {exc}")
            return
        if password is not None or "password=" in database.lower():
            doc.error(at, "database holds a password, and this file is shared through git: "
                      "remove it and give it to libpq instead (PGPASSWORD, ~/.pgpass or a "
                      "PGSERVICE entry)")


def build_settings(doc: Doc, data: dict) -> Settings | None:
    """Validate the settings file; ``None`` when it has errors."""
    before = doc.errors
    top = Section(doc, (), data)
    top.keys(required=(), optional=("id", "database", "timezone", "health"))
    identity = top.str("id")
    if identity is not None and not WORKSPACE_ID.fullmatch(identity):
        doc.error(top.at("id"), f"id {identity!r} is not a workspace id: a lowercase letter, then "
                  "up to 46 lowercase letters, digits or '-' (it names the workspace's schema on "
                  "a shared database)")
    database = top.str("database")
    if database is not None:
        check_database(doc, top.at("database"), database)
    timezone = "UTC"
    raw_zone = top.str("timezone")
    if raw_zone is not None and check_timezone(doc, top.at("timezone"), raw_zone):
        timezone = raw_zone
    min_votes = 3
    health = top.table("health")
    if health is not None:
        health.keys(required=(), optional=("min_votes",))
        votes = health.int("min_votes")
        if votes is not None:
            if votes < 1:
                doc.error(health.at("min_votes"), f"min_votes must be at least 1, not {votes}")
            else:
                min_votes = votes
    if doc.errors > before:
        return None
    return Settings(timezone=timezone, min_votes_shown=min_votes)
