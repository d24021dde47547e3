"""Talk, then close: the notes, action items and closing of a health-check session.

Shared by the run screen's summary.  Each asks in a modal, then writes on the UI thread through
the app's session and :mod:`slacheck.services.health` (``add_note``, ``add_action``,
``close_check``), at the present or the frozen instant -- never before the session opened.  A
refused write is a notification with the domain's message; after a write the app evaluates
again and ``done`` runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ...services.session import Session
    from ..data.health_run import ActionInput
    from .base import WorkspaceScreen


def _write(screen: WorkspaceScreen, write: Callable[[Session], str], done: Callable[[], object]) -> None:
    from ...errors import SlacheckError

    app = screen.app
    session = app.session
    if session is None:
        return
    try:
        message = write(session)
    except SlacheckError as exc:
        screen.report_error(exc)
        return
    app.notify(message, markup=False, timeout=4)
    app.request_evaluation()
    done()


def add_note(screen: WorkspaceScreen, session_id: int, opened_at: int, *, done: Callable[[], object]) -> None:
    """Ask for a note and keep it with the session."""
    from ...services.health import add_note as store_note
    from ..modals.vote_text import TextModal

    app = screen.app

    def given(text: str | None) -> None:
        if text is None:
            return

        def write(session: Session) -> str:
            store_note(session, session_id, text, at=max(app.now(), opened_at))
            return "Note kept."

        _write(screen, write, done)

    app.push_screen(TextModal("Note from the conversation", f"Kept with session #{session_id}; shown literally.",
                              placeholder="e.g. Releases wait for the change board every Thursday",
                              cursor_blink=app.cursor_blink), callback=given)


def add_action(screen: WorkspaceScreen, session_id: int, opened_at: int, *, done: Callable[[], object]) -> None:
    """Ask for an action item (with an optional agreement and target) and agree on it."""
    from ...services.health import add_action as store_action
    from ..modals.vote_action import ActionModal

    app = screen.app
    if app.load is None or app.load.catalog is None:
        return

    def given(item: ActionInput | None) -> None:
        if item is None:
            return

        def write(session: Session) -> str:
            stored = store_action(session, session_id, item.text, owner=item.owner, agreement=item.agreement,
                                  target=item.target.strip() or None, at=max(app.now(), opened_at))
            return f"Action item #{stored.id} agreed."

        _write(screen, write, done)

    app.push_screen(ActionModal(app.load.catalog, session_id=session_id, cursor_blink=app.cursor_blink),
                    callback=given)


def close_session(screen: WorkspaceScreen, session_id: int, opened_at: int, *, done: Callable[[], object]) -> None:
    """Ask, then close the session: its votes are frozen from then on."""
    from ...services.health import close_check
    from ..modals.confirm import ConfirmModal

    app = screen.app

    def confirmed(yes: bool | None) -> None:
        if not yes:
            return

        def write(session: Session) -> str:
            close_check(session, session_id, at=max(app.now(), opened_at))
            return f"Session #{session_id} closed."

        _write(screen, write, done)

    question = (f"Close session #{session_id}? Its votes are frozen from now on, and it becomes the "
                f"baseline of the team's next session of this template.")
    app.push_screen(ConfirmModal(question, yes="Close it"), callback=confirmed)
