"""Problems: sorting, formatting, relative paths, "did you mean"."""

from __future__ import annotations

from pathlib import Path

from slacheck.config.problems import Problem, did_you_mean


def test_format_error_and_warning(tmp_path):
    path = tmp_path / "agreements" / "a.toml"
    text = Problem(path, 3, 7, "bad thing").format(cwd=tmp_path)
    assert text == "agreements/a.toml:3:7: bad thing"
    warning = Problem(path, 1, 1, "old", "warning")
    assert warning.format(cwd=tmp_path) == "agreements/a.toml:1:1: warning: old"


def test_path_outside_the_cwd_stays_absolute(tmp_path):
    path = tmp_path / "a.toml"
    assert Problem(path, 1, 1, "x").format(cwd=tmp_path / "elsewhere") == f"{path}:1:1: x"


def test_relative_to_the_current_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert Problem(tmp_path / "b.toml", 2, 3, "m").format() == "b.toml:2:3: m"


def test_sorted_by_path_line_col_message():
    a, b = Path("/w/a.toml"), Path("/w/b.toml")
    problems = [Problem(b, 1, 1, "x"), Problem(a, 2, 1, "x"), Problem(a, 1, 5, "z"),
                Problem(a, 1, 5, "y", "warning"), Problem(a, 1, 2, "x")]
    assert [(p.path.name, p.line, p.col, p.message) for p in sorted(problems)] == [
        ("a.toml", 1, 2, "x"), ("a.toml", 1, 5, "y"), ("a.toml", 1, 5, "z"),
        ("a.toml", 2, 1, "x"), ("b.toml", 1, 1, "x"),
    ]


def test_json_shape(tmp_path):
    data = Problem(tmp_path / "a.toml", 4, 2, "m", "warning").to_json(cwd=tmp_path)
    assert data == {"path": "a.toml", "line": 4, "col": 2, "severity": "warning", "message": "m"}


def test_did_you_mean():
    assert did_you_mean("titel", ["title", "id"]) == " (did you mean 'title'?)"
    assert did_you_mean("de", ["DE", "FR"]) == " (did you mean 'DE'?)"
    assert did_you_mean("zzz", ["title"]) == ""
