"""The request screen: every action is a confirmed event appended to the store; refused
transitions are notifications with the domain's message; escape records nothing."""

from __future__ import annotations

import pytest

from slacheck.store import Store
from slacheck.tui.modals.event_form import EventModal
from slacheck.tui.screens.interaction import InteractionScreen
from slacheck.tui.widgets.explanation import ExplanationView
from tui.tuikit import AS_OF, EVIL_SHOWN, settle


def events_of(workspace, number):
    with Store(workspace / ".slacheck" / "slacheck.db") as store:
        return store.events(number)


async def open_request(app, pilot, number):
    await settle(pilot)
    app.push_screen(InteractionScreen(number))
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, InteractionScreen)


def notifications(app):
    return [n.message for n in app._notifications]


@pytest.mark.parametrize("number, key, typed, kind, payload", [
    (2, "r", [], "responded", {}),
    (2, "p", list("need the password"), "paused", {"reason": "need the password"}),
    (6, "u", [], "resumed", {}),
    (1, "d", [], "resolved", {}),
    (3, "o", [], "reopened", {}),
    (3, "s", ["4", "tab", *"fine"], "rated", {"rating": 4, "comment": "fine"}),
    (1, "c", list("spare part ordered"), "commented", {"text": "spare part ordered"}),
])
async def test_each_action_appends_one_confirmed_event(make_app, workspace, number, key, typed, kind, payload):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_request(app, pilot, number)
        before = len(events_of(workspace, number))
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, EventModal)
        await pilot.press(*typed)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InteractionScreen)
        events = events_of(workspace, number)
        assert len(events) == before + 1
        last = events[-1]
        assert (last.kind, last.at, dict(last.payload)) == (kind, AS_OF, payload)
        text = "\n".join(str(w.content) for w in app.screen.query_one(ExplanationView).query("Static"))
        assert kind in text  # the timeline shows the new event


async def test_by_is_recorded_and_offered_again(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_request(app, pilot, 2)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"Ali Khan", "enter")
        await pilot.pause()
        assert events_of(workspace, 2)[-1].actor == "Ali Khan"
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.query_one("#field-actor").value == "Ali Khan"


async def test_change_priority_with_the_select(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_request(app, pilot, 2)
        await pilot.press("y")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, EventModal)
        modal.query_one("#field-priority").value = "urgent"
        await pilot.press("ctrl+s")
        await pilot.pause()
        last = events_of(workspace, 2)[-1]
        assert (last.kind, last.payload["priority"], last.payload["previous"]) == ("reprioritized", "urgent", "")


async def test_acknowledge_records_the_levels_then_the_acknowledgement(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_request(app, pilot, 4)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"on it")
        await pilot.press("ctrl+s")
        await pilot.pause()
        kinds = [e.kind for e in events_of(workspace, 4)]
        assert kinds == ["opened", "escalated", "escalated", "escalated", "acknowledged"]
        assert events_of(workspace, 4)[-1].payload == {"level": 3, "note": "on it"}
        assert "Acknowledged level 3 of #4" in notifications(app)


@pytest.mark.parametrize("number, key, message", [
    (1, "r", "already had its first response"),
    (2, "u", "is not paused"),
    (3, "p", "a resolved one cannot be paused"),
    (2, "o", "is not resolved, so it cannot be reopened"),
    (3, "a", "has no escalation to acknowledge"),
])
async def test_refused_transitions_are_notified_not_asked(make_app, workspace, number, key, message):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_request(app, pilot, number)
        before = events_of(workspace, number)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, InteractionScreen)  # no form for a refused transition
        assert any(message in m for m in notifications(app)), notifications(app)
        assert events_of(workspace, number) == before


async def test_a_bad_rating_cannot_be_submitted_and_escape_records_nothing(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_request(app, pilot, 3)
        before = events_of(workspace, 3)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("9")
        await pilot.pause()
        assert app.screen.query_one("#event-record").disabled
        assert "from 1 to 5" in str(app.screen.query_one("#event-error").content)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventModal)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InteractionScreen)
        assert events_of(workspace, 3) == before


async def test_an_unresolved_request_cannot_be_rated(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_request(app, pilot, 1)
        before = events_of(workspace, 1)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, InteractionScreen)
        assert any("once it is resolved" in str(n) for n in notifications(app))
        assert events_of(workspace, 1) == before


async def test_the_explanation_is_the_one_slacheck_show_prints(make_app, workspace):
    from slacheck.config.loader import load_catalog
    from slacheck.config.workspace import find_workspace
    from slacheck.services.explain import explain, explanation_sections
    from slacheck.services.session import Session

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_request(app, pilot, 1)
        shown = {w.id: str(w.content) for w in app.screen.query_one(ExplanationView).query("Static")}
    with Session(load_catalog(find_workspace(workspace))) as session:
        sections = dict(explanation_sections(explain(session, session.store.interaction(1), AS_OF), "Europe/Berlin"))
    assert shown["explain-targets"] == "\n".join(line[2:] for line in sections["Targets"])
    assert EVIL_SHOWN in shown["explain-header"]
