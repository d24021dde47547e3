"""The agreement editor's model, without Textual: form fields over a TOML document, and drafts.

* :func:`form_groups` lists the fields of one agreement (its own keys, each shared priority's
  targets, each service's name and targets, each of its priorities' targets, each escalation
  rule), each with the key path it edits.
* :class:`EditModel` holds what is typed into every field.  :meth:`EditModel.edited_text` is the
  original text with the changed fields applied through
  :func:`~slacheck.services.agreement_edit.apply_edits` (tomlkit, layout kept); untouched fields
  are never rewritten.  :meth:`EditModel.place` puts each problem of a validation under the
  field (or the group) its key path names; the rest are general.
* Drafts: the edited text is kept in ``.slacheck/drafts/<id>.toml`` after every change (first
  line: the SHA-256 of the file it was edited from), offered again when the editor opens that
  agreement, and removed once the edits are saved or discarded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import tomlkit

from ...config.locator import KeyPath
from ...config.workspace import Workspace
from ...services.agreement_edit import (
    REMOVE,
    FieldEdit,
    OpenedFile,
    Validation,
    apply_edits,
    read_file,
    write_atomic,
)

TEXT, LIST, DATE, DURATION, PERCENT, WINDOW, TEAM, OWNER, CALENDAR = (
    "text", "list", "date", "duration", "percent", "window", "team", "owner", "calendar")

#: The agreement's own fields: key, label, kind, required, placeholder.
_TOP = (
    ("title", "Title", TEXT, True, "what the agreement is about"),
    ("owner", "Owner", OWNER, True, "a team id, or a team's lead or member"),
    ("provider", "Provider", TEAM, True, "the team that delivers"),
    ("consumers", "Consumers", LIST, True, "team ids, separated by commas"),
    ("calendar", "Calendar", CALENDAR, False, "empty: 24x7"),
    ("objective", "Objective", PERCENT, True, "share of requests meeting every target, e.g. 95%"),
    ("window", "Window", WINDOW, True, '"30d", "4w", "month" or "quarter"'),
    ("effective", "Effective", DATE, True, "YYYY-MM-DD"),
    ("review_by", "Review by", DATE, False, "YYYY-MM-DD, optional"),
)
_TARGETS = (
    ("first_response", "First response", DURATION, False, 'e.g. "4h"; empty: no such target'),
    ("resolution", "Resolution", DURATION, False, 'e.g. "3d"; empty: no such target'),
)
_PRIORITY_TARGETS = (
    ("first_response", "First response", DURATION, False, "empty: the service's own"),
    ("resolution", "Resolution", DURATION, False, "empty: the service's own"),
)

_SHARED_TARGETS = (
    ("first_response", "First response", DURATION, False, "empty: each service's own"),
    ("resolution", "Resolution", DURATION, False, "empty: each service's own"),
)


@dataclass(frozen=True)
class Field:
    """One input of the form: the key path it edits and how its text becomes a TOML value."""

    path: KeyPath
    label: str
    kind: str
    required: bool
    placeholder: str


@dataclass(frozen=True)
class Group:
    """A heading of the form and its fields; problems at ``path`` itself are shown under it.
    ``level`` is 0 for the agreement, 1 for a shared priority, a service or an escalation rule,
    2 for a service's priority."""

    path: KeyPath
    title: str
    level: int
    fields: tuple[Field, ...]


def _fields(prefix: KeyPath, specs) -> tuple[Field, ...]:
    return tuple(Field(prefix + (key,), label, kind, required, hint)
                 for key, label, kind, required, hint in specs)


def form_groups(data: dict) -> tuple[Group, ...]:
    """The groups of the form for an agreement's plain data (shared priorities, services with
    their own priorities, and escalation rules as they are in the file)."""
    groups = [Group((), "Agreement", 0, _fields((), _TOP))]
    shared = data.get("priorities")
    for priority, value in (shared.items() if isinstance(shared, dict) else ()):
        if isinstance(value, dict):
            at = ("priorities", priority)
            groups.append(Group(at, f"Shared priority {priority}", 1,
                                _fields(at, _SHARED_TARGETS)))
    services = data.get("services")
    for index, service in enumerate(services if isinstance(services, list) else []):
        if not isinstance(service, dict):
            continue
        prefix: KeyPath = ("services", index)
        name = (("name", "Name", TEXT, True, "what the service is"),)
        groups.append(Group(prefix, f"Service {service.get('id', index + 1)}", 1,
                            _fields(prefix, name + _TARGETS)))
        priorities = service.get("priorities")
        for priority, value in (priorities.items() if isinstance(priorities, dict) else ()):
            if isinstance(value, dict):
                at = prefix + ("priorities", priority)
                groups.append(Group(at, f"priority {priority}", 2, _fields(at, _PRIORITY_TARGETS)))
    rules = data.get("escalations")
    rules = [r for r in rules if isinstance(r, dict)] if isinstance(rules, list) else []
    for index in range(len(rules)):
        prefix = ("escalations", index)
        specs = (("at", "At", PERCENT, True, "share of the resolution target, e.g. 75%"),
                 ("to", "To", TEAM, True, "the team that hears of it"))
        groups.append(Group(prefix, f"Escalation {index + 1} of {len(rules)}", 1,
                            _fields(prefix, specs)))
    return tuple(groups)


def lookup(data: Any, path: KeyPath) -> Any:
    """The plain value at ``path`` of ``data``, or ``None`` when there is none."""
    node = data
    for key in path:
        if isinstance(key, int):
            if not isinstance(node, list) or key >= len(node):
                return None
        elif not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def text_of(value: Any) -> str:
    """How a value from the file reads in an input."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def value_of(spec: Field, text: str) -> Any:
    """The TOML value an input's text stands for (:data:`REMOVE` for an empty optional field).
    Text that is not a valid date stays a string, so that the loader says what is wrong."""
    text = text.strip()
    if spec.kind == LIST:
        return [item for item in re.split(r"[,\s]+", text) if item]
    if not text:
        return REMOVE if not spec.required else ""
    if spec.kind == DATE:
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    return text


def parse(text: str) -> dict:
    """Plain data of a TOML text; ``ValueError`` when it is not TOML."""
    try:
        return tomlkit.parse(text).unwrap()
    except Exception as exc:  # tomlkit raises several types on odd input (see config.source)
        raise ValueError(f"not valid TOML: {exc}") from None


@dataclass
class Placement:
    """Problems sorted for display: under a field, under a group heading, or general."""

    fields: dict[KeyPath, list[str]] = field(default_factory=dict)
    groups: dict[KeyPath, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)


class EditModel:
    """The form's state for one version of a file: ``original`` and what each field holds."""

    def __init__(self, original: str) -> None:
        self.original = original
        data = parse(original)
        self.groups = form_groups(data)
        self.fields = {f.path: f for g in self.groups for f in g.fields}
        self.initial = {path: text_of(lookup(data, path)) for path in self.fields}
        self.values = dict(self.initial)

    def set(self, path: KeyPath, text: str) -> None:
        self.values[path] = text

    def changed(self) -> list[KeyPath]:
        """The fields whose text differs from the original, in form order."""
        return [p for p in self.fields if self._differs(p)]

    def _differs(self, path: KeyPath) -> bool:
        mine, theirs = self.values[path], self.initial[path]
        if mine == theirs:
            return False
        spec = self.fields[path]
        return value_of(spec, mine) != value_of(spec, theirs)

    def edited_text(self) -> str:
        """The original text with every changed field applied (the original itself if none)."""
        edits = [FieldEdit(p, value_of(self.fields[p], self.values[p])) for p in self.changed()]
        return apply_edits(self.original, edits) if edits else self.original

    def take_values(self, text: str) -> list[KeyPath]:
        """Fill the fields from another version of the file (a draft); returns the fields that
        now differ from the original."""
        data = parse(text)
        for path in self.fields:
            self.values[path] = text_of(lookup(data, path))
        return self.changed()

    def rebase(self, original: str) -> tuple[EditModel, list[KeyPath]]:
        """A model over a newer ``original`` that keeps this model's changed fields; also the
        changed fields the newer file no longer has."""
        model = EditModel(original)
        lost = []
        for path in self.changed():
            if path in model.fields:
                model.values[path] = self.values[path]
            else:
                lost.append(path)
        return model, lost

    def place(self, validation: Validation, shown: str) -> Placement:
        """Each problem under the field its key path names (or lies inside, such as one
        consumer of the list), else under the group it names, else general."""
        placement = Placement()
        for problem in validation.problems:
            at = problem.at
            spec = group = None
            if at is not None:
                spec = next((p for p in self.fields if at[:len(p)] == p), None)
                # The agreement's own heading takes only what names the whole file.
                group = next((g.path for g in reversed(self.groups)
                              if (g.path and at[:len(g.path)] == g.path) or at == g.path), None)
            if spec is not None:
                placement.fields.setdefault(spec, []).append(problem.message)
            elif group is not None:
                placement.groups.setdefault(group, []).append(problem.message)
            else:
                placement.general.append(problem.format(shown))
        placement.general.extend(validation.elsewhere)
        return placement


# ---------------------------------------------------------------- drafts
DRAFTS = Path(".slacheck") / "drafts"
_DRAFT_HEADER = re.compile(r"# slacheck draft of (?P<shown>[^\n]*), edited from sha256 "
                           r"(?P<sha>[0-9a-f]{64})\r?\n")


@dataclass(frozen=True)
class Draft:
    """Unsaved edits kept on disk: the edited text, the SHA-256 of the file it was edited from
    (``None`` if unknown) and when it was written (seconds since the epoch)."""

    path: Path
    text: str
    base_sha256: str | None
    saved_at: float

    def based_on(self, opened: OpenedFile) -> bool:
        """Whether the draft was edited from the file as it is opened now."""
        return self.base_sha256 == opened.fingerprint.sha256


def draft_path(workspace: Workspace, agreement_id: str) -> Path:
    return workspace.root / DRAFTS / f"{agreement_id}.toml"


def save_draft(opened: OpenedFile, text: str) -> Path:
    """Keep ``text`` as the draft of the file, atomically; its first line names its base."""
    path = draft_path(opened.workspace, opened.agreement_id)
    header = f"# slacheck draft of {opened.shown}, edited from sha256 {opened.fingerprint.sha256}\n"
    write_atomic(path, (header + text).encode("utf-8"))
    return path


def load_draft(workspace: Workspace, agreement_id: str) -> Draft | None:
    """The draft kept for an agreement, if any."""
    path = draft_path(workspace, agreement_id)
    found = read_file(path)
    if found is None:
        return None
    text = found[0].decode("utf-8", errors="replace")
    saved_at = found[1].mtime_ns / 1e9
    match = _DRAFT_HEADER.match(text)
    if match is None:
        return Draft(path, text, None, saved_at)
    return Draft(path, text[match.end():], match.group("sha"), saved_at)


def discard_draft(workspace: Workspace, agreement_id: str) -> None:
    """Remove the draft of an agreement (nothing happens when there is none)."""
    draft_path(workspace, agreement_id).unlink(missing_ok=True)
