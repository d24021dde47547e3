"""Rules for ``agreements/slacheck.toml``, the optional workspace settings."""

from __future__ import annotations

from ..domain.model import Settings
from .checks import Doc, Section
from .rules_calendar import check_timezone


def build_settings(doc: Doc, data: dict) -> Settings | None:
    """Validate the settings file; ``None`` when it has errors."""
    before = doc.errors
    top = Section(doc, (), data)
    top.keys(required=(), optional=("timezone", "health"))
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
