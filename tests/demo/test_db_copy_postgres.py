"""``slacheck db copy`` with a PostgreSQL side, in real processes: a demo year moved onto a server
and back gives byte-identical reports on all three databases; the copy writes under the
workspace's advisory lock; a database is never copied onto itself however its URL is spelled;
a password in a URL is never printed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time

from clihelpers import run, run_process
from demo.copykit import SCHEMA, rows, with_password

from slacheck.store.postgres import shown
from slacheck.store.postgres.connect import LOCK_CLASS


def _process(root, *args: str) -> subprocess.CompletedProcess:
    done = run_process(root, *args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def test_a_demo_year_moved_onto_a_server_and_back_reports_byte_for_byte_the_same(small_demo, fresh):
    file, server, back = str(small_demo.db), fresh("postgresql"), fresh("sqlite")
    moved = _process(small_demo.root, "--db", file, "db", "copy", "--to", server)
    assert f"Copied into {shown(server)} (schema {SCHEMA}): 2,0" in moved.stdout
    returned = _process(small_demo.root, "--db", server, "db", "copy", "--to", back)
    assert f"Copied into {back}: 2,0" in returned.stdout
    reports = {db: _process(small_demo.root, "--db", db, "report", "--as-of", small_demo.as_of_text,
                            "--format", "json").stdout for db in (file, server, back)}
    assert reports[file] == reports[server] == reports[back]
    assert rows(file) == rows(server) == rows(back)
    for source, target in ((file, server), (server, back)):
        again = _process(small_demo.root, "--db", source, "db", "copy", "--to", target)
        assert "nothing copied" in again.stdout
    assert rows(file) == rows(server) == rows(back)


def test_the_copy_writes_under_the_workspaces_write_lock(small_demo, fresh, tmp_path):
    """While a writer of the workspace holds its advisory lock, the copy waits and writes
    nothing; it goes through when the lock is released."""
    import psycopg

    grown = tmp_path / "ws"
    shutil.copytree(small_demo.root, grown)
    server = fresh("postgresql")
    assert run(grown, "db", "copy", "--to", server).exit_code == 0
    assert run(grown, "log", "it-for-sales", "laptop-repair", "--title", "after the copy",
               "--at", "2026-11-20T09:00:00Z").exit_code == 0
    before = rows(server)
    code = "from slacheck.cli.main import main; main()"
    with psycopg.connect(server) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_CLASS, SCHEMA))
        process = subprocess.Popen(
            [sys.executable, "-c", code, "--workspace", str(grown), "db", "copy", "--to", server],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert process.poll() is None, "the copy did not wait for the lock"
        assert rows(server) == before
        holder.rollback()
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert "1 interaction," in stdout
    assert rows(server) == rows(grown / ".slacheck" / "slacheck.db")


def test_a_database_is_never_copied_onto_itself(small_demo, fresh):
    server = fresh("postgresql")
    assert run(small_demo.root, "db", "copy", "--to", server).exit_code == 0
    before = rows(server)
    same = run_process(small_demo.root, "--db", server, "db", "copy", "--to", server)
    assert same.returncode == 2 and "is the database being copied" in same.stderr
    respelled = server + ("&" if "?" in server else "?") + "application_name=another-spelling"
    other = run_process(small_demo.root, "--db", server, "db", "copy", "--to", respelled)
    assert other.returncode == 2 and "is the database being copied" in other.stderr, other.stderr
    assert rows(server) == before


def test_a_server_without_this_workspace_has_nothing_to_copy(example_workspace, fresh, tmp_path):
    empty, file = fresh("postgresql"), tmp_path / "x.db"
    missing = run_process(example_workspace, "--db", empty, "db", "copy", "--to", str(file))
    assert missing.returncode == 2 and "there is no database at" in missing.stderr
    assert f"(schema {SCHEMA})" in missing.stderr and not file.exists()


def test_a_workspace_without_an_id_cannot_be_copied_to_a_server(example_workspace, fresh):
    settings = example_workspace / "agreements" / "slacheck.toml"
    settings.write_text(re.sub(r"(?m)^id = .*$", "", settings.read_text()))
    assert run(example_workspace, "log", "it-for-sales", "laptop-repair", "--title", "x").exit_code == 0
    refused = run_process(example_workspace, "db", "copy", "--to", fresh("postgresql"))
    assert refused.returncode == 2 and "add a line such as id" in refused.stderr, refused.stderr


def test_a_password_in_a_url_is_never_printed(small_demo, example_workspace, fresh):
    secret = with_password(fresh("postgresql"))
    password = re.search(r"://[^:/@]*:([^@]*)@", secret).group(1)
    moved = _process(small_demo.root, "db", "copy", "--to", secret)
    assert "***" in moved.stdout and password not in moved.stdout + moved.stderr
    # another workspace's log with the same id: the copy is refused, the message names the URL
    assert run(example_workspace, "log", "it-for-sales", "laptop-repair", "--title", "x").exit_code == 0
    conflict = run_process(example_workspace, "db", "copy", "--to", secret)
    assert conflict.returncode == 1 and "is another database" in conflict.stderr
    assert "***" in conflict.stderr and password not in conflict.stdout + conflict.stderr


def test_text_a_server_cannot_hold_stops_the_copy_and_nothing_is_written(example_workspace, fresh):
    """SQLite keeps a NUL character in a title; PostgreSQL's text cannot: the copy says so, and
    none of it is stored."""
    assert run(example_workspace, "log", "it-for-sales", "laptop-repair", "--title", "fine").exit_code == 0
    assert run(example_workspace, "log", "it-for-sales", "laptop-repair", "--title",
               "NUL\x00inside").exit_code == 0
    server = fresh("postgresql")
    refused = run_process(example_workspace, "db", "copy", "--to", server)
    assert refused.returncode == 2, refused.stderr
    assert "NUL" in refused.stderr and "(copying interactions; nothing was copied)" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert all(not table for table in rows(server).values())
