"""One request's whole life, drawn relative to its targets: the events of a history.

Each clock's working time is drawn as a share of its target from a log-normal distribution
whose breach probability is the profile's quality at the opening instant; instants follow from
the agreement's calendar (:meth:`WorkCalendar.add_working` and :meth:`WorkCalendar.deadline`
with the pauses), so the evaluation finds the drawn shares again (to the second).  On top: pauses waiting on
the requester, reopenings, requesters chasing for news, ratings with comments that say why, and
for requests resolved by the evaluation instant the escalation levels they crossed on the way
(with acknowledgements), as the live system would have recorded them.  Events later than the
evaluation instant are cut off, so requests opened in the last days are still open "now"; their
escalations are recorded by :func:`slacheck.services.escalations.record_escalations`, the real
path.

Events are sorted by instant, ties in the order a request lives them, so every history passes
:func:`slacheck.domain.timeline.check`.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from ..domain.events import (
    ACKNOWLEDGED,
    COMMENTED,
    ESCALATED,
    OPENED,
    PAUSED,
    RATED,
    REOPENED,
    REPRIORITIZED,
    RESOLVED,
    RESPONDED,
    RESUMED,
    Event,
)
from . import texts
from .plans import AgreementPlan, Rung, choose, pick
from .ratings import rate

#: Order of events at the same instant: the order a request lives them.
RANK = {OPENED: 0, REPRIORITIZED: 1, RESPONDED: 2, PAUSED: 3, RESUMED: 4, COMMENTED: 5,
        ESCALATED: 6, ACKNOWLEDGED: 7, RESOLVED: 8, REOPENED: 9, RATED: 10}
#: Spread (log-normal sigma) of the first-response and resolution shares.
SIGMA_RESPONSE = 0.8
SIGMA_RESOLUTION = 0.7
#: Share of requests whose priority changes shortly after opening.
REPRIORITIZE_SHARE = 0.02
_BY_INSTANT = itemgetter(0, 1)  # instant, then RANK


@dataclass
class Draft:
    """A request before it is stored: the facts at opening and its events (``opened`` first)."""

    agreement: str
    service: str
    priority: str
    title: str
    requester: str
    opened_at: int
    events: list[Event]
    provider: str


def _wall(rng: random.Random, median: float, sigma: float, low: float, high: float) -> int:
    """A wall-clock duration in seconds: log-normal around ``median``, clipped."""
    return int(min(max(rng.lognormvariate(math.log(median), sigma), low), high))


def draft(plan: AgreementPlan, rng: random.Random, requester: str, opened: int, as_of: int) -> Draft:
    """Draw one request of ``plan``'s agreement opened at ``opened`` by ``requester``."""
    agreement, profile = plan.agreement, plan.profile
    cal = agreement.calendar
    sp = pick(rng, plan.services, plan.service_weights)
    priority = pick(rng, sp.priorities, sp.priority_weights)
    fr_target, res_target = sp.targets[priority]
    owner = choose(rng, plan.staff)
    events: list[tuple[int, int, str, str, dict[str, Any]]] = [(opened, 0, OPENED, requester, {})]

    def add(at: float, kind: str, actor: str = "", payload: dict[str, Any] | None = None) -> None:
        events.append((int(at), RANK[kind], kind, actor, payload or {}))

    opened_with = priority
    if len(sp.priorities) > 1 and rng.random() < REPRIORITIZE_SHARE:
        opened_with = rng.choice([p for p in sp.priorities if p != priority])
        add(opened + rng.randint(5, 90) * 60, REPRIORITIZED, owner,
            {"priority": priority, "previous": opened_with})

    clocks = (fr_target is not None) + (res_target is not None)
    progress = (opened - plan.start) / max(1, plan.end - plan.start)
    breach = 1.0 - plan.profile.quality_at(progress) ** (1.0 / max(clocks, 1))
    z = plan.z_for(breach)

    responded = None
    response_late = False
    if fr_target is not None:
        share = math.exp(SIGMA_RESPONSE * (rng.gauss(0.0, 1.0) - z))
        responded = max(int(cal.add_working(opened, share * fr_target)), opened + 60)
        response_late = share > 1.0

    resolved = None
    work = 0.0
    levels = 0  # escalation levels crossed before the resolution
    reopened_once = False
    if res_target is not None:
        work = math.exp(SIGMA_RESOLUTION * (rng.gauss(0.0, 1.0) - z)) * res_target
        pauses: list[tuple[int, int]] = []
        first_part = rng.uniform(0.45, 0.85) if rng.random() < profile.reopen_share else None
        if rng.random() < profile.pause_share:
            pause_at = int(cal.add_working(opened, rng.uniform(0.15, 0.65) * work))
            if responded is not None:
                pause_at = max(pause_at, responded + rng.randint(1, 30) * 60)
            if cal.working_seconds(opened, pause_at) < 0.95 * work * (first_part or 1.0):
                pause_end = pause_at + _wall(rng, 5 * 3600, 1.0, 1200, 6 * 86400)
                pauses.append((pause_at, pause_end))
                add(pause_at, PAUSED, owner, {"reason": choose(rng, texts.PAUSE_REASONS)})
                add(pause_end, RESUMED, owner)
        if first_part is not None:
            first = int(cal.deadline(opened, first_part * work, pauses))
            if responded is None or first > responded:
                reopened = first + _wall(rng, 20 * 3600, 0.8, 2 * 3600, 5 * 86400)
                add(first, RESOLVED, owner)
                add(reopened, REOPENED, requester)
                pauses.append((first, reopened))
                reopened_once = True
        resolved = int(cal.deadline(opened, work, pauses) if pauses else cal.add_working(opened, work))
        if pauses:
            resolved = max(resolved, pauses[-1][1] + 60)
        if responded is not None and responded > resolved:
            responded = None  # fixed on the spot: resolving counts as the first response
            response_late = cal.working_seconds(opened, resolved) > fr_target
        if resolved <= as_of and plan.ladder and work > plan.ladder[0].share * res_target:
            levels = _escalations(plan, rng, opened, res_target, pauses, resolved, add)
        # Two levels up, the provider's lead took it over.
        add(resolved, RESOLVED, plan.staff[0] if levels >= 2 else owner)
    if responded is not None:
        add(responded, RESPONDED, owner)

    end = resolved if resolved is not None else responded or opened
    late = response_late or work > (res_target or math.inf)
    if rng.random() < profile.chase_share * (3.0 if late else 0.5) and end > opened + 3600:
        add(opened + (end - opened) * rng.uniform(0.4, 0.9), COMMENTED, requester,
            {"text": choose(rng, texts.CHASERS)})
    if resolved is not None and rng.random() < profile.rating_share:
        rating, comment = rate(rng, profile, agreement.id, sp.service.id, late, levels, reopened_once)
        payload = {"rating": rating, "comment": comment} if comment else {"rating": rating}
        add(resolved + _wall(rng, 2 * 3600, 1.2, 300, 7 * 86400), RATED, requester, payload)

    events.sort(key=_BY_INSTANT)
    kept = [Event(kind, at, actor, payload) for at, _, kind, actor, payload in events if at <= as_of]
    return Draft(agreement.id, sp.service.id, opened_with, choose(rng, sp.titles), requester,
                 opened, kept, agreement.provider)


def _escalations(plan: AgreementPlan, rng: random.Random, opened: int, res_target: int,
                 pauses: list[tuple[int, int]], resolved: int, add) -> int:
    """Add the levels a resolved request crossed, with acknowledgements; returns how many."""
    cal = plan.agreement.calendar
    crossed: list[tuple[Rung, int]] = []
    for rung in plan.ladder:
        at = cal.deadline(opened, rung.share * res_target, pauses)
        if at is None or int(at) >= resolved:
            break
        crossed.append((rung, int(at)))
    profile = plan.profile
    for index, (rung, at) in enumerate(crossed):
        add(at, ESCALATED, "slacheck", {"level": rung.level, "to": rung.to, "threshold": rung.threshold})
        if rng.random() < profile.ack_share:
            ack_at = at + _wall(rng, profile.ack_median, 0.8, 60, 5 * 86400)
            limit = crossed[index + 1][1] if index + 1 < len(crossed) else resolved
            if ack_at < limit:
                add(ack_at, ACKNOWLEDGED, rung.acker,
                    {"level": rung.level, "note": choose(rng, texts.ESCALATION_NOTES)})
    return len(crossed)
