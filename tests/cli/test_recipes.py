"""Import recipes: a workspace's ``agreements/imports/NAME.toml`` and the presets shipped with
slacheck, named by ``slacheck import --recipe``, overridden by options, written by
``--save-recipe``, checked by ``slacheck validate`` and listed by ``slacheck recipes``.

The example workspace's zone is Europe/Berlin.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from slacheck.config.recipes import Recipe, preset_recipes, read_recipe
from slacheck.config.recipe_text import recipe_text
from clihelpers import run, run_process

JIRA = (
    "Summary,Issue key,Issue id,Priority,Reporter,Comment,Comment,Created,Resolved,Component/s\n"
    "Screen cracked,SALES-1,10001,Urgent,Ana,first,second,22/Dec/25 2:38 PM,23/Dec/25 9:05 AM,laptop-repair\n"
    "Pantalla rota,SALES-2,10002,,Bea,,,10/nov/25 4:51 PM,,Laptop-Repair\n"
)

OWN = """\
description = "Sales' Jira project"
extends = "jira-csv"
null = ["?"]

[set]
agreement = "it-for-sales"

[values.priority]
Highest = "urgent"
"""


def dump(ws: Path, db: str = ".slacheck/slacheck.db") -> list[tuple]:
    """Every interaction with its events, ids left out: what an import stored."""
    conn = sqlite3.connect(ws / db)
    try:
        rows = conn.execute(
            "SELECT i.ref, i.agreement, i.service, i.priority, i.requester, i.title, i.opened_at, "
            "e.kind, e.at, e.payload FROM interactions i JOIN events e ON e.interaction = i.id "
            "ORDER BY i.ref, e.at, e.kind").fetchall()
    finally:
        conn.close()
    return rows


def write_recipe(ws: Path, name: str, text: str) -> Path:
    path = ws / "agreements" / "imports" / f"{name}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def jira(tmp_path) -> Path:
    export = tmp_path / "jira.csv"
    export.write_text(JIRA, encoding="utf-8")
    return export


def test_a_preset_with_one_constant_imports_a_jira_export(example_workspace, jira):
    result = run(example_workspace, "import", str(jira), "--recipe", "jira-csv",
                 "--set", "agreement=it-for-sales")
    assert result.exit_code == 0, result.output
    assert "imported 2" in result.output
    rows = {row[0]: row for row in dump(example_workspace)}
    assert rows["SALES-1"][1:6] == ("it-for-sales", "laptop-repair", "urgent", "Ana", "Screen cracked")
    assert rows["SALES-2"][2] == "laptop-repair"  # matched regardless of case


def test_a_workspace_recipe_extends_a_preset_and_options_override_it(example_workspace, jira):
    write_recipe(example_workspace, "sales-jira", OWN)
    text = jira.read_text(encoding="utf-8").replace(",Urgent,", ",Highest,").replace(",,Bea,", ",?,Bea,")
    jira.write_text(text, encoding="utf-8")
    result = run(example_workspace, "import", str(jira), "--recipe", "sales-jira",
                 "--set", "requester=Sales desk")
    assert result.exit_code == 0, result.output
    rows = {row[0]: row for row in dump(example_workspace)}
    assert rows["SALES-1"][1:5] == ("it-for-sales", "laptop-repair", "urgent", "Sales desk")
    assert rows["SALES-2"][3] == ""  # '?' is a null marker of the workspace recipe


def test_a_workspace_recipe_wins_over_a_preset_of_the_same_name(example_workspace, jira):
    write_recipe(example_workspace, "jira-csv", 'extends = "jira-csv"\n[set]\nagreement = "it-for-sales"\n')
    result = run(example_workspace, "import", str(jira), "--recipe", "jira-csv")
    assert result.exit_code == 0, result.output
    assert "imported 2" in result.output
    listing = run(example_workspace, "recipes")
    assert "jira-csv" in listing.output and "hidden by the workspace recipe" in listing.output


def test_an_unknown_recipe_is_refused_with_the_known_ones(example_workspace, jira):
    result = run(example_workspace, "import", str(jira), "--recipe", "jira-cvs")
    assert result.exit_code == 2
    assert "unknown recipe 'jira-cvs' (did you mean 'jira-csv'?)" in result.output
    assert "servicenow-incidents" in result.output
    assert dump(example_workspace) == [] if (example_workspace / ".slacheck" / "slacheck.db").exists() else True


def test_a_broken_recipe_stops_the_import_with_its_positions(example_workspace, jira):
    path = write_recipe(example_workspace, "bad", '[columns]\nreff = "Issue key"\n[zones]\nopened_at = "Mars/Base"\n')
    result = run(example_workspace, "import", str(jira), "--recipe", "bad")
    assert result.exit_code == 2
    assert f"{path}:2:1: 'reff' is not an import column (did you mean 'ref'?)" in result.output
    assert f"{path}:4:13: unknown time zone 'Mars/Base'" in result.output


def test_validate_checks_the_recipes(example_workspace):
    write_recipe(example_workspace, "good", OWN)
    write_recipe(example_workspace, "bad", (
        'format = "xlsx"\n'
        'colums = 1\n'
        '[date_formats]\n'
        'opened_at = "dd/MM/yy"\n'
        'title = "%d"\n'
        '[folds]\n'
        'opened_at = "first"\n'
        '[values]\n'
        'priority = "x"\n'
        '[events]\n'
        'key = "number"\n'
    ))
    write_recipe(example_workspace, "loop", 'extends = "loop2"\n')
    write_recipe(example_workspace, "loop2", 'extends = "loop"\n')
    result = run(example_workspace, "validate")
    assert result.exit_code == 1
    out = result.output
    assert "imports/bad.toml:1:10: format must be one of csv, json, jsonl, not 'xlsx'" in out
    assert "imports/bad.toml:2:1: unknown key 'colums' (did you mean 'columns'?)" in out
    assert "imports/bad.toml:4:13: 'dd/MM/yy' is not a strptime format" in out
    assert "imports/bad.toml:5:9: title holds no timestamp" in out
    assert "imports/bad.toml:7:13: a fold is 'earlier' or 'later', not 'first'" in out
    assert "imports/bad.toml:9:12: values.priority must be a table" in out
    assert "imports/bad.toml:10:2: events.order: missing: name the column holding when each state began" in out
    assert "imports/loop.toml:1:11: recipe 'loop' extends itself in a circle" in out
    assert "good.toml" not in out
    only = run(example_workspace, "validate", str(example_workspace / "agreements" / "imports" / "good.toml"))
    assert only.exit_code == 0 and "1 file checked: no problems" in only.output


def test_save_recipe_then_recipe_reproduces_the_import(example_workspace, jira, tmp_path):
    options = ["--map", "ref=Issue key", "--map", "title=Summary", "--map", "priority=Priority",
               "--map", "opened_at=Created", "--map", "resolved_at=Resolved",
               "--map", "service=Component/s", "--map", "requester=Reporter",
               "--set", "agreement=it-for-sales", "--null", "?",
               "--date-format", "opened_at=%d/%b/%y %I:%M %p",
               "--date-format", "resolved_at=%d/%b/%y %I:%M %p",
               "--value", "priority:Highest=urgent", "--value", "priority:Medium=",
               "--tz", "resolved_at=Europe/Berlin", "--encoding", "utf-8"]
    first = run(example_workspace, "import", str(jira), *options, "--save-recipe", "sales")
    assert first.exit_code == 0, first.output
    saved = example_workspace / "agreements" / "imports" / "sales.toml"
    assert "Saved recipe 'sales': agreements/imports/sales.toml" in first.output
    text = saved.read_text(encoding="utf-8")
    assert "# Which column of the file feeds each of ours (--map OURS=THEIRS)." in text
    assert run(example_workspace, "validate").exit_code == 0
    again = run(example_workspace, "--db", str(tmp_path / "second.db"), "import", str(jira),
                "--recipe", "sales")
    assert again.exit_code == 0, again.output
    assert dump(example_workspace) == dump(example_workspace, str(tmp_path / "second.db"))


def test_recipes_lists_and_prints(example_workspace):
    write_recipe(example_workspace, "sales-jira", OWN.replace("Sales' Jira", "\\u001b[31mSales"))
    listing = run(example_workspace, "recipes")
    assert listing.exit_code == 0
    lines = listing.output.splitlines()
    (own,) = [line for line in lines if line.startswith("sales-jira")]
    assert "workspace" in own and lines.index(own) < lines.index(
        next(line for line in lines if "preset" in line))  # the workspace's come first
    assert "\\x1b[31mSales" in own and "\x1b" not in listing.output
    for name in preset_recipes():
        assert any(line.startswith(name) and "preset" in line for line in lines)
    shown = run(example_workspace, "recipes", "sales-jira")
    assert shown.exit_code == 0
    assert 'ref = "Issue key"' in shown.output and 'agreement = "it-for-sales"' in shown.output


def test_every_preset_is_valid_and_round_trips_through_its_text(tmp_path):
    assert preset_recipes(), "slacheck ships presets"
    for name, path in preset_recipes().items():
        recipe, problems, extends = read_recipe(path, preset=True)
        assert recipe is not None and problems == [], (name, problems)
        copy = tmp_path / f"{name}.toml"
        copy.write_text(recipe_text(recipe), encoding="utf-8")
        back, problems, _ = read_recipe(copy)
        assert problems == []
        assert _facts(back) == _facts(recipe), name


def _facts(recipe: Recipe) -> dict:
    return {key: value for key, value in recipe.__dict__.items() if key not in ("origin", "preset", "name")}


def test_save_recipe_refuses_a_name_that_is_not_a_file_name(example_workspace, jira):
    result = run(example_workspace, "import", str(jira), "--recipe", "jira-csv",
                 "--set", "agreement=it-for-sales", "--save-recipe", "../escape")
    assert result.exit_code == 2
    assert "a recipe name is letters, digits" in result.output
    assert not (example_workspace / "agreements" / "escape.toml").exists()


def test_recipes_as_a_real_process(example_workspace, jira):
    done = run_process(example_workspace, "import", str(jira), "--recipe", "jira-csv",
                       "--set", "agreement=it-for-sales")
    assert done.returncode == 0, done.stderr
    assert "imported 2" in done.stdout and "Traceback" not in done.stderr
    missing = run_process(example_workspace, "import", str(jira), "--recipe", "nope")
    assert missing.returncode == 2 and "unknown recipe 'nope'" in missing.stderr


def test_the_example_company_s_sales_jira_recipe(example_workspace, tmp_path):
    """agreements/imports/sales-jira.toml as shipped: components and priorities mapped, the
    first response read in UTC, a ticket without a component taken for a laptop."""
    export = tmp_path / "SALES.csv"
    export.write_text(
        "Summary,Issue key,Priority,Reporter,Component/s,Created,Resolved,"
        "Custom field ([CHART] Date of First Response),Comment,Comment\n"
        "Laptop dead,SALES-7,Highest,Ana,,02/Nov/26 9:00 AM,02/Nov/26 11:00 AM,02/Nov/26 8:20 AM,a,b\n"
        "CRM role,SALES-8,Medium,Bea,CRM,02/Nov/26 10:00 AM,,,,\n", encoding="utf-8")
    result = run(example_workspace, "import", str(export), "--recipe", "sales-jira")
    assert result.exit_code == 0, result.output
    rows = dump(example_workspace)
    seven = [row for row in rows if row[0] == "SALES-7"]
    assert seven[0][1:4] == ("it-for-sales", "laptop-repair", "urgent")
    # 08:20 UTC is 09:20 in Berlin: twenty minutes after the opening.
    assert [row[7:9] for row in seven][:2] == [(1, 1793606400), (2, 1793607600)]
    eight = [row for row in rows if row[0] == "SALES-8"]
    assert eight[0][1:4] == ("it-for-sales", "crm-access", "")


def test_the_example_company_s_servicenow_json_recipe(example_workspace, tmp_path):
    """agreements/imports/plant-servicenow.toml: ServiceNow's JSONv2 export keeps the incidents
    under "records"; the recipe says so, and maps the plant's categories and priorities."""
    import json

    export = tmp_path / "incidents.json"
    export.write_text(json.dumps({"records": [
        {"number": "INC0020001", "short_description": "MES terminal frozen", "caller_id": "Line 3",
         "priority": "1 - Critical", "category": "MES", "opened_at": "2026-11-02 14:00:00",
         "resolved_at": "2026-11-02 15:10:00", "sys_id": "a1"},
        {"number": "INC0020002", "short_description": "Label printer jams", "caller_id": "Line 1",
         "priority": "3 - Moderate", "category": "Printer", "opened_at": "2026-11-03 09:00:00",
         "resolved_at": "", "sys_id": "a2"},
    ]}), encoding="utf-8")
    result = run(example_workspace, "import", str(export), "--recipe", "plant-servicenow")
    assert result.exit_code == 0, result.output
    rows = {row[0]: row for row in dump(example_workspace)}
    assert rows["INC0020001"][1:4] == ("it-for-plant", "mes", "urgent")
    assert rows["INC0020002"][1:4] == ("it-for-plant", "label-printers", "")
    assert rows["INC0020001"][6] == 1793649600  # 14:00 in Chicago is 20:00 UTC


def test_a_column_a_preset_maps_but_the_file_lacks_says_how_to_do_without(example_workspace, tmp_path):
    export = tmp_path / "current-fields.csv"
    export.write_text("Summary,Issue key,Priority,Created,Resolved,Component/s\n"
                      "x,SALES-1,,01/Dec/25 8:10 AM,,laptop-repair\n", encoding="utf-8")
    args = ["import", str(export), "--recipe", "jira-csv", "--set", "agreement=it-for-sales"]
    refused = run(example_workspace, *args)
    assert refused.exit_code == 2
    assert "no column 'Reporter' (mapped to requester) in the header" in refused.output
    assert "give --map requester=COLUMN, or --set requester= to leave it empty" in refused.output
    done = run(example_workspace, *args, "--set", "requester=")
    assert done.exit_code == 0 and "imported 1" in done.output, done.output
