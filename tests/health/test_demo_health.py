"""The demo's health checks on a fresh store: deterministic, and telling the numbers' story."""

import random
import shutil

import pytest

from slacheck.config.loader import load_catalog
from slacheck.config.workspace import find_workspace
from slacheck.demo.health import generate_health
from slacheck.services.health import load_history, trend_lines
from slacheck.services.instants import parse_instant
from slacheck.services.session import Session

AS_OF = parse_instant("2026-11-20T10:00:00Z")
START = AS_OF - 365 * 86400
TABLES = ("health_sessions", "health_closings", "health_notes", "health_votes", "health_actions",
          "health_actions_done")


def build(root, seed=7):
    session = Session(load_catalog(find_workspace(root)))
    written = generate_health(session, random.Random(seed), START, AS_OF, "procurement-for-production")
    return session, written


def dump(session):
    return {table: session.store.conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in TABLES}


@pytest.fixture
def demo(example_workspace):
    session, written = build(example_workspace)
    yield session, written
    session.close()


def test_sessions_for_every_provider_and_customer_each_quarter(demo):
    session, written = demo
    agreements = session.catalog.agreements.values()
    providers = {a.provider for a in agreements}
    pairs = {(c, a.provider) for a in agreements for c in a.consumers if c != a.provider}
    assert written == 4 * (len(providers) + len(pairs))
    history = load_history(session, AS_OF)
    assert len(history.sessions) == written
    assert all(START <= s.opened_at < s.closed_at <= AS_OF for s in history.sessions)
    assert {s.team for s in history.sessions if s.about is None} == providers
    assert {(s.team, s.about) for s in history.sessions if s.about} == pairs
    for found in history.sessions:
        assert 5 <= history.result(found.id, compare=False).participants <= 8


def test_the_same_seed_writes_the_same_rows(tmp_path, demo, example_workspace):
    session, _ = demo
    for name, seed, same in (("again", 7, True), ("other", 8, False)):
        shutil.copytree(example_workspace / "agreements", tmp_path / name / "agreements")
        built, _ = build(tmp_path / name, seed)
        try:
            assert (dump(built) == dump(session)) is same
        finally:
            built.close()


def test_the_struggling_provider_slides_and_its_customers_say_so(demo):
    session, _ = demo
    history = load_history(session, AS_OF)
    (own,) = trend_lines(history, "procurement", template_id="squad-health")
    values = [p.value for p in own.points]
    assert len(values) == 4 and values == sorted(values, reverse=True) and values[-1] < 0.3
    others = [trend_lines(history, team, template_id="squad-health")[0].points[-1].value
              for team in ("it", "hr", "finance", "quality")]
    assert min(others) > 0.5
    (about,) = [line for line in trend_lines(history, "production", template_id="relationship-check")
                if line.series.about == "procurement"]
    scores = [p.value for p in about.points]
    assert scores[-1] < 2.5 and scores[0] > scores[-1] + 0.5
    fine = [line.points[-1].value for line in trend_lines(history, "sales", template_id="relationship-check")]
    assert min(fine) > 3.0


def test_action_items_open_and_done_with_targets(demo):
    session, _ = demo
    history = load_history(session, AS_OF)
    open_ones = [a for a in history.actions if a.is_open]
    done = [a for a in history.actions if not a.is_open]
    assert len(open_ones) == 2 and len(done) == 2
    assert all(a.agreement == "procurement-for-production" and a.target is not None for a in open_ones)
    assert {a.target.metric for a in open_ones} == {"compliance", "resolution"}
    assert any(a.target is not None and a.target.metric == "rating" for a in done)
    assert all(a.done_at <= AS_OF for a in done)
