"""``slacheck validate``: output, formats, PATH restriction, exit codes; and ``cli/common``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from slacheck.cli.common import load_or_fail, workspace_from_ctx
from slacheck.cli.main import cli
from unit.test_config_fixtures import build

REPO = Path(__file__).resolve().parents[2]
A = "agreements/it-for-sales.toml"
T = "agreements/teams.toml"
UNKNOWN_PROVIDER = f"{A}:3:12: unknown provider 'x': not a team in teams.toml"
#: The command compares review_by with the real date: keep it far ahead unless a test moves it.
PAST = {6: "effective = 2020-01-01", 7: "review_by = 2020-02-01"}


def write(root: Path, files=None, agreement=None, **changes) -> Path:
    """The fixture workspace with ``review_by`` in 2199 (the last year slacheck supports), plus the given changes."""
    return build(root, files, agreement={7: "review_by = 2199-01-01", **(agreement or {})},
                 **changes)


@pytest.fixture
def ws(tmp_path, monkeypatch) -> Path:
    """A valid workspace that is also the current folder (paths print relative to it)."""
    root = write(tmp_path / "ws")
    monkeypatch.chdir(root)
    monkeypatch.delenv("SLACHECK_WORKSPACE", raising=False)
    return root


def run(*args: str, **kwargs):
    return CliRunner().invoke(cli, ["validate", *args], **kwargs)


def test_clean_workspace(ws):
    result = run()
    assert result.exit_code == 0
    assert result.output == "5 files checked: no problems\n"


def test_errors_exit_1_with_sorted_lines_and_a_summary(ws):
    write(ws, agreement={3: 'provider = "x"', 1: 'id = "y"'}, health={3: 'scale = "x"'})
    result = run()
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "agreements/health/squad.toml:3:9: unknown scale 'x'; use 'traffic-light' or 'likert-5'",
        f"{A}:1:6: id 'y' does not match the file name 'it-for-sales.toml'; the id is the file "
        "name without .toml",
        UNKNOWN_PROVIDER,
        "3 errors, 0 warnings in 2 files (5 files checked)",
    ]


def test_warnings_alone_exit_0(ws):
    write(ws, agreement=PAST)
    result = run()
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{A}:7:13: warning: review_by 2020-02-01 is in the past; review the agreement and set a "
        "new date",
        "0 errors, 1 warning in 1 file (5 files checked)",
    ]


def test_a_priority_equal_to_its_service_passes_with_a_warning(ws):
    write(ws, agreement={18: 'first_response = "4h"', 19: 'resolution = "3d"'})
    result = run()
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{A}:17:22: warning: priority 'urgent' sets the same targets as its service; a request "
        "with this priority is judged as one without",
        "0 errors, 1 warning in 1 file (5 files checked)",
    ]


def test_json_format(ws):
    write(ws, agreement={3: 'provider = "x"', **PAST})
    result = run("--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data == {
        "schema": "slacheck.validate/1", "files": 5, "errors": 1, "warnings": 1,
        "problems": [
            {"path": A, "line": 3, "col": 12, "severity": "error",
             "message": "unknown provider 'x': not a team in teams.toml"},
            {"path": A, "line": 7, "col": 13, "severity": "warning",
             "message": "review_by 2020-02-01 is in the past; review the agreement and set a new "
                        "date"},
        ],
    }


def test_json_clean(ws):
    data = json.loads(run("--format", "json").output)
    assert (data["files"], data["errors"], data["warnings"], data["problems"]) == (5, 0, 0, [])


def test_paths_restrict_the_output_but_references_still_resolve(ws):
    write(ws, agreement={3: 'provider = "x"'}, health={3: 'scale = "x"'})
    result = run(A)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        UNKNOWN_PROVIDER, "1 error, 0 warnings in 1 file (1 file checked)"]
    result = run("agreements/health")
    assert result.output.splitlines()[-1] == "1 error, 0 warnings in 1 file (1 file checked)"
    clean = run(T)
    assert (clean.exit_code, clean.output) == (0, "1 file checked: no problems\n")


def test_path_in_another_folder_finds_its_workspace(ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(str(ws / A))
    assert (result.exit_code, result.output) == (0, "1 file checked: no problems\n")
    result = run("ws")
    assert (result.exit_code, result.output) == (0, "5 files checked: no problems\n")


def test_missing_path_exits_2(ws):
    result = run("agreements/nope.toml")
    assert result.exit_code == 2
    assert "no such file or folder: agreements/nope.toml" in result.stderr


def test_a_path_that_is_not_an_agreement_file(ws):
    (ws / "notes.txt").write_text("x")
    result = run("notes.txt")
    assert result.exit_code == 0
    assert "notes.txt is not one of the agreement files" in result.stderr
    assert result.stdout == "0 files checked: no problems\n"


def test_no_workspace_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SLACHECK_WORKSPACE", raising=False)
    result = run()
    assert result.exit_code == 2
    assert "slacheck init" in result.stderr and result.stdout == ""


def test_workspace_option_and_environment(ws, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--workspace", str(ws), "validate"])
    assert (result.exit_code, result.output) == (0, "5 files checked: no problems\n")
    result = run(env={"SLACHECK_WORKSPACE": str(ws)})
    assert (result.exit_code, result.output) == (0, "5 files checked: no problems\n")


def test_syntax_error_is_reported_not_raised(ws):
    write(ws, files={A: b"id = \xff\n"})
    result = run()
    assert result.exit_code == 1 and not isinstance(result.exception, Exception)
    assert result.output.startswith(f"{A}:1:1: not UTF-8 text")


def test_real_subprocess(ws):
    write(ws, agreement={3: 'provider = "x"'})
    command = [sys.executable, "-c", "from slacheck.cli.main import main; main()", "validate"]
    done = subprocess.run(command, cwd=ws, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == UNKNOWN_PROVIDER
    assert "Traceback" not in done.stderr
    done = subprocess.run(command + ["--format", "json"], cwd=ws.parent, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "no workspace found" in done.stderr


def test_example_workspace_is_clean():
    agreements = REPO / "agreements"
    files = [p for p in agreements.glob("*.toml")
             if p.name not in {"teams.toml", "calendars.toml", "slacheck.toml"}]
    if not files:
        pytest.skip("the example agreements/ folder has no agreement files yet")
    result = CliRunner().invoke(cli, ["--workspace", str(REPO), "validate"])
    assert result.exit_code == 0, result.output
    # Only the passing of time may bring a warning: a review date that is now behind us.
    *lines, summary = result.output.splitlines()
    assert all(": warning: review_by " in line and "is in the past" in line for line in lines)
    assert summary.endswith("no problems") or summary.startswith("0 errors")


@click.command()
@click.pass_context
def _probe(ctx):
    catalog = load_or_fail(ctx)
    click.echo(f"{sorted(catalog.agreements)} {workspace_from_ctx(ctx).db_path.name}")


def test_load_or_fail(ws, monkeypatch):
    monkeypatch.delenv("SLACHECK_DB", raising=False)
    result = CliRunner().invoke(_probe, obj={"workspace": str(ws)})
    assert (result.exit_code, result.output) == (0, "['it-for-sales'] slacheck.db\n")
    result = CliRunner().invoke(_probe, obj={"workspace": str(ws), "db": "/tmp/other.db"})
    assert result.output.endswith(" other.db\n")
    write(ws, agreement={3: 'provider = "x"', **PAST})
    result = CliRunner().invoke(_probe, obj={"workspace": str(ws)})
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        UNKNOWN_PROVIDER,
        "slacheck: 1 error(s) in the agreement files; run 'slacheck validate' for details",
    ]
