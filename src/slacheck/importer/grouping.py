"""Row errors grouped by what they say: ``slacheck import`` prints each group once, with how
many rows share it and the first of them, however many rows there are.

Two errors belong together when their :attr:`~.readers.RowProblem.key` is the same: the message
itself, or, for a message holding a value that varies from row to row (a cell's text, an
instant, a ref), the message without that value; a group shows the first row's message.
Rejected rows and warnings (kept rows that lost an optional field) are never grouped together.

Memory stays bounded whatever the file: at most :data:`MAX_GROUPS` groups are kept, each with
its first :data:`ROWS_SHOWN` row numbers and, for times that could not be read, the first
:data:`MAX_SAMPLE` distinct values (from which :mod:`.date_formats` suggests a format); rows
with further messages are only counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .date_formats import LONGEST, hint

if TYPE_CHECKING:
    from .readers import RowProblem
    from .run import RowError

#: Distinct messages kept (and printed).
MAX_GROUPS = 1000
#: Row numbers kept (and printed) per group.
ROWS_SHOWN = 3
#: Distinct values kept per group of unreadable times.
MAX_SAMPLE = 1000
#: Distinct messages beyond MAX_GROUPS that are counted (by hash) before "more than" is said.
MAX_COUNTED = 100_000
#: A longer message is kept cut to this length.
MAX_MESSAGE = 2000


@dataclass(slots=True)
class ErrorGroup:
    """Rows with the same problem: the first row's error, the first row numbers, how many."""

    first: RowError
    rows: list[int]
    count: int = 1
    #: Our timestamp column, when the rows hold times that could not be read.
    column: str | None = None
    #: Distinct values of that column (in the order seen), or ``None`` if one could be no date.
    values: dict[str, None] | None = None

    @property
    def warning(self) -> bool:
        return self.first.warning

    @property
    def more(self) -> int:
        """Rows of the group beyond the row numbers kept."""
        return self.count - len(self.rows)

    def hint(self) -> str | None:
        """What to do about it, when the problem is a time that could not be read."""
        if self.column is None:
            return None
        return hint(self.column, None if self.values is None else list(self.values))


@dataclass
class ErrorGroups:
    """Every row error of an import, grouped; iterate for the groups in the order first seen."""

    limit: int = MAX_GROUPS
    _groups: dict[Any, ErrorGroup] = field(default_factory=dict, init=False, repr=False)
    #: Rejected rows and warnings whose message was not kept (beyond ``limit`` messages).
    other_rejected: int = field(default=0, init=False)
    other_warnings: int = field(default=0, init=False)
    _other_keys: set[int] = field(default_factory=set, init=False, repr=False)
    #: Whether there were more than MAX_COUNTED such messages (then only that many are counted).
    uncounted: bool = field(default=False, init=False)

    def __iter__(self) -> Iterator[ErrorGroup]:
        return iter(self._groups.values())

    def __len__(self) -> int:
        return len(self._groups)

    @property
    def other_messages(self) -> int:
        """Distinct messages beyond ``limit`` (at least this many when :attr:`uncounted`)."""
        return len(self._other_keys)

    def add(self, error: RowError, problem: RowProblem | None = None) -> None:
        """Count ``error`` in its group (``problem``: what was raised, for its key and value)."""
        key = (error.warning,
               error.message if problem is None or problem.key is None else problem.key)
        group = self._groups.get(key)
        if group is not None:
            group.count += 1
            if len(group.rows) < ROWS_SHOWN:
                group.rows.append(error.row)
            values = group.values
            if values is not None and len(values) < MAX_SAMPLE:
                self._sample(group, problem)
            return
        if len(self._groups) >= self.limit:
            self._other(key, error.warning)
            return
        group = self._groups[key] = ErrorGroup(_cut(error), [error.row])
        if problem is not None and problem.column is not None:
            group.column = problem.column
            group.values = {}
            self._sample(group, problem)

    @staticmethod
    def _sample(group: ErrorGroup, problem: RowProblem | None) -> None:
        value = None if problem is None else problem.value
        if type(value) is str and len(value) <= LONGEST:
            group.values[value] = None  # type: ignore[index]
        else:
            group.values = None

    def _other(self, key: Any, warning: bool) -> None:
        if warning:
            self.other_warnings += 1
        else:
            self.other_rejected += 1
        if self.uncounted:
            return
        digest = hash(key)
        if digest not in self._other_keys:
            if len(self._other_keys) >= MAX_COUNTED:
                self.uncounted = True
            else:
                self._other_keys.add(digest)


def _cut(error: RowError) -> RowError:
    """``error`` with a message no longer than MAX_MESSAGE (a huge cell in it is not kept)."""
    message = error.message
    if len(message) <= MAX_MESSAGE:
        return error
    return replace(error, message=f"{message[:MAX_MESSAGE]}… ({len(message):,} characters)")
