"""An import killed with SIGKILL leaves a consistent database; importing again completes it."""

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

from slacheck.store import Store

IMPORTER = Path(__file__).with_name("kill_importer.py")
ROWS = 24_000
BATCH = 500


def _export(path: Path) -> tuple[Path, int]:
    rows, events = [], 0
    for n in range(ROWS):
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
