"""A wall-clock time without an offset, read in a time zone: the two nights a year that need care.

In spring the clocks skip an hour: a local time inside it does not exist and is refused, as
``slacheck log --at`` refuses it.  In autumn they repeat an hour: a local time inside it happens
twice, and an import refuses it unless told which of the two is meant (``--fold COL=earlier``
or ``later``), since guessing would move a ticket by an hour without anyone noticing.  Only the
few local dates on which a zone's offset changes are looked at closely, so the check costs a
dictionary look-up for every other time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

from .readers import RowProblem

EARLIER, LATER = "earlier", "later"

#: Per zone and year, the local dates on which some wall time is skipped or repeated.
_CHANGE_DAYS: dict[tuple[tzinfo, int], frozenset[tuple[int, int]]] = {}


def change_days(zone: tzinfo, year: int) -> frozenset[tuple[int, int]]:
    """The ``(month, day)`` dates of ``year`` on which ``zone``'s clocks skip or repeat a wall
    time (found once per zone and year, then looked up).

    A day is one when the offset at its midnight differs from the next midnight's, or when a
    midnight itself is skipped or repeated (a change at 00:00, as in Santiago, repeats the hour
    before it: that day counts too).
    """
    key = (zone, year)
    found = _CHANGE_DAYS.get(key)
    if found is not None:
        return found
    days: set[tuple[int, int]] = set()

    def offsets(day: datetime) -> tuple[timedelta | None, timedelta | None]:
        moment = day.replace(tzinfo=zone)
        return moment.utcoffset(), moment.replace(fold=1).utcoffset()

    day = datetime(year, 1, 1)
    here = offsets(day)
    while day.year == year:
        try:
            following = day + timedelta(days=1)
        except OverflowError:  # the last day of year 9999
            break
        there = offsets(following)
        if here[0] != here[1] or here[0] != there[0] or there[0] != there[1]:
            days.add((day.month, day.day))
        day, here = following, there
    found = _CHANGE_DAYS[key] = frozenset(days)
    return found


def localize(naive: datetime, zone: tzinfo, shown: str, fold: str | None = None,
             column: str = "") -> datetime:
    """``naive`` read in ``zone``: refused in a skipped hour, and in a repeated one unless
    ``fold`` says which (``earlier`` or ``later``).  ``column`` names the ``--fold`` to give."""
    if zone is UTC or (naive.month, naive.day) not in change_days(zone, naive.year):
        return naive.replace(tzinfo=zone)
    moment = naive.replace(tzinfo=zone)
    before, after = moment.utcoffset(), moment.replace(fold=1).utcoffset()
    if before is None or after is None or before == after:
        return moment
    if before < after:
        raise RowProblem.varying("", repr(shown), f" does not exist in {zone} (the clocks skip "
                                 "it); give the offset in the file, or --tz for this column")
    if fold is None:
        name = column or "COLUMN"
        repeated = before - after
        span = ("that hour" if repeated == timedelta(hours=1)
                else f"those {int(repeated.total_seconds() // 60)} minutes")
        raise RowProblem.varying("", repr(shown), f" is ambiguous in {zone} (the clocks repeat "
                                 f"{span}); give the offset in the file, or "
                                 f"--fold {name}=earlier|later")
    return naive.replace(tzinfo=zone, fold=0 if fold == EARLIER else 1)


class YearChangeDays(dict):
    """``days[year]``: :func:`change_days` of one zone, kept per year (a parser's hot path looks
    a naive timestamp's year up here)."""

    def __init__(self, zone: tzinfo) -> None:
        super().__init__()
        self.zone = zone

    def __missing__(self, year: int) -> frozenset[tuple[int, int]]:
        found = self[year] = change_days(self.zone, year)
        return found
