"""Rules for ``agreements/teams.toml``: the teams (departments) agreements refer to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain.model import Team
from .checks import Doc, Section

TEAM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class TeamIndex:
    """What cross-references may name: team ids (valid or not) and the people in teams."""

    teams: dict[str, Team] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)


def build_teams(doc: Doc, data: dict) -> TeamIndex:
    """Validate the teams file.  Every team id goes into the index, valid or not, so that a
    broken team is reported once here and not again at every agreement naming it."""
    index = TeamIndex()
    top = Section(doc, (), data)
    top.keys(required=("teams",))
    teams = top.table("teams")
    if teams is None:
        return index
    for team_id, raw in teams.data.items():
        index.ids.add(team_id)
        at = teams.at(team_id)
        if not TEAM_ID.match(team_id):
            doc.error(at, f"team id {team_id!r} must be lower-case words joined by '-', "
                          "like 'it' or 'cabin-crew'", key=True)
        if not isinstance(raw, dict):
            doc.error(at, f"team {team_id!r} must be a table ([teams.{team_id}]), not a value")
            continue
        team = build_team(doc, Section(doc, at, raw), team_id)
        for person in _people(raw):
            index.people.add(person)
        if team is not None and TEAM_ID.match(team_id):
            index.teams[team_id] = team
    return index


def _people(raw: dict) -> list[str]:
    people = [raw["lead"]] if isinstance(raw.get("lead"), str) and raw["lead"].strip() else []
    members = raw.get("members")
    if isinstance(members, list):
        people += [m for m in members if isinstance(m, str) and m.strip()]
    return people


def build_team(doc: Doc, section: Section, team_id: str) -> Team | None:
    before = doc.errors
    section.keys(required=("name",), optional=("lead", "members", "description"))
    name = section.str("name")
    if name is not None and not name.strip():
        doc.error(section.at("name"), f"team {team_id!r} has an empty name")
    lead = section.str("lead")
    members = section.str_list("members") or []
    seen: set[str] = set()
    for index, member in members:
        if member in seen:
            doc.error(section.at("members", index), f"member {member!r} is listed twice")
        seen.add(member)
    section.str("description")
    if doc.errors > before or name is None:
        return None
    return Team(id=team_id, name=name, lead=lead or "", members=tuple(m for _, m in members))
