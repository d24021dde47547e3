"""Running a health check in the room: where the session stands, card by card.  No Textual.

:class:`RunState` follows one session through its phases: the *evidence* (and how many take
part), *voting* on the current card -- participants take turns, each choosing a colour and a
trend (or a score) and casting it -- the card's *revealed* result once everybody has voted,
and the *summary* after the last card.  It holds no votes: each vote is stored when it is cast
(:func:`slacheck.services.health.cast_votes`), and the state only counts them, so a session
left mid-way is resumed from the stored counts (:meth:`RunState.begin`).

:func:`start_problem` checks a new session's template, team and subject with the domain's
rules before anything is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...domain.health import LIKERT_5, TRAFFIC_LIGHT, InvalidVote, Vote, check_vote

if TYPE_CHECKING:
    from ...domain.model import Catalog, HealthCard, HealthTemplate

EVIDENCE = "evidence"
VOTING = "voting"
REVEALED = "revealed"
SUMMARY = "summary"

#: Most participants a session takes (the CLI's limit too).
MAX_PARTICIPANTS = 100


@dataclass(frozen=True)
class CheckRequest:
    """A new session: ``team`` runs ``template``, about provider ``about`` (or about itself)."""

    template: str
    team: str
    about: str | None = None


def start_problem(catalog: Catalog, request: CheckRequest) -> str | None:
    """Why the session cannot be opened, or ``None``."""
    from ...domain.health import HealthError
    from ...domain.health import Session as HealthSession

    if request.template not in catalog.health_templates:
        return "choose a template from agreements/health/"
    if request.team not in catalog.teams:
        return "choose the team that runs the check"
    if request.about is not None and request.about not in catalog.teams:
        return f"unknown team {request.about!r}"
    try:
        HealthSession(0, request.template, request.team, request.about, 0)
    except HealthError as exc:
        return exc.message
    return None


def participants_problem(text: str) -> str | None:
    """Why ``text`` is not a number of participants, or ``None``."""
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        return "how many take part? a whole number"
    if not 1 <= int(value) <= MAX_PARTICIPANTS:
        return f"from 1 to {MAX_PARTICIPANTS} participants"
    return None


@dataclass
class Draft:
    """The vote the current participant is choosing, not cast yet."""

    colour: str | None = None
    trend: str | None = None
    score: int | None = None
    comment: str = ""

    @property
    def empty(self) -> bool:
        return self.colour is None and self.trend is None and self.score is None and not self.comment


@dataclass
class RunState:
    """One session in the room (see the module docstring)."""

    template: HealthTemplate
    votes: dict[str, int]  # stored votes per card
    participants: int = 0
    index: int = 0
    turns: int = 0  # participants done with the current card: voted, or passed
    phase: str = EVIDENCE
    draft: Draft = field(default_factory=Draft)

    # ------------------------------------------------------------------ where we are
    @property
    def scale(self) -> str:
        return self.template.scale

    @property
    def likert(self) -> bool:
        return self.scale == LIKERT_5

    @property
    def card(self) -> HealthCard:
        return self.template.cards[min(self.index, len(self.template.cards) - 1)]

    @property
    def card_votes(self) -> int:
        return self.votes.get(self.card.id, 0)

    @property
    def everyone_voted(self) -> bool:
        return self.turns >= self.participants

    @property
    def participant(self) -> int:
        """The participant whose turn it is, from 1."""
        return min(self.turns + 1, self.participants)

    @property
    def last_card(self) -> bool:
        return self.index >= len(self.template.cards) - 1

    # ------------------------------------------------------------------ moving on
    def begin(self, participants: int) -> None:
        """Start voting with ``participants`` people, at the first card some of them have not
        voted on yet (the summary when every card has all their votes)."""
        self.participants = participants
        self.draft = Draft()
        for index, card in enumerate(self.template.cards):
            if self.votes.get(card.id, 0) < participants:
                self.index, self.turns, self.phase = index, self.votes.get(card.id, 0), VOTING
                return
        self.index, self.turns, self.phase = len(self.template.cards) - 1, participants, SUMMARY

    def reveal(self) -> None:
        self.phase = REVEALED

    def next_card(self) -> None:
        """The next card, or the summary after the last one."""
        self.draft = Draft()
        if self.last_card:
            self.phase = SUMMARY
            return
        self.index += 1
        self.turns = min(self.card_votes, self.participants)
        self.phase = VOTING

    # ------------------------------------------------------------------ the current vote
    def choose_colour(self, colour: str) -> None:
        self.draft.colour = colour

    def choose_trend(self, trend: str) -> None:
        self.draft.trend = None if self.draft.trend == trend else trend

    def choose_score(self, score: int) -> None:
        self.draft.score = score

    def comment(self, text: str) -> None:
        self.draft.comment = text.strip()

    def vote(self) -> Vote:
        """The draft as a vote on the current card; :class:`InvalidVote` says what is missing."""
        draft = self.draft
        if self.scale == TRAFFIC_LIGHT and draft.colour is None:
            raise InvalidVote("choose a colour first: g green, a amber, r red")
        if self.likert and draft.score is None:
            raise InvalidVote("choose a score first: 1 to 5")
        return check_vote(self.template, Vote(self.card.id, draft.colour, draft.trend, draft.score,
                                              draft.comment))

    def cast(self) -> None:
        """The draft was stored: count it, and hand over to the next participant."""
        self.votes[self.card.id] = self.card_votes + 1
        self.turns += 1
        self.draft = Draft()

    def pass_turn(self) -> None:
        """The current participant does not vote on this card."""
        self.turns += 1
        self.draft = Draft()


@dataclass(frozen=True)
class ActionInput:
    """An action item as typed: ``target`` empty means "look for one in the text"."""

    text: str
    owner: str = ""
    agreement: str | None = None
    target: str = ""


def action_check(catalog: Catalog, given: ActionInput) -> tuple[str | None, str]:
    """``(problem, target)``: why the action item would be refused (``None`` when it would
    not), and the target the domain reads from it (empty when it has none)."""
    from ...domain.health import HealthError, make_action

    if not given.text.strip():
        return "an action item needs a text", ""
    try:
        draft = make_action(0, 0, given.text, created_at=0, owner=given.owner,
                            agreement=given.agreement, target=given.target.strip() or None,
                            agreements=catalog.agreements)
    except HealthError as exc:
        return exc.message, ""
    return None, str(draft.target) if draft.target is not None else ""
