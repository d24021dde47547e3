"""Where the database lives: ``--db PATH``, else ``SLACHECK_DB``, else in the workspace."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

#: The database's place inside a workspace (git-ignored).
DEFAULT_RELATIVE = Path(".slacheck") / "slacheck.db"


def database_path(
    workspace: str | Path | None, db: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """The database file to open: ``db`` if given, else ``$SLACHECK_DB``, else
    ``<workspace>/.slacheck/slacheck.db``.  Raises ``ValueError`` when none applies."""
    environ = os.environ if environ is None else environ
    if db:
        return Path(db)
    if environ.get("SLACHECK_DB"):
        return Path(environ["SLACHECK_DB"])
    if workspace is None:
        raise ValueError("no workspace and no --db / SLACHECK_DB: nowhere to keep the database")
    return Path(workspace) / DEFAULT_RELATIVE
