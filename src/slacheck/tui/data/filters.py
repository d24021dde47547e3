"""Filtering what the screens list: agreements by team (the dashboard's ``/`` search) and the
interactions of a window by state, service and priority."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from ...domain.evaluation import Evaluation
    from ...domain.model import Agreement, Catalog

#: The "any" choice of an interaction filter.
ANY = "*"
#: The priority filter's choice for "no priority" (the service's own targets).
NO_PRIORITY = ""


def team_words(catalog: Catalog, agreement: Agreement) -> str:
    """Everything the team search looks at, lower-cased: the agreement's id and title, and the id
    and name of its provider and of each consumer."""
    words = [agreement.id, agreement.title]
    for team_id in (agreement.provider, *agreement.consumers):
        team = catalog.teams.get(team_id)
        words += [team_id, team.name if team else ""]
    return "\n".join(words).lower()


def match_agreements(catalog: Catalog, agreements: Iterable[Agreement], query: str) -> set[str]:
    """Ids of the agreements whose teams (or id or title) contain every word of ``query``."""
    terms = query.lower().split()
    return {
        a.id for a in agreements
        if all(term in team_words(catalog, a) for term in terms)
    }


def filter_interactions(evaluations: Iterable[Evaluation], *, state: str = ANY, service: str = ANY,
                        priority: str = ANY) -> list[Evaluation]:
    """Those with the given state, service and (current) priority; ``ANY`` lets everything by."""
    return [
        e for e in evaluations
        if (state == ANY or e.state == state)
        and (service == ANY or e.interaction.service == service)
        and (priority == ANY or e.priority == priority)
    ]
