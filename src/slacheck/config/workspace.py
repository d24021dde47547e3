"""The workspace: a folder holding ``agreements/``, and how a command finds it.

An explicit folder (``--workspace DIR`` or ``SLACHECK_WORKSPACE``) wins; otherwise the current
folder and its parents are searched for the first one holding ``agreements/``.  The search is the
single function :func:`discover_root`, so tests can patch it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from ..errors import WorkspaceError

AGREEMENTS = "agreements"
SETTINGS = "slacheck.toml"
#: URL schemes of a database server (PostgreSQL).
SERVER_SCHEMES = ("postgresql://", "postgres://")
#: A workspace id: it names the workspace's schema on a shared database server.
WORKSPACE_ID = re.compile(r"[a-z][a-z0-9-]{0,46}")


def is_server_url(location: object) -> bool:
    """Whether ``location`` names a database server rather than a file."""
    return isinstance(location, str) and location.lower().startswith(SERVER_SCHEMES)


@dataclass(frozen=True)
class Workspace:
    """A workspace rooted at ``root``.

    Its database is, in this order: ``db_url`` (a server named by ``--db`` / ``SLACHECK_DB``),
    ``db_path`` when it is not the default file, the ``database`` of ``agreements/slacheck.toml``,
    and else the default file ``root/.slacheck/slacheck.db`` (:meth:`database`).
    """

    root: Path
    db_path: Path | None = None
    db_url: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))
        if self.db_path is None:
            object.__setattr__(self, "db_path", self.default_db_path)
        else:
            object.__setattr__(self, "db_path", Path(self.db_path))

    @property
    def agreements_dir(self) -> Path:
        return self.root / AGREEMENTS

    @property
    def default_db_path(self) -> Path:
        return self.root / ".slacheck" / "slacheck.db"

    def with_database(self, location: str | Path) -> Workspace:
        """This workspace with its database named explicitly (``--db``, ``SLACHECK_DB``): a
        server URL, or a file path."""
        if is_server_url(location):
            return replace(self, db_url=str(location))
        return replace(self, db_path=Path(location).expanduser(), db_url=None)

    def database(self) -> str | Path:
        """The database this workspace uses: a server URL or an SQLite file (see the class).

        Raises :class:`WorkspaceError` when ``slacheck.toml`` cannot be read for it.
        """
        if self.db_url is not None:
            return self.db_url
        if self.db_path != self.default_db_path:
            return self.db_path  # type: ignore[return-value]
        configured = self._store_settings[0]
        if configured is None:
            return self.db_path  # type: ignore[return-value]
        if is_server_url(configured):
            return configured
        return (self.root / Path(configured).expanduser()).absolute()

    @property
    def uses_server(self) -> bool:
        """Whether the database is on a server (no file of its own)."""
        return is_server_url(self.database())

    @property
    def identity(self) -> str | None:
        """The ``id`` of ``slacheck.toml``: what keeps this workspace's rows apart from other
        workspaces' on a shared server; ``None`` when the file gives none."""
        return self._store_settings[1]

    @cached_property
    def _store_settings(self) -> tuple[str | None, str | None]:
        """``(database, id)`` from ``agreements/slacheck.toml`` (both optional)."""
        path = self.agreements_dir / SETTINGS
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None, None
        except (OSError, UnicodeDecodeError) as exc:
            raise WorkspaceError(f"cannot read {path}: {exc}") from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise WorkspaceError(
                f"{path}: {exc}; it says which database to use, so nothing was read or written "
                "(run 'slacheck validate')") from None
        database, identity = data.get("database"), data.get("id")
        if database is not None and (not isinstance(database, str) or not database.strip()):
            raise WorkspaceError(f"{path}: database must be a postgresql:// URL or a file path "
                                 "(run 'slacheck validate')")
        if identity is not None and not (isinstance(identity, str)
                                         and WORKSPACE_ID.fullmatch(identity)):
            raise WorkspaceError(f"{path}: id {identity!r} is not a workspace id "
                                 "(run 'slacheck validate')")
        return database, identity


def is_workspace(folder: Path) -> bool:
    return (folder / AGREEMENTS).is_dir()


def discover_root(start: Path) -> Path | None:
    """The first of ``start`` and its parents that holds ``agreements/``, or ``None``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_workspace(folder):
            return folder
    return None


def find_workspace(explicit: str | Path | None = None, cwd: Path | None = None) -> Workspace:
    """The workspace named by ``explicit``, else the one found from ``cwd`` (default: the
    current folder) upwards.  Raises :class:`~slacheck.errors.WorkspaceError` when there is none.
    """
    if explicit is not None and str(explicit) != "":
        folder = Path(explicit).expanduser()
        if not folder.is_dir():
            raise WorkspaceError(
                f"workspace {str(folder)!r} is not a folder; "
                f"create one with: slacheck init {folder}"
            )
        if not is_workspace(folder):
            raise WorkspaceError(
                f"{str(folder)!r} holds no {AGREEMENTS}/ folder, so it is not a workspace; "
                f"create one with: slacheck init {folder}"
            )
        return Workspace(folder.resolve())
    start = Path(cwd) if cwd is not None else Path.cwd()
    root = discover_root(start)
    if root is None:
        raise WorkspaceError(
            f"no workspace found: neither {str(start)!r} nor a folder above it holds an "
            f"{AGREEMENTS}/ folder; create one with 'slacheck init', or pass --workspace DIR"
        )
    return Workspace(root)
