"""``slacheck db copy --to``: a demo year copied into another file gives the same figures byte for
byte; copying again changes nothing; a database that grew appends only what is new; a target
that holds other data is refused and left as it was.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from clihelpers import run, run_process

from slacheck.store.copy import TABLES

ALL = [table for table, _ in TABLES] + ["open_interactions"]


def rows(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
                for table in ALL}
    finally:
        conn.close()


def report(root: Path, db: Path, as_of: str) -> str:
    result = run(root, "--db", str(db), "report", "--as-of", as_of, "-f", "json")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_copy_holds_every_row_and_gives_the_same_report(small_demo, tmp_path):
    target = tmp_path / "copy" / "slacheck.db"
    done = run(small_demo.root, "db", "copy", "--to", str(target))
    assert done.exit_code == 0, done.output
    assert f"Copied into {target}: 2,0" in done.output
    assert rows(target) == rows(small_demo.db)
    assert rows(target)["health_votes"], "the demo has health checks: they are copied too"
    assert report(small_demo.root, target, small_demo.as_of_text) == report(
        small_demo.root, small_demo.db, small_demo.as_of_text)
    again = run(small_demo.root, "db", "copy", "--to", str(target))
    assert again.exit_code == 0 and "nothing copied" in again.output
    assert rows(target) == rows(small_demo.db)


def test_a_database_that_grew_appends_only_what_is_new(small_demo, tmp_path):
    grown = tmp_path / "ws"
    shutil.copytree(small_demo.root, grown)
    target = tmp_path / "backup.db"
    assert run(grown, "db", "copy", "--to", str(target)).exit_code == 0
    logged = run(grown, "log", "it-for-sales", "laptop-repair", "--title", "after the copy",
                 "--at", "2026-11-20T09:00:00Z")
    assert logged.exit_code == 0, logged.output
    more = run(grown, "db", "copy", "--to", str(target))
    assert more.exit_code == 0, more.output
    assert "1 interaction," in more.output, more.output
    assert rows(target) == rows(grown / ".slacheck" / "slacheck.db")


def test_a_target_with_other_data_is_refused_and_left_as_it_was(small_demo, example_workspace, tmp_path):
    other = tmp_path / "other.db"
    assert run(example_workspace, "--db", str(other), "log", "it-for-sales", "laptop-repair",
               "--title", "someone else's request").exit_code == 0
    before = other.read_bytes()
    refused = run_process(small_demo.root, "db", "copy", "--to", str(other))
    assert refused.returncode == 1, refused.stderr
    assert "is another database: its" in refused.stderr and "nothing was copied" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert other.read_bytes() == before


def test_copying_back_restores_a_workspace(small_demo, tmp_path):
    backup = tmp_path / "backup.db"
    assert run(small_demo.root, "db", "copy", "--to", str(backup)).exit_code == 0
    fresh = tmp_path / "restored"
    shutil.copytree(small_demo.root / "agreements", fresh / "agreements")
    restored = run(fresh, "--db", str(backup), "db", "copy", "--to",
                   str(fresh / ".slacheck" / "slacheck.db"))
    assert restored.exit_code == 0, restored.output
    assert rows(fresh / ".slacheck" / "slacheck.db") == rows(small_demo.db)


def test_nothing_to_copy_and_copying_onto_itself_are_refused(example_workspace, small_demo):
    missing = run_process(example_workspace, "db", "copy", "--to", "x.db")
    assert missing.returncode == 2 and "there is no database at" in missing.stderr
    itself = run_process(small_demo.root, "db", "copy", "--to", str(small_demo.db))
    assert itself.returncode == 2 and "is the database being copied" in itself.stderr


def test_a_copy_killed_half_way_leaves_no_half_copy_and_a_rerun_completes_it(tmp_path):
    """SIGKILL during the copy: the target holds nothing of it (one transaction), never a part;
    copying again gives the whole database."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from slacheck.demo import build_demo
    from slacheck.services.instants import parse_instant

    root = tmp_path / "big"
    build_demo(root, seed=3, as_of=parse_instant("2026-11-20T10:00:00Z"), size=20_000)
    source = root / ".slacheck" / "slacheck.db"
    target = tmp_path / "copy.db"
    code = "from slacheck.cli.main import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "--workspace", str(root), "db", "copy", "--to", str(target)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wal = target.with_name(target.name + "-wal")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 1 << 20:  # the copy is writing its rows
            break
        time.sleep(0.005)
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    copied = rows(target) if target.exists() else None
    whole = rows(source)
    if killed:
        assert copied is None or all(not table for table in copied.values()), "a half copy"
    else:  # the machine was quick: then the copy must be whole
        assert copied == whole
    rerun = run(root, "db", "copy", "--to", str(target))
    assert rerun.exit_code == 0, rerun.output
    assert rows(target) == whole
