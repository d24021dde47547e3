"""The agreement model: teams, services, targets, escalation ladders, health templates.

These are plain frozen values built by :mod:`slacheck.config.loader` from the TOML files once
they have been validated; the domain never sees raw TOML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from .calendar import WorkCalendar
from .durations import Duration, Window


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    lead: str = ""
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class Targets:
    """The two clocks of a service level; either may be absent (no such target)."""

    first_response: Duration | None = None
    resolution: Duration | None = None


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    targets: Targets
    priorities: dict[str, Targets] = field(default_factory=dict)

    def targets_for(self, priority: str | None) -> Targets:
        """Targets for a priority: an empty priority means the service's own targets.

        A priority that only overrides one clock keeps the service's target for the other.
        Raises ``KeyError`` for a priority the service does not define: never silently the
        default.
        """
        if not priority:
            return self.targets
        override = self.priorities[priority]
        return Targets(
            first_response=override.first_response or self.targets.first_response,
            resolution=override.resolution or self.targets.resolution,
        )


@dataclass(frozen=True)
class EscalationRule:
    """At ``at`` (a share of the resolution target) the interaction escalates to team ``to``."""

    at: Fraction
    to: str


@dataclass(frozen=True)
class Agreement:
    id: str
    title: str
    provider: str
    consumers: tuple[str, ...]
    owner: str
    effective: date
    review_by: date | None
    calendar: WorkCalendar
    objective: Fraction
    window: Window
    services: tuple[Service, ...]
    escalations: tuple[EscalationRule, ...] = ()
    description: str = ""

    def service(self, service_id: str) -> Service:
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(service_id)

    def target_seconds(self, duration: Duration | None) -> int | None:
        """A target in working seconds on this agreement's calendar."""
        return None if duration is None else duration.seconds(self.calendar.day_seconds)


@dataclass(frozen=True)
class HealthCard:
    id: str
    title: str
    awesome: str
    crappy: str


@dataclass(frozen=True)
class HealthTemplate:
    id: str
    title: str
    scale: str  # "traffic-light" or "likert-5"
    cards: tuple[HealthCard, ...]
    description: str = ""


SCALES = ("traffic-light", "likert-5")


@dataclass(frozen=True)
class Settings:
    """``agreements/slacheck.toml``: workspace-wide settings."""

    timezone: str = "UTC"
    min_votes_shown: int = 3


@dataclass(frozen=True)
class Catalog:
    """Everything the files of one workspace define, validated."""

    settings: Settings
    teams: dict[str, Team]
    calendars: dict[str, WorkCalendar]
    agreements: dict[str, Agreement]
    health_templates: dict[str, HealthTemplate]
