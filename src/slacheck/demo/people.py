"""Plausible people for each team: the lead and members of ``teams.toml`` plus generated colleagues.

Names come from per-site lists (the Berlin head office and the Chicago plant), drawn with a
generator seeded by the demo seed and the team id, so a team's roster does not depend on how
many interactions are generated or in which order teams are asked for.
"""

from __future__ import annotations

import random

from ..domain.model import Team

_FIRST = {
    "berlin": (
        "Anna", "Lukas", "Sophie", "Felix", "Lea", "Paul", "Marie", "Jonas", "Emma", "Leon",
        "Hannah", "Max", "Lena", "Elias", "Clara", "Noah", "Ida", "Finn", "Nina", "Moritz",
        "Katarzyna", "Mehmet", "Giulia", "Piotr", "Sara", "Tim", "Julia", "David", "Laura", "Ben",
    ),
    "chicago": (
        "James", "Maria", "Robert", "Jennifer", "Michael", "Linda", "David", "Patricia", "Carlos",
        "Jessica", "Daniel", "Sarah", "Kevin", "Ashley", "Brian", "Emily", "Jose", "Amanda",
        "Tyrone", "Megan", "Andre", "Nicole", "Tom", "Rosa", "Eric", "Latoya", "Steve", "Krystal",
    ),
}
_LAST = {
    "berlin": (
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
        "Schäfer", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun",
        "Kaya", "Nowak", "Yilmaz", "Lange", "Krause", "Lehmann", "Werner", "Bianchi", "Kowalski",
    ),
    "chicago": (
        "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Wilson",
        "Martinez", "Anderson", "Taylor", "Thomas", "Hernandez", "Moore", "Jackson", "Nguyen",
        "Lopez", "Washington", "Kowalczyk", "O'Brien", "Murphy", "Novak", "Reyes", "Bennett",
    ),
}

#: People generated per team beyond those named in ``teams.toml``.
TEAM_SIZE = 12


def roster(team: Team, site: str, seed: int, size: int = TEAM_SIZE) -> tuple[str, ...]:
    """The team's people: its lead and members first, then generated colleagues (``size`` in
    all at least).  ``site`` picks the name lists ("berlin" or "chicago")."""
    people: list[str] = []
    for name in (team.lead, *team.members):
        if name and name not in people:
            people.append(name)
    rng = random.Random(f"{seed}/people/{team.id}")
    firsts, lasts = _FIRST.get(site, _FIRST["berlin"]), _LAST.get(site, _LAST["berlin"])
    attempts = 0
    while len(people) < size and attempts < 10 * size:
        attempts += 1
        name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        if name not in people:
            people.append(name)
    return tuple(people)
