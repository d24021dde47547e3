"""Evaluation against hand-computed expectations (Berlin office 09:00-17:00 Mon-Fri).

2026-11-16 is a Monday; "3d" on this calendar is 3 x 8 h = 24 working hours.
"""

from fractions import Fraction

import pytest

from slacheck.domain.evaluation import BREACHED, MET, OPEN, evaluate, summarize
from slacheck.domain.timeline import fold
from helpers import agreement, ev, interaction, ts

H = 3600


def run(opened, events, as_of, **kw):
    inter = interaction(opened, **kw)
    return evaluate(agreement(), fold(inter, list(events), until=ts(as_of)), ts(as_of))


def test_ties_are_met():
    # FR 4h: 09:00 -> 13:00 is exactly 4 h.  Resolution 3d = 24 h: Mon 8 + Tue 8 + Wed 8.
    e = run("2026-11-16T09:00+01:00",
            [ev("responded", "2026-11-16T13:00+01:00"), ev("resolved", "2026-11-18T17:00+01:00")],
            "2026-11-20T10:00+01:00")
    fr, res = e.clock("first_response"), e.clock("resolution")
    assert (fr.elapsed, fr.state) == (4 * H, MET)
    assert (res.elapsed, res.state) == (24 * H, MET)
    assert e.state == MET


def test_one_minute_late_is_breached():
    e = run("2026-11-16T09:00+01:00",
            [ev("responded", "2026-11-16T13:01+01:00"), ev("resolved", "2026-11-16T15:00+01:00")],
            "2026-11-20T10:00+01:00")
    assert e.clock("first_response").state == BREACHED
    assert e.clock("resolution").state == MET
    assert e.state == BREACHED


@pytest.mark.parametrize("as_of, state, left", [
    ("2026-11-17T11:00+01:00", OPEN, 1 * H),   # 1 h Monday + 2 h Tuesday used of 4 h
    ("2026-11-17T12:00+01:00", OPEN, 0),       # exactly at the deadline: not missed yet
    ("2026-11-17T12:01+01:00", BREACHED, -60),  # unresolved past its deadline: breached already
])
def test_urgent_priority_deadline_overnight(as_of, state, left):
    # urgent: FR 30m, resolution 4h.  Opened Mon 16:00 -> deadline Tue 12:00.
    e = run("2026-11-16T16:00+01:00", [ev("responded", "2026-11-16T16:20+01:00")], as_of, priority="urgent")
    res = e.clock("resolution")
    assert res.deadline == ts("2026-11-17T12:00+01:00")
    assert (res.state, res.left) == (state, left)
    assert e.clock("first_response").state == MET


def test_pause_stops_the_resolution_clock_not_the_first_response_clock():
    # access: resolution 1d = 8 h, no first-response target.  Paused Mon 10:00 -> Tue 10:00
    # holds 7 h + 1 h = 8 working hours; Mon 09:00 -> Tue 17:00 is 16 h; 16 - 8 = 8 h: met.
    e = run("2026-11-16T09:00+01:00",
            [ev("paused", "2026-11-16T10:00+01:00"), ev("resumed", "2026-11-17T10:00+01:00"),
             ev("resolved", "2026-11-17T17:00+01:00")],
            "2026-11-20T10:00+01:00", service="access")
    assert e.clock("first_response") is None
    assert e.clock("resolution").elapsed == 8 * H
    assert e.state == MET


def test_open_pause_means_no_deadline():
    e = run("2026-11-16T09:00+01:00", [ev("paused", "2026-11-16T10:00+01:00")],
            "2026-11-19T10:00+01:00", service="access")
    res = e.clock("resolution")
    assert res.deadline is None and res.elapsed == 1 * H and res.state == OPEN


def test_reopened_gap_does_not_count():
    # 09:00-13:00 Mon (4 h), resolved until Tue 13:00 reopening, then 13:00-17:00 (4 h) = 8 h.
    e = run("2026-11-16T09:00+01:00",
            [ev("resolved", "2026-11-16T13:00+01:00"), ev("reopened", "2026-11-17T13:00+01:00"),
             ev("resolved", "2026-11-17T17:00+01:00")],
            "2026-11-20T10:00+01:00", service="access")
    assert e.clock("resolution").elapsed == 8 * H and e.state == MET


def test_a_reopening_does_not_start_the_first_response_clock_again():
    # FR 4h on laptop-repair.  Resolved at 10:00 without a response: that stopped the first
    # response clock at 1 h.  Reopened Tuesday, answered Wednesday: still 1 h, still met.
    e = run("2026-11-16T09:00+01:00",
            [ev("resolved", "2026-11-16T10:00+01:00"), ev("reopened", "2026-11-17T09:00+01:00"),
             ev("responded", "2026-11-18T15:00+01:00")],
            "2026-11-20T10:00+01:00")
    fr = e.clock("first_response")
    assert (fr.elapsed, fr.state) == (1 * H, MET)
    # Reopened and not yet answered: the first response stays the first resolution.
    e = run("2026-11-16T09:00+01:00",
            [ev("resolved", "2026-11-16T10:00+01:00"), ev("reopened", "2026-11-17T09:00+01:00")],
            "2026-11-20T10:00+01:00")
    assert (e.clock("first_response").elapsed, e.clock("first_response").state) == (1 * H, MET)


def test_escalation_levels_and_crossing_instants():
    # urgent resolution 4 h; ladder 75 % (3 h), 100 % (4 h), 150 % (6 h).  Opened Mon 09:00.
    e = run("2026-11-16T09:00+01:00", [], "2026-11-16T14:30+01:00", priority="urgent")
    assert [(c.level, c.at, c.to) for c in e.crossings] == [
        (1, ts("2026-11-16T12:00+01:00"), "it-oncall"),
        (2, ts("2026-11-16T13:00+01:00"), "it"),
    ]
    assert e.escalation_level == 2 and e.state == BREACHED
    later = run("2026-11-16T09:00+01:00", [], "2026-11-16T15:00+01:00", priority="urgent")
    assert later.escalation_level == 3


def test_resolved_interactions_do_not_escalate():
    e = run("2026-11-16T09:00+01:00", [ev("resolved", "2026-11-16T16:00+01:00")],
            "2026-11-17T10:00+01:00", priority="urgent")
    assert e.crossings == () and e.state == BREACHED


def test_priority_changed_later_applies_from_the_opening():
    e = run("2026-11-16T09:00+01:00",
            [ev("reprioritized", "2026-11-16T15:00+01:00", priority="urgent")],
            "2026-11-16T15:30+01:00")
    assert e.priority == "urgent"
    assert e.clock("resolution").target == 4 * H and e.state == BREACHED


def test_compliance_and_error_budget_of_the_contract_example():
    t = summarize([MET] * 51 + [BREACHED] * 3 + [OPEN] * 2, Fraction(95, 100))
    assert t.compliance == pytest.approx(51 / 54)
    assert t.allowed == 2.7 and t.remaining == -0.3


def test_nothing_counted_means_no_compliance_figure():
    t = summarize([OPEN, OPEN], Fraction(95, 100))
    assert t.compliance is None and t.allowed == 0 and t.remaining == 0
