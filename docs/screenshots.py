"""Regenerate the dashboard screenshots of ``docs/tui.md`` into ``docs/img/``.

Builds the demo workspace (``slacheck demo``, fixed seed and instant) in a temporary folder, opens
the dashboard on it with the clock frozen, drives it with a Textual pilot and saves each screen
with ``App.save_screenshot`` as SVG.  Run from the repository root:

    python docs/screenshots.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from slacheck.demo import build_demo  # noqa: E402
from slacheck.services.instants import parse_instant  # noqa: E402
from slacheck.tui import create_app  # noqa: E402

OUT = ROOT / "docs" / "img"
AS_OF = parse_instant("2026-11-20T10:00:00Z")
SEED = 2026


async def settle(pilot, timeout: float = 60) -> None:
    app = pilot.app
    deadline = time.monotonic() + timeout
    while app.snapshot is None or app.evaluating or not app.snapshot.trends:
        if time.monotonic() > deadline:
            raise SystemExit("the dashboard did not show figures in time")
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def shoot(workspace: Path, name: str, size: tuple[int, int], steps=None, theme: str | None = None) -> None:
    app = create_app(workspace, as_of=AS_OF)
    app.cursor_blink = False
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if theme:
            app.theme = theme
        if steps is not None:
            await steps(pilot)
        await pilot.pause(0.3)
        app.save_screenshot(f"{name}.svg", str(OUT))
    print(f"docs/img/{name}.svg")


async def _agreement(pilot, tab: str = "s") -> None:
    from slacheck.tui.screens.agreement import AgreementScreen
    from slacheck.tui.widgets.trend_chart import TrendChart

    pilot.app.push_screen(AgreementScreen("procurement-for-production"))
    await pilot.pause()
    await pilot.press(tab)
    if tab == "t":
        chart = pilot.app.screen.query_one(TrendChart)
        while not chart.points:
            await pilot.pause(0.05)
    await pilot.pause()


async def _interaction(pilot) -> None:
    from slacheck.tui.screens.interaction import InteractionScreen

    risky = pilot.app.snapshot.figures.at_risk[0].evaluation.interaction.id
    pilot.app.push_screen(InteractionScreen(risky))
    await pilot.pause()
    await pilot.pause()


async def _event_form(pilot) -> None:
    await _interaction(pilot)
    await pilot.press("p", *"the requester's order number")
    await pilot.pause()


async def _log_request(pilot) -> None:
    await pilot.press("n")
    await pilot.pause()
    form = pilot.app.screen
    form.query_one("#field-agreement").value = "it-for-sales"
    await pilot.pause()
    form.query_one("#field-priority").value = "urgent"
    await pilot.pause()
    form.query_one("#field-title").focus()
    await pilot.press(*"Laptop will not boot before the Airbus meeting")
    await pilot.pause()


async def _filter(pilot) -> None:
    await pilot.press("/", *"production")
    await pilot.pause()


async def _press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def _broken(pilot) -> None:
    path = pilot.app.workspace.agreements_dir / "it-for-sales.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('objective = "95%"', 'objective = "most"'), encoding="utf-8")
    banner = pilot.app.screen.query_one("#problem-banner")
    while not banner.has_class("-visible"):
        await pilot.pause(0.1)
    await pilot.pause()
    path.write_text(text, encoding="utf-8")


async def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "kestrel"
        build_demo(workspace, seed=SEED, as_of=AS_OF)
        await shoot(workspace, "dashboard-80x24", (80, 24))
        await shoot(workspace, "dashboard-160x48", (160, 48))
        await shoot(workspace, "dashboard-light-filtered", (120, 36), _filter, theme="textual-light")
        await shoot(workspace, "agreement-services", (120, 36), _agreement)
        await shoot(workspace, "agreement-requests", (120, 36), lambda p: _agreement(p, "i"))
        await shoot(workspace, "agreement-trend", (120, 36), lambda p: _agreement(p, "t"))
        await shoot(workspace, "interaction", (120, 40), _interaction)
        await shoot(workspace, "event-form", (100, 32), _event_form)
        await shoot(workspace, "escalations", (140, 36), lambda p: _press(p, "e"))
        await shoot(workspace, "log-request", (100, 30), _log_request)
        await shoot(workspace, "help", (100, 40), lambda p: _press(p, "question_mark"))
        await shoot(workspace, "broken-file", (120, 30), _broken)


if __name__ == "__main__":
    asyncio.run(main())
