"""``slacheck demo`` from the command line: the folder it writes, what it prints, what it refuses,
and that the commands it suggests work on the result."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from slacheck.cli.main import cli

AS_OF = "2026-11-20T10:00:00Z"


def invoke(*args: str):
    env = {"NO_COLOR": "1", "SLACHECK_DB": "", "SLACHECK_WORKSPACE": ""}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def demo(directory: Path, *extra: str):
    return invoke("demo", str(directory), "--size", "1500", "--as-of", AS_OF, "--no-open", *extra)


def in_workspace(root: Path, *args: str):
    return invoke("--workspace", str(root), *args)


def test_demo_writes_a_workspace_and_says_what_to_try(tmp_path):
    root = tmp_path / "acme"
    result = demo(root)
    assert result.exit_code == 0, result.output
    assert (root / ".slacheck" / "slacheck.db").is_file()
    assert ".slacheck/" in (root / ".gitignore").read_text().splitlines()
    assert sorted(p.name for p in (root / "agreements" / "health").iterdir()) == [
        "relationship-check.toml", "squad-health.toml"]
    out = result.stdout
    assert str(root.resolve()) in out
    assert re.search(r"[\d,]+ interactions, [\d,]+ events", out)
    assert "procurement-for-production" in out and "below objective" in out
    assert f"cd {root}" in out
    for command in ("slacheck report", "slacheck escalations", "slacheck validate"):
        assert f"  {command}\n" in out
    number = re.search(r"slacheck show (\d+)", out).group(1)
    shown = in_workspace(root, "show", number, "--as-of", AS_OF)
    assert shown.exit_code == 0 and "Escalations" in shown.stdout and "not acknowledged" in shown.stdout
    assert "generating a year" in result.stderr


def test_the_suggested_commands_run_cleanly(tmp_path):
    root = tmp_path / "acme"
    assert demo(root).exit_code == 0
    validated = in_workspace(root, "validate")
    assert validated.exit_code == 0 and validated.stderr == "", validated.output
    listed = in_workspace(root, "escalations", "--as-of", AS_OF, "--unacknowledged")
    assert listed.exit_code == 0 and "NOT acknowledged" in listed.stdout


def test_effective_dates_move_to_the_generated_year(tmp_path):
    root = tmp_path / "acme"
    assert demo(root).exit_code == 0
    text = (root / "agreements" / "it-for-sales.toml").read_text()
    assert re.search(r"^effective = 2025-11-20\b", text, re.MULTILINE)
    assert re.search(r"^review_by = 2027-11-20\b", text, re.MULTILINE)


def test_a_non_empty_folder_is_refused(tmp_path):
    root = tmp_path / "busy"
    root.mkdir()
    (root / "notes.txt").write_text("mine")
    result = demo(root)
    assert result.exit_code == 1
    assert "not empty" in result.stderr and "--force" in result.stderr
    assert sorted(p.name for p in root.iterdir()) == ["notes.txt"]
    forced = demo(root, "--force")
    assert forced.exit_code == 1 and "not a" in forced.stderr
    assert sorted(p.name for p in root.iterdir()) == ["notes.txt"]


def test_a_file_is_refused(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = demo(target)
    assert result.exit_code == 2 and "is a file" in result.stderr


def test_force_replaces_only_the_database(tmp_path):
    root = tmp_path / "acme"
    assert demo(root).exit_code == 0
    assert demo(root).exit_code == 1  # a second demo into the same workspace is refused
    edited = root / "agreements" / "it-for-sales.toml"
    edited.write_text(edited.read_text() + "\n# our own note\n")
    first = (root / ".slacheck" / "slacheck.db").read_bytes()
    again = demo(root, "--force", "--seed", "99")
    assert again.exit_code == 0, again.output
    assert "Replaced the database of" in again.stdout
    assert edited.read_text().endswith("# our own note\n")
    assert (root / ".slacheck" / "slacheck.db").read_bytes() != first


def test_report_on_the_demo_is_clean(small_demo):
    result = in_workspace(small_demo.root, "report", "--format", "json", "--as-of", small_demo.as_of_text)
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    by_id = {a["id"]: a for a in data["agreements"]}
    for figures in small_demo.result.figures.agreements:
        reported = by_id[figures.agreement.id]
        assert (reported["met"], reported["breached"], reported["open"]) == (
            figures.tally.met, figures.tally.breached, figures.tally.open)
    assert any(not e["acknowledged"] for e in data["escalations"])


def test_report_as_a_process_at_the_present(small_demo, tmp_path):
    """The real entry point, at the real present (escalations and versions recorded then)."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SLACHECK_DB", None)
    code = "from slacheck.cli.main import main; main()"
    done = subprocess.run([sys.executable, "-c", code, "--workspace", str(small_demo.root), "report"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "procurement-for-production" in done.stdout
