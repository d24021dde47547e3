"""Recording one event from any screen: the domain's check, the form, then the write.

Shared by the interaction screen (every action) and the escalations screen (acknowledge).  A
refused transition is a notification with the domain's message; nothing is written until the
form is confirmed; after the write the app evaluates again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..data.actions import ACTIONS, perform, priorities_of, refusal

if TYPE_CHECKING:
    from ...domain.events import Interaction
    from ..data.actions import EventInput
    from .base import WorkspaceScreen


def record_event(screen: WorkspaceScreen, interaction: Interaction, name: str, *,
                 current_priority: str = "", done: Callable[[], None] | None = None) -> None:
    """Ask for and record event ``name`` (a key of :data:`ACTIONS`) on ``interaction``."""
    from ...errors import SlacheckError
    from ..modals.event_form import EventModal

    app = screen.app
    session = app.session
    if session is None:
        return
    action = ACTIONS[name]
    now = app.now()
    reason = refusal(session, interaction, action, now)
    if reason is not None:
        app.notify(reason, title=f"{action.verb}: refused", severity="error", markup=False)
        return

    def confirmed(given: EventInput | None) -> None:
        if given is None or app.session is None:
            return
        app.actor = given.actor.strip()
        try:
            message = perform(app.session, interaction, action, given, app.now())
        except SlacheckError as exc:
            screen.report_error(exc)
            return
        app.notify(message, markup=False)
        if done is not None:
            done()
        app.request_evaluation()

    modal = EventModal(action, interaction, at=now, timezone=session.timezone, actor=app.actor,
                       priorities=priorities_of(session, interaction),
                       current_priority=current_priority or interaction.priority,
                       cursor_blink=app.cursor_blink)
    app.push_screen(modal, callback=confirmed)
