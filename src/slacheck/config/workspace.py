"""The workspace: a folder holding ``agreements/``, and how a command finds it.

An explicit folder (``--workspace DIR`` or ``SLACHECK_WORKSPACE``) wins; otherwise the current
folder and its parents are searched for the first one holding ``agreements/``.  The search is the
single function :func:`discover_root`, so tests can patch it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import WorkspaceError

AGREEMENTS = "agreements"


@dataclass(frozen=True)
class Workspace:
    """A workspace rooted at ``root``; the database defaults to ``root/.slacheck/slacheck.db``."""

    root: Path
    db_path: Path | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))
        if self.db_path is None:
            object.__setattr__(self, "db_path", self.root / ".slacheck" / "slacheck.db")
        else:
            object.__setattr__(self, "db_path", Path(self.db_path))

    @property
    def agreements_dir(self) -> Path:
        return self.root / AGREEMENTS


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
