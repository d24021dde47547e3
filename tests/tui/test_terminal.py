"""The real command on a real (pseudo-)terminal: ``slacheck tui`` starts, draws and exits cleanly,
and its first frame waits for nothing but Textual and the dashboard's own modules.

Pilot tests drive the app inside pytest; these start a new interpreter the way a user does, so
they also cover click, the start path's imports and the garbage-collector switch of
:func:`slacheck.cli.tui.run_dashboard`.  ``SLACHECK_TUI_BENCHMARK`` (the start-up benchmark's
hook) makes the app note its first frame and its first figures and quit after the figures.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tui.tuikit import AS_OF_TEXT

pty = pytest.importorskip("pty")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

#: Modules the first frame must not wait for: the loader (and ``holidays``), the store, the
#: evaluation, the health checks -- all of them belong to the worker that runs after the frame.
NOT_BEFORE_FIRST_FRAME = (
    "holidays", "tomlkit", "sqlite3", "sqlite_utils", "pandas",
    "slacheck.config.loader", "slacheck.store", "slacheck.services.figures",
    "slacheck.services.session", "slacheck.domain.evaluation", "slacheck.domain.health_results",
    "slacheck.domain.satisfaction", "slacheck.tui.screens.agreement", "slacheck.tui.screens.health",
    "slacheck.tui.screens.editor",
)

#: Run the console entry point, noting what is imported (and whether the collector runs) at the
#: first frame.
PROBE = """
import gc, json, os, sys
import slacheck.tui.app as app_module
started = app_module.SlacheckApp._started
def probe(self):
    seen = {"modules": sorted(sys.modules), "gc_at_first_frame": gc.isenabled()}
    started(self)
    seen["gc_after"] = gc.isenabled()
    with open(os.environ["PROBE_OUT"], "w") as out:
        json.dump(seen, out)
app_module.SlacheckApp._started = probe
from slacheck.cli.main import main
main()
"""


def run_in_terminal(code: str, args: list[str], env: dict[str, str], timeout: float = 120) -> tuple[int, str]:
    """Run ``python -c code *args`` on a 100x30 pseudo-terminal: (exit code, what it wrote)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    environment = {**os.environ, "TERM": "xterm-256color", **env}
    environment.pop("SLACHECK_DB", None)
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdin=slave, stdout=slave,
                               stderr=slave, env=environment, start_new_session=True)
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:
        try:
            while data := os.read(master, 65536):
                chunks.append(data)
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        exit_code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise
    finally:
        reader.join(timeout=5)
        os.close(master)
    return exit_code, b"".join(chunks).decode("utf-8", "replace")


def test_the_dashboard_opens_on_a_real_terminal_and_shows_figures(workspace: Path, tmp_path: Path):
    stamps = tmp_path / "stamps"
    started = time.time()
    code, screen = run_in_terminal("from slacheck.cli.main import main; main()",
                                   ["--workspace", str(workspace), "tui", "--as-of", AS_OF_TEXT],
                                   {"SLACHECK_TUI_BENCHMARK": str(stamps)})
    assert code == 0, screen[-2000:]
    found = dict(line.split() for line in stamps.read_text().splitlines())
    assert started < float(found["first-frame"]) <= float(found["figures"])
    # The panels' titles count what the figures hold: drawn with the figures, not before them.
    assert "Agreements (9)" in screen and "Open escalations (" in screen
    assert "Traceback" not in screen


def test_the_first_frame_waits_for_nothing_heavy(workspace: Path, tmp_path: Path):
    out = tmp_path / "probe.json"
    code, screen = run_in_terminal(PROBE, ["--workspace", str(workspace), "tui", "--as-of", AS_OF_TEXT],
                                   {"PROBE_OUT": str(out), "SLACHECK_TUI_BENCHMARK": str(tmp_path / "stamps")})
    assert code == 0, screen[-2000:]
    seen = json.loads(out.read_text())
    loaded = set(seen["modules"])
    assert [name for name in NOT_BEFORE_FIRST_FRAME if name in loaded] == []
    assert "slacheck.tui.screens.dashboard" in loaded  # the probe did see the start path
    # No garbage collection during the start; on again once the frame is drawn.
    assert (seen["gc_at_first_frame"], seen["gc_after"]) == (False, True)
