"""``slacheck db info``: which database a workspace uses and what it holds, read-only, on an
SQLite file and on a PostgreSQL server."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import uuid
from contextlib import closing

import pytest
from clihelpers import run, run_process
from demo.copykit import with_password
from support import pgserver

from slacheck.store import open_store
from slacheck.store.postgres import shown
from slacheck.store.postgres.schema import latest_version as latest_on_server

WORKSPACE_ID = "kestrel-aviation"  # the example workspace's id
SCHEMA = "slacheck_kestrel_aviation"


def log_two(ws, *db: str) -> None:
    for title in ("first", "second"):
        assert run(ws, *db, "log", "it-for-sales", "laptop-repair", "--title", title).exit_code == 0
    assert run(ws, *db, "resolve", "1").exit_code == 0


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, example_workspace) -> str:
    """The example workspace's database: its default file, or a new database on the server."""
    if request.param == "sqlite":
        return str(example_workspace / ".slacheck" / "slacheck.db")
    return request.getfixturevalue("postgres_url")


def count(location: str, table: str) -> int:
    with closing(open_store(location, workspace_id=WORKSPACE_ID, read_only=True)) as store:
        return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


def test_info_counts_what_the_database_holds_on_either_backend(example_workspace, database):
    log_two(example_workspace, "--db", database)
    result = run(example_workspace, "--db", database, "db", "info", "--format", "json")
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["schema"] == "slacheck.db-info/1" and info["exists"]
    assert info["schema_version"] == info["latest_schema_version"]
    assert info["counts"]["interactions"] == 2 and info["counts"]["open_interactions"] == 1
    assert info["counts"]["events"] == count(database, "events")
    assert info["counts"]["agreement_versions"] == count(database, "agreement_versions")
    assert info["counts"]["health_sessions"] == 0
    assert isinstance(info["size_bytes"], int) and info["size_bytes"] > 0
    text = run(example_workspace, "--db", database, "db", "info").output
    assert "interactions        2 (1 open)" in text
    if database.startswith("postgresql://"):
        assert info["backend"] == "postgresql" and info["location"] == shown(database)
        assert info["workspace_schema"] == SCHEMA
        assert info["latest_schema_version"] == latest_on_server()
        assert info["integrity_check"] == "server" and info["last_integrity_check"] is None
        assert not info["checked_on_every_write"] and isinstance(info["data_checksums"], bool)
        assert f"location            {shown(database)}, schema {SCHEMA} (" in text
        assert "integrity check     by the server (PostgreSQL WAL; data checksums o" in text
    else:
        assert info["backend"] == "sqlite" and info["location"] == database
        assert info["workspace_schema"] is None and info["data_checksums"] is None
        assert info["integrity_check"] == "every-write" and info["checked_on_every_write"]
        assert f"location            {database} (" in text


def test_info_counts_what_the_default_file_holds(example_workspace):
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


def test_info_on_a_server_before_anything_was_written_creates_nothing(example_workspace, postgres_url):
    import psycopg

    result = run(example_workspace, "--db", postgres_url, "db", "info", "--format", "json")
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert not info["exists"] and info["size_bytes"] is None
    assert info["schema_version"] == info["latest_schema_version"] == latest_on_server()
    assert set(info["counts"].values()) == {0}
    text = run(example_workspace, "--db", postgres_url, "db", "info").output
    assert f"schema {SCHEMA} — not created yet: the first command that writes creates it" in text
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s",
                            (SCHEMA,)).fetchone()[0] == 0


def test_info_on_a_server_needs_only_a_role_that_reads(example_workspace, postgres_url):
    """A role that may only select from the workspace's tables (a viewer) gets the whole
    answer: nothing is written."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    log_two(example_workspace, "--db", postgres_url)
    role = f"reader_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
        try:
            admin.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
                sql.Identifier(SCHEMA), sql.Identifier(role)))
            admin.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(
                sql.Identifier(SCHEMA), sql.Identifier(role)))
            url = pgserver.with_dbname(make_conninfo(postgres_url, user=role),
                                       conninfo_to_dict(postgres_url)["dbname"])
            result = run_process(example_workspace, "--db", url, "db", "info")
            assert result.returncode == 0, result.stderr
            assert "interactions        2 (1 open)" in result.stdout
        finally:
            admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_info_on_a_server_never_prints_a_password(example_workspace, postgres_url):
    secret = with_password(postgres_url)
    password = re.search(r"://[^:/@]*:([^@]*)@", secret).group(1)
    result = run_process(example_workspace, "--db", secret, "db", "info", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert password not in result.stdout and json.loads(result.stdout)["location"] == shown(secret)
