"""What drawing the requests of one agreement needs, computed once, and the draws themselves.

:func:`plan_agreement` turns an agreement and its :class:`~slacheck.demo.profiles.Profile` into
an :class:`AgreementPlan`: each service's priority mix and targets in working seconds, request
titles, the provider's staff and the escalation ladder with who acknowledges each rung.
:func:`choose` and :func:`pick` are the uniform and weighted draws used millions of times.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from statistics import NormalDist

from ..domain.model import Agreement, Catalog, Service
from . import texts
from .people import roster
from .profiles import Profile, profile_for, site_of

_DEFAULT_PRIORITY_WEIGHTS = {"": 7.0, "urgent": 1.0, "high": 1.5, "low": 1.5}
_NORMAL = NormalDist()


@dataclass(frozen=True)
class ServicePlan:
    """A service's priority mix, its targets per priority and its request titles."""

    service: Service
    priorities: tuple[str, ...]
    priority_weights: tuple[float, ...]  # cumulative
    targets: dict[str, tuple[int | None, int | None]]  # priority -> (first response, resolution)
    titles: tuple[str, ...]


@dataclass(frozen=True)
class Rung:
    """One escalation rule: its level, share of the resolution target, team and acknowledger."""

    level: int
    share: float
    to: str
    threshold: str
    acker: str


@dataclass
class AgreementPlan:
    """Everything drawing a request of one agreement needs, computed once."""

    agreement: Agreement
    profile: Profile
    services: tuple[ServicePlan, ...]
    service_weights: tuple[float, ...]  # cumulative
    staff: tuple[str, ...]
    ladder: tuple[Rung, ...]
    start: int
    end: int

    def __post_init__(self) -> None:
        self._z: dict[float, float] = {}

    def z_for(self, breach: float) -> float:
        """The standard-normal quantile that leaves ``breach`` above it (cached)."""
        key = round(min(max(breach, 1e-4), 0.9), 4)
        found = self._z.get(key)
        if found is None:
            found = self._z[key] = _NORMAL.inv_cdf(1.0 - key)
        return found


def _priority_choices(service: Service, profile: Profile) -> tuple[tuple[str, ...], tuple[float, ...]]:
    wanted = profile.priorities.get(service.id)
    if wanted is None:
        wanted = {p: w for p, w in _DEFAULT_PRIORITY_WEIGHTS.items() if p == "" or p in service.priorities}
        wanted.update({p: 1.0 for p in service.priorities if p not in wanted})
    usable = {p: w for p, w in wanted.items() if (p == "" or p in service.priorities) and w > 0}
    names = tuple(sorted(usable))
    return names, tuple(accumulate(usable[p] for p in names))


def plan_agreement(agreement: Agreement, catalog: Catalog, seed: int, start: int, end: int) -> AgreementPlan:
    """Precompute targets, weights, staff and the escalation ladder of one agreement."""
    profile = profile_for(agreement)
    plans = []
    for service in agreement.services:
        names, weights = _priority_choices(service, profile)
        targets = {}
        for priority in names:
            t = service.targets_for(priority)
            targets[priority] = (agreement.target_seconds(t.first_response),
                                 agreement.target_seconds(t.resolution))
        plans.append(ServicePlan(service, names, weights, targets,
                                 texts.titles_for(service.id, service.name)))
    provider = catalog.teams.get(agreement.provider)
    staff = roster(provider, site_of(agreement.provider), seed) if provider else (agreement.owner,)
    ladder = []
    for level, rule in enumerate(agreement.escalations, start=1):
        team = catalog.teams.get(rule.to)
        acker = (team.lead or team.name) if team else rule.to
        ladder.append(Rung(level, float(rule.at), rule.to, f"{float(rule.at) * 100:g}%", acker))
    weights = tuple(accumulate(profile.services.get(s.id, 1.0) for s in agreement.services))
    return AgreementPlan(agreement, profile, tuple(plans), weights, staff, tuple(ladder), start, end)


def choose(rng: random.Random, items):
    """One of ``items``, uniformly (``random.choice`` with one ``random()`` call, several
    times faster; a demo draws millions of these)."""
    return items[int(rng.random() * len(items))]


def pick(rng: random.Random, items: tuple, cumulative: tuple[float, ...]):
    """One of ``items`` drawn by their cumulative weights."""
    return items[bisect_right(cumulative, rng.random() * cumulative[-1])]
