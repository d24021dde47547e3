"""The Textual dashboard: ``slacheck`` (or ``slacheck tui``) opens it on a workspace.

Only :mod:`slacheck.cli.tui` imports this package, so no other command pays for Textual.
:func:`create_app` is the one factory the CLI, the tests and the screenshot script use; it is
loaded lazily so that ``slacheck.tui.data`` (no Textual) can be imported on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import SlacheckApp, create_app

__all__ = ["SlacheckApp", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
