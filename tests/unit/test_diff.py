"""Meaning-level diffs of one agreement: each kind of change, in exact words and direction."""

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest

from slacheck.domain.calendar import ALWAYS
from slacheck.domain.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    UNCHANGED,
    diff_agreements,
    reference_years,
)
from slacheck.domain.durations import Window
from slacheck.domain.model import EscalationRule, Service
from helpers import agreement, targets
from unit.diff_helpers import texts, with_priority, with_service, without_priority

BASE = agreement()


def only(old, new):
    """The single change between two versions of an agreement."""
    result = diff_agreements(old, new)
    assert len(result.changes) == 1, texts(result)
    return result.changes[0]


# ---------------------------------------------------------------- targets
def test_shorter_service_target_is_stricter():
    c = only(BASE, with_service(BASE, "laptop-repair", targets=targets("4h", "2d")))
    assert c.text() == "Laptop repair: resolution 3d → 2d (stricter)"
    assert (c.agreement, c.field, c.kind, c.old, c.new, c.direction) == (
        "it-for-sales", "services.laptop-repair.resolution", "target-changed", "3d", "2d", "stricter")


def test_longer_target_is_looser():
    c = only(BASE, with_service(BASE, "laptop-repair", targets=targets("8h", "3d")))
    assert c.text() == "Laptop repair: first response 4h → 8h (looser)"


def test_priority_target_change_names_the_priority():
    c = only(BASE, with_priority(BASE, "laptop-repair", "urgent", "30m", "2h"))
    assert c.text() == "Laptop repair (urgent): resolution 4h → 2h (stricter)"
    assert c.field == "services.laptop-repair.priorities.urgent.resolution"


def test_added_target_is_stricter():
    c = only(BASE, with_service(BASE, "access", targets=targets("2h", "1d")))
    assert c.text() == "Access rights: new first response target 2h (stricter)"
    assert (c.kind, c.old, c.new) == ("target-added", None, "2h")


def test_removed_target_is_looser():
    c = only(BASE, with_service(BASE, "laptop-repair", targets=targets(None, "3d")))
    assert c.text() == "Laptop repair: first response target 4h removed (looser)"
    assert (c.kind, c.old, c.new) == ("target-removed", "4h", None)


def test_same_working_time_written_differently_is_no_change():
    rewritten = with_service(BASE, "laptop-repair", targets=targets("240m", "24h"))
    rewritten = with_priority(rewritten, "laptop-repair", "low", None, "4d8h")
    result = diff_agreements(BASE, rewritten)
    assert result.changes == () and result.status == UNCHANGED
    assert not result.has_meaning_changes


def test_priority_override_dropped_compares_the_target_that_now_applies():
    dropped = with_priority(BASE, "laptop-repair", "urgent", None, "4h")
    c = only(BASE, dropped)
    assert c.text() == "Laptop repair (urgent): first response 30m → 4h (looser)"


def test_service_change_is_not_repeated_for_priorities_that_inherit_it():
    # "low" overrides only the resolution, so it inherits the first-response change.
    c = only(BASE, with_service(BASE, "laptop-repair", targets=targets("2h", "3d")))
    assert c.text() == "Laptop repair: first response 4h → 2h (stricter)"


def test_added_faster_priority_is_stricter():
    c = only(BASE, with_priority(BASE, "laptop-repair", "vip", "15m", "2h"))
    assert c.text() == "Laptop repair: new priority vip (first response 15m, resolution 2h) (stricter)"
    assert (c.kind, c.field) == ("priority-added", "services.laptop-repair.priorities.vip")


def test_removing_a_slower_priority_is_stricter():
    # "low" allowed 5d instead of the service's 3d: without it every request gets 3d.
    c = only(BASE, without_priority(BASE, "laptop-repair", "low"))
    assert c.text() == "Laptop repair: priority low removed (first response 4h, resolution 5d) (stricter)"


def test_service_added_removed_and_renamed():
    printers = Service("printers", "Printers", targets("1h", "2d"))
    added = replace(BASE, services=BASE.services + (printers,))
    assert only(BASE, added).text() == (
        'new service "Printers" (first response 1h, resolution 2d) (stricter)')
    assert only(added, BASE).text() == 'service "Printers" removed (looser)'
    renamed = only(BASE, with_service(BASE, "access", name="Access and accounts"))
    assert renamed.text() == 'service access: name "Access rights" → "Access and accounts"'
    assert renamed.direction == "neutral"


# ---------------------------------------------------------------- agreement fields
@pytest.mark.parametrize("old, new, sentence", [
    ("95", "99", "objective 95 % → 99 % (stricter)"),
    ("99", "99.5", "objective 99 % → 99.5 % (stricter)"),
    ("99.5", "90", "objective 99.5 % → 90 % (looser)"),
])
def test_objective(old, new, sentence):
    assert only(agreement(objective=old), agreement(objective=new)).text() == sentence


def test_window_is_neutral():
    c = only(BASE, replace(BASE, window=Window.parse("quarter")))
    assert c.text() == "window 30d → quarter" and c.direction == "neutral"


def test_consumers_compared_as_sets():
    two = replace(BASE, consumers=("sales", "marketing"))
    assert only(two, BASE).text() == "marketing removed as consumer"
    assert only(BASE, two).text() == "marketing added as consumer"
    both = diff_agreements(BASE, replace(BASE, consumers=("marketing",)))
    assert texts(both) == ["marketing added as consumer", "sales removed as consumer"]
    assert [c.kind for c in both.changes] == ["consumer-added", "consumer-removed"]


def test_consumer_order_is_no_change():
    old = replace(BASE, consumers=("sales", "marketing"))
    assert diff_agreements(old, replace(BASE, consumers=("marketing", "sales"))).changes == ()


def test_words_for_the_descriptive_fields():
    new = replace(BASE, title="IT help for Sales", owner="Ali Khan", provider="it-desk",
                  effective=date(2026, 2, 1), review_by=None, description="Now with printers.")
    assert texts(diff_agreements(BASE, new)) == [
        'title "IT support for Sales" → "IT help for Sales"',
        "description changed",
        "provider it → it-desk",
        'owner "Dana Ruiz" → "Ali Khan"',
        "effective 2026-01-01 → 2026-02-01",
        "review by 2027-01-01 → none",
    ]
    assert all(c.direction == "neutral" for c in diff_agreements(BASE, new).changes)


# ---------------------------------------------------------------- escalations
LADDER = (("75", "it-oncall"), ("100", "it"), ("150", "cio"))


def ladder(*rules):
    return agreement(escalations=rules)


def test_new_escalation_is_stricter():
    c = only(ladder(*LADDER[:2]), ladder(*LADDER))
    assert c.text() == "new escalation at 150 % to cio (stricter)"
    assert (c.field, c.kind, c.new) == ("escalations", "escalation-added", "150 % to cio")


def test_removed_escalation_is_looser():
    assert only(ladder(*LADDER), ladder(*LADDER[:2])).text() == (
        "escalation at 150 % to cio removed (looser)")


def test_earlier_escalation_is_stricter_and_later_looser():
    earlier = ladder(("75", "it-oncall"), ("100", "it"), ("125", "cio"))
    assert only(ladder(*LADDER), earlier).text() == "escalation to cio at 150 % → 125 % (stricter)"
    assert only(earlier, ladder(*LADDER)).text() == "escalation to cio at 125 % → 150 % (looser)"


def test_escalation_to_another_team_is_neutral():
    c = only(ladder(*LADDER), ladder(("75", "it-oncall"), ("100", "it"), ("150", "ceo")))
    assert c.text() == "escalation at 150 %: to cio → ceo" and c.direction == "neutral"


def test_ladder_changes_are_listed_by_threshold():
    new = ladder(("50", "it-oncall"), ("100", "it"), ("200", "ceo"))
    assert texts(diff_agreements(ladder(*LADDER), new)) == [
        "escalation to it-oncall at 75 % → 50 % (stricter)",
        "escalation at 150 % to cio removed (looser)",
        "new escalation at 200 % to ceo (stricter)",
    ]


def test_same_ladder_built_twice_is_no_change():
    rules = tuple(EscalationRule(Fraction(at) / 100, to) for at, to in LADDER)
    assert diff_agreements(replace(BASE, escalations=rules), BASE).changes == ()


# ---------------------------------------------------------------- calendar switch
def test_switch_to_a_calendar_with_more_working_time_is_stricter():
    on_24x7 = agreement(ALWAYS)
    result = diff_agreements(BASE, on_24x7)
    assert texts(result)[0] == "calendar berlin-office → 24x7 (stricter)"
    assert result.changes[0].field == "calendar"
    # Targets written in days mean 24 h days now; those in hours mean the same working time.
    assert texts(result)[1:] == [
        "Laptop repair: resolution 3d (24h) → 3d (72h) (looser)",
        "Laptop repair (low): resolution 5d (40h) → 5d (120h) (looser)",
        "Access rights: resolution 1d (8h) → 1d (24h) (looser)",
    ]
    assert texts(diff_agreements(on_24x7, BASE))[0] == "calendar 24x7 → berlin-office (looser)"


# ---------------------------------------------------------------- whole agreements
def test_added_and_removed_agreements():
    added = diff_agreements(None, BASE)
    assert (added.status, added.old, added.new) == (ADDED, None, BASE)
    assert texts(added) == ['new agreement "IT support for Sales" (stricter)']
    removed = diff_agreements(BASE, None)
    assert removed.status == REMOVED and removed.title == "IT support for Sales"
    assert texts(removed) == ['agreement "IT support for Sales" removed (looser)']


def test_changed_status_and_direction_views():
    new = replace(with_service(BASE, "laptop-repair", targets=targets("4h", "2d")),
                  objective=Fraction(90, 100), title="Renamed")
    result = diff_agreements(BASE, new)
    assert result.status == CHANGED and result.has_meaning_changes
    assert [c.text() for c in result.stricter] == ["Laptop repair: resolution 3d → 2d (stricter)"]
    assert [c.text() for c in result.looser] == ["objective 95 % → 90 % (looser)"]
    assert result.changes[0].text(direction=False) == 'title "IT support for Sales" → "Renamed"'


def test_unusable_arguments():
    with pytest.raises(ValueError):
        diff_agreements(None, None)
    with pytest.raises(ValueError):
        diff_agreements(BASE, agreement(agreement_id="other"))


def test_reference_years_span_the_term():
    assert reference_years([BASE]) == (2026, 2027)
    long = replace(BASE, review_by=date(2050, 1, 1))
    assert reference_years([long, None]) == tuple(range(2026, 2036))
