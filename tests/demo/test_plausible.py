"""The demo's year obeys the domain rules and tells its story in the figures."""

from __future__ import annotations

from slacheck.config.loader import load_catalog
from slacheck.config.workspace import Workspace
from slacheck.demo.profiles import STRUGGLING
from slacheck.domain.events import (
    ACKNOWLEDGED,
    ESCALATED,
    PAUSED,
    RATED,
    REOPENED,
    RESPONDED,
)
from slacheck.domain.timeline import apply, check, fold
from slacheck.services.figures import compute_figures
from slacheck.services.session import Session
from slacheck.store import Store


def _histories(small_demo):
    with Store(small_demo.db) as store:
        return list(store.iter_histories())


def test_every_event_passes_the_domain_rules(small_demo):
    catalog = load_catalog(Workspace(small_demo.root)).raise_for_errors()
    histories = _histories(small_demo)
    assert len(histories) == small_demo.result.interactions
    for interaction, events in histories:
        priorities = tuple(catalog.agreements[interaction.agreement].service(interaction.service).priorities)
        assert events[0].kind == "opened" and events[0].at == interaction.opened_at
        timeline = fold(interaction, events[:1])
        for event in events[1:]:
            check(timeline, event, priorities=priorities)
            apply(timeline, event)


def test_size_scales_the_year(small_demo):
    assert abs(small_demo.result.interactions - small_demo.size) < 0.1 * small_demo.size


def test_the_year_has_pauses_reopenings_ratings_and_escalations(small_demo):
    histories = _histories(small_demo)
    kinds = [{e.kind for e in events} for _, events in histories]
    for kind in (RESPONDED, PAUSED, REOPENED, RATED, ESCALATED, ACKNOWLEDGED):
        assert any(kind in found for found in kinds), kind
    rated = sum(RATED in found for found in kinds)
    assert 0.1 * len(histories) < rated < 0.6 * len(histories)  # many, but not every one
    ratings = [e.payload for _, events in histories for e in events if e.kind == RATED]
    assert {p["rating"] for p in ratings} == {1, 2, 3, 4, 5}
    assert all(p.get("comment") for p in ratings if p["rating"] <= 2)  # low ones say why
    requesters = {i.requester for i, _ in histories}
    assert len(requesters) > 20 and all(r.strip() for r in requesters)
    assert all(i.title and i.ref for i, _ in histories)


def test_opening_instants_follow_weekdays_and_working_hours(small_demo):
    catalog = load_catalog(Workspace(small_demo.root)).raise_for_errors()
    histories = _histories(small_demo)
    sales = [i for i, _ in histories if i.agreement == "it-for-sales"]
    office = catalog.calendars["berlin-office"]
    in_hours = sum(office.is_working(i.opened_at) for i in sales)
    assert in_hours > 0.85 * len(sales)


def test_figures_at_now_tell_the_story(small_demo):
    figures = small_demo.result.figures
    assert figures.as_of == small_demo.as_of
    tallies = {f.agreement.id: f.tally for f in figures.agreements}
    assert sum(t.met for t in tallies.values()) > 0 and sum(t.breached for t in tallies.values()) > 0
    compliance = {aid: t.compliance for aid, t in tallies.items() if t.compliance is not None}
    assert len(compliance) == len(tallies)
    assert min(compliance, key=compliance.get) == STRUGGLING
    assert compliance[STRUGGLING] < 0.9
    healthy = [value for aid, value in compliance.items() if aid != STRUGGLING]
    assert max(compliance.values()) - min(compliance.values()) > 0.1
    assert sum(healthy) / len(healthy) > 0.93
    assert sum(value >= 0.93 for value in healthy) >= len(healthy) - 2  # small windows are noisy
    assert tallies[STRUGGLING].remaining < 0  # below its objective


def test_live_situations_at_now(small_demo):
    result = small_demo.result
    figures = result.figures
    assert result.unacknowledged  # somebody should act
    assert result.acknowledged  # and somebody did
    top = [e for e in figures.escalations
           if e.interaction.agreement == STRUGGLING and e.level == e.rule_count]
    assert any(not (e.acknowledged or e.interaction.id in result.acknowledged) for e in top)
    due = [item for item in figures.at_risk if item.deadline is not None and item.left <= 4 * 3600]
    assert due
    assert result.highlight in {e.interaction.id for e in figures.escalations}


def test_the_database_agrees_with_the_summary(small_demo):
    """Escalations were recorded and acknowledged through the store: a fresh evaluation at the
    same instant finds the same open escalations, acknowledged as the summary says."""
    with Session(load_catalog(Workspace(small_demo.root))) as session:
        again = compute_figures(session.catalog, session.store, small_demo.as_of,
                                resolve_version=session.resolve_version)
    result = small_demo.result
    assert [e.interaction.id for e in again.escalations] == [e.interaction.id for e in result.figures.escalations]
    assert {e.interaction.id for e in again.escalations if not e.acknowledged} == set(result.unacknowledged)
    for before, after in zip(result.figures.agreements, again.agreements):
        assert before.tally == after.tally
