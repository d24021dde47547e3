"""The PostgreSQL test fixtures work: ``postgres_url`` is a fresh, empty database per test that
connects (plain and pooled), what one test writes is gone for the next, and the database is
dropped afterwards even with connections left open. Also the ``pgserver.py`` script as CI runs it.

Everything here skips, with the reason, when there is no psycopg or no PostgreSQL server.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from support import pgserver

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")
from psycopg.conninfo import conninfo_to_dict  # noqa: E402

SCRIPT = Path(pgserver.__file__)
#: Names of the databases handed out so far in this module, in order.
seen: list[str] = []

USER_RELATIONS = """
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
"""


def databases(server: str) -> set[str]:
    with psycopg.connect(server) as conn:
        return {name for (name,) in conn.execute("SELECT datname FROM pg_database")}


def test_the_url_connects_to_its_own_database(postgres_url):
    assert postgres_url.startswith("postgresql://")
    with psycopg.connect(postgres_url) as conn:
        name, user = conn.execute("SELECT current_database(), current_user").fetchone()
    assert name == conninfo_to_dict(postgres_url)["dbname"]
    assert name.startswith("slacheck_test_")
    assert user == "postgres"


def test_the_database_is_empty(postgres_url):
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute(USER_RELATIONS).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql'").fetchone() == (0,)


@pytest.mark.parametrize("run", [1, 2])
def test_what_one_test_writes_the_next_does_not_see(postgres_server, postgres_url, run):
    """Both runs create the same table: whichever runs second would fail if the first's stayed."""
    name = conninfo_to_dict(postgres_url)["dbname"]
    assert name not in seen
    assert databases(postgres_server).isdisjoint(seen), "a previous test's database was not dropped"
    seen.append(name)
    with psycopg.connect(postgres_url) as conn:
        conn.execute("CREATE TABLE marker (run int)")
        conn.execute("INSERT INTO marker VALUES (%s)", (run,))
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT run FROM marker").fetchall() == [(run,)]


def test_a_pool_connects_with_the_url(postgres_url):
    psycopg_pool = pytest.importorskip("psycopg_pool", reason="psycopg-pool is not installed (pip install -e '.[test]')")
    with psycopg_pool.ConnectionPool(postgres_url, min_size=1, max_size=2, open=True) as pool:
        with pool.connection() as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)


def test_a_scratch_database_is_dropped_even_while_a_connection_is_open(postgres_server):
    with pgserver.scratch_database(postgres_server) as url:
        name = conninfo_to_dict(url)["dbname"]
        left_open = psycopg.connect(url)
        assert name in databases(postgres_server)
    try:
        assert name not in databases(postgres_server)
        with pytest.raises(psycopg.OperationalError):
            left_open.execute("SELECT 1")
    finally:
        left_open.close()


@pytest.mark.parametrize("conninfo", [
    "postgresql://postgres@/postgres?host=/tmp/a%20b/socket&port=5432",
    "host='/tmp/a b/socket' port=5432 user=postgres dbname=postgres",
    "postgresql://u:p%40ss@db.example:6543/postgres?sslmode=disable",
])
def test_with_dbname_keeps_every_other_parameter(conninfo):
    url = pgserver.with_dbname(conninfo, "other db")
    assert url.startswith("postgresql://")
    assert conninfo_to_dict(url) == {**conninfo_to_dict(conninfo), "dbname": "other db"}


def test_the_script_starts_and_stops_a_server_as_ci_does():
    base_dir = Path(tempfile.mkdtemp(prefix="slacheck-pg-"))
    try:
        started = subprocess.run([sys.executable, str(SCRIPT), "start", str(base_dir)],
                                 capture_output=True, text=True)
        if started.returncode != 0:
            pytest.skip(f"no PostgreSQL server: {started.stderr.strip()}")
        url = started.stdout.strip()
        assert started.stdout == url + "\n" and url == pgserver.server_url(base_dir)
        with psycopg.connect(url) as conn:
            assert conn.execute("SHOW fsync").fetchone() == ("off",)
            assert conn.execute("SHOW listen_addresses").fetchone() == ("",)
            assert conn.execute("SELECT inet_server_port()").fetchone() == (None,)  # a Unix socket
        for _ in range(2):  # the second stop finds no server and is not an error
            stopped = subprocess.run([sys.executable, str(SCRIPT), "stop", str(base_dir)],
                                     capture_output=True, text=True)
            assert (stopped.returncode, stopped.stdout, stopped.stderr) == (0, "", "")
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(url, connect_timeout=5)
    finally:
        pgserver.stop(base_dir)
        shutil.rmtree(base_dir, ignore_errors=True)
