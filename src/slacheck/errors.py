"""One error hierarchy for everything slacheck reports to a user.

Every error carries a short ``title`` and a ``message``; the CLI prints them on stderr and maps
them to an exit code, the TUI shows them in a modal.  No other exception type is meant to reach a
user: anything else is a bug and is reported as one.
"""

from __future__ import annotations


class SlacheckError(Exception):
    """Base class: something the user can understand and act on."""

    title = "Error"
    exit_code = 2

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class WorkspaceError(SlacheckError):
    """No workspace found, or one that cannot be read."""

    title = "Workspace"


class InputError(SlacheckError):
    """Input that the command could not read (bad file, bad option value)."""

    title = "Input"


class ConfigError(SlacheckError):
    """The agreement files have problems; ``problems`` holds them all."""

    title = "Invalid agreements"
    exit_code = 1

    def __init__(self, problems: list, message: str | None = None) -> None:
        self.problems = problems
        super().__init__(message or f"{len(problems)} problem(s) in the agreement files")


class RuleViolation(SlacheckError):
    """A refused operation: an invalid transition, an unknown priority, a rating out of range."""

    title = "Refused"
    exit_code = 1


class UnjudgedError(SlacheckError):
    """One interaction's history or rules cannot be evaluated (a hand-edited database, data an
    older version wrote); everything else still can be."""

    title = "Cannot judge"
    exit_code = 1

    def __init__(self, number: int, reason: str) -> None:
        self.number = number
        self.reason = reason
        super().__init__(f"interaction #{number} cannot be judged: {reason}")
