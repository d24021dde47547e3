"""Meaning-level differences of the workspace around the agreements: teams, settings, health.

All of these are neutral: they change who is who and how things are shown, not how hard a
promise is to keep.  Teams are matched by id; a team removed and another added under the same
name is reported as a renamed id.  Health templates are matched by id, their cards by id.
"""

from __future__ import annotations

from .diff_change import NEUTRAL, Change, arrow, change, quoted
from .model import HealthTemplate, Settings, Team


def _person(name: str) -> str:
    return quoted(name) if name else "none"


def _team_changes(old: Team, new: Team) -> list[Change]:
    field = f"teams.{new.id}"
    found = []
    if old.name != new.name:
        found.append(change(None, f"{field}.name", "team-renamed", old.name, new.name, NEUTRAL,
                            f"team {new.id} renamed {arrow(quoted(old.name), quoted(new.name))}"))
    if old.lead != new.lead:
        found.append(change(None, f"{field}.lead", "team-lead", old.lead or None, new.lead or None,
                            NEUTRAL,
                            f"team {new.id}: lead {arrow(_person(old.lead), _person(new.lead))}"))
    for member in sorted(set(new.members) - set(old.members)):
        found.append(change(None, f"{field}.members", "team-member-added", None, member, NEUTRAL,
                            f"team {new.id}: {quoted(member)} added as member"))
    for member in sorted(set(old.members) - set(new.members)):
        found.append(change(None, f"{field}.members", "team-member-removed", member, None, NEUTRAL,
                            f"team {new.id}: {quoted(member)} removed as member"))
    return found


def team_changes(old: dict[str, Team], new: dict[str, Team]) -> list[Change]:
    """Teams added, removed, re-identified (same name, new id) and changed, sorted by id."""
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    found: list[Change] = []
    for team_id in sorted(set(old) & set(new)):
        found += _team_changes(old[team_id], new[team_id])
    for old_id in list(removed):
        twin = next((t for t in added if new[t].name == old[old_id].name), None)
        if twin is None:
            continue
        removed.remove(old_id)
        added.remove(twin)
        found.append(change(None, f"teams.{twin}", "team-id-renamed", old_id, twin, NEUTRAL,
                            f"team {old_id} renamed to {twin}"))
        found += [c for c in _team_changes(old[old_id], new[twin]) if c.kind != "team-renamed"]
    for team_id in added:
        found.append(change(None, f"teams.{team_id}", "team-added", None, new[team_id].name,
                            NEUTRAL, f"new team {team_id} {quoted(new[team_id].name)}"))
    for team_id in removed:
        found.append(change(None, f"teams.{team_id}", "team-removed", old[team_id].name, None,
                            NEUTRAL, f"team {team_id} {quoted(old[team_id].name)} removed"))
    return found


def settings_changes(old: Settings, new: Settings) -> list[Change]:
    found = []
    if old.timezone != new.timezone:
        found.append(change(None, "settings.timezone", "setting", old.timezone, new.timezone,
                            NEUTRAL, f"workspace time zone {arrow(old.timezone, new.timezone)}"))
    if old.min_votes_shown != new.min_votes_shown:
        found.append(change(None, "settings.health.min_votes", "setting", old.min_votes_shown,
                            new.min_votes_shown, NEUTRAL, "health checks: minimum votes shown "
                            f"{arrow(old.min_votes_shown, new.min_votes_shown)}"))
    return found


def _template_changes(old: HealthTemplate, new: HealthTemplate) -> list[Change]:
    field, subject = f"health.{new.id}", f"health template {new.id}"
    found = []
    for key, label in (("title", "title"), ("scale", "scale"), ("description", "description")):
        before, after = getattr(old, key), getattr(new, key)
        if before != after:
            shown = (arrow(quoted(before), quoted(after)) if key == "title"
                     else arrow(before, after) if key == "scale" else "changed")
            found.append(change(None, f"{field}.{key}", f"health-{key}", before, after, NEUTRAL,
                                f"{subject}: {label} {shown}"))
    cards_old = {c.id: c for c in old.cards}
    cards_new = {c.id: c for c in new.cards}
    for card in new.cards:
        if card.id not in cards_old:
            found.append(change(None, f"{field}.cards.{card.id}", "health-card-added", None,
                                card.title, NEUTRAL, f"{subject}: new card {card.id}"))
        elif cards_old[card.id] != card:
            found.append(change(None, f"{field}.cards.{card.id}", "health-card-changed", None, None,
                                NEUTRAL, f"{subject}: card {card.id} reworded"))
    for card in old.cards:
        if card.id not in cards_new:
            found.append(change(None, f"{field}.cards.{card.id}", "health-card-removed",
                                card.title, None, NEUTRAL, f"{subject}: card {card.id} removed"))
    return found


def health_changes(old: dict[str, HealthTemplate], new: dict[str, HealthTemplate]) -> list[Change]:
    """Health-check templates added, removed and changed, sorted by id."""
    found: list[Change] = []
    for template_id in sorted(set(old) | set(new)):
        if template_id not in old:
            found.append(change(None, f"health.{template_id}", "health-template-added", None,
                                new[template_id].title, NEUTRAL,
                                f"new health template {template_id}"))
        elif template_id not in new:
            found.append(change(None, f"health.{template_id}", "health-template-removed",
                                old[template_id].title, None, NEUTRAL,
                                f"health template {template_id} removed"))
        else:
            found += _template_changes(old[template_id], new[template_id])
    return found
