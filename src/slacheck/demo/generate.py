"""The year of requests: every stream drawn day by day, the planted situations, all stored.

Each stream (agreement x requesting team x calendar, see :mod:`slacheck.demo.profiles`) has its
own generator seeded by the demo seed and the stream's names, so streams do not disturb each
other and the result depends only on the seed, the size and the evaluation instant.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime

from ..domain.calendar import WorkCalendar
from ..domain.model import Catalog
from ..store import StoreBackend
from .lifecycle import draft
from .load import DAY, DaySlot, daily_counts, day_slots, opening_instants
from .people import roster
from .plans import AgreementPlan, choose, plan_agreement
from .planted import plant
from .profiles import shares, site_of, streams_for
from .writer import Writer


@dataclass
class _StreamState:
    """One stream while the year is drawn: its generator and each local date's slot and count."""

    plan: AgreementPlan
    calendar: WorkCalendar
    requesters: tuple[str, ...]
    rng: random.Random
    days: dict[date, tuple[DaySlot, int]]


@dataclass(frozen=True)
class Written:
    """What :func:`generate` stored."""

    interactions: int
    events: int
    roles: dict[str, list[int]]


def _utc_midnight(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def team_requesters(catalog: Catalog, teams: list[str], seed: int) -> tuple[str, ...]:
    """The people of several teams, in order, without repeats."""
    people: list[str] = []
    for team_id in teams:
        team = catalog.teams.get(team_id)
        if team is None:
            continue
        for person in roster(team, site_of(team_id), seed):
            if person not in people:
                people.append(person)
    return tuple(people) or ("Requester",)


def generate(catalog: Catalog, store: StoreBackend, *, seed: int, start: int, as_of: int,
             size: int) -> Written:
    """Draw about ``size`` requests opened in ``[start, as_of)`` and store them."""
    plans = {aid: plan_agreement(a, catalog, seed, start, as_of)
             for aid, a in sorted(catalog.agreements.items())}
    share = shares(catalog)
    states: list[_StreamState] = []
    for aid, plan in plans.items():
        streams = streams_for(plan.agreement, catalog)
        weight_sum = sum(s.weight for s in streams) or 1.0
        for stream in streams:
            calendar = catalog.calendars[stream.calendar]
            rng = random.Random(f"{seed}/requests/{aid}/{stream.team}/{stream.calendar}")
            slots = day_slots(calendar, plan.profile, start, as_of)
            counts = daily_counts(rng, slots, size * share[aid] * stream.weight / weight_sum)
            states.append(_StreamState(plan, calendar, team_requesters(catalog, [stream.team], seed),
                                       rng, {s.day: (s, n) for s, n in zip(slots, counts) if n}))

    writer = Writer(store)
    requesters = {aid: team_requesters(catalog, list(p.agreement.consumers), seed)
                  for aid, p in plans.items()}
    for role, placed in plant(catalog, plans, requesters, seed, as_of):
        writer.push(placed, role)

    days = sorted({day for state in states for day in state.days})
    for day in days:
        for state in states:
            entry = state.days.get(day)
            if entry is None:
                continue
            slot, count = entry
            rng = state.rng
            for opened in opening_instants(rng, slot, state.calendar, count):
                writer.push(draft(state.plan, rng, choose(rng, state.requesters), opened, as_of))
        writer.release_before(_utc_midnight(day) - 2 * DAY)
    writer.close()
    return Written(writer.interactions, writer.events, writer.roles)
