"""An import killed with SIGKILL leaves a consistent database; importing again completes it.

On SQLite the import is a script of its own; on PostgreSQL it is ``slacheck import`` run as a
user runs it, killed once it is writing: a batched import leaves whole batches (2,000 rows each
one transaction), a ``--strict`` one (the whole file one transaction) all rows or none.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store.store_helpers import row, write_csv
from support.backends import set_workspace_id

from slacheck.store import Store

IMPORTER = Path(__file__).with_name("kill_importer.py")
ROWS = 24_000
BATCH = 500


def _export(path: Path, count: int = ROWS) -> tuple[Path, int]:
    rows, events = [], 0
    for n in range(count):
        day = 1 + n % 28
        rated = n % 3 == 0
        rows.append(row(
            f"K-{n:06d}", opened_at=f"2026-02-{day:02d}T08:00:00Z",
            first_response_at=f"2026-02-{day:02d}T08:30:00Z", resolved_at=f"2026-02-{day:02d}T12:00:00Z",
            rating="4" if rated else "",
        ))
        events += 4 if rated else 3
    return write_csv(path, rows), events


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM interactions").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_import_leaves_whole_batches_and_a_rerun_completes_it(tmp_path: Path):
    export, expected_events = _export(tmp_path / "big.csv")
    db = tmp_path / "slacheck.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen([sys.executable, str(IMPORTER), str(db), str(export), str(BATCH)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while _count(db) < 4 * BATCH and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    survived = conn.execute("SELECT count(*) FROM interactions").fetchone()[0]
    per_interaction = conn.execute(
        "SELECT count(*) FROM (SELECT interaction, count(*) AS n FROM events GROUP BY interaction "
        "HAVING n < 3)").fetchone()[0]
    conn.close()
    assert 0 < survived < ROWS
    assert survived % BATCH == 0  # whole batches only
    assert per_interaction == 0  # no interaction without its events

    rerun = subprocess.run([sys.executable, str(IMPORTER), str(db), str(export), str(BATCH)],
                           capture_output=True, text=True, env=env, timeout=120, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert f"imported {ROWS - survived}, updated 0, unchanged {survived}, rejected 0" in rerun.stdout

    with Store(db) as store:
        assert store.count_interactions() == ROWS
        refs = set()
        events = 0
        for history in store.iter_histories():
            refs.add(history.interaction.ref)
            events += len(history.events)
    assert len(refs) == ROWS
    assert events == expected_events


PG_ROWS = 8_000
#: Rows per transaction of ``slacheck import`` (``slacheck.importer.run.BATCH_ROWS``).
PG_BATCH = 2_000


def _pg(url: str, query: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchone()[0]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("strict", [False, True], ids=["batches", "strict"])
def test_a_killed_import_into_postgresql_leaves_nothing_half_imported(example_workspace, postgres_url,
                                                                      tmp_path: Path, strict: bool):
    set_workspace_id(example_workspace, "killed")
    schema = "slacheck_killed"
    export, expected_events = _export(tmp_path / "big.csv", PG_ROWS)
    command = [sys.executable, "-c", "from slacheck.cli.main import main; main()",
               "--workspace", str(example_workspace), "--db", postgres_url, "import", str(export)]
    command += ["--strict"] if strict else []
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SLACHECK_DB", None)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def writing() -> bool:
        """A batch committed, or (strict) rows copied into the one transaction still open."""
        if strict:
            return _pg(postgres_url, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                       "current_database() AND application_name = 'slacheck' AND xact_start IS "
                       "NOT NULL AND query LIKE 'COPY%'") > 0
        return (_pg(postgres_url, f"SELECT to_regclass('{schema}.interactions') IS NOT NULL")
                and _pg(postgres_url, f"SELECT count(*) FROM {schema}.interactions") >= PG_BATCH)

    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline and not writing():
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"

    survived = _pg(postgres_url, f"SELECT count(*) FROM {schema}.interactions")
    incomplete = _pg(postgres_url, f"""
        SELECT count(*) FROM {schema}.interactions i
        WHERE (SELECT count(*) FROM {schema}.events e WHERE e.interaction = i.id) < 3""")
    assert incomplete == 0  # no interaction without its events
    if strict:
        assert survived == 0  # all or nothing, and it was killed before the end
    else:
        assert 0 < survived < PG_ROWS and survived % PG_BATCH == 0  # whole batches only
    assert _pg(postgres_url, f"SELECT count(*) FROM {schema}.open_interactions") == 0

    rerun = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert (f"imported {PG_ROWS - survived}, updated 0, unchanged {survived}, rejected 0"
            in rerun.stdout)
    assert _pg(postgres_url, f"SELECT count(DISTINCT ref) FROM {schema}.interactions") == PG_ROWS
    assert _pg(postgres_url, f"SELECT count(*) FROM {schema}.events") == expected_events
