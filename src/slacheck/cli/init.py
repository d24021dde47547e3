"""``slacheck init``: scaffold a new workspace with commented example files.

The agreement files come from ``slacheck/templates/init/`` (a small example company, each file
explaining its keys); the health-check templates are the very files of the repository's example
company, read from ``slacheck/example_agreements/health/``, so the two never drift apart.
``effective`` and ``review_by`` are set to today and a year from today, so that a fresh workspace
validates cleanly whenever it is created.

Nothing is ever overwritten: every target is checked before the first file is written, and a
failure while writing removes what was written.
"""

from __future__ import annotations

import re
import secrets
import shlex
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from ..errors import InputError, RuleViolation

HEALTH_TEMPLATES = ("squad-health.toml", "relationship-check.toml")
#: Listed first, in reading order; the agreements follow alphabetically.
_FIRST = ("slacheck.toml", "teams.toml", "calendars.toml")
_DATE_KEY = re.compile(rb"^(effective|review_by)(\s*=\s*)\d{4}-\d{2}-\d{2}", re.MULTILINE)
_ID_KEY = re.compile(rb'^id = "workspace-0000"$', re.MULTILINE)


def workspace_id(folder: Path) -> str:
    """A new workspace's id: its folder's name made a valid id, and four random hex digits so
    that two workspaces of the same name never share rows on one server."""
    stem = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")
    if not stem or not stem[0].isalpha():
        stem = "ws" + (f"-{stem}" if stem else "")
    return f"{stem[:40].rstrip('-')}-{secrets.token_hex(2)}"


def _reading_order(name: str) -> tuple[int, str]:
    return (_FIRST.index(name) if name in _FIRST else len(_FIRST), name)


def _sources() -> list[tuple[str, Traversable]]:
    """``(path relative to the workspace, packaged source)`` for every file init writes."""
    package = files("slacheck")
    templates = package / "templates" / "init"
    agreements = templates / "agreements"
    names = sorted((e.name for e in agreements.iterdir() if e.name.endswith(".toml")),
                   key=_reading_order)
    health = package / "example_agreements" / "health"
    return (
        [(f"agreements/{name}", agreements / name) for name in names]
        + [(f"agreements/health/{name}", health / name) for name in HEALTH_TEMPLATES]
        + [(".gitignore", templates / "gitignore")]
    )


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _fresh_dates(content: bytes, today: date) -> bytes:
    """Set ``effective`` to ``today`` and ``review_by`` to a year later."""
    values = {b"effective": today, b"review_by": _a_year_after(today)}

    def replace(match: re.Match[bytes]) -> bytes:
        return match.group(1) + match.group(2) + values[match.group(1)].isoformat().encode()

    return _DATE_KEY.sub(replace, content)


def plan(today: date, identity: str = "workspace-0000") -> list[tuple[str, bytes]]:
    """The files of a new workspace: ``(relative path, content)``, in the order written, with
    the workspace's ``identity`` as the ``id`` of its ``slacheck.toml``."""
    line = b'id = "' + identity.encode() + b'"'
    return [(rel, _ID_KEY.sub(lambda _: line, _fresh_dates(source.read_bytes(), today)))
            for rel, source in _sources()]


def conflicts(root: Path, relative_paths: list[str]) -> list[str]:
    """Paths under ``root`` that stand in the way: existing targets, or files where folders go."""
    found: list[str] = []
    for rel in relative_paths:
        target = root / rel
        if target.exists() or target.is_symlink():
            found.append(str(target))
            continue
        for parent in reversed(Path(rel).parents[:-1]):  # agreements, then agreements/health
            folder = root / parent
            if folder.exists() and not folder.is_dir():
                found.append(f"{folder} (a file where a folder is needed)")
                break
    return list(dict.fromkeys(found))


def write_all(root: Path, files_to_write: list[tuple[str, bytes]]) -> None:
    """Write every file, creating folders; on any failure undo what was done, then raise."""
    made: list[Path] = []  # files and folders this call created, in order
    try:
        for rel, content in files_to_write:
            target = root / rel
            for folder in reversed(target.parents):
                if not folder.exists():
                    folder.mkdir()
                    made.append(folder)
            with target.open("xb") as handle:  # "x": never replace a file created meanwhile
                made.append(target)
                handle.write(content)
    except OSError as exc:
        for path in reversed(made):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        raise InputError(f"cannot write {exc.filename or root}: {exc.strerror or exc}") from exc


@click.command("init")
@click.argument("directory", default=".", type=click.Path(path_type=Path))
def init(directory: Path) -> None:
    """Scaffold a workspace in DIRECTORY (default: the current folder).

    Writes agreements/ with commented teams, calendars, settings, two agreements and two
    health-check templates, plus a .gitignore that keeps the local database (.slacheck/) out of
    git. DIRECTORY is created if missing. Existing files are never overwritten: if any target
    exists, nothing is written and the command exits with 1.

    \b
    Example:
      slacheck init brightwater
      cd brightwater && slacheck validate
    """
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory} is a file, not a folder")
    files_to_write = plan(date.today(), workspace_id(directory))
    blocking = conflicts(directory, [rel for rel, _ in files_to_write])
    if blocking:
        raise RuleViolation(
            "refusing to overwrite existing files, nothing was written: " + ", ".join(blocking)
        )
    write_all(directory, files_to_write)
    click.echo(f"Created a slacheck workspace in {directory}:")
    for rel, _ in files_to_write:
        click.echo(f"  {rel}")
    here = directory.resolve() == Path.cwd().resolve()
    go = "" if here else f"cd {shlex.quote(str(directory))} && "
    click.echo(
        "\nNext steps:\n"
        f"  {go}slacheck validate\n"
        "  Then make the files yours: your teams in agreements/teams.toml, your working hours in\n"
        "  agreements/calendars.toml, one agreement per file beside them; run `slacheck validate`\n"
        "  after each edit and commit agreements/ to git."
    )
