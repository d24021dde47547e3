"""Action items of health-check sessions, and their carry-over to the next sessions.

An :class:`ActionItem` is something a team agreed to do in a session.  It may name an
agreement and a measurable :class:`~slacheck.domain.health_targets.Target`, worked out by
:func:`make_action`.  Open actions are carried to the next sessions of the same team, template
and subject (:func:`carried_over`) until done.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Collection, Iterable

from .health_targets import InvalidTarget, Target, find_target, parse_target, unknown_agreement
from .health_votes import HealthError, Session, when


class ActionError(HealthError):
    """An action item used against its rules (done twice, empty text)."""

    title = "Action item"


@dataclass(frozen=True, slots=True)
class ActionItem:
    """Something a team agreed to do in session ``session``; open until ``done_at``."""

    id: int
    session: int
    text: str
    owner: str
    agreement: str | None
    target: Target | None
    created_at: int
    done_at: int | None = None

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ActionError("an action item needs a text")
        if self.done_at is not None and self.done_at < self.created_at:
            raise ActionError(f"action {self.id} cannot be done at {when(self.done_at)}, "
                              f"before it was created at {when(self.created_at)}")

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    def open_at(self, at: int) -> bool:
        """Whether the action existed and was not yet done at instant ``at``."""
        return self.created_at <= at and (self.done_at is None or self.done_at > at)

    def complete(self, at: int) -> ActionItem:
        """This action done at ``at``; refuses an action that is done already."""
        if self.done_at is not None:
            raise ActionError(f"action {self.id} was done already, at {when(self.done_at)}")
        return replace(self, done_at=at)


def make_action(
    id: int,
    session: int,
    text: str,
    *,
    created_at: int,
    owner: str = "",
    agreement: str | None = None,
    target: str | Target | None = None,
    agreements: Collection[str] | None = None,
) -> ActionItem:
    """A new action item, with its agreement and target worked out.

    ``target`` given as text is read strictly (:func:`parse_target`); without it, a target is
    looked for in ``text`` (:func:`find_target`), and the action simply has none if there is
    none.  The agreement is ``agreement`` or else the target's; a target naming no agreement
    takes the action's.  With ``agreements`` given, the agreement must be one of them.
    Raises :class:`InvalidTarget` for an unreadable target, an unknown agreement, or an
    agreement that contradicts the target's.
    """
    text = text.strip()
    owner = owner.strip()
    if isinstance(target, str):
        target = parse_target(target, agreements) if target.strip() else None
    elif target is None:
        target = find_target(text, agreements)
    if agreement is not None and agreements is not None and agreement not in agreements:
        raise unknown_agreement(agreement, agreements)
    if target is not None:
        if agreement is not None and target.agreement not in (None, agreement):
            raise InvalidTarget(f"the action names agreement {agreement!r} but its target "
                                f"names {target.agreement!r}")
        if target.agreement is None and agreement is not None:
            target = replace(target, agreement=agreement)
        agreement = target.agreement
    return ActionItem(id, session, text, owner, agreement, target, created_at)


def carried_over(session: Session, sessions: Iterable[Session],
                 actions: Iterable[ActionItem]) -> tuple[ActionItem, ...]:
    """The actions ``session`` inherits: those of earlier sessions of its series (same team,
    template and subject) that were still open when it opened, oldest first.

    An action done since then is still listed (with its ``done_at``), so the session shows
    what was finished; one done before the session opened is not.
    """
    earlier = {s.id for s in sessions
               if s.series == session.series and s.sort_key() < session.sort_key()}
    inherited = [a for a in actions if a.session in earlier
                 and (a.done_at is None or a.done_at > session.opened_at)]
    return tuple(sorted(inherited, key=lambda a: (a.created_at, a.id)))


def open_actions(actions: Iterable[ActionItem], at: int | None = None) -> tuple[ActionItem, ...]:
    """Actions not done (at instant ``at``, when given), oldest first."""
    chosen = [a for a in actions if (a.is_open if at is None else a.open_at(at))]
    return tuple(sorted(chosen, key=lambda a: (a.created_at, a.id)))
