"""Transition rules: every refused event says why; folding derives the state."""

import pytest

from slacheck.domain.timeline import check, fold, open_pauses
from slacheck.errors import RuleViolation
from helpers import ev, interaction, ts


def timeline_after(*events):
    return fold(interaction("2026-11-16T09:00+01:00"), list(events))


@pytest.mark.parametrize(
    "history, event, message",
    [
        ((ev("responded", "2026-11-16T10:00+01:00"),), ev("responded", "2026-11-16T11:00+01:00"), "already had its first response"),
        ((), ev("resumed", "2026-11-16T10:00+01:00"), "not paused"),
        ((ev("resolved", "2026-11-16T10:00+01:00"),), ev("paused", "2026-11-16T11:00+01:00"), "resolved"),
        ((), ev("responded", "2026-11-16T08:00+01:00"), "before interaction 1 was opened"),
        ((), ev("rated", "2026-11-16T10:00+01:00", rating=6), "from 1 to 5"),
        ((), ev("rated", "2026-11-16T10:00+01:00", rating=True), "from 1 to 5"),
        ((), ev("reprioritized", "2026-11-16T10:00+01:00", priority="critical"), "unknown priority 'critical'"),
        ((), ev("reopened", "2026-11-16T10:00+01:00"), "not resolved"),
        ((ev("resolved", "2026-11-16T10:00+01:00"),), ev("resolved", "2026-11-16T11:00+01:00"), "already resolved"),
        ((ev("paused", "2026-11-16T12:00+01:00"),), ev("resumed", "2026-11-16T11:00+01:00"), "earlier than the last event"),
        ((), ev("acknowledged", "2026-11-16T10:00+01:00", level=1), "no escalation"),
        ((), ev("opened", "2026-11-16T10:00+01:00"), "already open"),
        ((), ev("commented", "2026-11-16T10:00+01:00", text="  "), "needs some text"),
    ],
)
def test_invalid_transitions_are_refused_with_a_reason(history, event, message):
    with pytest.raises(RuleViolation, match=message):
        check(timeline_after(*history), event, priorities=("urgent", "low"))


def test_valid_sequence_folds_into_state():
    t = timeline_after(
        ev("responded", "2026-11-16T09:30+01:00"),
        ev("paused", "2026-11-16T10:00+01:00"),
        ev("resumed", "2026-11-16T12:00+01:00"),
        ev("resolved", "2026-11-16T15:00+01:00"),
        ev("reopened", "2026-11-17T09:00+01:00"),
        ev("paused", "2026-11-17T10:00+01:00"),
    )
    assert t.responded_at == ts("2026-11-16T09:30+01:00")
    assert not t.is_resolved and t.is_paused
    # Waiting on the requester, then resolved -> reopened counts as paused too.
    assert t.pauses == [
        (ts("2026-11-16T10:00+01:00"), ts("2026-11-16T12:00+01:00")),
        (ts("2026-11-16T15:00+01:00"), ts("2026-11-17T09:00+01:00")),
    ]
    assert open_pauses(t)[-1] == (ts("2026-11-17T10:00+01:00"), None)


def test_resolving_without_response_counts_as_first_response_and_ends_a_pause():
    t = timeline_after(ev("paused", "2026-11-16T10:00+01:00"), ev("resolved", "2026-11-16T11:00+01:00"))
    assert t.first_response_at == ts("2026-11-16T11:00+01:00")
    assert t.pauses == [(ts("2026-11-16T10:00+01:00"), ts("2026-11-16T11:00+01:00"))]
    assert not t.is_paused


def test_fold_until_ignores_later_events():
    t = fold(interaction("2026-11-16T09:00+01:00"),
             [ev("resolved", "2026-11-16T15:00+01:00")], until=ts("2026-11-16T12:00+01:00"))
    assert not t.is_resolved


def test_acknowledging_needs_the_current_level():
    t = timeline_after(ev("escalated", "2026-11-16T10:00+01:00", level=1),
                       ev("escalated", "2026-11-16T11:00+01:00", level=2))
    with pytest.raises(RuleViolation, match="at escalation level 2, not 1"):
        check(t, ev("acknowledged", "2026-11-16T12:00+01:00", level=1))
    check(t, ev("acknowledged", "2026-11-16T12:00+01:00", level=2))
