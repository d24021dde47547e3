"""Meaning-level differences between the services and escalation ladders of two agreements.

Services are matched by id, priorities by name.  Targets are compared in *working seconds* on
each version's calendar, so ``"3d"`` rewritten as ``"24h"`` on an 8-hour day is no change, while
an unchanged ``"3d"`` on a calendar whose day went from 8 h to 7 h 30 m is one (shown as
``3d (24h) → 3d (22h30m)``).  Values are displayed as written.

* a shorter target is stricter, a longer one looser; an added target stricter, a removed one
  looser; an added service stricter, a removed one looser;
* a priority is compared by the targets that apply to it (its own, or the service's where it
  overrides nothing); when it overrides a clock in neither version, a change of the service's
  target already says it all and is not repeated.  An added priority is stricter when its targets
  are shorter than the service's own, looser when longer (and the reverse for a removed one);
* the escalation ladder is compared as a ladder: rules kept as they are match first, then rules at
  the same threshold (a new ``to``: neutral), then rules to the same team (a moved threshold:
  earlier is stricter); what is left is an added (stricter) or a removed (looser) rule.
"""

from __future__ import annotations

from fractions import Fraction

from .diff_change import (
    LOOSER,
    NEUTRAL,
    STRICTER,
    Change,
    arrow,
    change,
    combine,
    compare,
    percent,
    quoted,
)
from .durations import Duration, format_seconds
from .model import Agreement, EscalationRule, Service, Targets

CLOCKS = (("first_response", "first response"), ("resolution", "resolution"))


def _seconds(agreement: Agreement, duration: Duration | None) -> int | None:
    return agreement.target_seconds(duration)


def _shown(old: Duration, new: Duration, old_s: int, new_s: int) -> tuple[str, str]:
    """Display values: as written, with working time added when the text alone is the same."""
    if str(old) == str(new):
        return f"{old} ({format_seconds(old_s)})", f"{new} ({format_seconds(new_s)})"
    return str(old), str(new)


def _targets_text(targets: Targets) -> str:
    parts = [f"{label} {getattr(targets, key)}" for key, label in CLOCKS
             if getattr(targets, key) is not None]
    return ", ".join(parts)


def _clock_change(aid: str, field: str, subject: str, label: str, old_a: Agreement,
                  new_a: Agreement, old: Duration | None, new: Duration | None) -> Change | None:
    """One clock of one service or priority, or ``None`` when it means the same."""
    old_s, new_s = _seconds(old_a, old), _seconds(new_a, new)
    if old_s == new_s:
        return None
    if old is None:
        return change(aid, field, "target-added", None, new, STRICTER,
                      f"{subject}: new {label} target {new}")
    if new is None:
        return change(aid, field, "target-removed", old, None, LOOSER,
                      f"{subject}: {label} target {old} removed")
    shown_old, shown_new = _shown(old, new, old_s, new_s)
    return change(aid, field, "target-changed", shown_old, shown_new, compare(old_s, new_s),
                  f"{subject}: {label} {arrow(shown_old, shown_new)}")


def _priority_direction(agreement: Agreement, service: Service, name: str) -> str:
    """How a priority's targets compare with its service's own: shorter is stricter."""
    own, applied = service.targets, service.targets_for(name)
    directions = []
    for key, _ in CLOCKS:
        base = _seconds(agreement, getattr(own, key))
        here = _seconds(agreement, getattr(applied, key))
        if base is None and here is not None:
            directions.append(STRICTER)
        elif base is not None and here is not None:
            directions.append(compare(base, here))
    return combine(directions)


def _priority_changes(aid: str, old_a: Agreement, new_a: Agreement, old: Service,
                      new: Service) -> list[Change]:
    base = f"services.{new.id}.priorities"
    found: list[Change] = []
    for name in [*new.priorities, *(p for p in old.priorities if p not in new.priorities)]:
        field = f"{base}.{name}"
        if name not in old.priorities:
            targets = _targets_text(new.targets_for(name))
            found.append(change(aid, field, "priority-added", None, targets,
                                _priority_direction(new_a, new, name),
                                f"{new.name}: new priority {name} ({targets})"))
            continue
        if name not in new.priorities:
            targets = _targets_text(old.targets_for(name))
            removed = _priority_direction(old_a, old, name)
            direction = {STRICTER: LOOSER, LOOSER: STRICTER}.get(removed, NEUTRAL)
            found.append(change(aid, field, "priority-removed", targets, None, direction,
                                f"{new.name}: priority {name} removed ({targets})"))
            continue
        before, after = old.targets_for(name), new.targets_for(name)
        for key, label in CLOCKS:
            overrides = (getattr(old.priorities[name], key) is not None
                         or getattr(new.priorities[name], key) is not None)
            if not overrides:
                continue
            found_change = _clock_change(aid, f"{field}.{key}", f"{new.name} ({name})", label,
                                         old_a, new_a, getattr(before, key), getattr(after, key))
            if found_change:
                found.append(found_change)
    return found


def _service_changes(aid: str, old_a: Agreement, new_a: Agreement, old: Service,
                     new: Service) -> list[Change]:
    field = f"services.{new.id}"
    found: list[Change] = []
    if old.name != new.name:
        found.append(change(aid, f"{field}.name", "service-renamed", old.name, new.name, NEUTRAL,
                            f"service {new.id}: name {arrow(quoted(old.name), quoted(new.name))}"))
    for key, label in CLOCKS:
        found_change = _clock_change(aid, f"{field}.{key}", new.name, label, old_a, new_a,
                                     getattr(old.targets, key), getattr(new.targets, key))
        if found_change:
            found.append(found_change)
    return found + _priority_changes(aid, old_a, new_a, old, new)


def service_changes(aid: str, old: Agreement, new: Agreement) -> list[Change]:
    """Services added, removed and changed, in the new order (removed ones last)."""
    before = {s.id: s for s in old.services}
    after_ids = {s.id for s in new.services}
    found: list[Change] = []
    for service in new.services:
        field = f"services.{service.id}"
        if service.id not in before:
            targets = _targets_text(service.targets)
            found.append(change(aid, field, "service-added", None, service.name, STRICTER,
                                f"new service {quoted(service.name)} ({targets})"))
        else:
            found += _service_changes(aid, old, new, before[service.id], service)
    for service in old.services:
        if service.id not in after_ids:
            found.append(change(aid, f"services.{service.id}", "service-removed", service.name,
                                None, LOOSER, f"service {quoted(service.name)} removed"))
    return found


def _rule_text(rule: EscalationRule) -> str:
    return f"{percent(rule.at)} to {rule.to}"


def escalation_changes(aid: str, old: Agreement, new: Agreement) -> list[Change]:
    """The escalation ladders compared as ladders (see the module's docstring)."""
    left = list(old.escalations)
    right = list(new.escalations)
    for rule in list(right):
        if rule in left:
            left.remove(rule)
            right.remove(rule)
    found: list[tuple[Fraction, Change]] = []
    for rule in list(right):
        twin = next((r for r in left if r.at == rule.at), None)
        if twin is not None:
            left.remove(twin)
            right.remove(rule)
            found.append((rule.at, change(
                aid, "escalations", "escalation-retargeted", twin.to, rule.to, NEUTRAL,
                f"escalation at {percent(rule.at)}: to {arrow(twin.to, rule.to)}")))
    for rule in list(right):
        twin = next((r for r in left if r.to == rule.to), None)
        if twin is not None:
            left.remove(twin)
            right.remove(rule)
            found.append((rule.at, change(
                aid, "escalations", "escalation-moved", percent(twin.at), percent(rule.at),
                compare(twin.at, rule.at),
                f"escalation to {rule.to} at {arrow(percent(twin.at), percent(rule.at))}")))
    for rule in right:
        found.append((rule.at, change(aid, "escalations", "escalation-added", None,
                                      _rule_text(rule), STRICTER,
                                      f"new escalation at {_rule_text(rule)}")))
    for rule in left:
        found.append((rule.at, change(aid, "escalations", "escalation-removed", _rule_text(rule),
                                      None, LOOSER, f"escalation at {_rule_text(rule)} removed")))
    found.sort(key=lambda item: item[0])
    return [item[1] for item in found]
