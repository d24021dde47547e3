"""Meaning-level diffs of agreements: what a change to the files *means*, in words.

:func:`diff_catalogs` and :func:`diff_agreements` compare two validated models, never two texts:
reformatting, reordering and comment-only edits are invisible by construction.  Agreements and
calendars are matched by id, services by id, priorities by name, consumers as sets, escalations
as a ladder; targets are compared in working seconds on each version's calendar and shown as
written.  Every difference becomes a :class:`~slacheck.domain.diff_change.Change` with a
direction (``stricter`` / ``looser`` / ``neutral``, seen from the provider who keeps the
promise) and a sentence: ``"Laptop repair (urgent): resolution 4h → 2h (stricter)"``.

A calendar's changes belong to every agreement on that calendar (each agreement compares the
calendar it embeds) and are also listed once for the workspace (:attr:`CatalogDiff.calendars`).

The parts live in :mod:`~slacheck.domain.diff_calendar`, :mod:`~slacheck.domain.diff_services`
and :mod:`~slacheck.domain.diff_workspace`; directions and wording in
:mod:`~slacheck.domain.diff_change`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from .diff_calendar import calendar_changes, switch_change
from .diff_change import (
    DIRECTIONS,
    LOOSER,
    NEUTRAL,
    STRICTER,
    Change,
    arrow,
    change,
    compare,
    or_none,
    percent,
    quoted,
)
from .diff_services import escalation_changes, service_changes
from .diff_workspace import health_changes, settings_changes, team_changes
from .model import Agreement, Catalog

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
UNCHANGED = "unchanged"

#: At most this many years of an agreement's term weigh a change of holiday region.
MAX_REFERENCE_YEARS = 10

__all__ = [
    "ADDED", "CHANGED", "LOOSER", "NEUTRAL", "REMOVED", "STRICTER", "UNCHANGED",
    "AgreementDiff", "CatalogDiff", "Change", "diff_agreements", "diff_catalogs",
    "reference_years",
]


@dataclass(frozen=True)
class AgreementDiff:
    """One agreement compared: ``status`` is added, removed, changed or unchanged."""

    id: str
    status: str
    old: Agreement | None
    new: Agreement | None
    changes: tuple[Change, ...]

    @property
    def has_meaning_changes(self) -> bool:
        return bool(self.changes)

    @property
    def title(self) -> str:
        """The new title (the old one for a removed agreement)."""
        agreement = self.new or self.old
        return agreement.title if agreement else ""

    @property
    def stricter(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.direction == STRICTER)

    @property
    def looser(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.direction == LOOSER)


@dataclass(frozen=True)
class CatalogDiff:
    """Two workspaces compared.

    ``agreements`` holds every agreement of either side, sorted by id (unchanged ones too, with
    no changes); ``calendars``, ``teams``, ``settings`` and ``health`` the workspace's own
    changes (``agreement`` is ``None`` on those).
    """

    agreements: tuple[AgreementDiff, ...]
    calendars: tuple[Change, ...] = ()
    teams: tuple[Change, ...] = ()
    settings: tuple[Change, ...] = ()
    health: tuple[Change, ...] = ()

    @property
    def workspace(self) -> tuple[Change, ...]:
        """The changes that belong to no single agreement."""
        return self.calendars + self.teams + self.settings + self.health

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every change listed: per agreement (by id), then the workspace's."""
        return tuple(c for a in self.agreements for c in a.changes) + self.workspace

    @property
    def has_meaning_changes(self) -> bool:
        """False when the two versions differ at most in layout, order and comments."""
        return bool(self.changes)

    @property
    def changed_agreements(self) -> tuple[AgreementDiff, ...]:
        return tuple(a for a in self.agreements if a.changes)

    @property
    def stricter(self) -> tuple[Change, ...]:
        """The changes that make some agreement stricter (calendar changes once per agreement
        on that calendar; a calendar no agreement uses makes nothing stricter)."""
        return tuple(c for a in self.agreements for c in a.stricter)

    @property
    def looser(self) -> tuple[Change, ...]:
        return tuple(c for a in self.agreements for c in a.looser)

    def counts(self) -> dict[str, int]:
        """How many of :attr:`changes` go each way: ``{"stricter": n, "looser": n,
        "neutral": n}``."""
        found = dict.fromkeys(DIRECTIONS, 0)
        for item in self.changes:
            found[item.direction] += 1
        return found

    def agreement(self, agreement_id: str) -> AgreementDiff:
        for item in self.agreements:
            if item.id == agreement_id:
                return item
        raise KeyError(agreement_id)


def reference_years(agreements: Iterable[Agreement | None]) -> tuple[int, ...]:
    """The years the agreements are in force (``effective`` to ``review_by``), sorted.

    Each agreement adds at most :data:`MAX_REFERENCE_YEARS` years.  A change of holiday region is
    weighed over these years.
    """
    years: set[int] = set()
    for agreement in agreements:
        if agreement is None:
            continue
        first = agreement.effective.year
        last = agreement.review_by.year if agreement.review_by else first
        years.update(range(first, min(last, first + MAX_REFERENCE_YEARS - 1) + 1))
    return tuple(sorted(years))


def _fields(aid: str, old: Agreement, new: Agreement) -> list[Change]:
    """Title, description, provider, owner, consumers, dates, objective and window."""
    found: list[Change] = []
    if old.title != new.title:
        found.append(change(aid, "title", "title", old.title, new.title, NEUTRAL,
                            f"title {arrow(quoted(old.title), quoted(new.title))}"))
    if old.description != new.description:
        found.append(change(aid, "description", "description", old.description, new.description,
                            NEUTRAL, "description changed"))
    if old.provider != new.provider:
        found.append(change(aid, "provider", "provider", old.provider, new.provider, NEUTRAL,
                            f"provider {arrow(old.provider, new.provider)}"))
    if old.owner != new.owner:
        found.append(change(aid, "owner", "owner", old.owner, new.owner, NEUTRAL,
                            f"owner {arrow(quoted(old.owner), quoted(new.owner))}"))
    for team in sorted(set(new.consumers) - set(old.consumers)):
        found.append(change(aid, "consumers", "consumer-added", None, team, NEUTRAL,
                            f"{team} added as consumer"))
    for team in sorted(set(old.consumers) - set(new.consumers)):
        found.append(change(aid, "consumers", "consumer-removed", team, None, NEUTRAL,
                            f"{team} removed as consumer"))
    if old.effective != new.effective:
        found.append(change(aid, "effective", "effective", old.effective, new.effective, NEUTRAL,
                            f"effective {arrow(old.effective, new.effective)}"))
    if old.review_by != new.review_by:
        found.append(change(aid, "review_by", "review-by", old.review_by, new.review_by, NEUTRAL,
                            f"review by {arrow(or_none(old.review_by), or_none(new.review_by))}"))
    if old.objective != new.objective:
        found.append(change(aid, "objective", "objective", percent(old.objective),
                            percent(new.objective),
                            compare(old.objective, new.objective, smaller_is=LOOSER),
                            f"objective {arrow(percent(old.objective), percent(new.objective))}"))
    if old.window != new.window:
        found.append(change(aid, "window", "window", old.window, new.window, NEUTRAL,
                            f"window {arrow(old.window, new.window)}"))
    return found


def _calendar(aid: str, old: Agreement, new: Agreement, years: Sequence[int]) -> list[Change]:
    if old.calendar.id != new.calendar.id:
        return [replace(switch_change(old.calendar, new.calendar), agreement=aid, field="calendar")]
    return [replace(c, agreement=aid, field=f"calendar.{c.field}")
            for c in calendar_changes(old.calendar, new.calendar, years)]


def diff_agreements(old: Agreement | None, new: Agreement | None, *,
                    years: Sequence[int] | None = None) -> AgreementDiff:
    """Compare two versions of one agreement; ``None`` on one side: added or removed.

    ``years`` weigh a change of holiday region (default: :func:`reference_years` of both
    versions).  Raises ``ValueError`` when both are ``None`` or the ids differ.
    """
    if old is None and new is None:
        raise ValueError("diff_agreements needs at least one agreement")
    if old is not None and new is not None and old.id != new.id:
        raise ValueError(f"different agreements: {old.id!r} and {new.id!r}")
    if old is None:
        return AgreementDiff(new.id, ADDED, None, new, (change(
            new.id, "", "agreement-added", None, new.title, STRICTER,
            f"new agreement {quoted(new.title)}"),))
    if new is None:
        return AgreementDiff(old.id, REMOVED, old, None, (change(
            old.id, "", "agreement-removed", old.title, None, LOOSER,
            f"agreement {quoted(old.title)} removed"),))
    if years is None:
        years = reference_years((old, new))
    aid = new.id
    changes = (_fields(aid, old, new) + _calendar(aid, old, new, years)
               + service_changes(aid, old, new) + escalation_changes(aid, old, new))
    return AgreementDiff(aid, CHANGED if changes else UNCHANGED, old, new, tuple(changes))


def _calendars(old: Catalog, new: Catalog, years: Sequence[int]) -> list[Change]:
    found: list[Change] = []
    for calendar_id in sorted(set(old.calendars) | set(new.calendars)):
        field = f"calendars.{calendar_id}"
        if calendar_id not in old.calendars:
            found.append(change(None, field, "calendar-added", None, calendar_id, NEUTRAL,
                                f"new calendar {calendar_id}"))
        elif calendar_id not in new.calendars:
            found.append(change(None, field, "calendar-removed", calendar_id, None, NEUTRAL,
                                f"calendar {calendar_id} removed"))
        else:
            found += [replace(c, field=f"{field}.{c.field}") for c in calendar_changes(
                old.calendars[calendar_id], new.calendars[calendar_id], years)]
    return found


def diff_catalogs(old: Catalog, new: Catalog, *, years: Sequence[int] | None = None) -> CatalogDiff:
    """Compare two workspaces: every agreement by id, then calendars, teams, settings, health.

    ``years`` weigh a change of holiday region, the same for every agreement and the workspace
    (default: :func:`reference_years` of all agreements of both sides).
    """
    if years is None:
        years = reference_years([*old.agreements.values(), *new.agreements.values()])
    agreements = tuple(
        diff_agreements(old.agreements.get(i), new.agreements.get(i), years=years)
        for i in sorted(set(old.agreements) | set(new.agreements))
    )
    return CatalogDiff(
        agreements=agreements,
        calendars=tuple(_calendars(old, new, years)),
        teams=tuple(team_changes(old.teams, new.teams)),
        settings=tuple(settings_changes(old.settings, new.settings)),
        health=tuple(health_changes(old.health_templates, new.health_templates)),
    )
