"""Health checks for the demo: a year of squad health checks and relationship checks.

:func:`generate_health` writes, through the one write path (:mod:`slacheck.services.health`),
a squad health check per quarter for every provider team and a relationship check per quarter
by every consuming team about each provider that serves it, five to eight voters each.  The
story matches the numbers: the struggling provider's own check slides from mostly green to
mostly red with "down" trends, and its customers score it lower every quarter; the others
hover around green and 4 out of 5.  A few action items with targets, some done, some still
open, and notes make the carried-over actions and target progress visible.  Everything is
drawn from the ``rng`` handed in, so the same seed writes the same rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..domain.health import (
    AMBER,
    DOWN,
    GREEN,
    LIKERT_5,
    RED,
    SAME,
    TRAFFIC_LIGHT,
    UP,
    Vote,
)
from ..domain.model import Agreement, Catalog, HealthTemplate
from ..services import health as service
from ..services.session import Session

#: Sessions per year (one a quarter) and the share of a quarter gone when each is held.
QUARTERS = 4
HELD_AT = 0.75
#: A session lasts an hour.
HOUR = 3600

_COMMENTS = {
    GREEN: ("works well", "no complaints", "better than last quarter"),
    AMBER: ("some friction", "depends on the week", "we lose time here"),
    RED: ("this hurts every week", "nobody owns it", "we keep firefighting"),
}
_SCORE_COMMENTS = {1: "we chase every request", 2: "promises slip", 3: "mixed",
                   4: "reliable", 5: "great to work with"}


def _pick(catalog: Catalog, preferred: str, scale: str) -> HealthTemplate | None:
    templates = catalog.health_templates
    if preferred in templates and templates[preferred].scale == scale:
        return templates[preferred]
    return next((t for _, t in sorted(templates.items()) if t.scale == scale), None)


def _held(start: int, as_of: int, quarter: int, rng: random.Random) -> int:
    """A weekday afternoon (UTC) late in the quarter, never after ``as_of``."""
    at = start + int((quarter + HELD_AT) * (as_of - start) / QUARTERS)
    day = datetime.fromtimestamp(at, UTC).replace(hour=13, minute=0, second=0)
    day += timedelta(days=rng.randint(0, 4), hours=rng.choice((0, 1, 2)))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return min(int(day.timestamp()), as_of - 2 * HOUR)


def _colour(level: float, rng: random.Random) -> str:
    value = level + rng.gauss(0, 0.15)
    return GREEN if value > 0.6 else AMBER if value > 0.33 else RED


def _squad_votes(template: HealthTemplate, level: float, offsets: dict[str, float],
                 struggling: bool, rng: random.Random) -> list[Vote]:
    trends = (DOWN, DOWN, DOWN, SAME, SAME, UP) if struggling else (UP, UP, SAME, SAME, SAME, DOWN)
    votes = []
    for _ in range(rng.randint(5, 8)):
        for card in template.cards:
            colour = _colour(level + offsets[card.id], rng)
            comment = rng.choice(_COMMENTS[colour]) if rng.random() < 0.08 else ""
            votes.append(Vote(card.id, colour, rng.choice(trends), None, comment))
    return votes


def _relationship_votes(template: HealthTemplate, mean: float, offsets: dict[str, float],
                        rng: random.Random) -> list[Vote]:
    votes = []
    for _ in range(rng.randint(5, 8)):
        for card in template.cards:
            score = min(5, max(1, round(rng.gauss(mean + offsets[card.id], 0.7))))
            comment = _SCORE_COMMENTS[score] if rng.random() < 0.08 else ""
            votes.append(Vote(card.id, None, None, score, comment))
    return votes


def _run(session: Session, template: HealthTemplate, team: str, about: str | None, at: int,
         votes: list[Vote], note: str = "") -> int:
    opened = service.open_check(session, template.id, team, about=about, at=at)
    service.cast_votes(session, opened.id, votes)
    if note:
        service.add_note(session, opened.id, note, at=at + HOUR // 2)
    return opened.id


@dataclass(frozen=True)
class _Cast:
    """Who is who in the demo's story, worked out from the workspace's files."""

    start: int
    as_of: int
    providers: list[str]
    pairs: list[tuple[str, str]]  # (consumer, provider)
    struggling: str
    troubled: Agreement | None  # the struggling provider's first agreement
    healthy: str | None  # a provider doing well ("it" when it can)
    followed: Agreement | None  # the healthy provider's agreement with the fewest customers
    leads: dict[str, str]

    @classmethod
    def of(cls, catalog: Catalog, start: int, as_of: int, struggling_provider: str) -> _Cast:
        agreements = sorted(catalog.agreements.values(), key=lambda a: a.id)
        struggling = (catalog.agreements[struggling_provider].provider
                      if struggling_provider in catalog.agreements else struggling_provider)
        providers = sorted({a.provider for a in agreements if a.provider in catalog.teams})
        pairs = sorted({(c, a.provider) for a in agreements for c in a.consumers
                        if c != a.provider and c in catalog.teams and a.provider in catalog.teams})
        healthy = next((p for p in ("it", *providers) if p in providers and p != struggling), None)
        served = [a for a in agreements if a.provider == healthy and a.consumers]
        return cls(start, as_of, providers, pairs, struggling,
                   next((a for a in agreements if a.provider == struggling), None), healthy,
                   min(served, key=lambda a: (len(a.consumers), a.id)) if served else None,
                   {team_id: team.lead for team_id, team in catalog.teams.items()})


def _squad_checks(session: Session, squad: HealthTemplate, cast: _Cast, rng: random.Random) -> int:
    """Each provider's quarterly own check; the struggling one slides from green to red."""
    written = 0
    for team in cast.providers:
        offsets = {c.id: rng.uniform(-0.2, 0.15) for c in squad.cards}
        level = 0.72 + rng.uniform(-0.08, 0.08)
        bad = team == cast.struggling
        for quarter in range(QUARTERS):
            at = _held(cast.start, cast.as_of, quarter, rng)
            level = 0.62 - 0.13 * quarter if bad else min(0.9, level + rng.uniform(-0.03, 0.05))
            note = "Chicago requests arrive after Berlin has gone home" if bad else ""
            sid = _run(session, squad, team, None, at, _squad_votes(squad, level, offsets, bad, rng), note)
            written += 1
            owner, agreed = cast.leads.get(team, ""), at + HOUR // 2
            if bad and cast.troubled is not None and quarter in (1, QUARTERS - 1):
                text = (f"Second buyer covers Chicago mornings: {cast.troubled.id} compliance >= 90% "
                        f"next quarter" if quarter == 1 else
                        f"Expedite list reviewed daily: {cast.troubled.id} resolution >= 95% next quarter")
                service.add_action(session, sid, text, owner=owner, at=agreed)
            if team == cast.healthy and quarter == 0:
                item = service.add_action(session, sid, "Publish the queue status every morning",
                                          owner=owner, at=agreed)
                service.complete_action(session, item.id, at=min(at + 30 * 86400, cast.as_of))
            service.close_check(session, sid, at=at + HOUR)
    return written


def _relationship_checks(session: Session, relationship: HealthTemplate, cast: _Cast,
                         rng: random.Random) -> int:
    """Each customer's quarterly check about each provider serving it; the struggling
    provider's customers score it lower every quarter."""
    written = 0
    followed = cast.followed
    for consumer, provider in cast.pairs:
        offsets = {c.id: rng.uniform(-0.3, 0.3) for c in relationship.cards}
        mean = 3.8 + rng.uniform(-0.3, 0.5)
        for quarter in range(QUARTERS):
            at = min(_held(cast.start, cast.as_of, quarter, rng) + 2 * HOUR, cast.as_of - HOUR)
            if provider == cast.struggling:
                mean = 3.1 - 0.4 * quarter
            sid = _run(session, relationship, consumer, provider, at,
                       _relationship_votes(relationship, mean, offsets, rng))
            written += 1
            if (followed is not None and quarter == 1 and provider == cast.healthy
                    and consumer == min(followed.consumers)):
                text = f"Status mail when a request waits: {followed.id} rating >= 4 next quarter"
                item = service.add_action(session, sid, text, owner=cast.leads.get(provider, ""),
                                          at=at + 10 * 60)
                service.complete_action(session, item.id, at=min(at + 45 * 86400, cast.as_of))
            service.close_check(session, sid, at=min(at + HOUR, cast.as_of))
    return written


def generate_health(session: Session, rng: random.Random, start: int, as_of: int,
                    struggling_provider: str) -> int:
    """Write a year of health checks between ``start`` and ``as_of`` in one transaction;
    returns how many sessions.

    ``struggling_provider`` is the provider team whose health slides (an agreement id names
    its provider).  Sessions close an hour after they open; action items are agreed before
    closing, two of them are done later, the other two stay open.  A workspace without a
    traffic-light (or likert-5) template gets no squad (or relationship) checks.
    """
    catalog = session.catalog
    cast = _Cast.of(catalog, start, as_of, struggling_provider)
    squad = _pick(catalog, "squad-health", TRAFFIC_LIGHT)
    relationship = _pick(catalog, "relationship-check", LIKERT_5)
    written = 0
    with session.store.transaction():
        if squad is not None:
            written += _squad_checks(session, squad, cast, rng)
        if relationship is not None:
            written += _relationship_checks(session, relationship, cast, rng)
    return written
