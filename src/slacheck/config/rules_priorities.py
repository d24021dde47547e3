"""Rules for priorities: a service's own ``[services.priorities.NAME]`` and the agreement's
shared scheme ``[priorities.NAME]``, checked and merged into each service's priorities.

A shared priority applies to every service; a service's own entry of the same name replaces it
as a whole for that service, and a service may add names of its own.  Each target a priority
gives overrides the service's own, the other is kept, so every rule is checked on the targets
that result for each service: a shared entry once per service it applies to, reported at the
shared table with the service named.

Targets are compared in working seconds on the agreement's calendar (``seconds``); without a
usable calendar the comparisons are skipped (the calendar is reported elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..domain.durations import Duration
from ..domain.model import Targets
from .checks import Doc, Section
from .locator import KeyPath

TARGET_KEYS = ("first_response", "resolution")
Seconds = Callable[[Duration], int]


@dataclass(frozen=True)
class SharedPriority:
    """One valid entry of the shared scheme: where it is written and the targets it gives."""

    name: str
    path: KeyPath
    override: dict[str, Duration]

    @property
    def targets(self) -> Targets:
        return Targets(self.override.get("first_response"), self.override.get("resolution"))


def parse_targets(doc: Doc, section: Section) -> dict[str, Duration]:
    """The targets a table sets, parsed; a bad duration is reported and left out."""
    found = {}
    for key in TARGET_KEYS:
        if section.has(key):
            duration = doc.attempt(section.at(key), Duration.parse, section.data[key])
            if duration is not None:
                found[key] = duration
    return found


def check_order(doc: Doc, at: KeyPath, targets: dict[str, Duration], seconds: Seconds | None,
                suffix: str) -> None:
    """First response must not take longer than resolution."""
    first, resolution = targets.get("first_response"), targets.get("resolution")
    if seconds is None or first is None or resolution is None:
        return
    if seconds(first) > seconds(resolution):
        doc.error(at, f"first-response target {str(first)!r} is longer than the resolution "
                      f"target {str(resolution)!r}{suffix}")


def _override(doc: Doc, section: Section, name: str, what: str) -> dict[str, Duration] | None:
    """The targets one priority table gives, checked on their own; ``None`` after an error."""
    before = doc.errors
    if not name.strip():
        doc.error(section.path, "a priority needs a name", key=True)
    section.keys(required=(), optional=TARGET_KEYS)
    if not any(section.has(key) for key in TARGET_KEYS):
        # A level of a scheme may simply be the service's own targets ("3 - Moderate", or
        # Jira's "Medium"): fine in a shared scheme, worth a note on a single service.
        if what != "shared priority":
            doc.warning(section.path, f"{what} {name!r} overrides nothing: a request with this "
                                      "priority is judged as one without", key=True)
        return {} if doc.errors == before else None
    override = parse_targets(doc, section)
    return None if doc.errors > before else override


def _order_at(section_path: KeyPath, override: dict[str, Duration]) -> KeyPath:
    return section_path + ("first_response" if "first_response" in override else "resolution",)


def _tables(doc: Doc, table: Section, header: str) -> list[tuple[str, Section]]:
    """The entries of a priorities table as sections; one that is not a table is reported."""
    found = []
    for name, raw in table.data.items():
        if isinstance(raw, dict):
            found.append((name, Section(doc, table.at(name), raw)))
        else:
            doc.error(table.at(name), f"priority {name!r} must be a table ([{header}.{name}])")
    return found


def read_shared(doc: Doc, top: Section) -> list[SharedPriority]:
    """The agreement's shared scheme ``[priorities.NAME]``, each entry checked on its own (its
    combination with each service is checked by :func:`service_priorities`)."""
    table = top.table("priorities") if top.has("priorities") else None
    if table is None:
        return []
    shared = []
    for name, section in _tables(doc, table, "priorities"):
        override = _override(doc, section, name, "shared priority")
        if override is not None:
            shared.append(SharedPriority(name, section.path, override))
    return shared


def service_priorities(doc: Doc, service: Section, label: str, own: dict[str, Duration],
                       shared: list[SharedPriority],
                       seconds: Seconds | None) -> dict[str, Targets]:
    """The priorities of one service: the shared scheme, then the service's own entries (which
    replace shared ones of the same name).  ``own`` are the service's targets, ``label`` names
    it in messages (``service 'laptop-repair'``)."""
    table = service.table("priorities") if service.has("priorities") else None
    entries = _tables(doc, table, "services.priorities") if table is not None else []
    written = set(table.data) if table is not None else set()
    shared_targets: dict[str, Targets] = {}
    for entry in shared:
        if entry.name not in written:
            check_order(doc, _order_at(entry.path, entry.override), {**own, **entry.override},
                        seconds, f" for shared priority {entry.name!r} on {label}")
            shared_targets[entry.name] = entry.targets
    same = seconds or (lambda d: d)
    shadowed = {entry.name for entry in shared}
    mine: dict[str, Targets] = {}
    for name, section in entries:
        override = _override(doc, section, name, "priority")
        if override is None:
            continue
        if name not in shadowed and override and all(key in own and same(own[key]) == same(value)
                                        for key, value in override.items()):
            doc.warning(section.path, f"priority {name!r} sets the same targets as its service; "
                                      "a request with this priority is judged as one without",
                        key=True)
        check_order(doc, _order_at(section.path, override), {**own, **override}, seconds,
                    f" for priority {name!r}")
        mine[name] = Targets(override.get("first_response"), override.get("resolution"))
    # The scheme's order, a service's replacement in its place, then the service's own names.
    ordered = [entry.name for entry in shared] + [name for name in mine if name not in shadowed]
    merged = shared_targets | mine
    return {name: merged[name] for name in ordered if name in merged}
