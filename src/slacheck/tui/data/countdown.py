"""The live countdown of an at-risk request: working time left, now.

The figures say how much working time was left at their evaluation instant (``AtRiskItem.left``)
and on which calendar the clock runs.  Until the next evaluation nothing else happens to the
request, so the time left now is that figure minus the working time that passed since:

    left_now = left - calendar.working_seconds(as_of, now)

It only falls while ``calendar.is_working(now)``: outside working hours the countdown stands
still.  A paused request has no deadline and no countdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...domain.calendar import WorkCalendar
    from ...services.figures import AtRiskItem


@dataclass(frozen=True)
class Countdown:
    left: float | None  # working seconds left now; None: paused (no deadline)
    ticking: bool  # the clock is counting at this instant

    @property
    def overdue(self) -> bool:
        return self.left is not None and self.left < 0


def countdown(item: AtRiskItem, calendar: WorkCalendar | None, as_of: int, now: float) -> Countdown:
    """The countdown of ``item`` (evaluated at ``as_of``) at instant ``now``."""
    if item.deadline is None or calendar is None:
        return Countdown(None, False)
    passed = calendar.working_seconds(as_of, now) if now > as_of else 0
    return Countdown(item.left - passed, calendar.is_working(now))
