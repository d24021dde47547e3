"""``slacheck import`` through the CLI: idempotent, appends progress, rejects bad rows by number.

Tests taking ``backend_workspace`` run on SQLite and on PostgreSQL (``SLACHECK_DB``).
"""

import json

from clihelpers import run, run_process

HEADER = "ref,agreement,service,priority,requester,title,opened_at,first_response_at,resolved_at,pauses,rating,comment\n"


def write(path, *rows):
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return str(path)


def test_import_twice_changes_nothing_and_progress_appends(backend_workspace, tmp_path):
    first = write(tmp_path / "a.csv",
                  "K-1,it-for-sales,laptop-repair,,Ann,=cmd|' /C calc'!A0,2026-11-16T09:00,2026-11-16T10:00,,,,",
                  "K-2,it-for-sales,laptop-repair,urgent,Bob,[b]x[/b],2026-11-16T09:00,,,,,")
    result = run(backend_workspace, "import", first)
    assert (result.exit_code, result.output.strip()) == (0, f"{first}: imported 2, updated 0, unchanged 0, rejected 0")
    assert "unchanged 2" in run(backend_workspace, "import", first).output
    later = write(tmp_path / "b.csv",
                  "K-1,it-for-sales,laptop-repair,,Ann,=cmd|' /C calc'!A0,2026-11-16T09:00,2026-11-16T10:00,2026-11-17T10:00,,5,great",
                  "K-2,it-for-sales,laptop-repair,urgent,Bob,[b]x[/b],2026-11-16T09:00,,,,,")
    assert "imported 0, updated 1, unchanged 1" in run(backend_workspace, "import", later).output
    shown = run(backend_workspace, "show", "K-1").output
    assert "resolved" in shown and "rating=5" in shown and "=cmd|' /C calc'!A0" in shown


def test_bad_rows_are_reported_by_row_and_the_rest_imports(backend_workspace, tmp_path):
    path = write(tmp_path / "bad.csv",
                 "K-1,it-for-sales,laptop-repair,,Ann,ok,2026-11-16T09:00,,,,,",
                 "K-2,it-for-sales,laptop-repair,critical,Bob,bad priority,2026-11-16T09:00,,,,,",
                 "K-3,it-for-sales,laptop-repair,,Cy,bad time,not-a-time,,,,,")
    result = run(backend_workspace, "import", path)
    assert result.exit_code == 1
    assert f"{path}:3: " in result.output and f"{path}:4: " in result.output
    assert "imported 1" in result.output and "rejected 2" in result.output
    strict = write(tmp_path / "strict.csv", "K-9,it-for-sales,nope,,A,t,2026-11-16T09:00,,,,,",
                   "K-10,it-for-sales,laptop-repair,,A,t,2026-11-16T09:00,,,,,")
    assert run(backend_workspace, "import", strict, "--strict").exit_code == 1
    assert run(backend_workspace, "show", "K-10").exit_code == 2  # nothing of a strict import stored


def test_dry_run_and_mapping(backend_workspace, tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"Key": "J-1", "agreement": "it-for-sales", "service": "laptop-repair",
                                "title": "mapped", "Created": "2026-11-16T09:00+01:00"}) + "\n")
    dry = run(backend_workspace, "import", str(path), "--map", "ref=Key", "--map", "opened_at=Created", "--dry-run")
    assert dry.exit_code == 0 and "dry run" in dry.output
    assert run(backend_workspace, "show", "J-1").exit_code == 2
    done = run(backend_workspace, "import", str(path), "--map", "ref=Key", "--map", "opened_at=Created")
    assert "imported 1" in done.output and run(backend_workspace, "show", "J-1").exit_code == 0


def test_unreadable_file_exits_2_as_a_real_process(example_workspace, tmp_path):
    proc = run_process(example_workspace, "import", str(tmp_path / "missing.csv"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "missing.csv" in proc.stderr
    binary = tmp_path / "junk.csv"
    binary.write_bytes(b"\x00\xff\xfe garbage \x00")
    proc = run_process(example_workspace, "import", str(binary))
    assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr
