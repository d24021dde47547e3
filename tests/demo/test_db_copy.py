"""``slacheck db copy --to``, every way between an SQLite file and a PostgreSQL database: a demo
year copied gives the same figures byte for byte; copying again changes nothing; a database that
grew appends only what is new; a target that holds other data is refused and left as it was; a
backup copied back restores a workspace.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from clihelpers import run, run_process
from demo.copykit import DIRECTIONS, KINDS, SCHEMA, report, rows

from slacheck.store.postgres import shown

ids = [f"{source}-to-{target}" for source, target in DIRECTIONS]


def named(target: str, kind: str) -> str:
    """The target as the copy's messages name it."""
    return f"{shown(target)} (schema {SCHEMA})" if kind == "postgresql" else target


def source_of(kind: str, root: Path, fresh) -> str:
    """The database of the workspace at ``root``, or a copy of it on the server: the source of a
    copy of that kind."""
    db = str(root / ".slacheck" / "slacheck.db")
    if kind == "sqlite":
        return db
    url = fresh("postgresql")
    moved = run(root, "--db", db, "db", "copy", "--to", url)
    assert moved.exit_code == 0, moved.output
    return url


@pytest.mark.parametrize("source_kind, target_kind", DIRECTIONS, ids=ids)
def test_a_copy_holds_every_row_and_gives_the_same_report(small_demo, fresh, source_kind, target_kind):
    source = source_of(source_kind, small_demo.root, fresh)
    target = fresh(target_kind)
    done = run(small_demo.root, "--db", source, "db", "copy", "--to", target)
    assert done.exit_code == 0, done.output
    assert f"Copied into {named(target, target_kind)}: 2,0" in done.output
    assert rows(target) == rows(small_demo.db)
    assert rows(target)["health_votes"], "the demo has health checks: they are copied too"
    assert report(small_demo.root, target, small_demo.as_of_text) == report(
        small_demo.root, small_demo.db, small_demo.as_of_text)
    again = run(small_demo.root, "--db", source, "db", "copy", "--to", target)
    assert again.exit_code == 0 and "nothing copied" in again.output
    assert rows(target) == rows(small_demo.db)


@pytest.mark.parametrize("source_kind, target_kind", DIRECTIONS, ids=ids)
def test_a_database_that_grew_appends_only_what_is_new(small_demo, fresh, tmp_path, source_kind,
                                                       target_kind):
    grown = tmp_path / "ws"
    shutil.copytree(small_demo.root, grown)
    source = source_of(source_kind, grown, fresh)
    target = fresh(target_kind)
    assert run(grown, "--db", source, "db", "copy", "--to", target).exit_code == 0
    logged = run(grown, "--db", source, "log", "it-for-sales", "laptop-repair", "--title",
                 "after the copy", "--at", "2026-11-20T09:00:00Z")
    assert logged.exit_code == 0, logged.output
    more = run(grown, "--db", source, "db", "copy", "--to", target)
    assert more.exit_code == 0, more.output
    assert "1 interaction," in more.output, more.output
    assert rows(target) == rows(source)


@pytest.mark.parametrize("source_kind, target_kind", DIRECTIONS, ids=ids)
def test_a_target_with_other_data_is_refused_and_left_as_it_was(small_demo, example_workspace, fresh,
                                                                 source_kind, target_kind):
    source = source_of(source_kind, small_demo.root, fresh)
    other = fresh(target_kind)
    assert run(example_workspace, "--db", other, "log", "it-for-sales", "laptop-repair",
               "--title", "someone else's request").exit_code == 0
    before = Path(other).read_bytes() if target_kind == "sqlite" else rows(other)
    refused = run_process(small_demo.root, "--db", source, "db", "copy", "--to", other)
    assert refused.returncode == 1, refused.stderr
    assert "is another database: its" in refused.stderr and "nothing was copied" in refused.stderr
    assert f"{named(other, target_kind)} is another database" in refused.stderr
    assert "Traceback" not in refused.stderr
    after = Path(other).read_bytes() if target_kind == "sqlite" else rows(other)
    assert after == before


@pytest.mark.parametrize("backup_kind", KINDS)
def test_copying_back_restores_a_workspace(small_demo, fresh, tmp_path, backup_kind):
    backup = fresh(backup_kind)
    assert run(small_demo.root, "db", "copy", "--to", backup).exit_code == 0
    restored_root = tmp_path / "restored"
    shutil.copytree(small_demo.root / "agreements", restored_root / "agreements")
    restored = run(restored_root, "--db", backup, "db", "copy", "--to",
                   str(restored_root / ".slacheck" / "slacheck.db"))
    assert restored.exit_code == 0, restored.output
    assert rows(restored_root / ".slacheck" / "slacheck.db") == rows(small_demo.db)


def test_nothing_to_copy_and_copying_onto_itself_are_refused(example_workspace, small_demo):
    missing = run_process(example_workspace, "db", "copy", "--to", "x.db")
    assert missing.returncode == 2 and "there is no database at" in missing.stderr
    itself = run_process(small_demo.root, "db", "copy", "--to", str(small_demo.db))
    assert itself.returncode == 2 and "is the database being copied" in itself.stderr
    folder = run_process(small_demo.root, "db", "copy", "--to", str(small_demo.root))
    assert folder.returncode == 2 and "is a folder" in folder.stderr


@pytest.mark.parametrize("target_kind", KINDS)
def test_a_copy_killed_half_way_leaves_no_half_copy_and_a_rerun_completes_it(tmp_path, fresh, target_kind):
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
    target = fresh(target_kind)
    code = "from slacheck.cli.main import main; main()"
    with _writing_rows(target, target_kind) as writing:
        process = subprocess.Popen(
            [sys.executable, "-c", code, "--workspace", str(root), "db", "copy", "--to", target],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            if writing():  # the copy is writing its rows
                break
            time.sleep(0.005)
        killed = process.poll() is None
        if killed:
            os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
    copied = rows(target)
    whole = rows(source)
    if killed:
        assert all(not table for table in copied.values()), "a half copy"
    else:  # the machine was quick: then the copy must be whole
        assert copied == whole
    rerun = run(root, "db", "copy", "--to", target)
    assert rerun.exit_code == 0, rerun.output
    assert rows(target) == whole


@contextlib.contextmanager
def _writing_rows(target: str, kind: str) -> Iterator[Callable[[], bool]]:
    """A probe: whether a copy into ``target`` is half-way through writing the events."""
    if kind == "sqlite":
        wal = Path(target).with_name(Path(target).name + "-wal")
        yield lambda: wal.exists() and wal.stat().st_size > 1 << 20
        return

    import psycopg

    with psycopg.connect(target, autocommit=True) as watcher:
        def writing() -> bool:
            # The copying session is inside its transaction and has sent COPY "events" once.
            return watcher.execute(
                "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL "
                "AND query LIKE 'COPY \"events\"%'").fetchone() is not None

        yield writing
