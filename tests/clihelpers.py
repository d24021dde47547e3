"""Running the CLI in tests: through click's CliRunner, and as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from slacheck.cli.main import cli


def run(workspace: Path, *args: str, env: dict | None = None):
    """Invoke ``slacheck --workspace WS ARGS`` in-process; returns click's Result."""
    runner = CliRunner()
    return runner.invoke(cli, ["--workspace", str(workspace), *args], env=env, catch_exceptions=False)


def run_process(workspace: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real ``slacheck`` entry point in a new interpreter."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    code = "from slacheck.cli.main import main; main()"
    return subprocess.run([sys.executable, "-c", code, "--workspace", str(workspace), *args],
                          capture_output=True, text=True, env=full_env, timeout=60)
