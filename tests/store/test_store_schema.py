"""Opening databases: pragmas, migrations, refusing what is not ours, append-only tables.

Tests taking ``backend``, ``database``, ``open_test_store`` or ``store`` run on SQLite and on
PostgreSQL (migrations of either backend's own list, a newer schema refused and left untouched,
append-only tables); the others are about the SQLite file itself.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from support.backends import execute, integrity_error, mark_newer, picture, schema_module, table_names

from slacheck.domain.events import Event
from slacheck.errors import SlacheckError
from slacheck.store import Store, StoreError, database_path, schema
from slacheck.store.postgres import schema_name


def test_a_new_database_is_created_with_its_folder_and_the_latest_schema(db_path: Path):
    with Store(db_path) as store:
        assert db_path.exists()
        assert store.schema_version == schema.latest_version()
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID


def test_reopening_keeps_the_data(open_test_store):
    open_test_store().open_interaction("it-for-sales", "access", 100, ref="A-1")
    assert open_test_store().interaction_by_ref("A-1").opened_at == 100
    assert open_test_store(read_only=True).interaction_by_ref("A-1").opened_at == 100


def _add_notes(*conn_and_schema) -> None:
    """A later migration, on either backend (PostgreSQL's steps also get the schema's name)."""
    conn_and_schema[0].execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")


def _broken(*conn_and_schema) -> None:
    """A migration failing half-way: its first statement worked, its second fails in SQL."""
    conn = conn_and_schema[0]
    conn.execute("CREATE TABLE half (id INTEGER)")
    conn.execute("SELECT no_such_column FROM half")


def test_an_older_database_is_migrated_and_keeps_its_data(backend, open_test_store, monkeypatch):
    module = schema_module(backend)
    with open_test_store() as store:
        store.open_interaction("it-for-sales", "access", 100, ref="A-1")

    monkeypatch.setattr(module, "MIGRATIONS", [*module.MIGRATIONS, _add_notes])
    store = open_test_store()
    assert store.schema_version == len(module.MIGRATIONS)
    assert "notes" in table_names(store)
    assert store.interaction_by_ref("A-1") is not None


def test_a_failing_migration_leaves_the_old_schema(backend, open_test_store, monkeypatch):
    module = schema_module(backend)
    open_test_store().close()
    monkeypatch.setattr(module, "MIGRATIONS", [*module.MIGRATIONS, _broken])
    with pytest.raises(StoreError):
        open_test_store()
    monkeypatch.undo()
    store = open_test_store()
    assert store.schema_version == module.latest_version()
    assert "half" not in table_names(store)


def test_a_newer_database_is_refused_with_a_clear_message_and_left_untouched(
        backend, database, workspace_id, open_test_store):
    schema = schema_name(workspace_id)
    with open_test_store() as store:
        store.open_interaction("it-for-sales", "access", 100, ref="A-1")
    mark_newer(backend, database, schema, schema_module(backend).latest_version() + 5)
    before = picture(backend, database, schema)
    for read_only in (False, True):
        with pytest.raises(StoreError, match="newer than this slacheck") as caught:
            open_test_store(read_only=read_only)
        assert isinstance(caught.value, SlacheckError)
        assert caught.value.exit_code == 2
        assert "upgrade slacheck" in caught.value.message
    assert picture(backend, database, schema) == before


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all, just some text" * 50, bytes(range(256)) * 40],
    ids=["text", "binary"],
)
def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path, content: bytes):
    path = tmp_path / "garbage.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a slacheck database") as caught:
        Store(path)
    assert caught.value.exit_code == 2
    assert path.read_bytes() == content  # untouched


def test_a_damaged_database_is_reported_not_a_traceback(db_path: Path):
    with Store(db_path) as store:
        for n in range(300):
            store.open_interaction("it-for-sales", "access", n, ref=f"R-{n}", title="x" * 200)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db_path.read_bytes())
    for offset in range(4096, len(data), 4096):  # scribble over every page but the header
        data[offset + 20: offset + 400] = b"\xff" * 380
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged|not a slacheck database"), Store(db_path) as store:
        list(store.iter_histories())


def test_another_applications_sqlite_file_is_refused(tmp_path: Path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="another application"):
        Store(path)


def test_an_empty_file_becomes_a_database(tmp_path: Path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with Store(path) as store:
        assert store.schema_version == schema.latest_version()


def test_a_folder_is_not_a_database(tmp_path: Path):
    with pytest.raises(StoreError, match="cannot"):
        Store(tmp_path)


@pytest.mark.parametrize("statement", [
    "UPDATE events SET at = 5",
    "DELETE FROM events",
    "UPDATE interactions SET title = 'changed'",
    "DELETE FROM interactions WHERE ref = 'A-1'",
    "UPDATE agreement_versions SET content = '{}'",
    "DELETE FROM agreement_history",
])
def test_history_tables_are_append_only(store, statement):
    interaction = store.open_interaction("it-for-sales", "access", 100, ref="A-1")
    store.record_agreement_version("it-for-sales", {"id": "it-for-sales"}, "h1", 50)
    with pytest.raises(integrity_error(store), match="append-only"):
        execute(store, statement)
    assert store.events(interaction.id)[0].at == 100
    assert store.interaction(interaction.id) == interaction
    assert store.agreement_version("h1") == {"id": "it-for-sales"}
    assert [v.hash for v in store.agreement_versions("it-for-sales")] == ["h1"]


@pytest.mark.parametrize("backend", ["postgresql"])
@pytest.mark.parametrize("table", ["events", "interactions", "agreement_history", "health_votes"])
def test_truncating_a_history_table_is_refused_too(store, table):
    store.open_interaction("it-for-sales", "access", 100, ref="A-1")
    with pytest.raises(integrity_error(store), match="append-only"):
        execute(store, f"TRUNCATE {table} CASCADE")
    assert store.count_interactions() == 1


def test_database_path_prefers_option_then_environment_then_workspace(tmp_path: Path):
    assert database_path(tmp_path, "x.db", environ={"SLACHECK_DB": "y.db"}) == Path("x.db")
    assert database_path(tmp_path, None, environ={"SLACHECK_DB": "y.db"}) == Path("y.db")
    assert database_path(tmp_path, None, environ={}) == tmp_path / ".slacheck" / "slacheck.db"
    with pytest.raises(ValueError):
        database_path(None, None, environ={})


def test_migrating_fills_the_open_interactions_index_from_the_events(db_path: Path, monkeypatch):
    before = schema.MIGRATIONS.index(schema._migrate_open_interactions)
    with monkeypatch.context() as patched:
        patched.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:before])
        with Store(db_path) as store:  # a database from before the index existed
            assert "open_interactions" not in store.db.table_names()
    conn = sqlite3.connect(db_path)  # its rows, written as the store of that version did
    states = {}
    for number, kinds in enumerate([(), ("resolved",), ("resolved", "reopened"),
                                    ("resolved", "reopened", "resolved"), ("responded",)], 1):
        conn.execute("INSERT INTO interactions (id, agreement, service, opened_at) "
                     "VALUES (?, 'it-for-sales', 'access', 100)", (number,))
        conn.executemany(
            "INSERT INTO events (interaction, seq, kind, at) VALUES (?, ?, ?, ?)",
            [(number, seq, schema.KIND_CODES[kind], 100 + seq)
             for seq, kind in enumerate(("opened", *kinds), 1)],
        )
        states[number] = kinds
    conn.commit()
    conn.close()
    with Store(db_path) as store:
        assert store.schema_version == schema.latest_version()
        expected = {i for i, kinds in states.items() if not kinds or kinds[-1] != "resolved"}
        assert {h.interaction.id for h in store.iter_histories(unresolved=True)} == expected
        store.append_events(3, [Event("resolved", 900)])  # kept current from now on
        store.append_events(2, [Event("reopened", 900)])
        assert {h.interaction.id for h in store.iter_histories(unresolved=True)} == {1, 2, 5}
