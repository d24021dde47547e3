"""Helpers of the health screens' tests -- seeding sessions, driving a session with the keys,
reading what a widget paints -- and the tests that the seed is what the other tests expect.

``seed_health(workspace)`` writes, through :mod:`slacheck.services.health` and before the app
starts, a history for the dashboard's test workspace (frozen at ``AS_OF``):

1. IT's squad health check in August, closed: green nearly everywhere;
2. IT's squad health check on 2026-11-18, closed: speed red (not split), fun split (green and
   red), a comment, a note and an action item full of markup and an escape;
3. Sales' relationship check about IT on 2026-11-10, closed, three voters;
4. Procurement's squad health check opened 2026-11-19, still open, two votes on the first card.
"""

from __future__ import annotations

from pathlib import Path

from slacheck.config.loader import load_catalog
from slacheck.config.workspace import find_workspace
from slacheck.domain.health import Vote
from slacheck.services import health as service
from slacheck.services.session import Session
from slacheck.store import HealthRepository, Store
from tui.tuikit import at, wait_for

SQUAD = ("delivering-value", "easy-to-release", "fun", "health-of-codebase", "learning", "mission",
         "pawns-or-players", "speed", "suitable-process", "support", "teamwork")
RELATIONSHIP = ("responsiveness", "clarity", "communication", "reliability", "escalations")
EVIL = "[bold red]x[/] [link=http://e]y[/link] \x1b[31mz"
EVIL_SHOWN = "[bold red]x[/] [link=http://e]y[/link] \\x1b[31mz"
#: Session ids written by :func:`seed_health`.
AUGUST, NOVEMBER, SALES_ABOUT_IT, PROCUREMENT_OPEN = 1, 2, 3, 4


def _everyone(colours: list[str], cards=SQUAD, **special: list[str]) -> list[Vote]:
    votes = []
    for card in cards:
        for colour in special.get(card.replace("-", "_"), colours):
            votes.append(Vote(card, colour, "same"))
    return votes


def seed_health(workspace: Path) -> None:
    """Write the sessions of the module docstring into ``workspace``'s database."""
    with Session(load_catalog(find_workspace(workspace))) as s:
        first = service.open_check(s, "squad-health", "it", at=at("2026-08-20T14:00:00Z"))
        service.cast_votes(s, first.id, _everyone(["green"] * 5, speed=["green"] * 4 + ["amber"]))
        service.close_check(s, first.id, at=at("2026-08-20T15:00:00Z"))
        second = service.open_check(s, "squad-health", "it", at=at("2026-11-18T14:00:00Z"))
        votes = _everyone(["green", "green", "green", "amber", "green"],
                          speed=["red", "red", "red", "amber", "amber"],
                          fun=["green", "green", "red", "amber", "amber"], teamwork=["green"] * 4)
        votes.append(Vote("teamwork", "green", "up", comment=EVIL))
        service.cast_votes(s, second.id, votes)
        service.add_note(s, second.id, EVIL, at=at("2026-11-18T14:30:00Z"))
        service.add_action(s, second.id, f"{EVIL}: it-for-sales resolution >= 95% next quarter",
                           owner="Dana [i]Ruiz[/i]", at=at("2026-11-18T14:40:00Z"))
        service.close_check(s, second.id, at=at("2026-11-18T15:00:00Z"))
        sales = service.open_check(s, "relationship-check", "sales", about="it", at=at("2026-11-10T10:00:00Z"))
        service.cast_votes(s, sales.id, [Vote(card, score=score) for card in RELATIONSHIP
                                         for score in ((2, 3, 2) if card == "responsiveness" else (4, 5, 4))])
        service.close_check(s, sales.id, at=at("2026-11-10T11:00:00Z"))
        open_one = service.open_check(s, "squad-health", "procurement", at=at("2026-11-19T09:00:00Z"))
        service.cast_votes(s, open_one.id, [Vote("delivering-value", "amber"), Vote("delivering-value", "red")])


def stored_votes(workspace: Path, session_id: int) -> list[Vote]:
    """The ``health_votes`` rows of a session, read back through the store."""
    with Store(workspace / ".slacheck" / "slacheck.db") as store:
        return HealthRepository(store).votes([session_id]).get(session_id, [])


def stored_session(workspace: Path, session_id: int):
    with Store(workspace / ".slacheck" / "slacheck.db") as store:
        return HealthRepository(store).session(session_id)


def stored_actions(workspace: Path):
    with Store(workspace / ".slacheck" / "slacheck.db") as store:
        return HealthRepository(store).actions()


def painted(widget) -> str:
    """What ``widget`` paints, line by line."""
    return "\n".join("".join(segment.text for segment in widget.render_line(y)) for y in range(widget.size.height))


def painted_segments(widget) -> list:
    return [segment for y in range(widget.size.height) for segment in widget.render_line(y)]


async def settle_workers(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def open_health(pilot) -> None:
    """From the dashboard: ``h``, and wait for the board."""
    from slacheck.tui.screens.health import HealthScreen
    from slacheck.tui.widgets.health_table import HealthTable

    await pilot.press("h")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HealthScreen), what="the Health screen")
    await wait_for(pilot, lambda: pilot.app.screen.query_one(HealthTable).row_count > 0, what="the board")
    await settle_workers(pilot)


async def start_session(pilot, template: str, team: str, about: str | None = None) -> int:
    """On the Health screen: ``r``, choose, ``ctrl+s``; returns the new session's id once the
    run screen has read it."""
    from slacheck.tui.modals.vote_start import StartCheckModal
    from slacheck.tui.screens.health_run import HealthRunScreen

    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, StartCheckModal), what="the start form")
    modal = pilot.app.screen
    modal.query_one("#start-template").value = template
    modal.query_one("#start-team").value = team
    modal.query_one("#start-about").value = about or "__own__"
    await pilot.pause()
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HealthRunScreen), what="the run screen")
    await wait_for(pilot, lambda: pilot.app.screen.state is not None, what="the session read")
    await settle_workers(pilot)
    return pilot.app.screen.session_id


async def begin(pilot, participants: int) -> None:
    field = pilot.app.screen.query_one("#run-participants")
    field.value = ""
    field.focus()
    await pilot.press(*str(participants), "enter")
    await pilot.pause()


async def reveal(pilot) -> None:
    """``space``, and wait for the card's result."""
    from slacheck.tui.data.health_run import REVEALED

    await pilot.press("space")
    await wait_for(pilot, lambda: pilot.app.screen.state.phase == REVEALED, what="the card's result")
    await pilot.pause()


def test_the_seed_reads_back_as_the_tests_expect(workspace):
    seed_health(workspace)
    with Session(load_catalog(find_workspace(workspace))) as s:
        history = service.load_history(s, at("2026-11-20T10:00:00Z"))
        november = history.result(NOVEMBER)
        assert november.previous == AUGUST and november.participants == 5
        assert november.card("speed").majority == "red" and not november.card("speed").split
        assert november.card("fun").split
        assert history.result(SALES_ABOUT_IT).session.about == "it"
        assert not history.find(PROCUREMENT_OPEN).is_closed
    assert len(stored_votes(workspace, PROCUREMENT_OPEN)) == 2
