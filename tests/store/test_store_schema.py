"""Opening databases: pragmas, migrations, refusing what is not ours, append-only tables."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from slacheck.domain.events import Event
from slacheck.errors import SlacheckError
from slacheck.store import Store, StoreError, database_path, schema


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


def test_reopening_keeps_the_data(db_path: Path):
    with Store(db_path) as store:
        store.open_interaction("it-for-sales", "access", 100, ref="A-1")
    with Store(db_path) as store:
        assert store.interaction_by_ref("A-1").opened_at == 100


def test_an_older_database_is_migrated_and_keeps_its_data(db_path: Path, monkeypatch):
    with Store(db_path) as store:
        store.open_interaction("it-for-sales", "access", 100, ref="A-1")

    def add_notes(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_notes])
    with Store(db_path) as store:
        assert store.schema_version == len(schema.MIGRATIONS)
        assert "notes" in store.db.table_names()
        assert store.interaction_by_ref("A-1") is not None


def test_a_failing_migration_leaves_the_old_schema(db_path: Path, monkeypatch):
    with Store(db_path):
        pass

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (id INTEGER)")
        raise sqlite3.OperationalError("boom")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    with pytest.raises(StoreError):
        Store(db_path)
    monkeypatch.undo()
    with Store(db_path) as store:
        assert store.schema_version == schema.latest_version()
        assert "half" not in store.db.table_names()


def test_a_newer_database_is_refused_with_a_clear_message(db_path: Path):
    with Store(db_path) as store:
        store.conn.execute(f"PRAGMA user_version = {schema.latest_version() + 5}")
    with pytest.raises(StoreError, match="newer than this slacheck") as caught:
        Store(db_path)
    assert isinstance(caught.value, SlacheckError)
    assert caught.value.exit_code == 2


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


def test_events_and_interactions_are_append_only(store):
    interaction = store.open_interaction("it-for-sales", "access", 100)
    for statement in (
        "UPDATE events SET at = 5",
        "DELETE FROM events",
        "UPDATE interactions SET title = 'changed'",
        "DELETE FROM interactions",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.conn.execute(statement)
    assert store.events(interaction.id)[0].at == 100


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
