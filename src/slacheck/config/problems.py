"""Problems found in the agreement files: where (file, line, column), what, and how bad.

A :class:`Problem` is one line of ``slacheck validate`` output.  Problems sort by file, line,
column and message, so every run prints them in the same order.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at ``line``:``col`` (both 1-based) of ``path``."""

    path: Path
    line: int
    col: int
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def display_path(self, cwd: Path | None = None) -> str:
        """The path relative to ``cwd`` (default: the current folder) when it lies below it."""
        try:
            base = (cwd or Path.cwd()).resolve()
            return str(self.path.relative_to(base))
        except (ValueError, OSError):  # not below it, or the current folder is gone
            return str(self.path)

    def format(self, cwd: Path | None = None) -> str:
        """``path:line:col: message``, with ``warning:`` before the message of a warning."""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.display_path(cwd)}:{self.line}:{self.col}: {prefix}{self.message}"

    def to_json(self, cwd: Path | None = None) -> dict:
        return {
            "path": self.display_path(cwd),
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
        }


def count_errors(problems: Iterable[Problem]) -> int:
    return sum(1 for p in problems if p.is_error)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a near miss among ``candidates``, else ``""``."""
    pool = sorted(set(candidates))
    folded = {c.lower(): c for c in pool}
    if word.lower() in folded and folded[word.lower()] != word:
        return f" (did you mean {folded[word.lower()]!r}?)"
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.7)
    return f" (did you mean {matches[0]!r}?)" if matches else ""
