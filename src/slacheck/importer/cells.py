"""The cells of a row one by one, and the order of a record's facts.

Identifiers (``ref``, ``agreement``, ``service``, ``priority``) lose surrounding blanks; free
text (``requester``, ``title``, ``comment``) is kept verbatim; a rating is a whole number from 1
to 5.  :func:`check_order` refuses a record whose facts cannot have happened in that order (a
resolution before the opening, overlapping pauses ...).  Problems whose message holds a value
that varies by row are grouped regardless of it (:meth:`RowProblem.varying`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .readers import RowProblem

if TYPE_CHECKING:
    from .records import ImportRecord


def identifier(value: Any, column: str) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise RowProblem.varying(f"{column}: expected text, not ", repr(value))
    return str(value).strip()


def text(value: Any, column: str) -> str:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise RowProblem(f"{column}: expected text, not {type(value).__name__}")
    return value if isinstance(value, str) else str(value)


def rating(value: Any, name: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    rating: int | None = None
    if isinstance(value, bool):
        rating = None
    elif isinstance(value, int):
        rating = value
    elif isinstance(value, float) and value.is_integer():
        rating = int(value)
    elif (isinstance(value, str) and value.strip().isdigit() and value.strip().isascii()
          and len(value.strip()) <= 3):
        rating = int(value.strip())
    if rating is None or not 1 <= rating <= 5:
        raise RowProblem.varying(f"{name}: a rating is a whole number from 1 to 5, not ", repr(value))
    return rating


def when(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_order(record: ImportRecord) -> None:
    """Refuse facts that cannot have happened in this order (grouped regardless of the times)."""
    opened, responded, resolved = record.opened_at, record.first_response_at, record.resolved_at
    varying = RowProblem.varying
    if responded is not None and responded < opened:
        raise varying("first_response_at ", when(responded), " is before opened_at ", when(opened))
    if resolved is not None and resolved < opened:
        raise varying("resolved_at ", when(resolved), " is before opened_at ", when(opened))
    if responded is not None and resolved is not None and responded > resolved:
        raise varying("first_response_at ", when(responded), " is after resolved_at ", when(resolved))
    if record.rating is not None and resolved is None:
        raise RowProblem("a rating needs resolved_at: the rating is recorded at the resolution")
    previous_end = opened
    ordered = sorted(record.pauses, key=lambda pause: pause[0])
    for index, (start, end) in enumerate(ordered):
        if start < opened:
            raise varying("pause starting ", when(start), " is before opened_at ", when(opened))
        if end is not None and end < start:
            raise varying("pause ", f"{when(start)}/{when(end)}", " ends before it starts")
        if index and start < previous_end:
            raise varying("pause starting ", when(start), " overlaps the previous pause")
        if end is None:
            if index != len(ordered) - 1:
                raise varying("pause starting ", when(start), " has no end but is not the last one")
            if resolved is not None:
                raise varying("pause starting ", when(start), " has no end, but the ticket was "
                              "resolved at ", when(resolved), "; give the pause its end")
        if resolved is not None and (start > resolved or (end is not None and end > resolved)):
            raise varying("pause starting ", when(start), " runs past resolved_at ", when(resolved))
        previous_end = end if end is not None else start
