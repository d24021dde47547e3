"""The store's user-facing errors: a database slacheck cannot open, read or write."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from ..errors import SlacheckError


class StoreError(SlacheckError):
    """The database cannot be used: not a database, corrupted, newer than this slacheck,
    or a write broke an integrity rule (an unknown interaction, a duplicate ``ref``)."""

    title = "Database"
    exit_code = 2


@contextlib.contextmanager
def translating(store: Any) -> Iterator[None]:
    """Turn an error of ``store``'s driver escaping the block into the user's
    :class:`StoreError` (``store.translate``), naming that store's database."""
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:
        error = store.translate(exc)
        if error is None:
            raise
        raise error from None
