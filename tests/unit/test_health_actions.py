"""Action items: their life, how they get their agreement and target, and carry-over."""

import pytest

from slacheck.domain.health import (
    ActionError,
    ActionItem,
    InvalidTarget,
    Session,
    Target,
    carried_over,
    make_action,
    open_actions,
)

AGREEMENTS = {"it-for-sales", "hr-for-staff"}


def action(aid, session, created, done=None, text="do it"):
    return ActionItem(aid, session, text, "Dana", None, None, created, done)


def test_action_item_lifecycle():
    item = action(1, 10, 100)
    assert item.is_open and item.open_at(100) and not item.open_at(99)
    done = item.complete(200)
    assert done.done_at == 200 and not done.is_open and item.is_open
    assert done.open_at(199) and not done.open_at(200)
    with pytest.raises(ActionError, match="action 1 was done already, at 1970-01-01 00:03Z"):
        done.complete(300)


@pytest.mark.parametrize("kwargs, message", [
    (dict(text="  "), "an action item needs a text"),
    (dict(done_at=50), "action 1 cannot be done at 1970-01-01 00:00Z, before it was created"),
])
def test_action_item_refuses_nonsense(kwargs, message):
    fields = dict(id=1, session=10, text="do it", owner="", agreement=None, target=None,
                  created_at=100, done_at=None)
    with pytest.raises(ActionError, match=message):
        ActionItem(**{**fields, **kwargs})


def test_make_action_finds_the_target_in_the_text():
    item = make_action(3, 10, " Second technician: it-for-sales resolution ≥ 95 % next quarter ",
                       created_at=100, owner=" Dana Ruiz ", agreements=AGREEMENTS)
    assert item == ActionItem(3, 10, "Second technician: it-for-sales resolution ≥ 95 % next quarter",
                              "Dana Ruiz", "it-for-sales",
                              Target("resolution", ">=", 0.95, "it-for-sales", "next quarter"), 100)


def test_make_action_without_a_target():
    item = make_action(3, 10, "Write the onboarding checklist", created_at=100)
    assert (item.agreement, item.target, item.owner) == (None, None, "")


def test_make_action_gives_the_action_agreement_to_the_target():
    item = make_action(3, 10, "Speed up", created_at=100, agreement="it-for-sales",
                       target="compliance >= 95% next quarter")
    assert item.agreement == "it-for-sales"
    assert item.target == Target("compliance", ">=", 0.95, "it-for-sales", "next quarter")


def test_make_action_with_an_agreement_and_no_target():
    item = make_action(3, 10, "Review the laptop stock", created_at=100, agreement="it-for-sales", target="")
    assert (item.agreement, item.target) == ("it-for-sales", None)


@pytest.mark.parametrize("kwargs, message", [
    (dict(agreement="hr-for-staff", target="it-for-sales compliance >= 95%"),
     "the action names agreement 'hr-for-staff' but its target names 'it-for-sales'"),
    (dict(agreement="it-for-sale"), "unknown agreement 'it-for-sale'"),
    (dict(target="be faster"), "cannot read target 'be faster'"),
])
def test_make_action_refuses(kwargs, message):
    with pytest.raises(InvalidTarget, match=message):
        make_action(3, 10, "Speed up", created_at=100, agreements=AGREEMENTS, **kwargs)


def series():
    return [
        Session(1, "squad-health", "it", None, 100, 150),
        Session(2, "squad-health", "it", None, 200, 250),
        Session(3, "squad-health", "it", None, 300),
        Session(4, "squad-health", "hr", None, 120, 170),
        Session(5, "relationship-check", "sales", "it", 130, 180),
    ]


def test_carried_over_lists_the_open_actions_of_earlier_sessions_of_the_series():
    actions = [
        action(1, 1, 140),               # open since session 1
        action(2, 1, 145, done=220),     # done before session 3 opened: not carried to it
        action(3, 2, 240, done=310),     # done after session 3 opened: carried, shown as done
        action(4, 2, 230),               # open
        action(5, 3, 320),               # session 3's own
        action(6, 4, 160),               # another team
        action(7, 5, 170),               # another template
    ]
    third = series()[2]
    assert [a.id for a in carried_over(third, series(), actions)] == [1, 4, 3]
    second = series()[1]
    assert [a.id for a in carried_over(second, series(), actions)] == [1, 2]
    assert carried_over(series()[0], series(), actions) == ()


def test_open_actions_now_and_then():
    actions = [action(2, 1, 200), action(1, 1, 100, done=150), action(3, 1, 300)]
    assert [a.id for a in open_actions(actions)] == [2, 3]
    assert [a.id for a in open_actions(actions, at=120)] == [1]
    assert [a.id for a in open_actions(actions, at=250)] == [2]
