"""Where the two sides of ``slacheck diff`` come from: files, folders and git revisions.

A :class:`Side` is one version of the agreement files, read and validated by
:func:`~slacheck.config.loader.load_catalog`, with its errors already worded the way the user
knows the files: ``agreements/x.toml:3:5: …`` relative to the current folder for files on disk,
``HEAD~1:agreements/x.toml:3:5: …`` for a git revision.  The sources:

* :func:`load_folder` -- an ``agreements/`` folder, or a workspace root holding one;
* :func:`load_file` -- one agreement file, read with the teams, calendars and settings of the
  folder it lies in (or, for a loose copy such as ``old.toml``, of the current workspace); the
  side holds that one agreement only and the comparison is restricted to it.  A ``teams.toml``,
  ``calendars.toml`` or ``slacheck.toml`` replaces that file in its whole folder instead;
* :func:`replaced_file` -- a folder with one file's content replaced (what the TUI's agreement
  editor compares before saving);
* :func:`load_git` -- the ``agreements/`` folder at a revision (``git ls-tree`` /
  ``git cat-file``, written into a temporary folder) against the working tree or a second
  revision, from any folder of the repository;
* :func:`textconv` -- one file in a canonical, meaning-level text, for git's textconv driver.

Everything is loaded from the real folder or from a temporary copy; nothing is written anywhere
else.  Whatever the user can fix (a missing path, no git, an unknown revision) raises
:class:`~slacheck.errors.InputError` (exit 2).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

from ..config.loader import (
    CALENDARS_FILE,
    HEALTH_DIR,
    RESERVED,
    TEAMS_FILE,
    load_catalog,
)
from ..config.problems import Problem
from ..config.source import read_source
from ..config.workspace import AGREEMENTS, Workspace, is_workspace
from ..domain.diff import CatalogDiff, diff_catalogs
from ..domain.model import Catalog
from ..errors import InputError

#: What an agreement id must look like to name a temporary copy after it.
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_TEMP_PREFIX = "slacheck-diff-"
WORKING_TREE = "the working tree"


class GitError(InputError):
    """git is missing, the workspace is not in a repository, or a revision is unknown."""

    title = "Git"


@dataclass(frozen=True)
class Side:
    """One version of the agreement files.

    ``label`` names it in messages (``HEAD~1``, ``agreements``, ``the working tree``);
    ``catalog`` is ``None`` when ``errors`` (``path:line:col: message`` lines) are not empty.
    ``only`` is the id of the single agreement a file side holds (``None``: the whole workspace);
    ``note`` is something the user should know about this side.
    """

    label: str
    catalog: Catalog | None
    errors: tuple[str, ...] = ()
    only: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.catalog is not None


# ---------------------------------------------------------------- shared
def display(path: Path) -> str:
    """``path`` relative to the current folder when it lies below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _format(problem: Problem, shown: str) -> str:
    return f"{shown}:{problem.line}:{problem.col}: {problem.message}"


def _load(label: str, root: Path, shown: Callable[[PurePosixPath], str], *,
          only: str | None = None, note: str | None = None) -> Side:
    """Load the workspace at ``root``; ``shown`` names a file (relative to its
    ``agreements/``) the way the user knows it.  Warnings are left out: a diff is about
    meaning, and ``slacheck validate`` shows them."""
    result = load_catalog(Workspace(root))
    base = root / AGREEMENTS
    errors = []
    for problem in result.errors:
        try:
            relative = PurePosixPath(problem.path.relative_to(base).as_posix())
            errors.append(_format(problem, shown(relative)))
        except ValueError:
            errors.append(_format(problem, str(problem.path)))
    return Side(label, result.catalog, tuple(errors), only, note)


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def _loader_files(folder: Path) -> Iterator[PurePosixPath]:
    """The files of an agreements folder the loader reads: ``*.toml`` and ``health/*.toml``."""
    for sub in (Path(), Path(HEALTH_DIR)):
        here = folder / sub
        if here.is_dir():
            for path in sorted(here.glob("*.toml")):
                if path.is_file():
                    yield PurePosixPath(path.relative_to(folder).as_posix())


def _copy(folder: Path, target: Path, skip: str | None = None) -> None:
    """Copy the loader's files of ``folder`` into ``target`` (an ``agreements/`` folder)."""
    for relative in _loader_files(folder):
        if str(relative) == skip:
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(read_bytes(folder / relative))


# ---------------------------------------------------------------- folders and files
def agreements_folder(path: Path) -> Path:
    """The ``agreements/`` folder ``path`` means: the one a workspace root holds, or itself."""
    return path / AGREEMENTS if is_workspace(path) else path


def load_folder(path: Path) -> Side:
    """An ``agreements/`` folder or a workspace root (a folder of another name is read as an
    agreements folder through a temporary copy)."""
    if not path.is_dir():
        raise InputError(f"no such folder: {path}")
    folder = agreements_folder(path)
    if next(_loader_files(folder), None) is None:
        raise InputError(f"{path} holds no agreement files: give an {AGREEMENTS}/ folder or a "
                         "workspace root")
    label = display(path)

    def shown(relative: PurePosixPath) -> str:
        return display(folder / relative)

    if folder.name == AGREEMENTS:
        return _load(label, folder.parent, shown)
    with tempfile.TemporaryDirectory(prefix=_TEMP_PREFIX) as tmp:
        _copy(folder, Path(tmp) / AGREEMENTS)
        return _load(label, Path(tmp), shown)


def reference_folder(file: Path, fallback: Path | None = None) -> Path:
    """The agreements folder whose teams, calendars and settings a single file is read with:
    the file's own folder when it is one (named ``agreements``, or holding a ``teams.toml`` or
    ``calendars.toml`` besides the file), else ``fallback`` (the current workspace's), else the
    file's folder."""
    folder = file.resolve().parent
    others = [name for name in (TEAMS_FILE, CALENDARS_FILE) if name != file.name]
    if folder.name == AGREEMENTS or any((folder / name).is_file() for name in others):
        return folder
    return fallback if fallback is not None else folder


def declared_id(path: Path) -> str | None:
    """The ``id`` a file declares, if it is readable and safe as a file name."""
    data = read_source(path).data
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and _SAFE_ID.fullmatch(value) else None


def replaced_file(folder: Path, name: str, content: bytes, *, label: str,
                  shown: str | None = None) -> Side:
    """The agreements ``folder`` with the file ``name`` (``x.toml``, ``health/x.toml``)
    holding ``content`` instead; problems in it are shown as ``shown`` (default: its path)."""
    with tempfile.TemporaryDirectory(prefix=_TEMP_PREFIX) as tmp:
        target = Path(tmp) / AGREEMENTS
        target.mkdir()
        _copy(folder, target, skip=name)
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(content)
        own = shown if shown is not None else display(folder / name)
        return _load(label, Path(tmp),
                     lambda rel: own if str(rel) == name else display(folder / rel))


def load_file(path: Path, fallback: Path | None = None) -> Side:
    """One file as a side (see the module): an agreement alone, or a replaced workspace file."""
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    folder = reference_folder(path, fallback)
    content = read_bytes(path)
    label = display(path)
    if path.name in RESERVED:
        return replaced_file(folder, path.name, content, label=label, shown=label)
    agreement_id = declared_id(path) or path.stem
    own = f"{agreement_id}.toml"
    with tempfile.TemporaryDirectory(prefix=_TEMP_PREFIX) as tmp:
        target = Path(tmp) / AGREEMENTS
        target.mkdir()
        for name in RESERVED:
            if (folder / name).is_file():
                (target / name).write_bytes(read_bytes(folder / name))
        (target / own).write_bytes(content)
        return _load(label, Path(tmp),
                     lambda rel: label if str(rel) == own else display(folder / rel),
                     only=agreement_id)


def load_paths(old: Path, new: Path, fallback: Path | None = None) -> tuple[Side, Side]:
    """Two files or two folders; ``fallback`` is the current workspace's agreements folder."""
    for path in (old, new):
        if not path.exists():
            raise InputError(f"no such file or folder: {path}")
    if old.is_dir() and new.is_dir():
        return load_folder(old), load_folder(new)
    if old.is_file() and new.is_file():
        kinds = {p.name if p.name in RESERVED else "agreement" for p in (old, new)}
        if len(kinds) > 1:
            raise InputError(f"{old} and {new} are different kinds of file: compare an agreement "
                             "with an agreement, or teams.toml with teams.toml")
        return load_file(old, fallback), load_file(new, fallback)
    raise InputError(f"compare a file with a file or a folder with a folder, not {old} with "
                     f"{new}")


def compare(old: Side, new: Side) -> CatalogDiff:
    """The meaning-level diff of two loaded sides; file sides compare their agreement only
    (its calendar included), not the workspaces around them."""
    if old.catalog is None or new.catalog is None:
        raise ValueError("both sides must be loaded without errors")
    found = diff_catalogs(old.catalog, new.catalog)
    if old.only is None and new.only is None:
        return found
    return CatalogDiff(agreements=found.agreements)


# ---------------------------------------------------------------- git
@dataclass(frozen=True)
class Repository:
    """A git working tree: ``top`` and the workspace's agreements folder relative to it
    (POSIX, ``agreements`` or ``company/agreements``)."""

    top: Path
    folder: str


def _git(args: list[str], cwd: Path, data: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "--literal-pathspecs", *args], cwd=cwd, input=data,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); --git needs it") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from None


def _stderr(done: subprocess.CompletedProcess) -> str:
    text = os.fsdecode(done.stderr).strip().splitlines()
    return text[-1].removeprefix("fatal: ") if text else f"git exited with {done.returncode}"


def repository_of(workspace_root: Path) -> Repository:
    """The repository holding the workspace; :class:`GitError` when it is not in one."""
    done = _git(["rev-parse", "--show-toplevel", "--show-prefix"], workspace_root)
    if done.returncode != 0:
        detail = _stderr(done)
        if "not a git repository" in detail:
            raise GitError(f"the workspace {workspace_root} is not in a git repository, so there "
                           "is no revision to compare with; commit it to git, or compare two "
                           "folders: slacheck diff OLD NEW")
        raise GitError(f"git cannot read the repository of {workspace_root}: {detail}")
    lines = os.fsdecode(done.stdout).split("\n")
    prefix = lines[1].strip("/") if len(lines) > 1 else ""
    folder = f"{prefix}/{AGREEMENTS}" if prefix else AGREEMENTS
    return Repository(Path(lines[0]), folder)


def repository_workspace(start: Path) -> Path | None:
    """The top of the repository holding ``start`` when it is a workspace, else ``None``."""
    done = _git(["rev-parse", "--show-toplevel"], start)
    if done.returncode != 0:
        return None
    top = Path(os.fsdecode(done.stdout).strip())
    return top if is_workspace(top) else None


def resolve_revision(repo: Repository, revision: str) -> str:
    """The commit id ``revision`` names; :class:`GitError` when it names none."""
    if not revision or revision.startswith("-") or "\n" in revision:
        raise GitError(f"bad revision {revision!r}: name a commit, branch or tag")
    done = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], repo.top)
    if done.returncode != 0:
        raise GitError(f"unknown revision {revision!r} in the git repository {repo.top}: name a "
                       "commit, branch or tag (e.g. HEAD, HEAD~1, origin/main)")
    return os.fsdecode(done.stdout).strip()


def _tree(repo: Repository, commit: str) -> list[tuple[PurePosixPath, str]] | None:
    """``(path in agreements/, blob id)`` of the files the loader reads, at ``commit``;
    ``None`` when the commit has no agreements folder there."""
    spec = f"{commit}:{repo.folder}"
    if _git(["cat-file", "-e", spec], repo.top).returncode != 0:
        return None
    done = _git(["ls-tree", "-r", "-z", spec], repo.top)
    if done.returncode != 0:
        raise GitError(f"git ls-tree {spec} failed: {_stderr(done)}")
    found = []
    for record in filter(None, done.stdout.split(b"\0")):
        meta, _, name = record.partition(b"\t")
        mode, kind, oid = meta.split()
        path = PurePosixPath(os.fsdecode(name))
        readable = path.suffix == ".toml" and (
            len(path.parts) == 1 or (len(path.parts) == 2 and path.parts[0] == HEALTH_DIR))
        if kind == b"blob" and mode != b"120000" and readable:
            found.append((path, oid.decode()))
    return found


def _blobs(repo: Repository, oids: list[str]) -> list[bytes]:
    """The contents of ``oids``, read through one ``git cat-file --batch``."""
    if not oids:
        return []
    done = _git(["cat-file", "--batch"], repo.top, "".join(f"{o}\n" for o in oids).encode())
    out, pos, contents = done.stdout, 0, []
    for oid in oids:
        end = out.find(b"\n", pos)
        header = out[pos:end].split() if end >= 0 else []
        if len(header) != 3:
            raise GitError(f"git cat-file could not read object {oid}: {_stderr(done)}")
        start = end + 1
        contents.append(out[start:start + int(header[2])])
        pos = start + int(header[2]) + 1
    return contents


def load_revision(repo: Repository, revision: str) -> Side:
    """The agreements folder as it is at ``revision`` (an empty workspace when it has none)."""
    commit = resolve_revision(repo, revision)
    files = _tree(repo, commit)

    def shown(relative: PurePosixPath) -> str:
        return f"{revision}:{repo.folder}/{relative}"

    with tempfile.TemporaryDirectory(prefix=_TEMP_PREFIX) as tmp:
        target = Path(tmp) / AGREEMENTS
        target.mkdir()
        note = None
        if files is None:
            note = (f"{revision} has no {repo.folder}/ folder; it is compared as an empty "
                    "workspace")
        else:
            for (relative, _), content in zip(files, _blobs(repo, [o for _, o in files])):
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                (target / relative).write_bytes(content)
        return _load(revision, Path(tmp), shown, note=note)


def load_working_tree(workspace: Workspace) -> Side:
    """The workspace's files as they are on disk now (uncommitted edits included)."""
    folder = workspace.agreements_dir
    return _load(WORKING_TREE, workspace.root, lambda rel: display(folder / rel))


def load_git(workspace: Workspace, revision: str,
             second: str | None = None) -> tuple[Side, Side]:
    """``revision`` against the working tree of ``workspace``, or against ``second``."""
    repo = repository_of(workspace.root)
    if second is not None:
        resolve_revision(repo, second)  # fail on a bad second revision before any loading
    old = load_revision(repo, revision)
    if second is None:
        return old, load_working_tree(workspace)
    return old, load_revision(repo, second)
