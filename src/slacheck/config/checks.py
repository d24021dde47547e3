"""Building blocks of the validation rules: a file being checked, and typed access to a table.

:class:`Doc` collects the problems of one file and turns key paths into positions.  A
:class:`Section` is one table of it: :meth:`Section.keys` reports missing and unknown keys (with
"did you mean"), and the typed getters report a value of the wrong type and return ``None`` for
it, so a rule can carry on and find every other problem in the same run.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from ..domain.bounds import date_problem
from .locator import KeyPath, Positions
from .problems import Problem, did_you_mean

T = TypeVar("T")


class Doc:
    """One file under validation: its path, positions, and where its problems go."""

    def __init__(self, path: Path, positions: Positions | None = None,
                 problems: list[Problem] | None = None) -> None:
        self.path = path
        self.positions = positions or Positions()
        self.problems: list[Problem] = problems if problems is not None else []
        self.errors = 0

    def _add(self, at: KeyPath, message: str, severity: str, key: bool) -> None:
        line, col = self.positions.key(at) if key else self.positions.value(at)
        problem = Problem(self.path, line, col, message, severity)  # type: ignore[arg-type]
        self.problems.append(problem)
        if severity == "error":
            self.errors += 1

    def error(self, at: KeyPath, message: str, *, key: bool = False) -> None:
        """An error at the value of ``at`` (or at its key with ``key=True``)."""
        self._add(tuple(at), message, "error", key)

    def warning(self, at: KeyPath, message: str, *, key: bool = False) -> None:
        self._add(tuple(at), message, "warning", key)

    def attempt(self, at: KeyPath, parse: Callable[[Any], T], value: Any) -> T | None:
        """``parse(value)``, or ``None`` with its ``ValueError`` message reported at ``at``."""
        try:
            return parse(value)
        except ValueError as exc:
            self.error(at, str(exc))
            return None


def describe(value: Any) -> str:
    """``a string ("x")``, ``an integer (3)``, ``a table``: a value's TOML type, for messages."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a float ({value})"
    if isinstance(value, datetime):
        return f"a date-time ({value.isoformat()})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, time):
        return f"a time ({value.isoformat()})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"a string ({shown!r})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class Section:
    """A table at ``path`` of a document, with typed getters that report wrong types."""

    def __init__(self, doc: Doc, path: KeyPath, data: dict) -> None:
        self.doc = doc
        self.path = tuple(path)
        self.data = data

    def at(self, *keys: str | int) -> KeyPath:
        return self.path + keys

    def has(self, key: str) -> bool:
        return key in self.data

    def keys(self, required: Iterable[str], optional: Iterable[str] = ()) -> None:
        """Report every unknown key (at the key) and every missing required one (at the table)."""
        required = list(required)
        allowed = required + list(optional)
        for key in self.data:
            if key not in allowed:
                self.doc.error(self.at(key), f"unknown key {key!r}{did_you_mean(key, allowed)}",
                               key=True)
        for key in required:
            if key not in self.data:
                self.doc.error(self.path, f"missing required key {key!r}", key=True)

    def _typed(self, key: str, ok: Callable[[Any], bool], expected: str) -> Any:
        if key not in self.data:
            return None
        value = self.data[key]
        if ok(value):
            return value
        self.doc.error(self.at(key), f"{key} must be {expected}, not {describe(value)}")
        return None

    def str(self, key: str) -> str | None:
        return self._typed(key, lambda v: isinstance(v, str), "a string")

    def int(self, key: str) -> int | None:
        return self._typed(key, lambda v: isinstance(v, int) and not isinstance(v, bool),
                           "an integer")

    def table(self, key: str) -> "Section | None":
        value = self._typed(key, lambda v: isinstance(v, dict), "a table")
        return None if value is None else Section(self.doc, self.at(key), value)

    def array(self, key: str) -> list | None:
        return self._typed(key, lambda v: isinstance(v, list), "an array")

    def str_list(self, key: str) -> list[tuple[int, str]] | None:
        """The string elements of an array with their indexes; other elements are reported."""
        items = self.array(key)
        if items is None:
            return None
        found = []
        for index, item in enumerate(items):
            if isinstance(item, str):
                found.append((index, item))
            else:
                self.doc.error(self.at(key, index),
                               f"{key} must hold strings, not {describe(item)}")
        return found

    def tables(self, key: str, what: str) -> list[tuple[int, "Section"]] | None:
        """The elements of an array of tables (``[[key]]``) as sections; others are reported."""
        items = self.array(key)
        if items is None:
            return None
        found = []
        for index, item in enumerate(items):
            if isinstance(item, dict):
                found.append((index, Section(self.doc, self.at(key, index), item)))
            else:
                self.doc.error(self.at(key, index),
                               f"each {what} must be a table ([[{key}]]), not {describe(item)}")
        return found

    def date(self, key: str) -> date | None:
        """A TOML date (``2026-01-01``, no quotes); a quoted date gets a pointed message."""
        if key not in self.data:
            return None
        return check_date(self.doc, self.at(key), key, self.data[key])


def check_date(doc: Doc, at: KeyPath, name: str, value: Any) -> date | None:
    """A TOML date at ``at``, or ``None`` with a message that says what to write instead."""
    if isinstance(value, datetime):
        doc.error(at, f"{name} must be a date without a time, not {describe(value)}; "
                      f"write {value.date().isoformat()}")
        return None
    if isinstance(value, date):
        problem = date_problem(value)
        if problem is not None:
            doc.error(at, f"{name} {value.isoformat()} {problem}")
            return None
        return value
    if isinstance(value, str):
        try:
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            doc.error(at, f"{name} must be a TOML date like 2026-01-01, not {describe(value)}")
            return None
        doc.error(at, f"{name} {value!r} is a string; write the date without quotes: "
                      f"{parsed.isoformat()}")
        return None
    doc.error(at, f"{name} must be a TOML date like 2026-01-01, not {describe(value)}")
    return None
