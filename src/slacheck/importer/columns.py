"""Where each of our columns comes from in a row of the file (``--map OURS=THEIRS``).

``THEIRS`` is one of:

* a column of the file, by its name (``Issue key``);
* in a JSON or JSON Lines record, a path into nested objects and arrays: ``fields.created``,
  ``fields.priority.name``, ``labels[0].name`` (the first element; ``[-1]`` the last).  A key
  that holds a dot itself still works: when the record has the whole text as a key, that key
  wins.  A CSV header is never a path (``Custom field.x`` is a plain name);
* a timestamp of ours plus a duration column of the file: ``opened_at+calendar_duration:s``
  (units ``s``, ``min``, ``h``, ``d``), for ``first_response_at`` (from ``opened_at``) and
  ``resolved_at`` (from ``opened_at`` or ``first_response_at``); the duration column may be a
  path.  The duration itself is read by :mod:`.durations`.

:func:`column_sources` checks a mapping, :func:`feed_of` parses one entry, :func:`path_getter`
compiles a path once into a function of a row, and :func:`check_columns` checks a CSV header
against the mapping before any row is read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..config.recipes import COLUMNS, REQUIRED
from ..errors import InputError
from .durations import UNITS
from .readers import RowProblem

#: Our columns that may be computed from a duration, with the timestamps each may count from.
COMPUTABLE = {"first_response_at": ("opened_at",),
              "resolved_at": ("opened_at", "first_response_at")}

_COMPUTED = re.compile(
    r"\s*(opened_at|first_response_at|resolved_at)\s*\+\s*(.+?)(?:\s*:\s*([A-Za-z]+))?\s*")
_PATH = re.compile(r"[^.\[\]]+(?:\.[^.\[\]]+|\[-?\d+\])+")
_STEP = re.compile(r"\.([^.\[\]]+)|\[(-?\d+)\]")


@dataclass(frozen=True)
class Feed:
    """What feeds one of our columns: the file's ``column`` (for a computed timestamp, the
    duration's column), and for a computed timestamp our ``base`` column and the ``unit``."""

    text: str
    column: str
    base: str | None = None
    unit: str | None = None

    def describe(self, ours: str) -> str:
        """``ours`` as messages name it: ``opened_at (column 'Created')``."""
        if self.base is not None:
            return f"{ours} ({self.base} + column {self.column!r} in {self.unit})"
        return ours if self.column == ours else f"{ours} (column {self.column!r})"


def feed_of(ours: str, theirs: str) -> Feed:
    """The feed of ``--map ours=theirs``; a malformed computed timestamp is an ``InputError``."""
    text = theirs.strip()
    computed = _COMPUTED.fullmatch(text)
    if computed is None:
        return Feed(text, text)
    base, column, unit = computed.groups()
    option = f"--map {ours}={text}"
    if ours not in COMPUTABLE:
        raise InputError(f"{option}: only {' and '.join(COMPUTABLE)} can be computed as a "
                         "timestamp plus a duration")
    if base not in COMPUTABLE[ours]:
        raise InputError(f"{option}: {ours} can be counted from {' or '.join(COMPUTABLE[ours])}, "
                         f"not from {base}")
    if unit is None:
        raise InputError(f"{option}: give the unit of a number in {column!r}: "
                         f"--map {ours}={base}+{column}:s (s, min, h or d)")
    if unit not in UNITS:
        raise InputError(f"{option}: {unit!r} is not a unit of duration; write s, min, h or d "
                         "(d: 24-hour days)")
    return Feed(text, column, base, unit)


def column_sources(mapping: Mapping[str, str] | None) -> dict[str, str]:
    """Canonical column -> what feeds it (the file's column, a path, or a computed timestamp);
    checks the ``--map`` names and expressions."""
    sources = {column: column for column in COLUMNS}
    for ours, theirs in (mapping or {}).items():
        if ours not in sources:
            hint = did_you_mean(ours, COLUMNS)
            raise InputError(
                f"--map {ours}={theirs}: {ours!r} is not an import column{hint}; "
                f"the columns are {', '.join(COLUMNS)}"
            )
        if not str(theirs).strip():
            raise InputError(f"--map {ours}=: name the file's column after '='")
        sources[ours] = str(theirs).strip()
        feed_of(ours, sources[ours])
    return sources


def feeds_of(sources: Mapping[str, str]) -> dict[str, Feed]:
    return {ours: feed_of(ours, theirs) for ours, theirs in sources.items()}


def check_computed(feeds: Mapping[str, Feed], shaping) -> None:
    """Refuse shaping options that would read a computed timestamp's duration as a timestamp."""
    if shaping is None:
        return
    for ours, feed in feeds.items():
        if feed.base is None:
            continue
        for table, option in ((shaping.constants, "--set"), (shaping.date_formats, "--date-format"),
                              (shaping.zones, "--tz"), (shaping.folds, "--fold")):
            if ours in table:
                raise InputError(f"{option} {ours}: {ours} is computed as {feed.base} plus the "
                                 f"duration in {feed.column!r} (--map {ours}={feed.text}); give "
                                 f"{option} for {feed.base} instead, or map {ours} to a column")


def path_steps(text: str) -> tuple[str | int, ...] | None:
    """``labels[0].name`` -> ``("labels", 0, "name")``; ``None`` for a plain name (or text that is
    not a well-formed path, which can then only be a key)."""
    if ("." not in text and "[" not in text) or not _PATH.fullmatch(text):
        return None
    first = re.match(r"[^.\[\]]+", text)
    assert first is not None  # the full match above starts with a name
    steps: list[str | int] = [first.group()]
    for name, index in _STEP.findall(text, first.end()):
        steps.append(name if not index else int(index))
    return tuple(steps)


def _shown(steps: tuple[str | int, ...]) -> str:
    text = str(steps[0])
    for step in steps[1:]:
        text += f"[{step}]" if type(step) is int else f".{step}"
    return text


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return {bool: "a boolean", int: "a number", float: "a number", str: "text"}.get(
        type(value), type(value).__name__)


def path_getter(text: str, steps: tuple[str | int, ...], ours: str) -> Callable[[Mapping], Any]:
    """A function of a row: the value at ``steps`` (``None`` where a step is missing or null),
    or the row's value under the key ``text`` when it has that key.  Raises
    :class:`RowProblem` where the record's shape does not fit the path (a name on an array)."""
    takes_list = ours == "pauses"

    def mismatch(reached: int, value: Any) -> RowProblem:
        where = _shown(steps[:reached])
        step = steps[reached]
        if type(step) is int:
            return RowProblem(f"{ours} (path {text!r}): {where!r} is {_kind(value)}, not an array")
        hint = (f"; write {where}[0].{_shown(steps[reached:])} for its first element"
                if isinstance(value, list) else "")
        return RowProblem(f"{ours} (path {text!r}): {where!r} is {_kind(value)}, not an "
                          f"object{hint}")

    def get(row: Mapping) -> Any:
        if text in row:  # a literal key wins over the path
            return row[text]
        value: Any = row
        for reached, step in enumerate(steps):
            if value is None:
                return None
            if type(step) is str:
                if not isinstance(value, Mapping):
                    raise mismatch(reached, value)
                value = value.get(step)
            else:
                if not isinstance(value, list):
                    raise mismatch(reached, value)
                value = value[step] if -len(value) <= step < len(value) else None
        if isinstance(value, Mapping):
            keys = list(value)
            example = f", e.g. {text}.{keys[0]}" if keys else ""
            raise RowProblem(f"{ours} (path {text!r}): an object, not a value; name one of its "
                             f"keys ({', '.join(map(str, keys[:8]))}){example}")
        if isinstance(value, list) and not takes_list:
            raise RowProblem(f"{ours} (path {text!r}): an array, not a value; write {text}[0] for "
                             "its first element")
        return value

    return get


def row_getters(feeds: Mapping[str, Feed]) -> tuple[tuple[str, Callable[[Mapping], Any]], ...]:
    """For nested records (JSON): ``(key, getter)`` for each path among the feeds; the getter's
    value is stored under ``key`` before the row is read.  Plain names need none."""
    getters: dict[str, Callable[[Mapping], Any]] = {}
    for ours, feed in feeds.items():
        steps = path_steps(feed.column)
        if steps is not None and feed.column not in getters:
            getters[feed.column] = path_getter(feed.column, steps, ours)
    return tuple(getters.items())


def check_columns(file_columns: tuple[str, ...], sources: Mapping[str, str], origin: str,
                  provided: frozenset[str] = frozenset(),
                  repeated: frozenset[str] = frozenset()) -> None:
    """Refuse a header that lacks a required column or a mapped one (the file is unreadable),
    or whose column feeding one of ours is named twice.  ``provided``: our columns given a
    constant (``--set``), which the file need not have.  A computed timestamp needs its
    duration's column.  (CSV only: a header's names are never paths.)"""
    present = set(file_columns)
    for ours, theirs in sources.items():
        if ours in provided:
            continue
        feed = feed_of(ours, theirs)
        name = feed.column
        if name in repeated:
            raise InputError(f"{origin}:1: the header names {name!r} twice, so it cannot feed "
                             f"{ours}; map {ours} to another column")
        if name in present:
            continue
        mapped = name != ours
        if ours in REQUIRED or mapped:
            if feed.base is not None:
                how = f"column {name!r} (the duration of {ours})"
            else:
                how = f"column {name!r} (mapped to {ours})" if mapped else f"column {ours!r}"
            hint = did_you_mean(name, file_columns)
            if feed.base is not None:
                way_out = f"give --map {ours}=... with the file's duration column"
            elif ours in REQUIRED:
                way_out = f"give --map {ours}=COLUMN, or --set {ours}=VALUE for every row"
            else:  # an optional column the file does not have: leave it empty
                way_out = f"give --map {ours}=COLUMN, or --set {ours}= to leave it empty"
            raise InputError(
                f"{origin}:1: no {how} in the header{hint}; the file has: "
                f"{some(file_columns)}; {way_out}"
            )


#: Names listed in a message ("it has: a, b, ...") before the rest is only counted.
LISTED = 10


def some(names, limit: int = LISTED) -> str:
    """``a, b, c`` -- or the first ``limit`` of many names and ``(+196 more)``."""
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} (+{len(names) - limit:,} more)"


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
