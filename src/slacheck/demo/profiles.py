"""How each agreement of the example company behaves in the demo: load, quality, habits.

A :class:`Profile` says what share of all requests an agreement gets, who raises them on which
working hours (a :class:`Stream` per requesting team and calendar: the Chicago plant raises
requests to Berlin's procurement in Chicago hours, which is half of Procurement's trouble), how
the services and priorities are mixed, and how well the provider does over the year: the share
of requests meeting every target a year ago and now.

The story: most providers are healthy (95-99 % of requests on target); Procurement, serving
the plant from Berlin with two buyers, slides from about 90 % a year ago to under 80 % now, with
escalations up to the management board, chasing comments and poor ratings.  Anything the
profiles do not know (an agreement or a team added to the files) gets a healthy default, so
the generator runs on edited files too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..domain.model import Agreement, Catalog

#: The provider that struggles in the example company.
STRUGGLING = "procurement-for-production"

#: Where each team sits ("berlin" or "chicago"); names and working hours follow from it.
SITES: dict[str, str] = {
    "production": "chicago", "quality": "chicago", "facilities": "chicago",
    "maintenance-oncall": "chicago", "plant-manager": "chicago",
}

#: The calendars on which each team raises its requests (weights); default: the agreement's own.
HOME_CALENDARS: dict[str, tuple[tuple[str, float], ...]] = {
    "sales": (("berlin-office", 1.0),),
    "finance": (("berlin-office", 1.0),),
    "hr": (("berlin-office", 1.0),),
    "procurement": (("berlin-office", 1.0),),
    "it": (("berlin-service-desk", 1.0),),
    "production": (("chicago-plant", 0.8), ("chicago-night-shift", 0.2)),
    "quality": (("chicago-plant", 1.0),),
    "facilities": (("chicago-plant", 1.0),),
}

#: Provider -> prefix of the ticket keys (``ref``) its requests get.
REF_PREFIXES: dict[str, str] = {
    "it": "IT", "finance": "FIN", "hr": "HR", "procurement": "PUR", "production": "PRD",
    "quality": "QA", "facilities": "FAC",
}


@dataclass(frozen=True)
class Stream:
    """Requests from ``team``, arriving in the working hours of ``calendar``."""

    team: str
    calendar: str
    weight: float


@dataclass(frozen=True)
class Profile:
    """The demo behaviour of one agreement (see the module docstring)."""

    share: float
    compliance: tuple[float, float] = (0.97, 0.97)  # a year ago, now
    services: dict[str, float] = field(default_factory=dict)  # service id -> weight (default 1)
    priorities: dict[str, dict[str, float]] = field(default_factory=dict)  # "" = no priority
    consumers: dict[str, float] = field(default_factory=dict)  # team -> weight (default 1)
    calendars: tuple[tuple[str, float], ...] = ()  # override every team's home calendars
    pause_share: float = 0.12
    reopen_share: float = 0.025
    rating_share: float = 0.3
    mood: float = 0.0  # shift of the ratings (negative: grumpier customers)
    ack_share: float = 0.9  # escalation levels someone acknowledges
    ack_median: float = 1800.0  # seconds until they do
    chase_share: float = 0.02  # requests on which the requester asks for news
    peaks: tuple[tuple[str, int, float], ...] = ()  # ("month", 9, 1.4) / ("weekday", 0, 1.6)
    story: str = ""

    def quality_at(self, progress: float) -> float:
        """The share of requests meeting every target at ``progress`` (0: a year ago, 1: now)."""
        start, end = self.compliance
        return start + (end - start) * min(max(progress, 0.0), 1.0)

    def intensity(self, day: date) -> float:
        """Load factor of one local date beyond weekday and season (quarter ends, waves)."""
        factor = 1.0
        for kind, value, times in self.peaks:
            if _peak_applies(kind, value, day):
                factor *= times
        return factor


def _peak_applies(kind: str, value: int, day: date) -> bool:
    """Whether a peak (``month`` number, ``weekday`` 0-6, last ``quarter-end`` days) covers ``day``."""
    if kind == "month":
        return day.month == value
    if kind == "weekday":
        return day.weekday() == value
    if kind == "quarter-end":
        return day.month % 3 == 0 and day.day > 31 - value
    return False


PROFILES: dict[str, Profile] = {
    "it-for-sales": Profile(
        share=0.17, compliance=(0.965, 0.972),
        services={"laptop-repair": 3, "crm-access": 4, "mobile-devices": 2},
        priorities={"laptop-repair": {"": 6, "urgent": 1, "high": 1.5, "low": 1.5},
                    "crm-access": {"": 8, "urgent": 1.5},
                    "mobile-devices": {"": 7, "low": 3}},
        mood=0.2,
    ),
    "it-for-plant": Profile(
        share=0.15, compliance=(0.993, 0.995),
        services={"mes": 4, "label-printers": 3, "cad-cam": 2},
        priorities={"mes": {"": 6, "urgent": 1, "high": 2},
                    "label-printers": {"": 7, "low": 3},
                    "cad-cam": {"": 8, "urgent": 1}},
        consumers={"production": 6, "quality": 2, "facilities": 1},
        pause_share=0.06, ack_median=900.0,
    ),
    "hr-for-staff": Profile(
        share=0.09, compliance=(0.95, 0.945),
        services={"payroll-questions": 5, "onboarding": 2, "employment-letters": 2},
        priorities={"payroll-questions": {"": 8, "high": 2}},
        consumers={"production": 5, "sales": 1, "finance": 1, "procurement": 0.5, "it": 1,
                   "quality": 1.5, "facilities": 1},
        peaks=(("month", 9, 1.5), ("month", 1, 1.3), ("month", 12, 1.25)),
        pause_share=0.15,
    ),
    "finance-for-sales": Profile(
        share=0.09, compliance=(0.955, 0.96),
        services={"quote-approval": 6, "credit-check": 1.5, "expense-claims": 3},
        priorities={"quote-approval": {"": 7, "urgent": 2}},
        peaks=(("quarter-end", 14, 1.5),),
    ),
    STRUGGLING: Profile(
        share=0.14, compliance=(0.90, 0.76),
        services={"purchase-requisition": 6, "supplier-expedite": 3, "new-supplier": 0.5},
        priorities={"purchase-requisition": {"": 6, "urgent": 2, "low": 2},
                    "supplier-expedite": {"": 6, "urgent": 3}},
        pause_share=0.10, reopen_share=0.05, rating_share=0.4, mood=-0.9,
        ack_share=0.7, ack_median=4 * 3600.0, chase_share=0.25,
        story=("Procurement serves the Chicago plant from Berlin with two buyers: requests raised "
               "on the plant's late shift wait for the Berlin morning, supplier delays grew over "
               "the year, and compliance slid from about 90 % to under 80 %, with escalations up "
               "to the management board and unhappy comments from Production."),
    ),
    "production-for-procurement": Profile(
        share=0.08, compliance=(0.95, 0.955),
        services={"demand-confirmation": 2, "goods-receipt": 6, "sample-trial": 0.5},
        priorities={"goods-receipt": {"": 8, "urgent": 2}},
        peaks=(("weekday", 0, 1.5),),
        pause_share=0.05,
    ),
    "production-for-quality": Profile(
        share=0.06, compliance=(0.95, 0.955),
        services={"containment": 3, "corrective-action": 1.5, "measurement-samples": 4},
        priorities={"containment": {"": 7, "urgent": 2}},
    ),
    "quality-for-production": Profile(
        share=0.11, compliance=(0.975, 0.978),
        services={"first-article": 5, "ncr-review": 3, "gauge-calibration": 2},
        priorities={"first-article": {"": 7, "urgent": 2},
                    "ncr-review": {"": 8, "urgent": 1.5},
                    "gauge-calibration": {"": 7, "low": 3}},
        mood=0.2,
    ),
    "facilities-night-shift": Profile(
        share=0.11, compliance=(0.99, 0.992),
        services={"machine-breakdown": 6, "utilities": 2, "building": 1.5},
        priorities={"machine-breakdown": {"": 6, "urgent": 2, "low": 2}},
        calendars=(("chicago-night-shift", 1.0),),
        pause_share=0.03, ack_median=600.0, mood=0.3,
    ),
}

_DEFAULT = Profile(share=0.08)


def profile_for(agreement: Agreement) -> Profile:
    """The agreement's profile; a healthy default for an agreement the demo does not know."""
    return PROFILES.get(agreement.id, _DEFAULT)


def streams_for(agreement: Agreement, catalog: Catalog) -> tuple[Stream, ...]:
    """Who raises the agreement's requests and on which calendars' hours.  Calendars the
    workspace lacks fall back to the agreement's own calendar."""
    profile = profile_for(agreement)
    found: dict[tuple[str, str], float] = {}
    for team in agreement.consumers:
        team_weight = profile.consumers.get(team, 1.0) if profile.consumers else 1.0
        homes = profile.calendars or HOME_CALENDARS.get(team, ((agreement.calendar.id, 1.0),))
        for calendar_id, weight in homes:
            if calendar_id not in catalog.calendars:
                calendar_id = agreement.calendar.id
            key = (team, calendar_id)
            found[key] = found.get(key, 0.0) + team_weight * weight
    return tuple(Stream(team, cal, weight) for (team, cal), weight in found.items() if weight > 0)


def shares(catalog: Catalog) -> dict[str, float]:
    """Each agreement's share of all requests, normalised over the agreements present."""
    raw = {aid: profile_for(a).share for aid, a in sorted(catalog.agreements.items())}
    total = sum(raw.values()) or 1.0
    return {aid: value / total for aid, value in raw.items()}


def ref_prefix(provider: str) -> str:
    """The ticket-key prefix of a provider's requests."""
    return REF_PREFIXES.get(provider, provider[:3].upper() or "REQ")


def site_of(team: str) -> str:
    return SITES.get(team, "berlin")
