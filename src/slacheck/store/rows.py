"""What both backends do the same way before and after their SQL: the pure row logic.

The range guard every written instant passes, the canonical JSON of an agreement version, which
of a batch of events decides whether an interaction is open afterwards, chunking of long
``IN (...)`` lists, and the look-up of the agreement version in force from one read of the
agreement history.  Nothing here talks to a database.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..domain.bounds import describe_instant, instant_problem
from ..domain.events import REOPENED, RESOLVED, Event
from .errors import StoreError

#: Host parameters per ``IN (...)`` list (well below SQLite's limit).
CHUNK = 500


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def closing(events: Sequence[Event]) -> str | None:
    """The last ``resolved`` or ``reopened`` among ``events`` (what decides whether the
    interaction is open afterwards), or ``None``."""
    for event in reversed(events):
        if event.kind == RESOLVED or event.kind == REOPENED:
            return event.kind
    return None


def refuse_out_of_range(at: Any) -> None:
    """The last guard of the supported range: no instant outside it is ever written."""
    if not isinstance(at, (int, float)) or instant_problem(at) is not None:
        shown = describe_instant(at) if isinstance(at, (int, float)) else repr(at)
        raise StoreError(f"refused to store the instant {shown}: it "
                         "is outside the range slacheck supports (1970-01-01 to 2199-12-31, UTC)")


def canonical_json(canonical: Mapping[str, Any]) -> str:
    """The stored text of an agreement version (keys sorted, compact, UTF-8)."""
    return json.dumps(
        canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def version_resolver(
    sightings: Iterable[tuple[str, int, str]],
) -> Callable[[str, int], str | None]:
    """``version_for`` for many interactions at once, from the rows ``(agreement, since, hash)``
    of the agreement history in order of ``agreement, since, id``."""
    found: dict[str, tuple[list[int], list[str]]] = {}
    for agreement, since, hash in sightings:
        times, hashes = found.setdefault(agreement, ([], []))
        times.append(since)
        hashes.append(hash)

    def resolve(agreement: str, opened_at: int) -> str | None:
        seen = found.get(agreement)
        if seen is None:
            return None
        times, hashes = seen
        index = bisect_right(times, opened_at) - 1
        return hashes[max(index, 0)]

    return resolve
