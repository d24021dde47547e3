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

#: Per zone and year, the local dates on which the offset changes (found once, then looked up).
_CHANGE_DAYS: dict[tuple[tzinfo, int], frozenset[tuple[int, int]]] = {}


def _change_days(zone: tzinfo, year: int) -> frozenset[tuple[int, int]]:
    key = (zone, year)
    found = _CHANGE_DAYS.get(key)
    if found is None:
        days = set()
        day = datetime(year, 1, 1)
        while day.year == year:
            start, end = day.replace(tzinfo=zone), day.replace(hour=23, minute=59, tzinfo=zone)
            if start.utcoffset() != end.utcoffset():
                days.add((day.month, day.day))
            if (day + timedelta(days=1)).year != year:
                break
            day += timedelta(days=1)
        found = _CHANGE_DAYS[key] = frozenset(days)
    return found


def clock_change(naive: datetime, zone: tzinfo) -> str | None:
    """``"skipped"`` when the wall time ``naive`` does not exist in ``zone``, ``"repeated"``
    when it happens twice, else ``None``."""
    if zone is UTC or (naive.month, naive.day) not in _change_days(zone, naive.year):
        return None
    moment = naive.replace(tzinfo=zone)
    before, after = moment.utcoffset(), moment.replace(fold=1).utcoffset()
    if before is None or after is None or before == after:
        return None
    return "skipped" if before < after else "repeated"


def localize(naive: datetime, zone: tzinfo, shown: str, fold: str | None = None,
             column: str = "") -> datetime:
    """``naive`` read in ``zone``: refused in a skipped hour, and in a repeated one unless
    ``fold`` says which (``earlier`` or ``later``).  ``column`` names the ``--fold`` to give."""
    change = clock_change(naive, zone)
    if change is None:
        return naive.replace(tzinfo=zone)
    if change == "skipped":
        raise RowProblem.varying("", repr(shown), f" does not exist in {zone} (the clocks skip "
                                 "it); give the offset in the file, or --tz for this column")
    if fold is None:
        name = column or "COLUMN"
        raise RowProblem.varying("", repr(shown), f" is ambiguous in {zone} (the clocks repeat "
                                 "that hour); give the offset in the file, or "
                                 f"--fold {name}=earlier|later")
    return naive.replace(tzinfo=zone, fold=0 if fold == EARLIER else 1)
