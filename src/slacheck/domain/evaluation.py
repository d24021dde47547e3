"""Evaluate interactions against their agreement at an instant: the one code path for figures.

Every number the report, ``show`` and the dashboard print comes from here:

* :func:`evaluate` -- one interaction: its first-response and resolution clocks, each met /
  breached / open with elapsed working time, deadline and time left, the interaction's state
  and the escalation levels it has crossed (with the instant of each crossing);
* :func:`summarize` -- counts, compliance and error budget over a set of evaluations.

The contract: a target is met when the elapsed working time is at or within it (``<=``); an
unresolved interaction whose deadline has passed is breached already; the first-response clock
never pauses, the resolution clock stops while paused and between a resolution and a reopening.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable

from .calendar import WorkCalendar
from .events import Interaction
from .model import Agreement, Targets
from .timeline import Timeline, open_pauses

#: An open clock with at most this share of its target left is "at risk" (about to breach).
AT_RISK_SHARE = 0.25

MET = "met"
BREACHED = "breached"
OPEN = "open"
STATES = (MET, BREACHED, OPEN)


@dataclass(frozen=True, slots=True)
class Clock:
    """One target's clock at the evaluation instant."""

    name: str  # "first_response" or "resolution"
    target: int  # working seconds allowed
    elapsed: float  # working seconds counted so far (or until it stopped)
    stopped_at: int | None  # when the clock stopped (response / resolution), if it did
    deadline: float | None  # instant the target is reached; None while paused
    state: str

    @property
    def left(self) -> float:
        """Working seconds left before the target is missed (negative once missed)."""
        return self.target - self.elapsed

    @property
    def at_risk(self) -> bool:
        """Open, and at most :data:`AT_RISK_SHARE` of the target left: about to breach."""
        return self.state == OPEN and self.left <= self.target * AT_RISK_SHARE


@dataclass(frozen=True, slots=True)
class Crossing:
    """An escalation level reached: rule ``level`` (1-based) crossed at instant ``at``."""

    level: int
    at: float
    to: str
    threshold: Fraction


@dataclass(frozen=True, slots=True)
class Evaluation:
    interaction: Interaction
    priority: str
    clocks: tuple[Clock, ...]
    state: str
    resolved: bool
    paused: bool
    crossings: tuple[Crossing, ...]  # levels reached while unresolved, lowest first
    rating: int | None = None  # the requester's latest rating by the evaluation instant
    rating_comment: str = ""
    recorded_level: int = 0  # highest escalation level recorded as an event by then
    acknowledged: frozenset[int] = frozenset()  # escalation levels acknowledged by then

    @property
    def escalation_level(self) -> int:
        return self.crossings[-1].level if self.crossings else 0

    def clock(self, name: str) -> Clock | None:
        for clock in self.clocks:
            if clock.name == name:
                return clock
        return None

    @property
    def next_deadline(self) -> Clock | None:
        """The open clock whose deadline comes first (what a countdown shows)."""
        open_clocks = [c for c in self.clocks if c.state == OPEN]
        if not open_clocks:
            return None
        return min(open_clocks, key=lambda c: (c.deadline is None, c.deadline or 0, c.left))


def _state(elapsed: float, target: int, stopped: bool) -> str:
    if elapsed > target:
        return BREACHED
    return MET if stopped else OPEN


def targets_for(agreement: Agreement, service_id: str, priority: str) -> Targets:
    """The targets that apply; raises ``KeyError`` for an unknown service or priority."""
    return agreement.service(service_id).targets_for(priority)


def evaluate(agreement: Agreement, timeline: Timeline, as_of: int) -> Evaluation:
    """Evaluate one interaction whose ``timeline`` was folded up to ``as_of``."""
    cal: WorkCalendar = agreement.calendar
    interaction = timeline.interaction
    opened = interaction.opened_at
    targets = targets_for(agreement, interaction.service, timeline.priority)
    clocks: list[Clock] = []

    fr_target = agreement.target_seconds(targets.first_response)
    if fr_target is not None:
        stop = timeline.first_response_at
        elapsed = cal.working_seconds(opened, stop if stop is not None else as_of)
        clocks.append(Clock("first_response", fr_target, elapsed, stop,
                            cal.add_working(opened, fr_target),
                            _state(elapsed, fr_target, stop is not None)))

    pauses = open_pauses(timeline)
    res_target = agreement.target_seconds(targets.resolution)
    crossings: list[Crossing] = []
    if res_target is not None:
        stop = timeline.resolved_at
        elapsed = cal.elapsed(opened, stop if stop is not None else as_of, pauses)
        deadline = cal.deadline(opened, res_target, pauses)
        clocks.append(Clock("resolution", res_target, elapsed, stop, deadline,
                            _state(elapsed, res_target, stop is not None)))
        if stop is None:
            crossings = escalation_crossings(agreement, opened, res_target, pauses, as_of)

    states = {clock.state for clock in clocks}
    state = BREACHED if BREACHED in states else OPEN if OPEN in states else MET
    return Evaluation(
        interaction=interaction,
        priority=timeline.priority,
        clocks=tuple(clocks),
        state=state,
        resolved=timeline.is_resolved,
        paused=timeline.is_paused,
        crossings=tuple(crossings),
        rating=timeline.rating,
        rating_comment=timeline.rating_comment,
        recorded_level=timeline.escalation_level,
        acknowledged=frozenset(timeline.acknowledged),
    )


def escalation_crossings(
    agreement: Agreement,
    opened: int,
    res_target: int,
    pauses: list[tuple[int, int | None]],
    as_of: int,
) -> list[Crossing]:
    """Levels whose threshold (a share of the resolution target, on the resolution clock) the
    interaction has reached by ``as_of``, each with the instant it was reached."""
    found: list[Crossing] = []
    for level, rule in enumerate(agreement.escalations, start=1):
        at = agreement.calendar.deadline(opened, float(rule.at * res_target), pauses)
        if at is None or at > as_of:
            break  # thresholds ascend: later rules are not reached either
        found.append(Crossing(level, at, rule.to, rule.at))
    return found


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts and figures over a set of interactions (a service or an agreement)."""

    met: int
    breached: int
    open: int
    objective: Fraction

    @property
    def counted(self) -> int:
        return self.met + self.breached

    @property
    def compliance(self) -> float | None:
        """``met / (met + breached)``; ``None`` when nothing counts (never 100 %)."""
        return self.met / self.counted if self.counted else None

    @property
    def allowed(self) -> float:
        """Error budget: breaches the objective allows over what counts."""
        return float((1 - self.objective) * self.counted)

    @property
    def remaining(self) -> float:
        """Allowed minus breached, computed exactly (2.7 - 3 is -0.3, not -0.2999...)."""
        return float((1 - self.objective) * self.counted - self.breached)

    @property
    def consumed(self) -> float | None:
        """Share of the error budget used (``None`` when nothing is allowed and nothing used)."""
        if self.allowed > 0:
            return self.breached / self.allowed
        return None if self.breached == 0 else float("inf")


def summarize(states: Iterable[str], objective: Fraction) -> Tally:
    counts = {MET: 0, BREACHED: 0, OPEN: 0}
    for state in states:
        counts[state] += 1
    return Tally(counts[MET], counts[BREACHED], counts[OPEN], objective)
