"""Running a health-check session in the room, from one keyboard passed around.

First the evidence (what the team the session is about delivered) and how many take part; then
the cards one by one: participants take turns choosing a colour and a trend (``g``/``a``/``r``,
``↑``/``=``/``↓``) or a score (``1``-``5``) and casting it with ``enter``; nobody sees a vote,
only how many have voted.  Once everybody has, ``space`` reveals the card's result and ``n``
moves on.  After the last card: the summary against the previous session, notes (``n``),
action items (``a``) and closing (``c``).

Every vote is stored the moment it is cast (:func:`slacheck.services.health.cast_votes`), so
nothing typed is lost when the terminal dies; opening the session again (``u`` on the Health
screen) resumes at the first card not everybody has voted on.  Reads run in worker threads
through :class:`~slacheck.tui.data.health_reader.HealthReader`; writes on the UI thread
through the app's session, as every other form does (notes, action items and closing in
:mod:`.health_talk`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, ContentSwitcher, Input, Label, Static

from ...report.common import local
from ..data import cells
from ..data.health_reader import HealthReader
from ..data.health_run import EVIDENCE, REVEALED, SUMMARY, VOTING, RunState, participants_problem
from ..widgets.health_card import CardView, ResultView
from ..widgets.health_evidence import EvidenceView
from ..widgets.health_summary import SummaryView
from . import health_talk as talk
from .base import WorkspaceScreen

if TYPE_CHECKING:
    from ...domain.health import CardResult
    from ...services.health import SessionView
    from ..data.health_reader import RunStart
    from ..data.snapshot import Snapshot

_VOTE = ("choose_colour", "choose_trend", "choose_score", "comment_vote", "cast_vote", "pass_turn")
_SUMMARY = ("add_action", "add_note", "close_session")


class HealthRunScreen(WorkspaceScreen):
    """Evidence, then the cards one by one, then the summary; escape leaves (the session stays
    open and can be resumed)."""

    TITLE = "Health check"
    DEFAULT_CSS = """
    HealthRunScreen #run-header { height: auto; padding: 0 1; background: $boost; }
    HealthRunScreen #run-body { height: 1fr; }
    HealthRunScreen #run-evidence-scroll { height: 1fr; }
    HealthRunScreen #run-start { height: auto; padding: 0 1; background: $boost; }
    HealthRunScreen #run-start Label { padding: 0 1 0 0; }
    HealthRunScreen #run-start Input { width: 12; margin-right: 2; }
    HealthRunScreen #run-start-error { color: $text-error; padding: 0 1; height: auto; background: $boost; }
    HealthRunScreen #run-start-error.-empty { display: none; }
    """
    BINDINGS = [
        Binding("escape", "leave_run", "Back"),
        Binding("g", "choose_colour('green')", "Green", show=False),
        Binding("a", "choose_colour('amber')", "Amber", show=False),
        Binding("r", "choose_colour('red')", "Red", show=False),
        Binding("up", "choose_trend('up')", "Trend up", key_display="↑", show=False, priority=True),
        Binding("equals_sign", "choose_trend('same')", "Trend same", key_display="=", show=False),
        Binding("down", "choose_trend('down')", "Trend down", key_display="↓", show=False, priority=True),
        *(Binding(str(n), f"choose_score({n})", f"Score {n}", show=False) for n in range(1, 6)),
        Binding("m", "comment_vote", "Comment"),
        Binding("enter", "cast_vote", "Cast vote"),
        Binding("x", "pass_turn", "Pass", show=False),
        Binding("space", "reveal_card", "Reveal"),
        Binding("n", "next_card", "Next card"),
        Binding("a", "add_action", "Action item"),
        Binding("n", "add_note", "Note"),
        Binding("c", "close_session", "Close session"),
    ]

    class RunLoaded(Message):
        def __init__(self, start: RunStart) -> None:
            super().__init__()
            self.start = start

    class CardRevealed(Message):
        def __init__(self, card: CardResult) -> None:
            super().__init__()
            self.card = card

    class SummaryLoaded(Message):
        def __init__(self, view: SessionView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.start: RunStart | None = None
        self.state: RunState | None = None
        self._requested = False
        self._keys_for: tuple | None = None  # what check_action last answered from

    def location(self) -> str:
        return f"Health check #{self.session_id}"

    @property
    def reader(self) -> HealthReader:
        return HealthReader(self.app.workspace)

    def compose_body(self):
        yield Static(id="run-header")
        with ContentSwitcher(initial="run-evidence", id="run-body"):
            with Vertical(id="run-evidence"):
                with VerticalScroll(id="run-evidence-scroll"):
                    yield EvidenceView(id="evidence")
                with Horizontal(id="run-start"):
                    yield Label(Text("How many take part?"))
                    yield Input(placeholder="e.g. 5", id="run-participants", max_length=3, compact=True)
                    yield Button("Start voting", variant="primary", id="run-begin", compact=True)
                yield Static(id="run-start-error", classes="-empty")
            with VerticalScroll(id="run-card", can_focus=False):
                yield CardView(id="card")
                yield ResultView(id="result")
            with VerticalScroll(id="run-summary"):
                yield SummaryView(id="summary")

    def on_mount(self) -> None:
        self.query_one("#run-participants", Input).cursor_blink = self.app.cursor_blink
        self.query_one("#result").display = False
        self.query_one("#run-body").loading = True
        super().on_mount()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Read the session once, as soon as the workspace's files are known."""
        if not self._requested:
            self._requested = True
            self._load_run()

    # ------------------------------------------------------------------ reading
    @work(thread=True, exclusive=True, group="health-run")
    def _load_run(self) -> None:
        self._read(lambda load: self.RunLoaded(self.reader.run_start(load, self.session_id)))

    @work(thread=True, exclusive=True, group="health-run")
    def _reveal(self, card: str) -> None:
        self._read(lambda load: self.CardRevealed(self.reader.card_result(load, self.session_id, card)))

    @work(thread=True, exclusive=True, group="health-run")
    def _summarize(self) -> None:
        self._read(lambda load: self.SummaryLoaded(self.reader.session_view(load, self.session_id)))

    def _read(self, make) -> None:
        """In a worker: post what ``make(load)`` reads, or report the error it raised."""
        from ...errors import SlacheckError

        load = self.app.load
        if load is None:
            return
        try:
            message = make(load)
        except SlacheckError as exc:
            self.app.call_from_thread(self.report_error, exc)
            return
        self.post_message(message)

    def on_health_run_screen_run_loaded(self, message: RunLoaded) -> None:
        start = self.start = message.start
        self.state = RunState(start.template, dict(start.votes))
        self.query_one("#run-body").loading = False
        self._header()
        self.query_one(EvidenceView).show(start.evidence, start.session.about or start.session.team,
                                          self._timezone())
        if start.session.is_closed:
            self.state.begin(0)
            self._summarize()
            return
        field = self.query_one("#run-participants", Input)
        if start.participants:
            field.value = str(start.participants)
        field.focus()

    def on_health_run_screen_card_revealed(self, message: CardRevealed) -> None:
        if self.state is None or message.card.card != self.state.card.id:
            return
        self.state.reveal()
        result = self.query_one(ResultView)
        result.display = True
        result.show(message.card, self._min_votes())
        self._redraw()

    def on_health_run_screen_summary_loaded(self, message: SummaryLoaded) -> None:
        self.query_one(SummaryView).show(message.view, self._timezone())
        self._header()
        self._redraw()
        self.query_one("#run-summary").focus()

    # ------------------------------------------------------------------ drawing
    def _timezone(self) -> str:
        return self.app.load.catalog.settings.timezone if self.app.load and self.app.load.catalog else "UTC"

    def _min_votes(self) -> int:
        catalog = self.app.load.catalog if self.app.load else None
        return catalog.settings.min_votes_shown if catalog is not None else 3

    def _header(self) -> None:
        if self.start is None or self.app.load is None or self.app.load.catalog is None:
            return
        session, template = self.start.session, self.start.template
        teams = self.app.load.catalog.teams
        name = teams[session.team].name if session.team in teams else ""
        text = Text.assemble(cells.plain(f"Session #{session.id} · ", "bold"), cells.user(template.title, "bold"),
                             " · team ", cells.user(session.team, "bold"), " (", cells.user(name), ")")
        if session.about:
            text.append_text(Text.assemble(" about ", cells.user(session.about, "bold")))
        text.append(f" · opened {local(session.opened_at, self._timezone())}", "dim")
        if self.state is not None and self.state.participants:
            text.append(f" · {self.state.participants} taking part", "dim")
        self.query_one("#run-header", Static).update(text)

    def _redraw(self) -> None:
        state = self.state
        if state is None:
            return
        body = self.query_one(ContentSwitcher)
        body.current = {EVIDENCE: "run-evidence", SUMMARY: "run-summary"}.get(state.phase, "run-card")
        if state.phase in (VOTING, REVEALED):
            self.query_one(CardView).show(state)
        # The footer is rebuilt on every refresh of the bindings: only when the keys that work change.
        keys_for = (state.phase, state.everyone_voted, state.likert, self.start is not None, self._session_closed())
        if keys_for != self._keys_for:
            self._keys_for = keys_for
            self.refresh_bindings()

    # ------------------------------------------------------------------ which keys work now
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        phase = state.phase if state is not None else EVIDENCE
        if action in _VOTE:
            if phase != VOTING or state is None or state.everyone_voted:
                return False
            if action == "choose_score":
                return state.likert
            if action in ("choose_colour", "choose_trend"):
                return not state.likert
            return True
        if action == "reveal_card":
            return phase == VOTING
        if action == "next_card":
            return phase in (VOTING, REVEALED)
        if action in _SUMMARY:
            return phase == SUMMARY and self.start is not None and not self._session_closed()
        return True

    def _session_closed(self) -> bool:
        return self.start is not None and self.start.session.is_closed

    # ------------------------------------------------------------------ evidence -> voting
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "run-participants":
            self._begin()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "run-begin":
            self._begin()

    def _begin(self) -> None:
        if self.state is None:
            return
        text = self.query_one("#run-participants", Input).value
        problem = participants_problem(text)
        box = self.query_one("#run-start-error", Static)
        box.update(Text(problem or ""))
        box.set_class(problem is None, "-empty")
        if problem is not None:
            return
        self.state.begin(int(text))
        self.query_one(ResultView).display = False
        self._header()
        self.set_focus(None)
        if self.state.phase == SUMMARY:
            self._summarize()
        self._redraw()

    # ------------------------------------------------------------------ voting
    def action_choose_colour(self, colour: str) -> None:
        self._draft(lambda s: s.choose_colour(colour))

    def action_choose_trend(self, trend: str) -> None:
        self._draft(lambda s: s.choose_trend(trend))

    def action_choose_score(self, score: int) -> None:
        self._draft(lambda s: s.choose_score(score))

    def _draft(self, change) -> None:
        if self.state is not None:
            change(self.state)
            self._redraw()

    def action_comment_vote(self) -> None:
        from ..modals.vote_text import TextModal

        state = self.state
        if state is None:
            return

        def given(text: str | None) -> None:
            if text is not None and self.state is state:
                state.comment(text)
                self._redraw()

        self.app.push_screen(TextModal(
            "Comment on your vote", "Shown with the results, in alphabetical order among the other "
            "comments on this card, never next to your vote.", value=state.draft.comment,
            required=False, cursor_blink=self.app.cursor_blink), callback=given)

    def action_cast_vote(self) -> None:
        from ...domain.health import InvalidVote
        from ...errors import SlacheckError
        from ...services.health import cast_votes

        state, session = self.state, self.app.session
        if state is None or session is None:
            return
        try:
            vote = state.vote()
        except InvalidVote as exc:
            self.app.notify(exc.message, severity="warning", markup=False, timeout=4)
            return
        try:
            cast_votes(session, self.session_id, [vote])
        except SlacheckError as exc:
            self.report_error(exc)
            return
        state.cast()
        self._redraw()

    def action_pass_turn(self) -> None:
        if self.state is not None:
            self.state.pass_turn()
            self._redraw()

    def action_reveal_card(self) -> None:
        state = self.state
        if state is None:
            return
        if not state.everyone_voted:
            self.app.notify(f"{state.turns} of {state.participants} have had their turn: the result "
                            f"shows once everyone has voted (x passes).", severity="warning",
                            markup=False, timeout=4)
            return
        self._reveal(state.card.id)

    def action_next_card(self) -> None:
        state = self.state
        if state is None:
            return
        if state.phase != REVEALED:
            self.app.notify("Everyone votes first, then space reveals the result; n moves on after "
                            "that.", severity="warning", markup=False, timeout=4)
            return
        state.next_card()
        self.query_one(ResultView).display = False
        if state.phase == SUMMARY:
            self._summarize()
        self._redraw()

    # ------------------------------------------------------------------ talk, then close
    def action_add_note(self) -> None:
        talk.add_note(self, self.session_id, self._opened(), done=self._summarize)

    def action_add_action(self) -> None:
        talk.add_action(self, self.session_id, self._opened(), done=self._summarize)

    def action_close_session(self) -> None:
        talk.close_session(self, self.session_id, self._opened(), done=self.app.pop_screen)

    def _opened(self) -> int:
        return self.start.session.opened_at if self.start is not None else 0

    # ------------------------------------------------------------------ leaving
    def action_leave_run(self) -> None:
        from ..modals.confirm import ConfirmModal

        state = self.state
        if state is None or state.phase != VOTING or state.draft.empty:
            self.app.pop_screen()
            return
        question = ("Leave the session? The vote being chosen is not cast; every vote cast so far "
                    "is stored, and the session stays open to resume.")
        self.app.push_screen(ConfirmModal(question, yes="Leave"),
                             callback=lambda yes: self.app.pop_screen() if yes else None)
