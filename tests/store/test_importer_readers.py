"""The streaming readers: row numbers a user can find, encodings, broken files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slacheck.errors import InputError
from slacheck.importer import RowProblem, open_source, readers


def rows_of(path: Path, fmt: str | None = None, encoding: str = "utf-8"):
    source = open_source(path, fmt, encoding)
    try:
        return [(n, v if isinstance(v, dict) else f"problem: {v}") for n, v in source.rows]
    finally:
        source.close()


def test_csv_rows_are_numbered_by_the_line_they_start_on(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text('ref,title\nA,"two\nlines"\n\nB,plain\n', encoding="utf-8")
    assert rows_of(path) == [(2, {"ref": "A", "title": "two\nlines"}), (5, {"ref": "B", "title": "plain"})]


def test_csv_header_names_are_trimmed_and_short_rows_padded(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text(" ref , title\nA\nB,x,\nC,y,extra\n", encoding="utf-8")
    assert rows_of(path) == [
        (2, {"ref": "A"}),
        (3, {"ref": "B", "title": "x"}),
        (4, "problem: the row has 3 fields but the header names 2 columns"),
    ]


def test_a_bom_is_accepted_and_utf16_is_read(tmp_path: Path):
    path = tmp_path / "bom.csv"
    path.write_bytes("ref,title\nA,Grüße\n".encode("utf-8-sig"))
    assert rows_of(path) == [(2, {"ref": "A", "title": "Grüße"})]
    path.write_bytes("ref,title\nA,Grüße\n".encode("utf-16"))
    assert rows_of(path) == [(2, {"ref": "A", "title": "Grüße"})]


def test_bytes_that_are_not_utf8_make_only_that_row_a_problem(tmp_path: Path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"ref,title\nA,ok\nB,M\xfcller\nC,fine\n")
    found = rows_of(path)
    assert found[0] == (2, {"ref": "A", "title": "ok"})
    assert found[1][0] == 3 and "0xfc" in found[1][1] and "UTF-8" in found[1][1]
    assert found[2] == (4, {"ref": "C", "title": "fine"})


def test_another_encoding_can_be_named(tmp_path: Path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"ref,title\nB,M\xfcller\n")
    assert rows_of(path, encoding="latin-1") == [(2, {"ref": "B", "title": "Müller"})]


def test_huge_csv_fields_are_read_whole(tmp_path: Path):
    path = tmp_path / "t.csv"
    huge = "x" * 3_000_000
    path.write_text(f"ref,title\nA,{huge}\n", encoding="utf-8")
    assert rows_of(path) == [(2, {"ref": "A", "title": huge})]


def test_a_repeated_header_keeps_the_first_column_of_that_name(tmp_path: Path):
    path = tmp_path / "jira.csv"
    path.write_text("ref,Comment,title,Comment\nA,first,T,second\n", encoding="utf-8")
    assert rows_of(path) == [(2, {"ref": "A", "Comment": "first", "title": "T"})]


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"\n\n", "empty file"),
    (b"r\xffef,title\n", "header"),
])
def test_csv_files_that_cannot_be_read_at_all(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        rows_of(path)
    assert caught.value.exit_code == 2


def test_json_lines_are_numbered_by_line_and_bad_lines_skipped(tmp_path: Path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"ref": "A"}\n\n{"ref": \n[1, 2]\n{"ref": "B\xff"}\n{"ref": "C"}\n')
    found = rows_of(path)
    assert found[0] == (1, {"ref": "A"})
    assert found[1][0] == 3 and "not valid JSON" in found[1][1]
    assert found[2] == (4, "problem: expected a JSON object, found an array")
    assert found[3][0] == 5 and "UTF-8" in found[3][1]
    assert found[4] == (6, {"ref": "C"})


def test_a_json_array_is_streamed_in_small_pieces(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(readers, "_CHUNK", 7)  # every element spans several reads
    elements = [{"ref": f"R{n}", "title": "t" * (n * 13), "rating": n, "ok": True, "x": None}
                for n in range(40)]
    path = tmp_path / "t.json"
    path.write_text(json.dumps(elements, indent=1), encoding="utf-8")
    assert rows_of(path) == [(n + 1, element) for n, element in enumerate(elements)]
    path.write_text(json.dumps(elements, separators=(",", ":")), encoding="utf-8")
    assert rows_of(path) == [(n + 1, element) for n, element in enumerate(elements)]


def test_json_array_elements_that_are_not_objects_are_row_problems(tmp_path: Path):
    path = tmp_path / "t.json"
    path.write_text('[{"ref": "A"}, 12, "x", null, {"ref": "B"}]', encoding="utf-8")
    assert rows_of(path) == [
        (1, {"ref": "A"}),
        (2, "problem: expected a JSON object, found a number"),
        (3, "problem: expected a JSON object, found a string"),
        (4, "problem: expected a JSON object, found null"),
        (5, {"ref": "B"}),
    ]


@pytest.mark.parametrize("text, good", [
    ('[{"ref": "A"}, {"ref": }, {"ref": "C"}]', 1),
    ('[{"ref": "A"}, {"ref": "B"}', 2),
    ('[{"ref": "A"} {"ref": "B"}]', 1),
    ('[{"ref": "A"}, {"ref": "B', 1),
])
def test_broken_json_reports_the_element_and_stops(tmp_path: Path, text: str, good: int):
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    found = rows_of(path)
    assert [n for n, v in found if isinstance(v, dict)] == list(range(1, good + 1))
    assert isinstance(found[-1][1], str) and "not valid JSON" in found[-1][1]


@pytest.mark.parametrize("text", ['{"ref": "A"}', "", "ref,title"])
def test_a_json_file_that_is_not_an_array_is_unreadable(tmp_path: Path, text: str):
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="expected a JSON array"):
        rows_of(path)


def test_an_empty_json_array_has_no_rows(tmp_path: Path):
    path = tmp_path / "t.json"
    path.write_text(" [ ] ", encoding="utf-8")
    assert rows_of(path) == []


def test_the_format_comes_from_the_extension_or_the_option(tmp_path: Path):
    path = tmp_path / "export.txt"
    path.write_text('{"ref": "A"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="--format"):
        rows_of(path)
    assert rows_of(path, "jsonl") == [(1, {"ref": "A"})]
    with pytest.raises(InputError, match="unknown format"):
        rows_of(path, "xml")
    with pytest.raises(InputError, match="unknown encoding"):
        rows_of(path, "jsonl", encoding="klingon")


def test_a_folder_is_not_readable(tmp_path: Path):
    folder = tmp_path / "dir.csv"
    folder.mkdir()
    with pytest.raises(InputError, match="cannot read"):
        rows_of(folder)


def test_row_problem_is_an_exception_with_a_message():
    assert str(RowProblem("x")) == "x"
