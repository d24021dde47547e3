"""Many people at once on one PostgreSQL database: 16 ``slacheck`` processes writing (log,
respond, resolve, imports with distinct and with overlapping refs) while others run reports.

Afterwards every interaction and event is there exactly once, every escalation level reached is
recorded once (by whichever writer got there first), importing the same files again adds
nothing, and no process failed or saw a serialization failure or a deadlock.

The 18 processes each load the workspace (about 0.7 s of CPU): on a 2-core machine the test
takes about 10 s, CPU-bound; the writes themselves take milliseconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from support.backends import set_workspace_id

from clihelpers import run
from slacheck.store import open_store

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")

HEADER = "ref,agreement,service,priority,requester,title,opened_at,first_response_at,resolved_at,pauses,rating,comment\n"
WORKSPACE_ID = "busy-org"
#: Urgent laptop repairs (resolution 4 h; levels at 75, 100 and 150 %) of the week before the
#: test's real "now" would all be escalated to the top: every writer's after-write recording
#: races to record them.
DAY = "2026-11-{:02d}T09:00"


def ticket(ref: str, day: int, *, responded: bool = False, resolved: bool = False, rating: str = "") -> str:
    opened = DAY.format(day)
    first = opened.replace("09:00", "09:10") if responded else ""
    done = opened.replace("09:00", "10:00") if resolved else ""
    return f"{ref},it-for-sales,laptop-repair,urgent,Ann,{ref},{opened},{first},{done},,{rating},\n"


def kinds_of(ticket_line: str) -> list[str]:
    cells = ticket_line.rstrip("\n").split(",")
    kinds = ["opened"] + ["responded"] * bool(cells[7]) + ["resolved"] * bool(cells[8])
    return kinds + ["rated"] * bool(cells[10])


def write(path: Path, lines: list[str]) -> Path:
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def slacheck(workspace: Path, url: str, *args: str) -> list[str]:
    return [sys.executable, "-c", "from slacheck.cli.main import main; main()",
            "--workspace", str(workspace), "--db", url, *args]


@pytest.fixture
def busy(example_workspace: Path, postgres_url: str) -> tuple[Path, str]:
    set_workspace_id(example_workspace, WORKSPACE_ID)
    return example_workspace, postgres_url


def test_sixteen_writers_and_readers_at_once_store_everything_exactly_once(busy, tmp_path):
    ws, url = busy
    seeds = [ticket(f"B-{n}", 20 + n % 5) for n in range(1, 9)]
    assert run(ws, "--db", url, "import", str(write(tmp_path / "seed.csv", seeds))).exit_code == 0

    expected: dict[str, list[str]] = {line.split(",")[0]: kinds_of(line) for line in seeds}
    files: list[Path] = []
    for k in range(1, 4):  # three exports of their own
        lines = [ticket(f"D{k}-{n}", 20 + n, responded=n > 1, resolved=n > 2, rating="4" * (n > 3))
                 for n in range(1, 5)]
        files.append(write(tmp_path / f"distinct-{k}.csv", lines))
        expected.update({line.split(",")[0]: kinds_of(line) for line in lines})
    shared = [ticket(f"O-{n}", 25 + n, responded=n % 2 == 0, resolved=n == 4) for n in range(1, 5)]
    expected.update({line.split(",")[0]: kinds_of(line) for line in shared})
    for k in range(1, 4):  # three exports of the same tickets, each with one of its own
        own = ticket(f"X-{k}", 26, responded=True)
        files.append(write(tmp_path / f"overlapping-{k}.csv", [*shared, own]))
        expected[f"X-{k}"] = kinds_of(own)

    writers = [slacheck(ws, url, "import", str(path)) for path in files]
    for n in range(1, 5):
        writers.append(slacheck(ws, url, "log", "it-for-sales", "laptop-repair", "--priority", "urgent",
                                "--title", f"logged {n}", "--ref", f"L-{n}", "--at", DAY.format(24 + n)))
        expected[f"L-{n}"] = ["opened"]
    for n in range(1, 4):
        writers.append(slacheck(ws, url, "respond", f"B-{n}", "--at", DAY.format(26)))
        expected[f"B-{n}"].append("responded")
        writers.append(slacheck(ws, url, "resolve", f"B-{n + 3}", "--at", DAY.format(26)))
        expected[f"B-{n + 3}"].append("resolved")
    assert len(writers) == 16
    readers = [slacheck(ws, url, "report", "--format", "json") for _ in range(2)]

    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SLACHECK_DB", None)
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=env) for command in [*writers, *readers]]
    outcomes = [(command, *process.communicate(timeout=120), process.returncode)
                for command, process in zip([*writers, *readers], processes, strict=True)]
    for command, stdout, stderr, code in outcomes:
        assert code == 0, (command[5:], stderr)
        assert stderr == "", (command[5:], stderr)  # no retry, warning, serialization or deadlock
    for _, stdout, _, _ in outcomes[len(writers):]:
        assert json.loads(stdout)["schema"] == "slacheck.report/1"
    with psycopg.connect(url) as conn:  # a retried call is silent: the server counts deadlocks
        assert conn.execute("SELECT deadlocks FROM pg_stat_database "
                            "WHERE datname = current_database()").fetchone() == (0,)

    with open_store(url, workspace_id=WORKSPACE_ID, read_only=True) as store:
        histories = list(store.iter_histories())
        unresolved = {h.interaction.ref for h in store.iter_histories(unresolved=True)}
    refs = Counter(h.interaction.ref for h in histories)
    assert refs == Counter(set(expected)), "an interaction is missing or stored twice"
    assert sorted(h.interaction.id for h in histories) == list(range(1, len(expected) + 1))
    for history in histories:
        ref = history.interaction.ref
        assert [e.seq for e in history.events] == list(range(1, len(history.events) + 1)), ref
        assert [e.kind for e in history.events if e.kind != "escalated"] == expected[ref], ref
        levels = [e.payload["level"] for e in history.events if e.kind == "escalated"]
        assert len(levels) == len(set(levels)), f"{ref}: an escalation level recorded twice"
        open_now = expected[ref][-1] not in ("resolved", "rated")
        assert (ref in unresolved) == open_now, ref
    assert sum(1 for h in histories for e in h.events if e.kind == "escalated") > 0
    # Whoever recorded the levels, nothing due is missing: recording again adds nothing.
    again = run(ws, "--db", url, "escalations", "--record")
    assert again.exit_code == 0 and "recorded 0 escalation event(s)" in again.output

    # Importing every file again (one after the other, or all at once as above) adds nothing.
    for path in files:
        result = run(ws, "--db", url, "import", str(path))
        assert result.exit_code == 0 and "imported 0, updated 0" in result.output, result.output
    with open_store(url, workspace_id=WORKSPACE_ID, read_only=True) as store:
        assert [h.events for h in store.iter_histories()] == [h.events for h in histories]
