"""Reading one file: syntax errors with positions, and any bytes at all without a traceback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from slacheck.config.source import parse_text, read_source


def read(tmp_path: Path, raw: bytes):
    path = tmp_path / "x.toml"
    path.write_bytes(raw)
    return read_source(path)


def test_plain_python_values_and_positions(tmp_path):
    source = read(tmp_path, b'a = 2026-01-01\n[t]\nb = ["x"]\n')
    assert source.problems == []
    assert source.data == {"a": date(2026, 1, 1), "t": {"b": ["x"]}}
    assert type(source.data["t"]) is dict and type(source.data["t"]["b"][0]) is str
    assert source.positions.value(("t", "b", 0)) == (3, 6)


def test_syntax_error_has_the_parser_line_and_column(tmp_path):
    source = read(tmp_path, b'a = 1\nb = [1,\n 2 x]\n')
    assert source.data is None
    [problem] = source.problems
    assert (problem.line, problem.col) == (3, 4)
    assert problem.message == "invalid TOML: unexpected character: 'x'"


def test_duplicate_key_is_a_syntax_error(tmp_path):
    [problem] = read(tmp_path, b'a = 1\na = 2\n').problems
    assert (problem.line, problem.col) == (2, 1)
    assert "already exists" in problem.message


def test_unexpected_end_of_file_points_at_the_end(tmp_path):
    [problem] = read(tmp_path, b'a = 1\nb = ').problems
    assert problem.message == "invalid TOML: unexpected end of file"
    assert (problem.line, problem.col) == (2, 5)


def test_invalid_utf8_is_one_problem_at_1_1(tmp_path):
    source = read(tmp_path, b'a = "ok"\nb = "\xff"\n')
    assert source.data is None
    [problem] = source.problems
    assert (problem.line, problem.col, problem.severity) == (1, 1, "error")
    assert problem.message.startswith("not UTF-8 text: byte 0xff on line 2")


def test_nul_byte_is_a_syntax_error_not_a_traceback(tmp_path):
    [problem] = read(tmp_path, b'a = "x\x00y"\n').problems
    assert problem.severity == "error" and problem.message.startswith("invalid TOML")


def test_byte_order_mark_is_a_warning_and_the_file_still_parses(tmp_path):
    source = read(tmp_path, b'\xef\xbb\xbfa = 1\n')
    assert source.data == {"a": 1}
    [problem] = source.problems
    assert (problem.line, problem.col, problem.severity) == (1, 1, "warning")
    assert "byte-order mark" in problem.message
    assert source.positions.value(("a",)) == (1, 5)


def test_unreadable_file_is_a_problem(tmp_path):
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    [problem] = read_source(folder).problems
    assert problem.message.startswith("cannot read the file")


def test_deep_nesting_does_not_raise():
    source = parse_text("a = " + "[" * 5000 + "]" * 5000, Path("x.toml"))
    assert source.data is None or source.problems == []


@pytest.mark.parametrize("raw", [b"", b"# only a comment\n", b"\n\n"])
def test_empty_documents(tmp_path, raw):
    source = read(tmp_path, raw)
    assert source.data == {} and source.problems == []
