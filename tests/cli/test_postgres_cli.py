"""The command line on a PostgreSQL database: chosen by ``--db``, ``SLACHECK_DB`` or ``database``
in ``slacheck.toml``; the same output as on SQLite, byte for byte; the real ``slacheck`` program
against the server; and the clear one-line errors for a password in ``slacheck.toml``, a
workspace without an id and a server that cannot be reached.

Most CLI tests of ``tests/cli`` and ``tests/health`` also run on PostgreSQL (``backend_workspace``);
these are the ones only a server makes sense for.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.backends import set_workspace_id

from clihelpers import run, run_process
from slacheck.store.postgres import schema_name

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")

AS_OF = "2026-11-20T10:00:00Z"
HEADER = "ref,agreement,service,priority,requester,title,opened_at,first_response_at,resolved_at,pauses,rating,comment\n"
#: A request's life, a ticket export, a rating, a reopening, a health check: every kind of write.
STEPS = [
    ["log", "it-for-sales", "laptop-repair", "--title", "cracked", "--priority", "urgent",
     "--ref", "T-1", "--requester", "Sam", "--at", "2026-11-16T09:00"],
    ["respond", "T-1", "--at", "2026-11-16T09:20"],
    ["pause", "1", "--reason", "waiting for the part", "--at", "2026-11-16T10:00"],
    ["resume", "1", "--at", "2026-11-16T11:00"],
    ["resolve", "1", "--at", "2026-11-16T12:30"],
    ["rate", "1", "4", "--comment", "quick ✓", "--at", "2026-11-16T13:00"],
    ["log", "it-for-sales", "laptop-repair", "--title", "=1+1 [b]x[/b]", "--priority", "urgent",
     "--at", "2026-11-18T09:00"],
    ["log", "hr-for-staff", "payroll-questions", "--title", "night allowance", "--at", "2026-11-17T09:00"],
    ["resolve", "3", "--at", "2026-11-17T15:00"],
    ["reopen", "3", "--at", "2026-11-18T08:00"],
    ["comment", "3", "asked payroll again", "--at", "2026-11-18T08:30"],
    ["reprioritize", "2", "low", "--at", "2026-11-18T10:00"],
    ["log", "it-for-sales", "laptop-repair", "--title", "slow", "--at", "2026-11-20T09:00"],
    ["health", "run", "squad-health", "--team", "it", "--at", "2026-11-19T14:00"],
    ["health", "note", "1", "releases wait for the CAB", "--at", "2026-11-19T14:30"],
]
#: What is compared, byte for byte, between the two backends.
READS = [
    ["report", "--as-of", AS_OF],
    ["report", "-f", "json", "--as-of", AS_OF],
    ["report", "-f", "csv", "--as-of", AS_OF],
    ["escalations", "--as-of", AS_OF],
    ["verdicts", "--as-of", AS_OF],
    ["show", "T-1", "--as-of", AS_OF],
    ["show", "3", "--as-of", AS_OF],
    ["health", "show", "1"],
]


def write_export(path: Path) -> str:
    path.write_text(HEADER + "".join(line + "\n" for line in (
        "K-1,it-for-sales,laptop-repair,,Ann,=cmd|' /C calc'!A0,2026-11-16T09:00,2026-11-16T10:00,2026-11-17T10:00,,5,great",
        "K-2,hr-for-staff,payroll-questions,,Bob,[b]pay[/b],2026-11-19T09:00,,,,,",
    )), encoding="utf-8")
    return str(path)


def rows_in(url: str, workspace_id: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(f"SELECT count(*) FROM {schema_name(workspace_id)}.{table}").fetchone()[0]


def slacheck_program() -> list[str]:
    """The installed ``slacheck`` script beside this interpreter (as a user runs it)."""
    script = Path(sys.executable).with_name("slacheck")
    if not script.exists():
        pytest.skip(f"no slacheck script beside {sys.executable} (pip install -e .)")
    return [str(script)]


@pytest.fixture
def pg_workspace(example_workspace: Path, workspace_id: str) -> Path:
    """The example workspace with an id of its own for this test (its schema on the server)."""
    set_workspace_id(example_workspace, workspace_id)
    return example_workspace


@pytest.mark.parametrize("backend", ["postgresql"])
def test_every_command_reads_the_same_bytes_on_both_backends(pg_workspace, postgres_shared_url,
                                                              tmp_path):
    lite = tmp_path / "lite"
    shutil.copytree(pg_workspace, lite)
    export = write_export(tmp_path / "tickets.csv")
    for ws, db in ((lite, []), (pg_workspace, ["--db", postgres_shared_url])):
        for step in [*STEPS, ["import", export]]:
            result = run(ws, *db, *step)
            assert result.exit_code == 0, (ws, step, result.output)
        votes = ws / "votes.csv"
        votes.write_text("card,vote,trend,comment\nspeed,red,down,slow\nfun,green,,\nspeed,amber,up,\n")
        assert run(ws, *db, "health", "vote", "1", "--from-file", str(votes)).exit_code == 0
    assert not (pg_workspace / ".slacheck").exists()
    for args in READS:
        on_sqlite = run(lite, *args)
        on_postgres = run(pg_workspace, "--db", postgres_shared_url, *args)
        assert on_sqlite.exit_code == on_postgres.exit_code == 0, (args, on_postgres.output)
        assert on_postgres.output == on_sqlite.output, args
    data = json.loads(run(pg_workspace, "--db", postgres_shared_url, "report", "-f", "json",
                          "--as-of", AS_OF).output)
    assert sum(a["met"] + a["breached"] + a["open"] for a in data["agreements"]) == 6


@pytest.mark.parametrize("backend", ["postgresql"])
def test_database_in_slacheck_toml_chooses_postgresql_and_db_overrides_it(
        pg_workspace, postgres_shared_url, workspace_id):
    settings = pg_workspace / "agreements" / "slacheck.toml"
    settings.write_text(f'database = "{postgres_shared_url}"\n' + settings.read_text())
    assert run(pg_workspace, "validate").exit_code == 0
    for step in STEPS[:5]:
        assert run(pg_workspace, *step).exit_code == 0, step
    assert rows_in(postgres_shared_url, workspace_id, "interactions") == 1
    assert rows_in(postgres_shared_url, workspace_id, "events") >= 5
    assert not (pg_workspace / ".slacheck").exists()
    info = json.loads(run(pg_workspace, "db", "info", "--format", "json").output)
    assert (info["backend"], info["counts"]["interactions"]) == ("postgresql", 1)
    shown = run(pg_workspace, "show", "T-1", "--as-of", AS_OF)
    assert shown.exit_code == 0 and "resolution: MET" in shown.output
    # --db (and SLACHECK_DB) name another database for one command.
    other = pg_workspace / "elsewhere.db"
    assert run(pg_workspace, "--db", str(other), "log", "it-for-sales", "laptop-repair",
               "--title", "x").output.strip() == "1"
    assert other.exists() and rows_in(postgres_shared_url, workspace_id, "interactions") == 1
    assert run(pg_workspace, "show", "T-1", env={"SLACHECK_DB": str(other)}).exit_code == 2


@pytest.mark.parametrize("backend", ["postgresql"])
def test_the_installed_program_logs_imports_and_reports_on_a_server(pg_workspace, postgres_shared_url,
                                                                   tmp_path):
    program = slacheck_program()
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SLACHECK_DB", None)

    def slacheck(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([*program, "--workspace", str(pg_workspace), "--db", postgres_shared_url,
                               *args], capture_output=True, text=True, env=env, timeout=60)
        assert (done.returncode, done.stderr) == (0, ""), (args, done.stderr)
        return done

    assert slacheck(*STEPS[0]).stdout == "1\n"
    export = write_export(tmp_path / "tickets.csv")
    assert "imported 2, updated 0, unchanged 0, rejected 0" in slacheck("import", export).stdout
    report = json.loads(slacheck("report", "-f", "json", "--as-of", AS_OF).stdout)
    counts = {a["id"]: (a["met"], a["breached"], a["open"]) for a in report["agreements"]}
    assert counts["it-for-sales"] == (1, 1, 0) and counts["hr-for-staff"] == (0, 1, 0)


def test_a_password_in_slacheck_toml_is_refused_by_validate(example_workspace):
    settings = example_workspace / "agreements" / "slacheck.toml"
    settings.write_text('database = "postgresql://lead:s3cret@db.example.com/sla"\n' + settings.read_text())
    result = run_process(example_workspace, "validate")
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("agreements/slacheck.toml:1:12: database holds a password, and this file is shared "
            "through git") in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_workspace_without_an_id_is_refused_clearly(example_workspace, postgres_server):
    set_workspace_id(example_workspace, None)
    log = ["log", "it-for-sales", "laptop-repair", "--title", "x"]
    result = run_process(example_workspace, "--db", postgres_server, *log)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("slacheck: a shared PostgreSQL database keeps each workspace "
                                    "apart by its id, and this workspace has none: add a line such "
                                    'as id = "kestrel" to agreements/slacheck.toml')
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    for command in (log, ["report"], ["show", "1"], ["health", "list"]):
        in_process = run(example_workspace, "--db", postgres_server, *command)
        assert in_process.exit_code == 2, (command, in_process.output)
        assert "add a line such as id" in in_process.output


TCP = "postgresql://slacheck:s3cret@127.0.0.1:1/slacheck"       # nothing listens on port 1
SOCKET = "postgresql://slacheck@/slacheck?host=/nonexistent/socket"  # no server's socket there


@pytest.mark.parametrize("url, command", [
    (TCP, ["log", "it-for-sales", "laptop-repair", "--title", "x"]),
    (SOCKET, ["report", "-f", "json"]),
])
def test_an_unreachable_server_is_one_line_without_a_traceback(example_workspace, url, command):
    result = run_process(example_workspace, "--db", url, *command)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("slacheck: cannot reach the database postgresql://slacheck")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and "s3cret" not in result.stderr
