"""One change in meaning between two versions of the agreement files, and how it is worded.

A :class:`Change` is what :mod:`slacheck.domain.diff` produces for every difference it finds
between two *models* (never between two texts).  It carries display values only (``old`` /
``new`` as written), a ``direction`` and the sentence a reviewer reads.

Directions are seen from the provider's side, the team that has to keep the promise:

* ``stricter`` -- the promise got harder to keep (a shorter target, a higher objective, an added
  target, an earlier or an added escalation, more working time on the calendar);
* ``looser`` -- the opposite;
* ``neutral`` -- the meaning changed but neither way (a title, a consumer, a time zone).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Iterable

STRICTER = "stricter"
LOOSER = "looser"
NEUTRAL = "neutral"
DIRECTIONS = (STRICTER, LOOSER, NEUTRAL)
ARROW = "→"


@dataclass(frozen=True)
class Change:
    """One difference in meaning.

    ``agreement`` is the agreement id, or ``None`` for a change of the workspace itself (a
    calendar, a team, a setting, a health template).  ``field`` is a dotted path in the model
    (``services.laptop-repair.priorities.urgent.resolution``, ``calendar.hours.fri``,
    ``calendars.berlin-office.day``); ``kind`` names the sort of change (``target-changed``,
    ``consumer-removed``, ...) for scripts.  ``old`` / ``new`` are display values as written,
    ``None`` where the thing did not exist.  ``statement`` is the sentence without the direction.
    """

    agreement: str | None
    field: str
    kind: str
    old: str | None
    new: str | None
    direction: str
    statement: str

    def text(self, direction: bool = True) -> str:
        """The sentence in words; with ``direction`` a ``(stricter)`` / ``(looser)`` suffix.

        Neutral changes carry no suffix: ``"sales removed as consumer"``.
        """
        if direction and self.direction != NEUTRAL:
            return f"{self.statement} ({self.direction})"
        return self.statement


def change(agreement: str | None, field: str, kind: str, old: object, new: object,
           direction: str, statement: str) -> Change:
    """Build a :class:`Change`, turning display values into strings (``None`` stays)."""
    return Change(agreement, field, kind, None if old is None else str(old),
                  None if new is None else str(new), direction, statement)


def compare(old: float, new: float, *, smaller_is: str = STRICTER) -> str:
    """The direction of a quantity going from ``old`` to ``new``.

    ``smaller_is`` says what a smaller value means (a shorter target: stricter; fewer working
    hours: looser).  Equal values are neutral.
    """
    if new == old:
        return NEUTRAL
    other = LOOSER if smaller_is == STRICTER else STRICTER
    return smaller_is if new < old else other


def combine(directions: Iterable[str]) -> str:
    """One direction for several: stricter (or looser) only if nothing pulls the other way."""
    found = set(directions) - {NEUTRAL}
    return found.pop() if len(found) == 1 else NEUTRAL


def arrow(old: object, new: object) -> str:
    return f"{old} {ARROW} {new}"


def percent(value: Fraction) -> str:
    """``Fraction(95, 100)`` as ``"95 %"``, ``Fraction(995, 1000)`` as ``"99.5 %"`` (exact)."""
    hundred = value * 100
    if hundred.denominator == 1:
        return f"{hundred.numerator} %"
    digits = format(Decimal(hundred.numerator) / Decimal(hundred.denominator), "f")
    return f"{digits.rstrip('0').rstrip('.')} %"


def quoted(text: object) -> str:
    """Free text (a title, a name) inside double quotes, so that its edges show."""
    return f'"{text}"'


def or_none(value: object) -> str:
    return "none" if value is None else str(value)
