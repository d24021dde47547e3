"""Who may write: database roles on PostgreSQL, with the grants docs/store.md recommends.

An administrator creates three roles (none a superuser); the owner's first write creates the
workspace's schema and the owner grants writers and readers what they need. A writer logs,
responds, resolves (which deletes from ``open_interactions``), imports and runs health checks; a
reader reports and lists escalations, and a write of a reader is refused in one line, exit 1,
with nothing stored. Tables a later migration adds (run by the owner) are granted the same way.

The SQL below is the text of the documentation, run with the test's own names put in.
"""

from __future__ import annotations

import json
import uuid

import pytest
from support import pgserver
from support.backends import set_workspace_id

from clihelpers import run, run_process
from slacheck.store import open_store
from slacheck.store.postgres import schema as pg_schema

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")
from psycopg.conninfo import conninfo_to_dict, make_conninfo  # noqa: E402

#: As an administrator (a superuser, or a role with CREATEROLE that may grant on the database).
ADMIN_SQL = """
CREATE ROLE slacheck_owner LOGIN;
GRANT CREATE ON DATABASE slacheck TO slacheck_owner;
CREATE ROLE slacheck_writer LOGIN;
CREATE ROLE slacheck_reader LOGIN;
"""
#: As slacheck_owner, once its first write (any slacheck command that writes) made the schema.
OWNER_SQL = """
GRANT USAGE ON SCHEMA slacheck_kestrel_aviation TO slacheck_writer, slacheck_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA slacheck_kestrel_aviation TO slacheck_reader;
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA slacheck_kestrel_aviation TO slacheck_writer;
GRANT DELETE ON slacheck_kestrel_aviation.open_interactions TO slacheck_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA slacheck_kestrel_aviation GRANT SELECT ON TABLES TO slacheck_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA slacheck_kestrel_aviation GRANT SELECT, INSERT ON TABLES TO slacheck_writer;
"""
ROLES = ("slacheck_owner", "slacheck_writer", "slacheck_reader")
WORKSPACE_ID = "kestrel-aviation"
SCHEMA = "slacheck_kestrel_aviation"
AS_OF = "2026-11-20T10:00:00Z"
EXPORT = (
    "ref,agreement,service,priority,requester,title,opened_at,first_response_at,resolved_at,pauses,rating,comment\n"
    "K-1,it-for-sales,laptop-repair,,Ann,imported,2026-11-16T09:00,2026-11-16T10:00,2026-11-17T10:00,,5,great\n"
    "K-2,it-for-sales,laptop-repair,urgent,Bob,still open,2026-11-18T09:00,,,,,\n"
)


class Cluster:
    """The test's roles (named apart from other tests': roles belong to the whole server)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.database = conninfo_to_dict(url)["dbname"]
        self.tag = uuid.uuid4().hex[:8]

    def role(self, name: str) -> str:
        return f"{name}_{self.tag}"

    def sql(self, text: str) -> list[str]:
        """The documented statements with this test's roles and database put in."""
        for name in ROLES:
            text = text.replace(name, self.role(name))
        text = text.replace("ON DATABASE slacheck ", f'ON DATABASE "{self.database}" ')
        return [line for line in text.strip().splitlines() if line]

    def url_of(self, name: str) -> str:
        """The database's URL for logging in as ``name`` (trust authentication on the test server)."""
        return pgserver.with_dbname(make_conninfo(self.url, user=self.role(name)), self.database)


@pytest.fixture
def cluster(postgres_url: str, example_workspace):
    set_workspace_id(example_workspace, WORKSPACE_ID)
    made = Cluster(postgres_url)
    yield made
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        for name in ROLES:
            role = psycopg.sql.Identifier(made.role(name))
            admin.execute(psycopg.sql.SQL("DROP OWNED BY {}").format(role))
            admin.execute(psycopg.sql.SQL("DROP ROLE IF EXISTS {}").format(role))


def execute_as(url: str, statements: list[str]) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def count(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(f"SELECT count(*) FROM {SCHEMA}.{table}").fetchone()[0]


def test_writer_and_reader_roles_with_the_documented_grants(cluster, example_workspace, tmp_path,
                                                            monkeypatch):
    ws = example_workspace
    execute_as(cluster.url, cluster.sql(ADMIN_SQL))
    with psycopg.connect(cluster.url) as conn:
        powers = conn.execute(
            "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles "
            "WHERE rolname = ANY(%s) ORDER BY rolname", ([cluster.role(n) for n in ROLES],)).fetchall()
    assert [p[1:] for p in powers] == [(False, False, False, False)] * 3

    owner, writer, reader = (cluster.url_of(name) for name in ROLES)

    def slacheck(url: str, *args: str, code: int = 0):
        result = run(ws, "--db", url, *args)
        assert result.exit_code == code, (args, result.output)
        assert code or "warning" not in result.output, (args, result.output)
        return result

    # The owner's first write creates the schema; then it grants.
    assert slacheck(owner, "log", "it-for-sales", "laptop-repair", "--title", "by the owner",
                    "--at", "2026-11-16T08:00").output == "1\n"
    execute_as(owner, cluster.sql(OWNER_SQL))

    # A writer logs, responds, resolves, imports, runs a health check.
    assert slacheck(writer, "log", "it-for-sales", "laptop-repair", "--title", "by a writer",
                    "--priority", "urgent", "--ref", "W-1", "--at", "2026-11-16T09:00").output == "2\n"
    slacheck(writer, "respond", "W-1", "--at", "2026-11-16T09:20")
    slacheck(writer, "resolve", "1", "--at", "2026-11-16T12:00")
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    assert "imported 2, updated 0" in slacheck(writer, "import", str(export)).output
    assert "unchanged 2" in slacheck(writer, "import", str(export)).output
    session = slacheck(writer, "health", "run", "squad-health", "--team", "it", "--at", "2026-11-19T14:00")
    slacheck(writer, "health", "vote", session.output.strip(), "--card", "speed", "--vote", "red")
    slacheck(writer, "escalations", "--record")
    stored = count(owner, "events")
    assert count(owner, "interactions") == 4 and count(owner, "open_interactions") == 2

    # A reader reads everything, and its writes are refused: exit 1, one line, nothing stored.
    data = json.loads(slacheck(reader, "report", "-f", "json", "--as-of", AS_OF).output)
    (it,) = [a for a in data["agreements"] if a["id"] == "it-for-sales"]
    assert it["met"] + it["breached"] + it["open"] == 4
    assert "level" in slacheck(reader, "escalations", "--as-of", AS_OF).output
    assert "by a writer" in slacheck(reader, "show", "W-1").output
    slacheck(reader, "health", "list")
    refused = run_process(ws, "--db", reader, "log", "it-for-sales", "laptop-repair", "--title", "x")
    assert refused.returncode == 1, refused.stderr
    assert refused.stdout == "" and len(refused.stderr.splitlines()) == 1
    assert "this role may only read here; nothing was stored" in refused.stderr
    assert "Traceback" not in refused.stderr
    for args in (["resolve", "W-1"], ["import", str(export)], ["escalations", "--record"],
                 ["health", "run", "squad-health", "--team", "it"]):
        result = slacheck(reader, *args, code=1)
        assert "this role may only read here; nothing was stored" in result.output, args
    assert (count(owner, "interactions"), count(owner, "events")) == (4, stored)

    # A table a later slacheck adds (the owner's first write migrates) is granted the same way.
    def add_notes(conn, schema):
        conn.execute("CREATE TABLE notes (id bigint PRIMARY KEY, text text NOT NULL)")

    monkeypatch.setattr(pg_schema, "MIGRATIONS", [*pg_schema.MIGRATIONS, add_notes])
    open_store(owner, workspace_id=WORKSPACE_ID).close()
    execute_as(writer, [f"INSERT INTO {SCHEMA}.notes VALUES (1, 'written')"])
    with psycopg.connect(reader) as conn:
        assert conn.execute(f"SELECT text FROM {SCHEMA}.notes").fetchall() == [("written",)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        execute_as(reader, [f"INSERT INTO {SCHEMA}.notes VALUES (2, 'refused')"])
