"""Several processes logging into one database at once lose nothing and never see "locked"."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from slacheck.store import Store

WRITER = Path(__file__).with_name("concurrent_writer.py")
WORKERS = 8
EVENTS = 200


def test_eight_processes_logging_at_once_lose_nothing(tmp_path: Path):
    db = tmp_path / "shared" / "slacheck.db"  # created by the writers themselves, all at once
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    processes = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(db), str(worker), str(EVENTS), str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        for worker in range(WORKERS)
    ]
    go.touch()
    results = [(p.wait(timeout=120), p.stderr.read()) for p in processes]
    for process in processes:
        process.stdout.close()
        process.stderr.close()
    for code, stderr in results:
        assert "locked" not in stderr
        assert code == 0, stderr

    with Store(db) as store:
        histories = list(store.iter_histories())
        assert store.count_interactions() == WORKERS + 1
    comments = Counter()
    texts = set()
    for history in histories:
        seqs = [event.seq for event in history.events]
        assert seqs == list(range(1, len(seqs) + 1))  # no gaps, no duplicates
        for event in history.events[1:]:
            comments[event.actor] += 1
            texts.add(event.payload["text"])
    assert comments == {f"worker-{w}": EVENTS for w in range(WORKERS)}
    assert len(texts) == WORKERS * EVENTS
    shared = next(h for h in histories if h.interaction.ref == "shared")
    assert len(shared.events) == 1 + WORKERS * EVENTS // 2
