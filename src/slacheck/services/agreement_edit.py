"""Editing one agreement file, headlessly: what the dashboard's agreement editor runs on.

* :func:`open_agreement` reads ``agreements/<id>.toml`` and remembers its modification time and
  SHA-256 (:class:`Fingerprint`), so that :func:`save` can refuse to overwrite a file that
  changed on disk meanwhile (:class:`EditConflict`); :func:`disk_text` says what is there now.
* :func:`apply_edits` sets, adds or removes values with tomlkit: comments, key order, blank lines,
  string quoting and inline tables of the original stay as they are, and a changed value keeps
  its trailing comment in the same column.  A key that is added goes next to its siblings.
* :func:`validate` loads the workspace with the edited text in place of the file
  (:func:`~slacheck.services.diff_sources.replaced_file`), i.e. with the real loader, and gives
  each problem the key path it points at (:class:`FileProblem`).
* :func:`review` is what a save would change: the meaning-level summary exactly as
  ``slacheck diff`` prints it, the :class:`~slacheck.domain.diff_change.Change` lines, and the
  unified text diff.
* :func:`save` and :func:`create_agreement` write through :func:`write_atomic` (a temporary file
  in the same folder, fsync, ``os.replace``), so a crash leaves the old file or the new one.
* :func:`create_agreement` writes a new, commented agreement from a template
  (:func:`agreement_template`) and refuses an id that exists.

No Textual and no click: the TUI calls these functions, tests call them directly.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterable

import tomlkit
from tomlkit.items import Array, InlineTable, String, StringType

from ..config.loader import RESERVED
from ..config.locator import KeyPath, Positions, locate
from ..config.source import decode
from ..config.workspace import AGREEMENTS, Workspace
from ..domain.diff_change import Change
from ..errors import InputError, SlacheckError
from ..report.diff_format import render_diff_text
from .diff_sources import Side, compare, load_working_tree, replaced_file

#: What a new agreement id may look like: lower-case words and digits joined by ``-``.
NEW_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: What an existing agreement id must look like to be opened (it names a file).
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: Sibling order of the keys the editor may add, per kind of table.
_ORDER = {
    "top": ("id", "title", "provider", "consumers", "owner", "effective", "review_by", "calendar",
            "objective", "window", "description"),
    "services": ("id", "name", "first_response", "resolution"),
    "priorities": ("first_response", "resolution"),
    "escalations": ("at", "to"),
}


class EditConflict(SlacheckError):
    """The file changed (or vanished) on disk since it was opened: nothing was written.

    ``disk_text`` is what is on disk now (``None`` when the file is gone)."""

    title = "Changed on disk"

    def __init__(self, message: str, disk_text: str | None) -> None:
        super().__init__(message)
        self.disk_text = disk_text


class _Remove:
    """The type of :data:`REMOVE`."""

    def __repr__(self) -> str:
        return "REMOVE"


#: An edit with this value removes the key.
REMOVE = _Remove()


@dataclass(frozen=True)
class FieldEdit:
    """Set the value at ``path`` (``("services", 0, "resolution")``), or remove it."""

    path: KeyPath
    value: Any


@dataclass(frozen=True)
class Fingerprint:
    """A file's modification time, size and SHA-256, as read."""

    mtime_ns: int
    size: int
    sha256: str


@dataclass(frozen=True)
class OpenedFile:
    """One agreement file as it was when opened for editing."""

    workspace: Workspace
    agreement_id: str
    text: str
    fingerprint: Fingerprint

    @property
    def name(self) -> str:
        return f"{self.agreement_id}.toml"

    @property
    def path(self) -> Path:
        return self.workspace.agreements_dir / self.name

    @property
    def shown(self) -> str:
        """The path as the user knows it: ``agreements/<id>.toml``."""
        return f"{AGREEMENTS}/{self.name}"


# ---------------------------------------------------------------- reading and writing
def read_file(path: Path) -> tuple[bytes, Fingerprint] | None:
    """The bytes and fingerprint of ``path``; ``None`` when it does not exist."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
            stat = os.fstat(handle.fileno())
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return raw, Fingerprint(stat.st_mtime_ns, stat.st_size, hashlib.sha256(raw).hexdigest())


def _text(raw: bytes, shown: str) -> str:
    text, _ = decode(raw, Path(shown))
    if text is None:
        raise InputError(f"{shown} is not UTF-8 text; fix it in a text editor first")
    return text


def open_agreement(workspace: Workspace, agreement_id: str) -> OpenedFile:
    """Read ``agreements/<agreement_id>.toml`` for editing; :class:`InputError` when it is
    missing, unreadable or not TOML (the form needs a document to edit)."""
    if not _SAFE_ID.fullmatch(agreement_id) or f"{agreement_id}.toml" in RESERVED:
        raise InputError(f"{agreement_id!r} does not name an agreement file")
    shown = f"{AGREEMENTS}/{agreement_id}.toml"
    found = read_file(workspace.agreements_dir / f"{agreement_id}.toml")
    if found is None:
        raise InputError(f"{shown} does not exist")
    text = _text(found[0], shown)
    try:
        tomlkit.parse(text)
    except Exception as exc:  # tomlkit raises several types on odd input (see config.source)
        raise InputError(f"{shown} is not valid TOML ({exc}); fix it in a text editor or run "
                         "'slacheck validate'") from None
    return OpenedFile(workspace, agreement_id, text, found[1])


def disk_text(opened: OpenedFile) -> str | None:
    """The file's text on disk now; ``None`` when it is gone."""
    found = read_file(opened.path)
    return None if found is None else _text(found[0], opened.shown)


def changed_on_disk(opened: OpenedFile) -> bool:
    """Whether the file's content differs from what was opened (or it is gone).  A file that
    was only touched (same bytes, new modification time) has not changed."""
    found = read_file(opened.path)
    return found is None or found[1].sha256 != opened.fingerprint.sha256


def stat_changed(opened: OpenedFile) -> bool:
    """A cheap first check for polling: modification time or size differ from the opened file."""
    try:
        stat = os.stat(opened.path)
    except OSError:
        return True
    return (stat.st_mtime_ns, stat.st_size) != (opened.fingerprint.mtime_ns, opened.fingerprint.size)


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> Fingerprint:
    """Write ``data`` to ``path`` through a temporary file in the same folder (fsync, then
    ``os.replace``).  With ``exclusive`` an existing file is never replaced
    (:class:`FileExistsError`).  The temporary name starts with a dot and does not end in
    ``.toml``, so neither the loader nor the dashboard's file watcher ever sees it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = os.stat(path).st_mode & 0o777
    except OSError:
        mode = 0o644
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        if exclusive:
            os.link(temporary, path)  # fails when the file exists, atomically
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)
    stat = os.stat(path)
    return Fingerprint(stat.st_mtime_ns, stat.st_size, hashlib.sha256(data).hexdigest())


def _sync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows opening a folder."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename itself is done
    finally:
        os.close(handle)


def save(opened: OpenedFile, text: str) -> OpenedFile:
    """Write ``text`` over the file, unless it changed on disk since it was opened
    (:class:`EditConflict`, nothing written).  Returns the file as now opened."""
    found = read_file(opened.path)
    if found is None:
        raise EditConflict(f"{opened.shown} was removed on disk since you opened it; nothing "
                           "was written", None)
    if found[1].sha256 != opened.fingerprint.sha256:
        raise EditConflict(f"{opened.shown} changed on disk since you opened it; nothing was "
                           "written", _text(found[0], opened.shown))
    try:
        fingerprint = write_atomic(opened.path, text.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot write {opened.shown}: {exc.strerror or exc}") from None
    return replace(opened, text=text, fingerprint=fingerprint)


# ---------------------------------------------------------------- edits with tomlkit
def _parent(document: Any, path: KeyPath) -> Any:
    node = document
    for key in path[:-1]:
        node = node[key]
    return node


def _kind(path: KeyPath) -> str:
    """Which sibling order applies to ``path``: a top-level key, a service's, a priority's (a
    service's own or a shared one) or an escalation rule's (``""``: none)."""
    if len(path) == 1:
        return "top"
    if len(path) == 3 and path[0] in ("services", "escalations"):
        return str(path[0])
    if (len(path) == 5 and path[0] == "services" and path[2] == "priorities") \
            or (len(path) == 3 and path[0] == "priorities"):
        return "priorities"
    return ""


def _new_item(old: Any, value: Any) -> Any:
    """A tomlkit item for ``value`` in the style of ``old`` (literal strings stay literal,
    multi-line arrays stay multi-line)."""
    if (isinstance(value, str) and isinstance(old, String) and old.type == StringType.SLL
            and "'" not in value and "\n" not in value and value.isprintable()):
        return tomlkit.string(value, literal=True)
    if isinstance(value, list) and isinstance(old, Array) and "\n" in old.as_string():
        array = tomlkit.array()
        array.extend(value)
        return array.multiline(True)
    return tomlkit.item(value)


def _replace(parent: Any, key: str, value: Any) -> None:
    old = parent.item(key)
    new = _new_item(old, value)
    trivia = old.trivia
    if trivia.comment and trivia.comment_ws and not trivia.comment_ws.strip(" "):
        # Keep the comment in its column when the value's length changes.
        delta = len(new.as_string()) - len(old.as_string())
        new.trivia.comment_ws = " " * max(1, len(trivia.comment_ws) - delta)
    parent[key] = new


def lines_of(text: str) -> list[str]:
    r"""The lines of ``text`` with their ends, split at ``\n`` only (as TOML and the locator
    count them; ``str.splitlines`` would also split at characters a string may hold)."""
    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)


def _line_start(lines: list[str], line: int, col: int) -> bool:
    """Whether position (``line``, ``col``) is the first non-blank character of its line."""
    return 0 < line <= len(lines) and not lines[line - 1][:col - 1].strip()


def _insert_line(text: str, parent: Any, path: KeyPath, value: Any) -> str | None:
    """``text`` with ``key = value`` on a line of its own next to its siblings, or ``None``
    when there is no sibling to put it next to."""
    order = _ORDER.get(_kind(path), ())
    key = path[-1]
    if key not in order or isinstance(parent, InlineTable):
        return None
    positions: Positions = locate(text)
    lines = lines_of(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    rendered = f"{key} = {tomlkit.item(value).as_string()}"
    table = tuple(path[:-1])
    at = order.index(key)
    for sibling in order[at + 1:]:
        spot = positions.keys.get(table + (sibling,))
        if sibling in parent and spot is not None and _line_start(lines, *spot):
            indent = lines[spot[0] - 1][:spot[1] - 1]
            lines.insert(spot[0] - 1, f"{indent}{rendered}{newline}")
            return "".join(lines)
    for sibling in reversed(order[:at]):
        spot = positions.keys.get(table + (sibling,))
        start = positions.values.get(table + (sibling,))
        if sibling in parent and spot is not None and start is not None and _line_start(lines, *spot):
            end = start[0] + parent.item(sibling).as_string().count("\n")
            if end > len(lines):
                return None
            if not lines[end - 1].endswith("\n"):
                lines[end - 1] += newline
            indent = lines[spot[0] - 1][:spot[1] - 1]
            lines.insert(end, f"{indent}{rendered}{newline}")
            return "".join(lines)
    return None


def _apply_one(text: str, edit: FieldEdit) -> str:
    document = tomlkit.parse(text)
    path = tuple(edit.path)
    parent = _parent(document, path)
    key = path[-1]
    if edit.value is REMOVE:
        if key in parent:
            del parent[key]
            return tomlkit.dumps(document)
        return text
    if key in parent:
        _replace(parent, key, edit.value)
        return tomlkit.dumps(document)
    inserted = _insert_line(text, parent, path, edit.value)
    parent[key] = edit.value
    expected = tomlkit.dumps(document)
    if inserted is not None and tomlkit.parse(inserted).unwrap() == tomlkit.parse(expected).unwrap():
        return inserted
    return expected


def apply_edits(text: str, edits: Iterable[FieldEdit]) -> str:
    """``text`` with every edit applied, one after the other; everything else stays as it was.

    The parent of each path must exist.  A value is a ``str``, a ``list`` of ``str``, a
    ``datetime.date``, or :data:`REMOVE`."""
    for edit in edits:
        text = _apply_one(text, edit)
    return text


# ---------------------------------------------------------------- validation
@dataclass(frozen=True)
class FileProblem:
    """A loader error in the edited file: where, what, and the key path it points at
    (``None`` when the position names no key)."""

    line: int
    col: int
    message: str
    at: KeyPath | None

    def format(self, shown: str) -> str:
        return f"{shown}:{self.line}:{self.col}: {self.message}"


@dataclass(frozen=True)
class Validation:
    """The real loader's verdict on the workspace with the edited text in place.

    ``problems`` are the edited file's errors; ``elsewhere`` the other files' errors as
    ``path:line:col: message``.  The text may be saved when ``problems`` is empty."""

    text: str
    problems: tuple[FileProblem, ...]
    elsewhere: tuple[str, ...]
    side: Side

    @property
    def ok(self) -> bool:
        return not self.problems


def path_at(positions: Positions, line: int, col: int) -> KeyPath | None:
    """The most specific key path whose key or value starts at (``line``, ``col``)."""
    best: KeyPath | None = None
    for table in (positions.values, positions.keys):
        for path, spot in table.items():
            if spot == (line, col) and (best is None or len(path) > len(best)):
                best = path
    return best


def validate(opened: OpenedFile, text: str) -> Validation:
    """Load the workspace with ``text`` as the agreement's file (nothing is written)."""
    side = replaced_file(opened.workspace.agreements_dir, opened.name, text.encode("utf-8"),
                         label="unsaved edits", shown=opened.shown)
    own = re.compile(re.escape(opened.shown) + r":(\d+):(\d+): (.*)", re.DOTALL)
    positions = locate(text)
    problems, elsewhere = [], []
    for error in side.errors:
        match = own.fullmatch(error)
        if match is None:
            elsewhere.append(error)
            continue
        line, col = int(match.group(1)), int(match.group(2))
        problems.append(FileProblem(line, col, match.group(3), path_at(positions, line, col)))
    return Validation(text, tuple(problems), tuple(elsewhere), side)


# ---------------------------------------------------------------- review
@dataclass(frozen=True)
class Review:
    """What saving ``text`` changes.

    ``summary`` is the text ``slacheck diff`` prints for the change (``None`` when a side does
    not load, with the reason in ``unavailable``); ``changes`` its lines; ``text_diff`` the
    unified diff of the file."""

    text: str
    summary: str | None
    changes: tuple[Change, ...]
    text_diff: str
    unavailable: str = ""


def text_diff(old: str, new: str, shown: str) -> str:
    """A unified diff of two versions of ``shown`` (``a/…`` and ``b/…``), as ``git diff``."""
    out = []
    for line in difflib.unified_diff(lines_of(old), lines_of(new), f"a/{shown}", f"b/{shown}"):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def review(opened: OpenedFile, text: str, validation: Validation | None = None) -> Review:
    """The meaning-level summary (the working tree against the edited text) and the text diff."""
    new = (validation or validate(opened, text)).side
    old = load_working_tree(opened.workspace)
    diff = text_diff(opened.text, text, opened.shown)
    if not old.ok or not new.ok:
        broken = [s for s in (old, new) if not s.ok]
        reason = "; ".join(f"{s.label}: {len(s.errors)} error(s)" for s in broken)
        return Review(text, None, (), diff, f"no meaning-level summary, the files do not load "
                                            f"({reason}); run 'slacheck validate'")
    changes = compare(old, new)
    return Review(text, render_diff_text(changes), changes.changes, diff)


# ---------------------------------------------------------------- a new agreement
_TEMPLATE = """\
# {title_comment}
#
# Written from the dashboard's template ({today}). Read it top to bottom: who serves whom, on
# which working time, what share of requests must meet their targets, the services with their
# targets, and who hears about a request that runs late. Run `slacheck validate` after editing.

id = {id}
title = {title}
provider = {provider}{provider_pad}# the team that delivers (teams.toml)
consumers = {consumers}{consumers_pad}# its internal customers, team ids
owner = {owner}{owner_pad}# who answers for it: a team id, or a team's lead or member
effective = {effective}
review_by = {review_by}{review_by_pad}# `slacheck validate` warns once this date has passed
calendar = {calendar}{calendar_pad}# working time from calendars.toml ("24x7": every second)
objective = "95%"                # share of requests that must meet every target that applies
window = "30d"                   # compliance over the last 30 days (or "month", "quarter")

# ------------------------------------------------------------------ services
# A service has a first-response target (someone picked it up and answered), a resolution
# target (the requester has what they asked for), or both. Durations: "90m", "4h", "2d", "1w"
# or "1d4h"; "d" is the calendar's working day, "w" five of them.

[[services]]
id = "requests"
name = "General requests"
first_response = "4h"
resolution = "3d"

# A priority overrides one or both targets; a request without a priority gets the service's
# own. Uncomment to use:
# [services.priorities.urgent]
# first_response = "30m"
# resolution = "4h"

# ------------------------------------------------------------------ escalation ladder
# Thresholds are shares of the resolution target elapsed (working time minus pauses), rising.

[[escalations]]
at = "100%"                      # breached: the provider's lead takes it over
to = {provider}
"""
_COMMENT_COLUMN = 33


def _quoted(value: str) -> str:
    return tomlkit.item(value).as_string()


def _pad(key: str, rendered: str) -> str:
    return " " * max(1, _COMMENT_COLUMN - len(f"{key} = {rendered}"))


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def agreement_template(agreement_id: str, provider: str, consumers: Iterable[str], calendar: str,
                       *, owner: str | None = None, title: str | None = None,
                       today: date | None = None) -> str:
    """The text of a new, commented agreement: one service, one escalation, in force from
    ``today`` and up for review a year later."""
    today = today or date.today()
    consumers = list(consumers)
    title = title or f"{provider} for {', '.join(consumers)}"
    values = {"provider": _quoted(provider), "consumers": tomlkit.item(consumers).as_string(),
              "owner": _quoted(owner or provider), "calendar": _quoted(calendar),
              "review_by": _a_year_after(today).isoformat()}
    pads = {f"{key}_pad": _pad(key, rendered) for key, rendered in values.items()}
    return _TEMPLATE.format(
        title_comment=title.replace("\n", " "), today=today.isoformat(), id=_quoted(agreement_id),
        title=_quoted(title), effective=today.isoformat(), **values, **pads)


def check_new_id(workspace: Workspace, agreement_id: str) -> str | None:
    """Why ``agreement_id`` cannot be a new agreement, or ``None`` when it can."""
    if not agreement_id:
        return "an agreement needs an id"
    if not NEW_ID.fullmatch(agreement_id):
        return "use lower-case letters and digits joined by '-', e.g. it-for-sales"
    if f"{agreement_id}.toml" in RESERVED:
        return f"{agreement_id}.toml is a workspace file, not an agreement"
    if (workspace.agreements_dir / f"{agreement_id}.toml").exists():
        return f"{AGREEMENTS}/{agreement_id}.toml exists already"
    return None


def create_agreement(workspace: Workspace, agreement_id: str, provider: str,
                     consumers: Iterable[str], calendar: str, *, owner: str | None = None,
                     title: str | None = None, today: date | None = None) -> OpenedFile:
    """Write ``agreements/<agreement_id>.toml`` from the template and open it for editing.
    Refuses an id that exists (or is not a valid id) with :class:`InputError`."""
    reason = check_new_id(workspace, agreement_id)
    if reason is not None:
        raise InputError(f"cannot create agreement {agreement_id!r}: {reason}")
    text = agreement_template(agreement_id, provider, consumers, calendar, owner=owner,
                              title=title, today=today)
    try:
        write_atomic(workspace.agreements_dir / f"{agreement_id}.toml", text.encode("utf-8"),
                     exclusive=True)
    except FileExistsError:
        raise InputError(f"cannot create agreement {agreement_id!r}: {AGREEMENTS}/"
                         f"{agreement_id}.toml exists already") from None
    except OSError as exc:
        raise InputError(f"cannot write {AGREEMENTS}/{agreement_id}.toml: "
                         f"{exc.strerror or exc}") from None
    return open_agreement(workspace, agreement_id)
