"""``slacheck db info``: which database a workspace uses and what it holds, read-only."""

from __future__ import annotations

import json
import os
import sqlite3
import stat

from clihelpers import run, run_process


def log_two(ws) -> None:
    for title in ("first", "second"):
        assert run(ws, "log", "it-for-sales", "laptop-repair", "--title", title).exit_code == 0
    assert run(ws, "resolve", "1").exit_code == 0


def test_info_counts_what_the_database_holds(example_workspace):
    log_two(example_workspace)
    result = run(example_workspace, "db", "info", "--format", "json")
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    db = example_workspace / ".slacheck" / "slacheck.db"
    conn = sqlite3.connect(db)
    try:
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        versions = conn.execute("SELECT count(*) FROM agreement_versions").fetchone()[0]
    finally:
        conn.close()
    assert info["backend"] == "sqlite" and info["location"] == str(db) and info["exists"]
    assert info["schema_version"] == info["latest_schema_version"]
    assert info["counts"]["interactions"] == 2 and info["counts"]["open_interactions"] == 1
    assert info["counts"]["events"] == events and info["counts"]["agreement_versions"] == versions
    assert info["counts"]["health_sessions"] == 0 and info["checked_on_every_write"]
    text = run(example_workspace, "db", "info")
    assert "interactions        2 (1 open)" in text.output
    assert f"location            {db}" in text.output


def test_info_before_anything_was_written_creates_nothing(example_workspace):
    result = run(example_workspace, "db", "info")
    assert result.exit_code == 0
    assert "not created yet: the first command that writes creates it" in result.output
    assert not (example_workspace / ".slacheck").exists()


def test_info_on_a_read_only_backup_given_with_db(example_workspace, tmp_path):
    log_two(example_workspace)
    backup = tmp_path / "backup.db"
    source = sqlite3.connect(example_workspace / ".slacheck" / "slacheck.db")
    target = sqlite3.connect(backup)
    source.backup(target)
    source.close()
    target.close()
    os.chmod(backup, stat.S_IRUSR | stat.S_IRGRP)
    before = backup.read_bytes()
    done = run_process(example_workspace, "--db", str(backup), "db", "info")
    assert done.returncode == 0, done.stderr
    assert "interactions        2 (1 open)" in done.stdout and "Traceback" not in done.stderr
    assert backup.read_bytes() == before


def test_info_on_a_file_that_is_no_database_says_so(example_workspace, tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"these are not the droids" * 200)
    result = run_process(example_workspace, "--db", str(bogus), "db", "info")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and str(bogus) in result.stderr
