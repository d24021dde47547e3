"""Where every minute went: the breakdown behind one clock, for ``slacheck show``.

Between the opening and the clock's stop (or the evaluation instant) the wall-clock time splits
into time outside working hours (nights, weekends, holidays, closed days), working time in which
the clock stood still (paused, or resolved before a reopening) and working time counted against
the target.  The three add up to the wall-clock time exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from .calendar import WorkCalendar
from .evaluation import Clock


@dataclass(frozen=True, slots=True)
class Breakdown:
    wall: float
    outside_hours: float
    paused: float
    counted: float


def breakdown(calendar: WorkCalendar, clock: Clock, opened: int, as_of: int,
              pauses: list[tuple[int, int | None]]) -> Breakdown:
    end = clock.stopped_at if clock.stopped_at is not None else as_of
    wall = max(0, end - opened)
    working = calendar.working_seconds(opened, end)
    counted = clock.elapsed
    if clock.name == "first_response":
        counted = working  # the first-response clock never pauses
    return Breakdown(wall=wall, outside_hours=wall - working, paused=working - counted, counted=counted)
