"""Time from the ``slacheck`` command to the dashboard's first frame, and to its first figures.

Each run starts the real command (``python -m slacheck.cli.main --workspace WS tui --as-of …``)
in a new process on a pseudo-terminal of 120×40, with ``SLACHECK_TUI_BENCHMARK`` naming a file:
the app appends ``first-frame <unix time>`` once its first frame is drawn and ``figures <unix
time>`` once the dashboard shows figures, then exits.  The script notes the wall clock just before
starting the process, so every figure includes interpreter start-up and imports.

Workspaces: the demo (``slacheck demo``, default size, fixed seed and --as-of) and, with
``--big``, a demo of 1,000,000 requests (built once into ``--keep`` and reused).

    python benchmarks/tui_startup.py                 # demo workspace, 7 runs
    python benchmarks/tui_startup.py --big --keep /tmp/slacheck-bench
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

AS_OF = "2026-11-20T10:00:00Z"
SEED = 2026
ENV = "SLACHECK_TUI_BENCHMARK"


def build(directory: Path, size: int | None) -> Path:
    """The demo workspace in ``directory`` (reused when its database exists)."""
    if (directory / ".slacheck" / "slacheck.db").exists():
        return directory
    from slacheck.demo import DEFAULT_SIZE, build_demo
    from slacheck.services.instants import parse_instant

    started = time.perf_counter()
    build_demo(directory, seed=SEED, as_of=parse_instant(AS_OF), size=size or DEFAULT_SIZE)
    print(f"built {directory} ({size or DEFAULT_SIZE:,} requests) in {time.perf_counter() - started:.1f} s")
    return directory


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass


def one_run(workspace: Path, timeout: float) -> tuple[float, float]:
    """(seconds to the first frame, seconds to the first figures) of one start."""
    with tempfile.TemporaryDirectory() as tmp:
        stamps = Path(tmp) / "stamps"
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, ENV: str(stamps), "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40",
               "PYTHONPATH": str(ROOT / "src")}
        env.pop("SLACHECK_DB", None)
        command = [sys.executable, "-c", "from slacheck.cli.main import main; main()",
                   "--workspace", str(workspace), "tui", "--as-of", AS_OF]
        started = time.time()
        process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env,
                                   start_new_session=True)
        os.close(slave)
        reader = threading.Thread(target=_drain, args=(master,), daemon=True)
        reader.start()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            raise SystemExit(f"the app did not show figures within {timeout} s")
        finally:
            os.close(master)
        found = dict(line.split() for line in stamps.read_text().splitlines())
        return float(found["first-frame"]) - started, float(found["figures"]) - started


def measure(name: str, workspace: Path, runs: int, timeout: float) -> dict:
    one_run(workspace, timeout)  # warm the file cache; not counted
    frames, figures = [], []
    for _ in range(runs):
        frame, figure = one_run(workspace, timeout)
        frames.append(frame)
        figures.append(figure)
    result = {"name": name, "first_frame_best": min(frames), "first_frame_median": statistics.median(frames),
              "figures_best": min(figures), "figures_median": statistics.median(figures)}
    print(f"{name}: first frame best {result['first_frame_best'] * 1000:.0f} ms, median "
          f"{result['first_frame_median'] * 1000:.0f} ms; figures best {result['figures_best']:.2f} s, "
          f"median {result['figures_median']:.2f} s ({runs} runs)")
    return result


def bare_textual(runs: int, timeout: float) -> None:
    """The floor: an empty Textual app's first frame, measured the same way."""
    code = ("import os, time\nfrom textual.app import App\nclass A(App):\n"
            "    def on_mount(self):\n        self.call_after_refresh(self.done)\n"
            "    def done(self):\n        open(os.environ['%s'], 'a').write(f'first-frame {time.time()}\\n"
            "figures {time.time()}\\n')\n        self.exit()\nA().run()\n" % ENV)
    times = []
    for _ in range(runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            stamps = Path(tmp) / "stamps"
            master, slave = pty.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            started = time.time()
            process = subprocess.Popen([sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave,
                                       env={**os.environ, ENV: str(stamps)}, start_new_session=True)
            os.close(slave)
            threading.Thread(target=_drain, args=(master,), daemon=True).start()
            process.wait(timeout=timeout)
            os.close(master)
            found = dict(line.split() for line in stamps.read_text().splitlines())
            times.append(float(found["first-frame"]) - started)
    times = times[1:]
    print(f"bare Textual app: first frame best {min(times) * 1000:.0f} ms, median "
          f"{statistics.median(times) * 1000:.0f} ms ({runs} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big", action="store_true", help="also a 1,000,000-request workspace")
    parser.add_argument("--size", type=int, default=1_000_000, help="size of the --big workspace")
    parser.add_argument("--keep", type=Path, help="build the workspaces here and reuse them")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="slacheck-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    bare_textual(args.runs, args.timeout)
    measure("demo", build(base / "demo", None), args.runs, args.timeout)
    if args.big:
        measure(f"{args.size:,} requests", build(base / "big", args.size), max(3, args.runs // 2), args.timeout)


if __name__ == "__main__":
    main()
