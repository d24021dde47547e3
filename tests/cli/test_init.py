"""``slacheck init``: a commented workspace, written completely or not at all."""

from __future__ import annotations

import inspect
import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from slacheck.cli import init as init_module
from slacheck.cli.main import cli
from slacheck.errors import InputError

REPO = Path(__file__).resolve().parents[2]
EXPECTED = [
    "agreements/slacheck.toml",
    "agreements/teams.toml",
    "agreements/calendars.toml",
    "agreements/it-helpdesk.toml",
    "agreements/purchasing-for-workshop.toml",
    "agreements/health/squad-health.toml",
    "agreements/health/relationship-check.toml",
    ".gitignore",
]


def run(*args: str):
    return CliRunner().invoke(cli, ["init", *args])


def written(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_scaffolds_a_workspace_in_a_new_folder(tmp_path: Path):
    root = tmp_path / "new" / "brightwater"
    result = run(str(root))
    assert result.exit_code == 0, result.output
    assert written(root) == sorted(EXPECTED)
    for rel in EXPECTED:
        assert f"  {rel}\n" in result.stdout
    assert f"cd {root} && slacheck validate" in result.stdout
    assert ".slacheck/" in (root / ".gitignore").read_text().splitlines()


def test_the_scaffold_validates_without_a_problem(tmp_path: Path):
    run(str(tmp_path))
    result = CliRunner().invoke(cli, ["--workspace", str(tmp_path), "validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["files"], report["errors"], report["warnings"]) == (7, 0, 0)


def test_every_toml_file_parses_and_is_commented(tmp_path: Path):
    run(str(tmp_path))
    for path in (tmp_path / "agreements").rglob("*.toml"):
        text = path.read_text(encoding="utf-8")
        tomllib.loads(text)
        assert text.startswith("#"), path


def test_health_templates_are_the_example_company_files(tmp_path: Path):
    run(str(tmp_path))
    for name in ("squad-health.toml", "relationship-check.toml"):
        ours = (tmp_path / "agreements" / "health" / name).read_bytes()
        assert ours == (REPO / "agreements" / "health" / name).read_bytes()
    squad = tomllib.loads((tmp_path / "agreements/health/squad-health.toml").read_text())
    assert len(squad["cards"]) == 11


def test_scaffold_is_a_smaller_company_than_the_example(tmp_path: Path):
    run(str(tmp_path))
    def ids(root: Path) -> set[str]:
        return {p.stem for p in root.glob("*.toml")} - {"teams", "calendars", "slacheck"}
    ours, example = ids(tmp_path / "agreements"), ids(REPO / "agreements")
    assert len(ours) == 2 and not ours & example
    teams = tomllib.loads((tmp_path / "agreements/teams.toml").read_text())["teams"]
    example_teams = tomllib.loads((REPO / "agreements/teams.toml").read_text())["teams"]
    assert len(teams) < len(example_teams)
    agreements = [tomllib.loads((tmp_path / "agreements" / f"{i}.toml").read_text()) for i in ours]
    mentioned = {a["provider"] for a in agreements}
    mentioned |= {c for a in agreements for c in a["consumers"]}
    mentioned |= {e["to"] for a in agreements for e in a.get("escalations", [])}
    assert mentioned == set(teams)


def test_dates_are_set_to_today_and_a_year_ahead(tmp_path: Path):
    run(str(tmp_path))
    agreement = tomllib.loads((tmp_path / "agreements/it-helpdesk.toml").read_text())
    today = date.today()
    assert agreement["effective"] == today
    assert agreement["review_by"] > today
    leap = dict(init_module.plan(date(2028, 2, 29)))
    text = leap["agreements/purchasing-for-workshop.toml"].decode()
    assert "effective = 2028-02-29\n" in text and "review_by = 2029-02-28\n" in text


def test_defaults_to_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 0, result.output
    assert written(tmp_path) == sorted(EXPECTED)
    assert "  slacheck validate" in result.stdout and "cd " not in result.stdout


def test_refuses_to_overwrite_and_writes_nothing(tmp_path: Path):
    (tmp_path / ".gitignore").write_text("node_modules/\n")
    result = run(str(tmp_path))
    assert result.exit_code == 1
    assert str(tmp_path / ".gitignore") in result.stderr
    assert "nothing was written" in result.stderr
    assert result.stdout == ""
    assert written(tmp_path) == [".gitignore"]
    assert (tmp_path / ".gitignore").read_text() == "node_modules/\n"


def test_second_run_names_every_existing_file(tmp_path: Path):
    run(str(tmp_path))
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = run(str(tmp_path))
    assert result.exit_code == 1
    for rel in EXPECTED:
        assert str(tmp_path / rel) in result.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_a_file_where_a_folder_goes_is_refused(tmp_path: Path):
    (tmp_path / "agreements").write_text("not a folder")
    result = run(str(tmp_path))
    assert result.exit_code == 1
    assert "a file where a folder is needed" in result.stderr
    assert written(tmp_path) == ["agreements"]


def test_directory_that_is_a_file_is_a_usage_error(tmp_path: Path):
    target = tmp_path / "notes.txt"
    target.write_text("x")
    result = run(str(target))
    assert result.exit_code == 2
    assert "is a file" in result.stderr


def test_a_failed_write_removes_what_was_written(tmp_path: Path):
    files = init_module.plan(date(2026, 1, 1))
    broken = files[:3] + [("agreements/teams.toml", b"again")]  # exists by then: "x" mode fails
    with pytest.raises(InputError):
        init_module.write_all(tmp_path / "ws", broken)
    assert list(tmp_path.iterdir()) == []


def test_help_ends_with_an_example():
    help_text = inspect.cleandoc(init_module.init.help)
    assert "\b\nExample:\n" in help_text
    assert help_text.splitlines()[-1].strip().startswith("cd ")


def test_a_new_workspace_gets_an_id_of_its_own(tmp_path: Path):
    """The id names the workspace's schema on a shared server: valid, from the folder's name,
    and different for two workspaces of the same name."""
    from slacheck.config.workspace import WORKSPACE_ID, Workspace

    ids = []
    for parent in ("a", "b"):
        root = tmp_path / parent / "Bright Water 2"
        assert run(str(root)).exit_code == 0
        settings = tomllib.loads((root / "agreements" / "slacheck.toml").read_text(encoding="utf-8"))
        assert WORKSPACE_ID.fullmatch(settings["id"]) and settings["id"].startswith("bright-water-2-")
        assert Workspace(root).identity == settings["id"]
        assert CliRunner().invoke(cli, ["--workspace", str(root), "validate"]).exit_code == 0
        ids.append(settings["id"])
    assert ids[0] != ids[1]


@pytest.mark.parametrize(("name", "expected"), [("2026 plans", "ws-2026-plans-"), ("---", "ws-"),
                                                ("Ünïcode", "n-code-")])
def test_an_id_is_made_valid_whatever_the_folder_is_called(tmp_path: Path, name: str, expected: str):
    from slacheck.config.workspace import WORKSPACE_ID

    made = init_module.workspace_id(tmp_path / name)
    assert WORKSPACE_ID.fullmatch(made) and made.startswith(expected)
