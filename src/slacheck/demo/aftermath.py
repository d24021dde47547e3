"""What the live system would have done by now: escalations recorded, most of them acknowledged.

Figures computed at the evaluation instant reveal every escalation level the open requests have
reached; :func:`slacheck.services.escalations.record_escalations` records them, exactly as
``slacheck report`` does at the present.  Then the provider's people acknowledge most of those
that are more than an hour old (as often as the agreement's profile says), through
:func:`slacheck.services.escalations.acknowledge`; the planted top-level escalations stay
unacknowledged, and the planted warning is always acknowledged.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from ..services.escalations import acknowledge, record_escalations
from ..services.figures import Figures
from ..services.session import Session
from . import texts
from .planted import ACKNOWLEDGED, UNACKNOWLEDGED_ROLES
from .profiles import profile_for

#: Escalations younger than this are left for someone to notice.
FRESH = 3600


@dataclass(frozen=True)
class Settled:
    escalated: int  # escalated events recorded
    acknowledged: frozenset[int]  # interactions whose current level was acknowledged


def settle(session: Session, figures: Figures, roles: dict[str, list[int]], seed: int, as_of: int) -> Settled:
    """Record the escalations of ``figures`` (computed at ``as_of``) and acknowledge some."""
    escalated = record_escalations(session, figures)
    rng = random.Random(f"{seed}/acknowledgements")
    keep_open = {i for role in UNACKNOWLEDGED_ROLES for i in roles.get(role, [])}
    must = set(roles.get(ACKNOWLEDGED, []))
    catalog = session.catalog
    done: list[int] = []
    with session.store.transaction():
        for item in sorted(figures.escalations, key=lambda e: (e.since, e.interaction.id)):
            number = item.interaction.id
            if item.acknowledged or number in keep_open:
                continue
            profile = profile_for(catalog.agreements[item.interaction.agreement])
            draw = rng.random()
            if number not in must and (item.since > as_of - FRESH or draw >= profile.ack_share):
                continue
            delay = max(60, int(rng.lognormvariate(math.log(profile.ack_median), 0.8)))
            team = catalog.teams.get(item.to)
            by = (team.lead or team.name) if team else item.to
            acknowledge(session, number, at=min(as_of, int(item.since) + delay), by=by,
                        note=rng.choice(texts.ESCALATION_NOTES))
            done.append(number)
    return Settled(escalated, frozenset(done))
