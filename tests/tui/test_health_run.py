"""Running health checks with the keys: every vote stored as it is cast, results revealed
together, anonymity, likert scores, notes, action items, closing, resuming after a crash."""

from __future__ import annotations

from slacheck.config.loader import load_catalog
from slacheck.config.workspace import find_workspace
from slacheck.domain.health import Vote
from slacheck.services import health as service
from slacheck.services.session import Session
from slacheck.tui.data.health_run import EVIDENCE, REVEALED, SUMMARY, VOTING
from slacheck.tui.modals.confirm import ConfirmModal
from slacheck.tui.screens.health import HealthScreen
from slacheck.tui.widgets.compliance_table import ComplianceTable
from slacheck.tui.widgets.health_card import CardView, ResultView
from slacheck.tui.widgets.health_evidence import EvidenceView
from slacheck.tui.widgets.health_summary import SummaryView
from tui.test_health_kit import (
    EVIL,
    EVIL_SHOWN,
    SQUAD,
    begin,
    open_health,
    painted,
    painted_segments,
    reveal,
    settle_workers,
    start_session,
    stored_actions,
    stored_session,
    stored_votes,
)
from tui.tuikit import AS_OF, settle, wait_for

#: Five participants' votes per card: (colour key, trend key or None).
ROUND = [("g", "up"), ("g", None), ("a", "down"), ("a", "equals_sign"), ("g", "up")]
#: The other cards: colours only.
PLAIN = [("g", None), ("a", None), ("g", None), ("g", None), ("a", None)]
#: On 'speed' the room splits: green and red.
SPEED = [("g", None), ("r", "down"), ("r", "down"), ("g", "up"), ("a", None)]


async def _vote(pilot, colour: str, trend: str | None) -> None:
    await pilot.press(colour, *((trend,) if trend else ()), "enter")


async def test_a_traffic_light_session_with_five_voters(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_health(pilot)
        session_id = await start_session(pilot, "squad-health", "it")
        run = app.screen
        assert run.state.phase == EVIDENCE
        evidence = painted(run.query_one(EvidenceView))
        assert "it-for-sales" in evidence and "Open escalations" in evidence and "Ratings" in evidence
        await begin(pilot, 5)
        assert run.state.phase == VOTING and run.state.card.id == SQUAD[0]
        for number, (colour, trend) in enumerate(ROUND, 1):
            await _vote(pilot, colour, trend)
            assert len(stored_votes(workspace, session_id)) == number  # stored as it is cast
            shown = painted(run.query_one(CardView))
            assert f"{number} of 5 have voted" in shown
            assert number == 5 or "Your vote: choose a colour" in shown  # the last vote is not shown
        assert sorted((v.colour, v.trend or "") for v in stored_votes(workspace, session_id)) == [
            ("amber", "down"), ("amber", "same"), ("green", ""), ("green", "up"), ("green", "up")]
        await reveal(pilot)
        result = painted(run.query_one(ResultView))
        assert "Result: ● green  (5 votes)" in result
        assert "green  " in result and "████████████ 3" in result and "amber  ████████ 2" in result
        assert "SPLIT" not in result
        assert "↑2 →1 ↓1 (up)" in result
        for card in SQUAD[1:]:
            await pilot.press("n")
            assert run.state.card.id == card
            for colour, trend in SPEED if card == "speed" else PLAIN:
                await _vote(pilot, colour, trend)
            await reveal(pilot)
            if card == "speed":
                speed = painted(run.query_one(ResultView))
                assert "SPLIT" in speed and "the votes split widely" in speed
                assert "Result: ● red  (5 votes)" in speed  # two green, two red: the worse colour
                assert "green  ████████ 2" in speed and "red    ████████ 2" in speed
        await pilot.press("n")
        await wait_for(pilot, lambda: run.state.phase == SUMMARY, what="the summary")
        await settle_workers(pilot)
        assert len(stored_votes(workspace, session_id)) == 55
        summary = painted(run.query_one(SummaryView))
        assert "5 participant(s)" in summary and "SPLIT" in summary
        assert stored_session(workspace, session_id).closed_at is None


async def test_below_three_votes_the_distribution_stays_hidden(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_health(pilot)
        session_id = await start_session(pilot, "squad-health", "hr")
        await begin(pilot, 2)
        await _vote(pilot, "g", None)
        await _vote(pilot, "r", "down")
        await reveal(pilot)
        result = painted(app.screen.query_one(ResultView))
        assert "2 votes" in result and "fewer than 3 votes" in result
        assert "green" not in result and "red" not in result and "█" not in result
        assert len(stored_votes(workspace, session_id)) == 2


async def test_a_likert_relationship_check(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_health(pilot)
        session_id = await start_session(pilot, "relationship-check", "sales", about="it")
        run = app.screen
        assert "it" in painted(run.query_one(EvidenceView))
        await begin(pilot, 3)
        await pilot.press("g", "up")  # colours and trends are not for this scale
        assert run.state.draft.colour is None and run.state.draft.trend is None
        for score in ("1", "3", "5"):
            await pilot.press(score, "enter")
        assert sorted(v.score for v in stored_votes(workspace, session_id)) == [1, 3, 5]
        await reveal(pilot)
        result = painted(run.query_one(ResultView))
        assert "Result: ● 3.0  (3 votes)" in result and "SPLIT" in result  # 1 3 5: sd 1.63
        assert "1  ████" in result and "5  ████" in result


async def test_close_an_action_item_and_the_dashboard_shows_the_health(make_app, workspace):
    # The room voted earlier and left the session open: resuming it goes straight to the summary.
    with Session(load_catalog(find_workspace(workspace))) as s:
        session_id = service.open_check(s, "squad-health", "it", at=AS_OF - 3600).id
        service.cast_votes(s, session_id, [Vote(card, colour, "down") for card in SQUAD
                                           for colour in ("red", "red", "amber")])
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ComplianceTable)
        assert table.get_cell("it-for-sales", "health").plain == "· 5.0"  # no check closed yet; one rating
        await open_health(pilot)
        board = app.screen.query_one("#health-teams")
        board.move_cursor(row=board.get_row_index("it/squad-health/"))
        await pilot.press("u")
        await wait_for(pilot, lambda: getattr(app.screen, "state", None) is not None, what="the session")
        assert app.screen.query_one("#run-participants").value == "3"  # the most votes on a card
        await begin(pilot, 3)
        await wait_for(pilot, lambda: app.screen.state.phase == SUMMARY, what="the summary")
        await settle_workers(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Second technician on Mondays")
        modal = app.screen
        modal.query_one("#action-owner").value = "Dana Ruiz"
        modal.query_one("#action-agreement").value = "it-for-sales"
        modal.query_one("#action-target").value = "resolution >= 95% next quarter"
        await pilot.pause()
        assert "target: it-for-sales resolution ≥ 95 % next quarter" in painted(modal.query_one("#action-target-found"))
        await pilot.press("ctrl+s")
        await settle_workers(pilot)
        (action,) = [a for a in stored_actions(workspace) if a.session == session_id]
        assert (action.text, action.owner, action.agreement, action.target.metric) == (
            "Second technician on Mondays", "Dana Ruiz", "it-for-sales", "resolution")
        assert "Second technician on Mondays" in painted(app.screen.query_one(SummaryView))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the confirmation")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HealthScreen), what="back on the Health screen")
        assert stored_session(workspace, session_id).closed_at is not None
        await pilot.press("escape")

        def shows_red() -> bool:
            return app.screen.query_one(ComplianceTable).get_cell("it-for-sales", "health").plain == "● 5.0"

        await wait_for(pilot, shows_red, what="the provider's health on the dashboard")
        cell = app.screen.query_one(ComplianceTable).get_cell("it-for-sales", "health")
        palette = app.screen.query_one(ComplianceTable).palette
        assert cell.spans[0].style == palette.bad  # red: the room voted red and amber


async def test_a_crash_mid_session_keeps_the_votes_and_resumes(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_health(pilot)
        session_id = await start_session(pilot, "squad-health", "quality")
        await begin(pilot, 3)
        for colour in ("g", "a", "a"):
            await _vote(pilot, colour, None)
        await reveal(pilot)
        await pilot.press("n", "r", "enter")  # card 2: one vote cast, then the terminal dies
    assert len(stored_votes(workspace, session_id)) == 4

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_health(pilot)
        table = app.screen.query_one("#health-teams")
        table.move_cursor(row=table.get_row_index("quality/squad-health/"))
        await pilot.press("u")
        await wait_for(pilot, lambda: getattr(app.screen, "state", None) is not None, what="the session")
        run = app.screen
        assert run.session_id == session_id
        assert run.query_one("#run-participants").value == "3"  # the most votes on a card so far
        await begin(pilot, 3)
        assert (run.state.card.id, run.state.turns, run.state.participant) == (SQUAD[1], 1, 2)
        assert "1 of 3 have voted" in painted(run.query_one(CardView))
        await _vote(pilot, "g", None)
        await _vote(pilot, "g", None)
        await reveal(pilot)
        assert run.state.phase == REVEALED
        assert "Result: ● green  (3 votes)" in painted(run.query_one(ResultView))
    assert sorted(v.colour for v in stored_votes(workspace, session_id) if v.card == SQUAD[1]) == [
        "green", "green", "red"]


async def test_a_hostile_note_and_action_are_shown_literally(make_app, workspace):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await open_health(pilot)
        session_id = await start_session(pilot, "relationship-check", "production", about="it")
        await begin(pilot, 3)
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#text-input").value = EVIL
        await pilot.press("enter")
        assert EVIL_SHOWN in painted(app.screen.query_one(CardView))  # the voter sees their comment
        for _ in range(5):
            await pilot.press("4", "enter", "4", "enter", "5", "enter")
            await reveal(pilot)
            if app.screen.state.index == 0:
                assert EVIL_SHOWN in painted(app.screen.query_one(ResultView))
            await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.state.phase == SUMMARY, what="the summary")
        await settle_workers(pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#text-input").value = EVIL
        await pilot.press("enter")
        await settle_workers(pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#action-text").value = EVIL
        app.screen.query_one("#action-owner").value = "Sam [i]Spade[/i]"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle_workers(pilot)
        assert stored_session(workspace, session_id).notes == EVIL
        assert Vote("responsiveness", score=4, comment=EVIL) in stored_votes(workspace, session_id)
        summary = app.screen.query_one(SummaryView)
        text = painted(summary)
        assert text.count(EVIL_SHOWN) >= 3  # the card comments, the note, the action item
        assert "Sam [i]Spade[/i]" in text
        for segment in painted_segments(summary):
            assert "\x1b" not in segment.text
            assert segment.style is None or not (segment.style.link or segment.style.italic
                                                 and "Spade" in segment.text)
        assert all(not n.markup for n in app._notifications)
