"""The store's user-facing errors: a database slacheck cannot open, read or write."""

from __future__ import annotations

from ..errors import SlacheckError


class StoreError(SlacheckError):
    """The database cannot be used: not a database, corrupted, newer than this slacheck,
    or a write broke an integrity rule (an unknown interaction, a duplicate ``ref``)."""

    title = "Database"
    exit_code = 2
