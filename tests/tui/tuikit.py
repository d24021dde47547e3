"""Constants and helpers of the dashboard's tests: the frozen instant, the evil title, waiting
for the pilot.  Imported by the tests as ``tui.tuikit`` (``tests/`` is on the path)."""

from __future__ import annotations

import asyncio
import time

from slacheck.services.instants import parse_instant

AS_OF_TEXT = "2026-11-20T10:00:00Z"  # a Friday, 11:00 in Berlin
AS_OF = parse_instant(AS_OF_TEXT)
EVIL_TITLE = "[bold red]x[/] [link=http://e]y[/link] \x1b[31mz"
#: How the evil title reads on screen: literal brackets, the escape made visible.
EVIL_SHOWN = "[bold red]x[/] [link=http://e]y[/link] \\x1b[31mz"


def at(text: str) -> int:
    return parse_instant(text)


async def wait_for(pilot, condition, timeout: float = 10.0, what: str = "condition") -> None:
    """Pause the pilot until ``condition()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await pilot.pause(0.05)


async def settle(pilot, timeout: float = 15.0) -> None:
    """Wait until the figures, with their trends, are shown and every worker is done."""
    app = pilot.app

    def ready() -> bool:
        snap = app.snapshot
        return (snap is not None and not app.evaluating
                and all(len(p) > 0 for p in snap.trends.values()) and len(snap.trends) > 0)

    await wait_for(pilot, ready, timeout, "the figures")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await asyncio.sleep(0)
    await pilot.pause()
