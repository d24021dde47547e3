"""Replaying a change on a small history whose every figure is worked out by hand.

Calendar: Berlin office, Monday to Friday 09:00-17:00 (no holidays in November 2026), day 8 h.
Old rules: laptop repair 4h / 3d (24 h), urgent 30m / 4h, access -/1d.  New rules: laptop
repair resolution 2d (16 h, stricter), urgent resolution 8h (looser).  Evaluated at Friday
2026-11-20 11:00 Berlin, window the last 30 days.

====  ==============  =================================================  ========  ========
 id    service         history (Berlin time)                              old       new
====  ==============  =================================================  ========  ========
 1     laptop          Mon 9th 09:00, resolved Wed 11th 12:00 = 19 h      met       breached
 2     laptop          Mon 9th 09:00, resolved Tue 10th 15:00 = 14 h      met       met
 3     laptop          Mon 2nd 09:00, resolved Fri 6th 12:00 = 35 h       breached  breached
 4     laptop          Wed 18th 09:00, unresolved: 18 h at the instant    open      breached
 5     laptop urgent   Mon 16th 09:00, resolved 15:00 = 6 h               breached  met
 6     access          Thu 12th 09:00, resolved 12:00 = 3 h               met       met
 7     laptop          1 September, 19 h: outside the window              -         -
 8     laptop          Mon 16th 09:00, paused Mon 11:00 to Tue 15:00,     met       breached
                       resolved Thu 19th 17:00 = 32 h - 12 h = 20 h
====  ==============  =================================================  ========  ========

Old: laptop met 3 breached 2 open 1, access met 1: compliance 4/6, budget 0.3 - 2 = -1.7.
New: laptop met 2 breached 4, access met 1: compliance 3/7, budget 0.35 - 4 = -3.65.
"""

from dataclasses import replace

import pytest

from slacheck.domain.events import Interaction
from slacheck.services.figures import compute_figures
from slacheck.services.replay import replay
from helpers import MemoryHistories, agreement, ev, targets, ts
from unit.diff_helpers import catalog, with_priority, with_service

AS_OF = ts("2026-11-20T10:00:00+00:00")
OLD = agreement()
NEW = with_priority(with_service(OLD, "laptop-repair", targets=targets("4h", "2d")),
                    "laptop-repair", "urgent", "30m", "8h")


def item(number, service, opened, *events, priority=""):
    return (Interaction(number, OLD.id, service, ts(opened), title=f"request {number}",
                        priority=priority, ref=f"T-{number}"), list(events))


HISTORY = [
    item(1, "laptop-repair", "2026-11-09T09:00+01:00", ev("responded", "2026-11-09T10:00+01:00"),
         ev("resolved", "2026-11-11T12:00+01:00")),
    item(2, "laptop-repair", "2026-11-09T09:00+01:00", ev("responded", "2026-11-09T09:30+01:00"),
         ev("resolved", "2026-11-10T15:00+01:00")),
    item(3, "laptop-repair", "2026-11-02T09:00+01:00", ev("responded", "2026-11-02T09:15+01:00"),
         ev("resolved", "2026-11-06T12:00+01:00")),
    item(4, "laptop-repair", "2026-11-18T09:00+01:00", ev("responded", "2026-11-18T09:30+01:00")),
    item(5, "laptop-repair", "2026-11-16T09:00+01:00", ev("responded", "2026-11-16T09:10+01:00"),
         ev("resolved", "2026-11-16T15:00+01:00"), priority="urgent"),
    item(6, "access", "2026-11-12T09:00+01:00", ev("resolved", "2026-11-12T12:00+01:00")),
    item(7, "laptop-repair", "2026-09-01T09:00+02:00", ev("responded", "2026-09-01T10:00+02:00"),
         ev("resolved", "2026-09-03T12:00+02:00")),
    item(8, "laptop-repair", "2026-11-16T09:00+01:00", ev("responded", "2026-11-16T09:30+01:00"),
         ev("paused", "2026-11-16T11:00+01:00"), ev("resumed", "2026-11-17T15:00+01:00"),
         ev("resolved", "2026-11-19T17:00+01:00")),
]


def run(old=OLD, new=NEW, history=HISTORY, **kwargs):
    return replay(catalog(old), catalog(new), MemoryHistories(history), AS_OF, **kwargs)


def counts(tally):
    return tally.met, tally.breached, tally.open


def test_figures_old_and_new_match_the_hand_count():
    result = run()
    (a,) = result.agreements
    assert (a.id, a.status, a.title) == ("it-for-sales", "compared", "IT support for Sales")
    assert counts(a.old) == (4, 2, 1) and counts(a.new) == (3, 4, 0)
    assert a.old.compliance == pytest.approx(4 / 6) and a.new.compliance == pytest.approx(3 / 7)
    assert a.old.remaining == pytest.approx(-1.7) and a.new.remaining == pytest.approx(-3.65)
    laptop, access = a.services
    assert (laptop.id, counts(laptop.old), counts(laptop.new)) == ("laptop-repair", (3, 2, 1), (2, 4, 0))
    assert (access.id, counts(access.old), counts(access.new)) == ("access", (1, 0, 0), (1, 0, 0))
    assert a.old_span == a.new_span and a.old_span.start == AS_OF - 30 * 86400


def test_flips_listed_and_counted_by_direction():
    result = run()
    assert [(f.interaction.id, f.old_state, f.new_state) for f in result.flips] == [
        (1, "met", "breached"), (5, "breached", "met"), (8, "met", "breached"),
        (4, "open", "breached"),
    ]
    assert result.flip_counts() == {("breached", "met"): 1, ("met", "breached"): 2,
                                     ("open", "breached"): 1}
    assert result.count("met", "breached") == 2 and result.count("met", "open") == 0
    assert [f.interaction.id for f in result.stricter_breaches] == [1, 8]
    assert result.agreement("it-for-sales").flip_counts() == result.flip_counts()


def test_old_side_is_todays_report_under_current_rules():
    result = run()
    report = compute_figures(catalog(OLD), MemoryHistories(HISTORY), AS_OF, rules="current")
    assert result.agreements[0].old == report.agreements[0].tally


def test_explicit_window_for_both_sides():
    result = run(window=(ts("2026-11-09T00:00+01:00"), ts("2026-11-14T00:00+01:00")))
    (a,) = result.agreements
    assert counts(a.old) == (3, 0, 0) and counts(a.new) == (2, 1, 0)  # 1, 2 and 6
    assert [f.interaction.id for f in result.flips] == [1]
    assert result.window == (ts("2026-11-09T00:00+01:00"), ts("2026-11-14T00:00+01:00"))


def test_no_change_no_flips():
    result = run(new=OLD)
    assert result.flips == () and result.flip_counts() == {} and result.stricter_breaches == ()
    assert result.agreements[0].old == result.agreements[0].new


def test_each_side_uses_its_own_window_and_flips_only_where_both_count():
    from slacheck.domain.durations import Window

    short = replace(NEW, window=Window.parse("7d"))  # from Friday 13th 11:00: ids 4, 5 and 8
    (a,) = run(new=short).agreements
    assert counts(a.new) == (1, 2, 0)
    assert a.new_span.start == AS_OF - 7 * 86400 and a.old_span.start == AS_OF - 30 * 86400
    assert [f.interaction.id for f in a.flips] == [5, 8, 4]


def test_removed_service_is_not_judged_by_the_new_rules():
    no_access = replace(OLD, services=OLD.services[:1])
    result = run(new=no_access)
    (a,) = result.agreements
    assert counts(a.new) == (3, 2, 1)
    assert [(s.id, s.new) for s in a.services][1] == ("access", None)
    (u,) = result.uncovered
    assert (u.interaction.id, u.side, u.reason) == (6, "new", "service access does not exist")
    assert result.flips == ()


def test_removed_priority_is_not_judged_by_the_new_rules():
    no_urgent = with_service(OLD, "laptop-repair", priorities={"low": targets(None, "5d")})
    result = run(new=no_urgent)
    assert [(u.interaction.id, u.reason) for u in result.uncovered] == [
        (5, "service laptop-repair has no priority urgent")]
    assert counts(result.agreements[0].new) == (4, 1, 1)


def test_reprioritized_interaction_is_judged_by_its_last_priority():
    history = [item(9, "laptop-repair", "2026-11-16T09:00+01:00",
                    ev("reprioritized", "2026-11-16T09:05+01:00", priority="urgent",
                       previous=""),
                    ev("responded", "2026-11-16T09:10+01:00"),
                    ev("resolved", "2026-11-16T15:00+01:00"))]
    result = run(history=history)
    assert [(f.interaction.id, f.key) for f in result.flips] == [(9, ("breached", "met"))]
    assert result.flips[0].new.priority == "urgent"


def test_added_and_removed_agreements_are_reported_as_such():
    other = agreement(agreement_id="it-for-plant")
    plant = [(Interaction(20, "it-for-plant", "access", ts("2026-11-12T09:00+01:00"), ref="P-1"),
              [ev("resolved", "2026-11-13T10:00+01:00")])]  # 9 h > 1d
    result = replay(catalog(OLD, other), catalog(NEW), MemoryHistories(HISTORY + plant), AS_OF)
    gone = result.agreement("it-for-plant")
    assert (gone.status, counts(gone.old), gone.new, gone.new_span, gone.flips) == (
        "removed", (0, 1, 0), None, None, ())
    back = replay(catalog(NEW), catalog(NEW, other), MemoryHistories(plant), AS_OF)
    added = back.agreement("it-for-plant")
    assert (added.status, added.old, counts(added.new)) == ("added", None, (0, 1, 0))


def test_agreement_selection():
    other = agreement(agreement_id="it-for-plant")
    result = replay(catalog(OLD, other), catalog(NEW, other), MemoryHistories(HISTORY), AS_OF,
                    agreement_ids=["it-for-plant"])
    assert [a.id for a in result.agreements] == ["it-for-plant"] and result.flips == ()
    with pytest.raises(KeyError):
        replay(catalog(OLD), catalog(NEW), MemoryHistories(HISTORY), AS_OF, agreement_ids=["nope"])
    empty = replay(catalog(), catalog(), MemoryHistories(HISTORY), AS_OF)
    assert empty.agreements == () and empty.flips == ()
