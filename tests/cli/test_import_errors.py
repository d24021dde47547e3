"""``slacheck import`` errors people can act on: identical problems printed once with a count
and their first rows, a suggested ``--date-format``, long id lists cut, and a ``--dry-run``
preview of the rows as slacheck reads them.

The workspace's zone is Europe/Berlin.
"""

from __future__ import annotations

import re
import sqlite3

from clihelpers import run

HEADER = "ref,agreement,service,priority,requester,title,opened_at,first_response_at,resolved_at,pauses,rating,comment\n"


def write(path, rows: list[str]) -> str:
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return str(path)


def ticket(ref: str, opened: str = "2026-11-16T09:00:00Z", *, service: str = "laptop-repair",
           title: str = "t", resolved: str = "", rating: str = "") -> str:
    return f"{ref},it-for-sales,{service},,Ann,{title},{opened},,{resolved},,{rating},"


def stored_refs(ws) -> set[str]:
    path = ws / ".slacheck" / "slacheck.db"
    if not path.exists():
        return set()
    conn = sqlite3.connect(path)
    try:
        return {ref for (ref,) in conn.execute("SELECT ref FROM interactions")}
    finally:
        conn.close()


def lines_with(output: str, text: str) -> list[str]:
    return [line for line in output.splitlines() if text in line]


def test_fifty_rows_with_the_same_bad_date_shape_are_one_line_with_the_format_to_give(
        example_workspace, tmp_path):
    days = [f"{13 + n % 16:02d}-02-2016 01:16" for n in range(50)]  # days 13-28: day first
    path = write(tmp_path / "tickets.csv", [ticket(f"K-{n}", day) for n, day in enumerate(days)])
    result = run(example_workspace, "import", path)
    assert result.exit_code == 1
    assert lines_with(result.output, "is not ISO 8601") == [
        f"{path}:2,3,4 (+47 more): opened_at: '13-02-2016 01:16' is not ISO 8601; "
        "give --date-format opened_at='%d-%m-%Y %H:%M'"
    ]
    assert result.output.rstrip().endswith(f"{path}: imported 0, updated 0, unchanged 0, rejected 50")
    again = run(example_workspace, "import", path, "--date-format", "opened_at=%d-%m-%Y %H:%M")
    assert (again.exit_code, again.output.strip()) == (0, f"{path}: imported 50, updated 0, unchanged 0, rejected 0")


def test_day_and_month_both_possible_names_both_formats_and_never_guesses(example_workspace, tmp_path):
    path = write(tmp_path / "t.csv", [ticket("K-1", "02-03-2016 10:00"), ticket("K-2", "11-12-2016 10:00")])
    result = run(example_workspace, "import", path)
    (line,) = lines_with(result.output, "is not ISO 8601")
    assert line.startswith(f"{path}:2,3: opened_at: '02-03-2016 10:00' is not ISO 8601; ")
    assert ("both --date-format opened_at='%d-%m-%Y %H:%M' and opened_at='%m-%d-%Y %H:%M' fit every "
            "value; slacheck never guesses") in line
    assert stored_refs(example_workspace) == set()


def test_a_given_format_that_does_not_match_suggests_the_one_that_does(example_workspace, tmp_path):
    path = write(tmp_path / "t.csv", [ticket("K-1", "22/Dec/25 2:38 PM"), ticket("K-2", "10/nov/25 4:51 PM")])
    result = run(example_workspace, "import", path, "--date-format", "opened_at=%d/%m/%Y %H:%M")
    assert lines_with(result.output, "does not match") == [
        f"{path}:2,3: opened_at: '22/Dec/25 2:38 PM' does not match the date format '%d/%m/%Y %H:%M'; "
        "give --date-format opened_at='%d/%b/%y %I:%M %p'"
    ]


def test_values_no_common_format_reads_get_the_general_advice(example_workspace, tmp_path):
    path = write(tmp_path / "t.csv", [ticket("K-1", "13-02-2016 10:00"), ticket("K-2", "soon")])
    (line,) = lines_with(run(example_workspace, "import", path).output, "is not ISO 8601")
    assert line == (f"{path}:2,3: opened_at: '13-02-2016 10:00' is not ISO 8601; write ISO 8601 "
                    "(2026-03-02T09:15:00+01:00), or give a --date-format opened_at=FORMAT that reads it")


def test_distinct_problems_are_not_merged_and_one_row_keeps_file_row(example_workspace, tmp_path):
    path = write(tmp_path / "t.csv", [
        ticket("K-1", service="nope"), ticket("K-2", service="other"), ticket("K-3", service="nope"),
        ticket("K-4", "soon"), ticket("K-5", resolved="later"),
    ])
    result = run(example_workspace, "import", path)
    errors = [line for line in result.output.splitlines() if line.startswith(path + ":")]
    assert errors == [
        f"{path}:2,4: agreement 'it-for-sales' has no service 'nope'; it has: laptop-repair, crm-access, mobile-devices",
        f"{path}:3: agreement 'it-for-sales' has no service 'other'; it has: laptop-repair, crm-access, mobile-devices",
        f"{path}:5: opened_at: 'soon' is not ISO 8601; write ISO 8601 (2026-03-02T09:15:00+01:00), "
        "or give a --date-format opened_at=FORMAT that reads it",
        f"{path}:6: resolved_at: 'later' is not ISO 8601; write ISO 8601 (2026-03-02T09:15:00+01:00), "
        "or give a --date-format resolved_at=FORMAT that reads it",
        f"{path}: imported 0, updated 0, unchanged 0, rejected 5",
    ]


def test_warnings_are_grouped_and_marked_apart_from_rejected_rows(example_workspace, tmp_path):
    resolved = "2026-11-17T09:00:00Z"
    path = write(tmp_path / "t.csv", [
        ticket(f"K-{n}", resolved=resolved, rating=rating) for n, rating in enumerate(["9", "7", "x", "0", "4"])
    ] + [ticket("K-9", service="nope", rating="9", resolved=resolved)])
    result = run(example_workspace, "import", path)
    assert result.exit_code == 1
    assert lines_with(result.output, "rating:") == [
        f"{path}:2,3,4 (+1 more): warning: rating: a rating is a whole number from 1 to 5, not '9' "
        "(kept the ticket without its rating)"
    ]
    (rejected,) = lines_with(result.output, "no service 'nope'")
    assert rejected.startswith(f"{path}:7: agreement") and ": warning: " not in rejected
    assert "imported 5" in result.output and "(4 optional field(s) dropped)" in result.output


def test_strict_and_dry_run_print_the_groups_too(example_workspace, tmp_path):
    path = write(tmp_path / "t.csv", [ticket("K-1"), ticket("K-2", "soon"), ticket("K-3", "later")])
    for option in ("--strict", "--dry-run"):
        result = run(example_workspace, "import", path, option)
        assert result.exit_code == 1
        assert lines_with(result.output, "is not ISO 8601")[0].startswith(f"{path}:3,4: opened_at: 'soon'")
    assert stored_refs(example_workspace) == set()


def test_errors_come_after_the_rows_are_read_and_before_the_summary(example_workspace, tmp_path):
    path = write(tmp_path / "t.csv", [ticket("K-1", "soon"), ticket("K-2")])
    output = run(example_workspace, "import", path, "--dry-run").output
    assert output.index("K-2") < output.index(f"{path}:2: opened_at") < output.index("imported 1")


def test_more_distinct_messages_than_are_kept_are_counted(example_workspace, tmp_path):
    rows = [ticket(f"K-{n}", service=f"svc-{n}") for n in range(1005)] + [ticket("K-x", service="svc-0")]
    path = write(tmp_path / "t.csv", rows)
    result = run(example_workspace, "import", path)
    errors = [line for line in result.output.splitlines() if line.startswith(path + ":")]
    assert len(errors) == 1000 + 1  # the groups kept, and the summary
    assert errors[0].startswith(f"{path}:2,1007: agreement 'it-for-sales' has no service 'svc-0'")
    assert ("... and 5 rejected row(s) with 5 other message(s), not shown: only the first 1,000 "
            "different messages are kept") in result.output
    assert "rejected 1006" in result.output


def test_a_long_list_of_services_is_cut(example_workspace, tmp_path):
    agreement = example_workspace / "agreements" / "it-for-sales.toml"
    agreement.write_text(agreement.read_text(encoding="utf-8") + "".join(
        f'\n[[services]]\nid = "extra-{n:03d}"\nname = "Extra {n}"\nresolution = "1d"\n' for n in range(203)
    ), encoding="utf-8")
    path = write(tmp_path / "t.csv", [ticket("K-1", service="nope")])
    result = run(example_workspace, "import", path)
    (line,) = lines_with(result.output, "has no service")
    assert line.endswith("; it has: laptop-repair, crm-access, mobile-devices, extra-000, extra-001, "
                         "extra-002, extra-003, extra-004, extra-005, extra-006 (+196 more)")


def test_dry_run_shows_the_first_rows_as_read_and_stores_nothing(example_workspace, tmp_path):
    path = write(tmp_path / "t.csv", [
        "K-1,it-for-sales,Laptop-Repair,URGENT,Ann,Screen cracked,16/11/2026 09:00,16/11/2026 09:20,"
        "17/11/2026 10:00,2026-11-16T12:00Z/2026-11-16T13:00Z,5,",
        ticket("K-2", "29/02/2026 10:00"),  # no 29 February in 2026
        ticket("K-3", "20/07/2026 10:00", title="x" * 50),
    ] + [ticket(f"K-{n}", "01/12/2026 08:00") for n in range(4, 10)])
    formats = [f"--date-format={column}=%d/%m/%Y %H:%M" for column in ("opened_at", "first_response_at", "resolved_at")]
    result = run(example_workspace, "import", path, "--dry-run", *formats)
    output = result.output
    assert "times in Europe/Berlin" in output
    table = output.split("times in Europe/Berlin):\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert table[0].split() == ["row", "ref", "agreement", "service", "priority", "opened", "first",
                                "response", "resolved", "pauses", "rating", "title"]
    assert re.fullmatch(r"[- ]+", table[1])
    assert table[2].split() == [
        "2", "K-1", "it-for-sales", "laptop-repair", "urgent", "2026-11-16", "09:00+01:00", "2026-11-16",
        "09:20+01:00", "2026-11-17", "10:00+01:00", "2026-11-16", "13:00+01:00/2026-11-16",
        "14:00+01:00", "5", "Screen", "cracked",
    ]
    assert table[3].split()[:6] == ["4", "K-3", "it-for-sales", "laptop-repair", "-", "2026-07-20"]
    assert table[3].split()[6] == "10:00+02:00" and table[3].endswith("x" * 29 + "…")
    assert len(table) == 2 + 5  # five rows: the row that could not be read is an error instead
    assert f"{path}:3: opened_at: '29/02/2026 10:00' does not match" in output
    assert "(dry run: nothing written)" in output
    assert stored_refs(example_workspace) == set()
    fewer = run(example_workspace, "import", path, "--dry-run", "--preview", "1", *formats).output
    assert "K-1" in fewer and "K-3" not in fewer
    none = run(example_workspace, "import", path, "--dry-run", "--preview", "0", *formats).output
    assert "first rows" not in none and "K-1" not in none


def test_a_hostile_title_is_shown_literally_in_the_preview(example_workspace, tmp_path):
    path = write(tmp_path / "t.csv", [ticket("K-1", title="\x1b[31mred[/] [bold]b\x07")])
    result = run(example_workspace, "import", path, "--dry-run")
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[31mred[/] [bold]b\\x07" in result.output


def test_a_real_import_shows_no_preview_unless_asked(example_workspace, tmp_path):
    path = write(tmp_path / "t.csv", [ticket("K-1")])
    plain = run(example_workspace, "import", path)
    assert plain.output.strip() == f"{path}: imported 1, updated 0, unchanged 0, rejected 0"
    asked = run(example_workspace, "import", write(tmp_path / "u.csv", [ticket("K-2")]), "--preview", "3")
    assert "K-2" in asked.output.split("imported")[0] and stored_refs(example_workspace) == {"K-1", "K-2"}
