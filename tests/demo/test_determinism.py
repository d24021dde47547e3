"""The same seed, size and evaluation instant give a byte-identical database, in any process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from slacheck.demo import build_demo


def run_demo_process(directory: Path, *args: str, hash_seed: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": hash_seed}
    env.pop("SLACHECK_DB", None)
    code = "from slacheck.cli.main import main; main()"
    return subprocess.run([sys.executable, "-c", code, "demo", str(directory), *args],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def test_a_second_process_writes_the_same_bytes(small_demo, tmp_path):
    other = tmp_path / "again"
    done = run_demo_process(other, "--seed", str(small_demo.seed), "--size", str(small_demo.size),
                            "--as-of", small_demo.as_of_text, "--no-open", hash_seed="12345")
    assert done.returncode == 0, done.stderr
    copy = other / ".slacheck" / "slacheck.db"
    assert copy.read_bytes() == small_demo.db.read_bytes()
    for name in ("slacheck.db-wal", "slacheck.db-shm"):
        assert not (other / ".slacheck" / name).exists()
        assert not (small_demo.root / ".slacheck" / name).exists()
    for path in sorted((small_demo.root / "agreements").rglob("*.toml")):
        twin = other / path.relative_to(small_demo.root)
        assert twin.read_bytes() == path.read_bytes()


def test_another_seed_writes_another_year(small_demo, tmp_path):
    result = build_demo(tmp_path / "seed8", seed=small_demo.seed + 1, as_of=small_demo.as_of,
                        size=small_demo.size)
    assert result.database.read_bytes() != small_demo.db.read_bytes()


def test_no_wall_clock_instant_reaches_the_database(small_demo):
    as_of, start = small_demo.as_of, small_demo.result.start
    with closing(sqlite3.connect(small_demo.db)) as conn:
        assert conn.execute("SELECT min(first_seen), max(first_seen) FROM agreement_versions").fetchone() == (start, start)
        assert conn.execute("SELECT min(since), max(since) FROM agreement_history").fetchone() == (start, start)
        low, high = conn.execute("SELECT min(at), max(at) FROM events").fetchone()
        assert start <= low and high <= as_of
        assert conn.execute("SELECT count(*) FROM interactions WHERE version IS NULL").fetchone() == (0,)
