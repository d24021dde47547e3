"""The demo's folder: the example company's files, a ``.gitignore``, and room for the database.

The agreement files are the package's copy of the example company (``slacheck/example_agreements``,
the repository's ``agreements/``), with every agreement's ``effective`` date moved to the start
of the generated year and ``review_by`` to a year after the evaluation instant, so that the
history lies inside the agreements' lives and ``slacheck validate`` is clean whenever the demo is
made.  Nothing is written into a folder that holds anything, except that ``force`` replaces the
database of an existing workspace and leaves its files as they are.
"""

from __future__ import annotations

import re
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from ..config.workspace import AGREEMENTS, is_workspace
from ..errors import InputError, RuleViolation
from ..store import DEFAULT_RELATIVE

GITIGNORE = (
    "# slacheck keeps its database (interactions, health-check votes) in .slacheck/:\n"
    "# local working data, not something to review in pull requests.\n"
    ".slacheck/\n"
)
_DATE_KEY = re.compile(rb"^(effective|review_by)(\s*=\s*)\d{4}-\d{2}-\d{2}", re.MULTILINE)
#: Files SQLite keeps beside a database.
_DB_SUFFIXES = ("", "-wal", "-shm", "-journal")


def example_files() -> list[tuple[str, bytes]]:
    """``(path relative to agreements/, content)`` of every file of the example company."""
    found: list[tuple[str, bytes]] = []

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".toml"):
                found.append((f"{prefix}{entry.name}", entry.read_bytes()))

    walk(files("slacheck") / "example_agreements", "")
    return found


def with_dates(content: bytes, effective: date, review_by: date) -> bytes:
    """``content`` with every ``effective`` / ``review_by`` line set to the given dates."""
    values = {b"effective": effective, b"review_by": review_by}

    def replace(match: re.Match[bytes]) -> bytes:
        return match.group(1) + match.group(2) + values[match.group(1)].isoformat().encode()

    return _DATE_KEY.sub(replace, content)


def database_files(root: Path) -> list[Path]:
    """The database of the workspace at ``root`` and SQLite's companion files."""
    db = root / DEFAULT_RELATIVE
    return [db.with_name(db.name + suffix) for suffix in _DB_SUFFIXES]


def prepare(root: Path, *, effective: date, review_by: date, force: bool) -> bool:
    """Make ``root`` ready for a fresh demo database; returns whether files were written
    (``False``: an existing workspace kept its files and lost its database, with ``force``).

    Raises :class:`~slacheck.errors.RuleViolation` (exit 1) for a folder that holds anything,
    unless ``force`` and it is a workspace; :class:`~slacheck.errors.InputError` when ``root``
    is a file or cannot be written.
    """
    if root.exists() and not root.is_dir():
        raise InputError(f"{root} is a file, not a folder")
    if root.is_dir() and any(root.iterdir()):
        if not force:
            raise RuleViolation(
                f"{root} is not empty; the demo is written only into a new or empty folder. "
                "Pick another folder, or pass --force to replace the database of an existing "
                "workspace (its agreement files stay as they are)"
            )
        if not is_workspace(root):
            raise RuleViolation(
                f"{root} is not empty and holds no {AGREEMENTS}/ folder, so it is not a "
                "workspace whose database --force could replace; pick a new or empty folder"
            )
        for path in database_files(root):
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise InputError(f"cannot remove {path}: {exc.strerror or exc}") from None
        return False
    try:
        for relative, content in example_files():
            target = root / AGREEMENTS / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(with_dates(content, effective, review_by))
        (root / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {exc.filename or root}: {exc.strerror or exc}") from None
    return True
