"""Hostile input: random bytes, wrong encodings, huge fields, formulas, markup, escapes.

Whatever the file holds, an import ends with a summary or an :class:`InputError`, never a
traceback; text that is imported is stored verbatim and read back equal. The tests taking
``store`` run on SQLite and on PostgreSQL, except NUL characters, which PostgreSQL's text cannot
hold: there the import is refused with a message, and the PostgreSQL case is an expected failure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store.store_helpers import make_catalog, row, write_csv, write_json, write_jsonl

from slacheck.errors import InputError
from slacheck.importer import import_file
from slacheck.store import Store, StoreError

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+SUM(A1:A9)",
    "@HYPERLINK(\"http://x\")",
    "[bold red]x[/]",
    "[link=file:///etc/passwd]click[/link]",
    "\x1b[31mred\x1b[0m\x1b]0;title\x07",
    "tab\there\r\nand a second line",
    "\u202eevil\u202c right-to-left",
    "emoji 👩‍💻 and combining é",
    "'; DROP TABLE events; --",
    "\\N",
    "  surrounding blanks  ",
]
CATALOG = make_catalog()


def _import(store, path: Path):
    errors = []
    summary = import_file(path, store, CATALOG, on_error=errors.append)
    return summary, errors


NUL = "nul\x00byte"


def _hostile_rows_round_trip(store, path: Path, writer, texts: list[str]) -> None:
    rows = [row(f"H-{n}", title=text, requester=text, comment=text, rating="3")
            for n, text in enumerate(texts)]
    summary, errors = _import(store, writer(path, rows))
    assert errors == [] and summary.imported == len(texts)
    for n, text in enumerate(texts):
        history = store.history(store.interaction_by_ref(f"H-{n}").id)
        assert history.interaction.title == text
        assert history.interaction.requester == text
        assert history.events[-1].payload["comment"] == text


WRITERS = pytest.mark.parametrize("writer, name", [(write_csv, "h.csv"), (write_json, "h.json"),
                                                   (write_jsonl, "h.jsonl")])


@WRITERS
def test_hostile_text_is_stored_verbatim(store, tmp_path: Path, writer, name):
    _hostile_rows_round_trip(store, tmp_path / name, writer, HOSTILE)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.xfail(
    raises=StoreError, strict=True,
    reason="PostgreSQL's text cannot hold NUL: the whole import stops with a StoreError"))])
@WRITERS
def test_a_nul_character_is_stored_verbatim(store, tmp_path: Path, writer, name):
    try:
        _hostile_rows_round_trip(store, tmp_path / name, writer, [NUL])
    except StoreError as refused:
        assert "NUL" in refused.message and "nothing of this write was stored" in refused.message
        raise


def test_hostile_refs_are_kept_apart(store, tmp_path: Path):
    refs = ["=1+1", "[b]x[/b]", "\x1b[0m", "A", "a", "A "]  # "A " is "A" once trimmed
    summary, _ = _import(store, write_jsonl(tmp_path / "r.jsonl", [row(ref, title="same") for ref in refs]))
    assert (summary.imported, summary.unchanged) == (5, 1)
    assert store.interaction_by_ref("[b]x[/b]") is not None
    assert store.interaction_by_ref("\x1b[0m") is not None


def test_a_huge_field_is_stored_whole(store, tmp_path: Path):
    huge = "Ünïcode " * 400_000  # 3.2 MB
    for writer, name in ((write_csv, "big.csv"), (write_json, "big.json")):
        path = writer(tmp_path / name, [row(f"BIG-{name}", title=huge)])
        summary, errors = _import(store, path)
        assert errors == [] and summary.imported == 1
        assert store.interaction_by_ref(f"BIG-{name}").title == huge


def test_latin1_rows_are_rejected_one_by_one(store, tmp_path: Path):
    path = write_csv(tmp_path / "l.csv", [row("OK-1"), row("BAD", title="Müller"), row("OK-2")])
    path.write_bytes(path.read_bytes().replace("Müller".encode(), "Müller".encode("latin-1")))
    summary, errors = _import(store, path)
    assert (summary.imported, summary.rejected) == (2, 1)
    assert errors[0].row == 3 and "UTF-8" in errors[0].message


def test_an_escaped_lone_surrogate_is_a_row_error(store, tmp_path: Path):
    path = tmp_path / "s.jsonl"
    good = json.dumps(row("GOOD"))
    bad = json.dumps(row("BAD", title="\udc80"))  # json escapes it as \udc80
    path.write_text(good + "\n" + bad + "\n", encoding="utf-8")
    summary, errors = _import(store, path)
    assert (summary.imported, summary.rejected) == (1, 1)
    assert "surrogate" in errors[0].message


text_without_surrogates = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=text_without_surrogates, requester=text_without_surrogates, comment=text_without_surrogates)
def test_any_text_round_trips(tmp_path: Path, title: str, requester: str, comment: str):
    path = tmp_path / "any.db"
    with Store(path) as store:
        export = write_jsonl(tmp_path / "any.jsonl",
                             [row("ANY", title=title, requester=requester, comment=comment)])
        with store.transaction(commit=False):  # every example starts from an empty store
            _, errors = _import(store, export)
            assert errors == []
            history = store.history(store.interaction_by_ref("ANY").id)
            assert (history.interaction.title, history.interaction.requester) == (title, requester)
            texts = [e.payload.get("text") for e in history.events if e.kind == "commented"]
            assert texts == ([comment] if comment.strip() else [])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".json", ".jsonl"]))
def test_random_bytes_never_raise_a_traceback(tmp_path: Path, content: bytes, suffix: str):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(content)
    with Store(tmp_path / "random.db") as store, store.transaction(commit=False):
        try:
            summary, _ = _import(store, path)
        except InputError:
            return
        assert summary.rows >= summary.rejected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_bytes_inside_a_valid_file_never_raise(tmp_path: Path, data):
    base = write_csv(tmp_path / "base.csv", [row(f"T-{n}") for n in range(3)]).read_bytes()
    position = data.draw(st.integers(0, len(base)))
    noise = data.draw(st.binary(min_size=1, max_size=40))
    path = tmp_path / "noisy.csv"
    path.write_bytes(base[:position] + noise + base[position:])
    with Store(tmp_path / "noisy.db") as store, store.transaction(commit=False):
        try:
            _import(store, path)
        except InputError:
            pass
