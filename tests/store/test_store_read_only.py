"""Reading never writes, and a damaged file is never written into (issue 17, items 5, 6 and 8).

The commands that only look (``report``, ``escalations``, ``show``) open the database read-only:
they work on a file nobody may write, on a backup on a read-only mount and on a full disk, even
with escalations due.  Writers check the file first and refuse a damaged one.  The read-only
mount and the full disk are real: a tmpfs or a read-only bind mount in a private mount
namespace (``unshare``), so nothing outside the test process sees them.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from slacheck.domain.events import OPENED, Event, Interaction
from support.backends import picture

from slacheck.store import HealthRepository, History, Store, StoreError
from slacheck.store.postgres import schema_name
from slacheck.store.connection import connect_read_only
from clihelpers import run_process

#: 2026-11-16T09:00Z: an urgent request never answered; by now every escalation level is due.
OPENED_AT = 1_763_283_600


def db(ws: Path) -> Path:
    return ws / ".slacheck" / "slacheck.db"


def seed_unrecorded(ws: Path, count: int = 1) -> None:
    """Requests written straight through the store, so no escalation level is recorded yet."""
    with Store(db(ws)) as store:
        store.add_histories([
            History(Interaction(0, "it-for-sales", "laptop-repair", OPENED_AT + i, f"r{i}",
                                priority="urgent", ref=f"T-{i}"),
                    [Event(OPENED, OPENED_AT + i)])
            for i in range(count)
        ])


def events(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


def slacheck_line(ws: Path, *args: str) -> str:
    code = "from slacheck.cli.main import main; main()"
    return " ".join(shlex.quote(a) for a in [sys.executable, "-c", code, "--workspace", str(ws), *args])


def _namespace_command() -> list[str] | None:
    """``unshare`` into a private mount namespace, or ``None`` when this machine cannot."""
    if shutil.which("unshare") is None:
        return None
    base = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-r", "-m"]
    probe = subprocess.run([*base, "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /tmp && true"],
                           capture_output=True, timeout=30)
    return base if probe.returncode == 0 else None


NAMESPACE = _namespace_command()
needs_mounts = pytest.mark.skipif(
    NAMESPACE is None,
    reason="cannot mount in a private namespace here (no unshare, or user namespaces are off)",
)


def in_namespace(script: str) -> subprocess.CompletedProcess:
    assert NAMESPACE is not None
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([*NAMESPACE, "sh", "-c", script], capture_output=True, text=True,
                          env=env, timeout=120)


# ------------------------------------------------------------------ a file nobody may write
def test_report_on_a_chmod_444_database_with_escalations_due_writes_nothing(example_workspace):
    ws = example_workspace
    seed_unrecorded(ws)
    path = db(ws)
    path.chmod(0o444)
    before = path.read_bytes()
    try:
        for args in (["report"], ["report", "-f", "json"], ["escalations"], ["show", "1"],
                     ["health", "list"]):
            proc = run_process(ws, *args)
            assert proc.returncode == 0, (args, proc.stderr)
            assert proc.stderr == "", (args, proc.stderr)
        listed = run_process(ws, "escalations").stdout
        assert "level 3/3 to cio" in listed  # due and shown, though not recorded
    finally:
        path.chmod(0o644)
    assert path.read_bytes() == before
    assert events(path) == 1


def test_a_writer_records_the_levels_a_reader_only_showed(example_workspace):
    ws = example_workspace
    seed_unrecorded(ws)
    assert run_process(ws, "report").returncode == 0
    assert events(db(ws)) == 1
    proc = run_process(ws, "escalations", "--record")
    assert proc.returncode == 0 and "recorded 3 escalation event(s)" in proc.stderr
    assert events(db(ws)) == 4
    assert "recorded 0" in run_process(ws, "escalations", "--record").stderr


def test_a_read_only_store_refuses_writes_and_never_creates_anything(backend, database, workspace_id,
                                                                      open_test_store):
    """On SQLite no file (nor its folder) appears; on PostgreSQL no schema, no table."""
    before = picture(backend, database, schema_name(workspace_id))
    with open_test_store(read_only=True) as store:
        assert store.count_interactions() == 0
        assert list(store.iter_histories()) == []
        assert store.history(1) is None and store.histories_by_ref(["T-1"]) == {}
        assert HealthRepository(store).sessions() == []
        with pytest.raises(StoreError, match="read-only"):
            store.open_interaction("a", "s", OPENED_AT)
    assert picture(backend, database, schema_name(workspace_id)) == before
    if backend == "sqlite":
        assert not Path(database).exists() and not Path(database).parent.exists()


def test_a_read_only_reader_refuses_an_old_schema_with_the_way_out(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {0x534C4143}")
    conn.execute("PRAGMA user_version = 2")
    conn.execute("CREATE TABLE interactions (id INTEGER PRIMARY KEY)")
    conn.close()
    with pytest.raises(StoreError, match="escalations --record"):
        connect_read_only(path)


# ------------------------------------------------------------------ a read-only mount
@needs_mounts
def test_readers_work_on_a_read_only_mount_and_writers_are_refused_clearly(example_workspace):
    ws = example_workspace
    seed_unrecorded(ws)
    folder = db(ws).parent
    before = db(ws).read_bytes()
    script = " ; ".join([
        "set -u",
        f"mount --bind {folder} {folder}",
        f"mount -o remount,bind,ro {folder}",
        f"touch {folder}/probe 2>/dev/null && echo WRITABLE",
        f"{slacheck_line(ws, 'report')} > /dev/null; echo report=$?",
        f"{slacheck_line(ws, 'escalations')}; echo escalations=$?",
        f"{slacheck_line(ws, 'show', '1')} > /dev/null; echo show=$?",
        f"{slacheck_line(ws, 'respond', '1')}; echo respond=$?",
    ])
    proc = in_namespace(script)
    out = proc.stdout
    assert "WRITABLE" not in out
    assert "report=0" in out and "escalations=0" in out and "show=0" in out, proc.stderr
    assert "level 3/3 to cio" in out
    assert "respond=2" in out
    assert "Traceback" not in proc.stderr
    assert "readonly" in proc.stderr or "read-only" in proc.stderr
    assert db(ws).read_bytes() == before


# ------------------------------------------------------------------ a full disk
@needs_mounts
def test_readers_work_on_a_full_disk(example_workspace, tmp_path):
    ws = example_workspace
    seed_unrecorded(ws, count=5)
    disk = tmp_path / "disk"
    disk.mkdir()
    size_kib = db(ws).stat().st_size // 1024 + 64
    full_db = disk / "slacheck.db"
    script = " ; ".join([
        f"mount -t tmpfs -o size={size_kib}k tmpfs {disk}",
        f"cp {db(ws)} {full_db}",
        f"dd if=/dev/zero of={disk}/filler bs=4096 2>/dev/null",
        f"df -k {disk} | tail -1",
        f"{slacheck_line(ws, '--db', str(full_db), 'report')} > /dev/null; echo report=$?",
        f"{slacheck_line(ws, '--db', str(full_db), 'escalations')}; echo escalations=$?",
        f"{slacheck_line(ws, '--db', str(full_db), 'show', '3')} > /dev/null; echo show=$?",
    ])
    proc = in_namespace(script)
    assert "report=0" in proc.stdout and "escalations=0" in proc.stdout, proc.stdout + proc.stderr
    assert "show=0" in proc.stdout and "level 3/3 to cio" in proc.stdout
    assert "Traceback" not in proc.stderr


@needs_mounts
def test_creating_a_database_on_a_full_disk_leaves_no_empty_file(example_workspace, tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    new = disk / "new.db"
    script = " ; ".join([
        f"mount -t tmpfs -o size=16k tmpfs {disk}",
        f"{slacheck_line(example_workspace, '--db', str(new), 'log', 'it-for-sales', 'laptop-repair', '--title', 'x')}; echo log=$?",
        f"ls -A {disk}; echo listed",
    ])
    proc = in_namespace(script)
    assert "log=2" in proc.stdout, proc.stdout + proc.stderr
    assert "full" in proc.stderr and "Traceback" not in proc.stderr
    listing = proc.stdout.split("log=2", 1)[1].split("listed", 1)[0].split()
    assert listing == []


# ------------------------------------------------------------------ a damaged file
def _damage(path: Path, page: int = 4) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek(page_size * (page - 1))
        handle.write(b"\xa5" * page_size)


def test_a_damaged_file_is_refused_for_writing_and_reading_prints_no_traceback(example_workspace):
    ws = example_workspace
    seed_unrecorded(ws, count=300)
    _damage(db(ws))
    before = db(ws).read_bytes()
    for args in (["report"], ["report", "-f", "json", "--from", "2025-01-01"], ["show", "1"]):
        # A reader gives what it can read, or says the file is damaged; never a traceback.
        proc = run_process(ws, *args)
        assert proc.returncode in (0, 2), (args, proc.stderr)
        assert "Exception ignored" not in proc.stderr and "Traceback" not in proc.stderr
        if proc.returncode == 2:
            assert "is not a slacheck database or is damaged" in proc.stderr
    for args in (["log", "it-for-sales", "laptop-repair", "--title", "y"], ["respond", "1"],
                 ["escalations", "--record"]):
        proc = run_process(ws, *args)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert "is damaged" in proc.stderr and "will not write into it" in proc.stderr
        assert ".recover" in proc.stderr and "Traceback" not in proc.stderr
    assert db(ws).read_bytes() == before


def test_a_large_file_is_checked_once_a_day_and_after_an_unclean_close(tmp_path, monkeypatch):
    from slacheck.store import connection

    path = tmp_path / "big.db"
    Store(path).close()
    monkeypatch.setattr(connection, "ALWAYS_CHECK_BYTES", 0)  # every file counts as large here
    conn = connection.connect(path)
    day = 1_764_633_600  # 2025-12-02T00:00Z
    assert connection.verify_if_due(conn, path, unclean=False, now=day + 3600) is True
    assert connection.verify_if_due(conn, path, unclean=False, now=day + 7200) is False
    assert connection.verify_if_due(conn, path, unclean=True, now=day + 7300) is True
    assert connection.verify_if_due(conn, path, unclean=False, now=day + 86400) is True
    assert conn.execute("SELECT count(*) FROM integrity_checks").fetchone()[0] == 3
    conn.close()
