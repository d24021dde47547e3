"""The situations a demo must show *now*: requests about to breach, and live escalations.

The drawn year leaves some requests open at the evaluation instant by chance; these are placed
on purpose, relative to it, so that every demo has a countdown to watch and escalations to act
on: a few urgent requests with minutes to hours of working time left, a Procurement request
escalated to the top of its ladder and one a level below (both left unacknowledged), and an IT
request at its first warning level that someone has acknowledged.

Each request is opened at the instant that leaves exactly the wanted working time used on the
agreement's calendar at the evaluation instant (found by bisection on
:meth:`WorkCalendar.working_seconds`), so "about to breach" holds on a weekend too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..domain.calendar import WorkCalendar
from ..domain.events import COMMENTED, OPENED, RESPONDED, Event
from ..domain.model import Catalog
from .lifecycle import Draft
from .plans import AgreementPlan
from .profiles import STRUGGLING

DUE_SOON = "due-soon"
ESCALATED_TOP = "escalated-top"
ESCALATED = "escalated"
ACKNOWLEDGED = "acknowledged"
#: Roles whose escalations stay unacknowledged.
UNACKNOWLEDGED_ROLES = (ESCALATED_TOP, ESCALATED)


@dataclass(frozen=True)
class Situation:
    """A request to place: ``used`` share of its resolution target gone at the evaluation
    instant, or (``left`` set) that many minutes of working time left, drawn in the range."""

    role: str
    agreement: str
    service: str
    priority: str
    title: str
    used: float = 0.0
    left: tuple[int, int] | None = None
    chaser: str = ""


SITUATIONS: tuple[Situation, ...] = (
    Situation(DUE_SOON, "it-for-plant", "mes", "urgent",
              "MES terminal at line 2 frozen - line stopped", left=(20, 50)),
    Situation(DUE_SOON, "it-for-sales", "laptop-repair", "urgent",
              "Laptop dead, customer presentation tomorrow morning", left=(30, 120)),
    Situation(DUE_SOON, "quality-for-production", "first-article", "urgent",
              "First-article inspection: machine set up and waiting", left=(30, 90)),
    Situation(DUE_SOON, STRUGGLING, "supplier-expedite", "urgent",
              "Coating supplier has not confirmed a date - line 4 waits", left=(15, 60)),
    Situation(ESCALATED_TOP, STRUGGLING, "supplier-expedite", "",
              "Late delivery of titanium bar stock - line 3 waits", used=1.65,
              chaser="Still no new date from the supplier? Line 3 runs out of bar stock on Thursday."),
    Situation(ESCALATED, STRUGGLING, "purchase-requisition", "urgent",
              "Titanium bar stock 60 mm for the fittings order", used=1.2,
              chaser="Any news? We are waiting on this."),
    Situation(ACKNOWLEDGED, "it-for-sales", "crm-access", "",
              "Locked out of the CRM after the password change", used=0.85),
)


def opened_for(calendar: WorkCalendar, used: float, as_of: int, earliest: int) -> int | None:
    """The latest whole minute from which ``used`` working seconds have passed by ``as_of``
    (``None`` when that lies before ``earliest``)."""
    lo = max(earliest, as_of - 120 * 86400)
    if calendar.working_seconds(lo, as_of) < used:
        return None
    hi = as_of
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if calendar.working_seconds(mid, as_of) >= used:
            lo = mid
        else:
            hi = mid
    opened = lo // 60 * 60
    return opened if opened >= earliest else None


def _place(spec: Situation, plan: AgreementPlan, requesters: tuple[str, ...], rng: random.Random,
           as_of: int) -> Draft | None:
    agreement = plan.agreement
    try:
        service = agreement.service(spec.service)
        targets = service.targets_for(spec.priority)
    except KeyError:
        return None
    fr_target = agreement.target_seconds(targets.first_response)
    res_target = agreement.target_seconds(targets.resolution)
    if res_target is None:
        return None
    if spec.left is not None:
        left = min(rng.randint(*spec.left) * 60, res_target // 2)
        used = res_target - left
    else:
        used = spec.used * res_target
    cal = agreement.calendar
    opened = opened_for(cal, used, as_of, plan.start)
    if opened is None:
        return None
    requester = rng.choice(requesters)
    events = [Event(OPENED, opened, requester)]
    responded = None
    if fr_target is not None:
        responded = int(cal.add_working(opened, 0.3 * fr_target))
        if opened < responded <= as_of:
            events.append(Event(RESPONDED, responded, rng.choice(plan.staff)))
    if spec.chaser:
        since = responded if responded is not None and responded <= as_of else opened
        events.append(Event(COMMENTED, since + int((as_of - since) * 0.6), requester, {"text": spec.chaser}))
    return Draft(agreement.id, spec.service, spec.priority, spec.title, requester, opened,
                 events, agreement.provider)


def plant(catalog: Catalog, plans: dict[str, AgreementPlan], requesters: dict[str, tuple[str, ...]],
          seed: int, as_of: int) -> list[tuple[str, Draft]]:
    """``(role, draft)`` for every situation the workspace's files allow.  When none of the
    requests about to breach fits (edited files), one is placed on the first agreement that
    has a service with a resolution target."""
    rng = random.Random(f"{seed}/planted")
    placed: list[tuple[str, Draft]] = []
    for spec in SITUATIONS:
        plan = plans.get(spec.agreement)
        if plan is None:
            continue
        found = _place(spec, plan, requesters[spec.agreement], rng, as_of)
        if found is not None:
            placed.append((spec.role, found))
    if not any(role == DUE_SOON for role, _ in placed):
        for agreement_id in sorted(plans):
            for service in plans[agreement_id].agreement.services:
                if service.targets.resolution is None:
                    continue
                spec = Situation(DUE_SOON, agreement_id, service.id, "", service.name, left=(30, 90))
                found = _place(spec, plans[agreement_id], requesters[agreement_id], rng, as_of)
                if found is not None:
                    placed.append((DUE_SOON, found))
                    return placed
    return placed
