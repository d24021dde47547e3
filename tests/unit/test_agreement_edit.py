"""Editing an agreement file headlessly (:mod:`slacheck.services.agreement_edit`): tomlkit edits
that keep the layout, validation by the real loader, the review, conflicts, atomic writes and new
agreements from the template."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from clihelpers import run
from slacheck.config.loader import RESERVED, load_catalog
from slacheck.config.workspace import Workspace
from slacheck.errors import InputError
from slacheck.services.agreement_edit import (
    REMOVE,
    EditConflict,
    FieldEdit,
    apply_edits,
    changed_on_disk,
    check_new_id,
    create_agreement,
    open_agreement,
    review,
    save,
    text_diff,
    validate,
    write_atomic,
)

REPO_AGREEMENTS = Path(__file__).resolve().parents[2] / "agreements"
AGREEMENT_FILES = sorted(p.name for p in REPO_AGREEMENTS.glob("*.toml") if p.name not in RESERVED)


@pytest.fixture
def ws(example_workspace: Path) -> Workspace:
    return Workspace(example_workspace)


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """The removed and the added lines of a unified diff of two texts."""
    diff = text_diff(old, new, "x.toml").split("\n")[2:]
    removed = [line[1:] for line in diff if line.startswith("-")]
    added = [line[1:] for line in diff if line.startswith("+")]
    return removed, added


def scalar_paths(data: dict) -> list[tuple]:
    """Every value the editor's form edits in an agreement (as in the file)."""
    paths = [(key,) for key in ("title", "owner", "provider", "calendar", "objective", "window",
                                "effective", "review_by") if key in data]
    for i, service in enumerate(data.get("services", [])):
        paths += [("services", i, k) for k in ("name", "first_response", "resolution") if k in service]
        for name, targets in service.get("priorities", {}).items():
            paths += [("services", i, "priorities", name, k) for k in targets]
    for i, rule in enumerate(data.get("escalations", [])):
        paths += [("escalations", i, k) for k in ("at", "to") if k in rule]
    return paths


def other_value(value):
    if isinstance(value, date):
        return date(value.year + 1, 1, 15)
    return {"3d": "2d"}.get(value, value + "x" if not value.endswith("%") else "50%")


def get(data, path):
    for key in path:
        data = data[key]
    return data


# ---------------------------------------------------------------- layout kept
@pytest.mark.parametrize("name", AGREEMENT_FILES)
def test_editing_any_value_of_any_example_file_changes_exactly_that_line(name):
    original = (REPO_AGREEMENTS / name).read_text(encoding="utf-8")
    data = tomlkit.parse(original).unwrap()
    paths = scalar_paths(data)
    assert len(paths) > 15
    for path in paths:
        new_value = other_value(get(data, path))
        edited = apply_edits(original, [FieldEdit(path, new_value)])
        removed, added = changed_lines(original, edited)
        assert len(removed) == len(added) == 1, (path, removed, added)
        # Only the value differs: the key and its comment (in its column) stay.
        assert removed[0].split("=")[0] == added[0].split("=")[0]
        if "#" in removed[0]:
            assert removed[0].split("#", 1)[1] == added[0].split("#", 1)[1]
            if len(added[0].split("#")[0].rstrip()) < removed[0].index("#"):
                assert added[0].index("#") == removed[0].index("#")
        after = tomlkit.parse(edited).unwrap()
        assert get(after, path) == new_value
        restored = apply_edits(edited, [FieldEdit(path, get(data, path))])
        assert restored == original, path


@pytest.mark.parametrize("name", AGREEMENT_FILES)
def test_consumers_are_one_line_too(name):
    original = (REPO_AGREEMENTS / name).read_text(encoding="utf-8")
    consumers = tomlkit.parse(original)["consumers"].unwrap()
    edited = apply_edits(original, [FieldEdit(("consumers",), [*consumers, "cio"])])
    removed, added = changed_lines(original, edited)
    assert len(removed) == len(added) == 1
    assert tomlkit.parse(edited)["consumers"].unwrap() == [*consumers, "cio"]


def test_a_comment_keeps_its_column_when_the_value_grows_or_shrinks():
    text = 'objective = "95%"                # share\n'
    longer = apply_edits(text, [FieldEdit(("objective",), "99.5%")])
    assert longer == 'objective = "99.5%"              # share\n'
    crowded = apply_edits(text, [FieldEdit(("objective",), "9" * 30 + "%")])
    assert crowded.endswith('%" # share\n')


def test_inline_tables_literal_strings_and_multiline_arrays_stay_as_written():
    text = (
        "title = 'Literal title'   # literal\n"
        "consumers = [\n    \"sales\",\n    \"hr\",\n]\n"
        "[[services]]\n"
        "id = \"a\"\n"
        "priorities = { urgent = { resolution = \"4h\" }, low = { resolution = \"5d\" } }\n"
    )
    edited = apply_edits(text, [
        FieldEdit(("title",), "Another title"),
        FieldEdit(("services", 0, "priorities", "urgent", "resolution"), "2h"),
        FieldEdit(("consumers",), ["sales", "hr", "it"]),
    ])
    assert "title = 'Another title'   # literal\n" in edited
    assert 'priorities = { urgent = { resolution = "2h" }, low = { resolution = "5d" } }\n' in edited
    assert edited.count("\n") > text.count("\n")  # the array stayed multi-line
    assert tomlkit.parse(edited)["consumers"].unwrap() == ["sales", "hr", "it"]
    added = apply_edits(text, [FieldEdit(("services", 0, "priorities", "low", "first_response"), "1d")])
    removed, new_lines = changed_lines(text, added)
    assert len(removed) == len(new_lines) == 1 and new_lines[0].startswith("priorities = { urgent")
    assert tomlkit.parse(added)["services"][0]["priorities"]["low"].unwrap() == {
        "resolution": "5d", "first_response": "1d"}


def test_an_added_key_goes_next_to_its_siblings_and_a_removed_one_takes_its_line_along():
    original = (REPO_AGREEMENTS / "it-for-sales.toml").read_text(encoding="utf-8")
    without = apply_edits(original, [FieldEdit(("review_by",), REMOVE)])
    removed, added = changed_lines(original, without)
    assert added == [] and removed[0].startswith("review_by = 2027-01-31")
    back = apply_edits(without, [FieldEdit(("review_by",), date(2027, 3, 1))])
    lines = back.splitlines()
    assert lines[lines.index("review_by = 2027-03-01") + 1].startswith("calendar = ")

    low = ("services", 0, "priorities", "low")
    with_first = apply_edits(original, [FieldEdit(low + ("first_response",), "8h")])
    removed, added = changed_lines(original, with_first)
    assert (removed, added) == ([], ['first_response = "8h"'])
    lines = with_first.splitlines()
    at = lines.index('first_response = "8h"')
    assert lines[at - 1].startswith("[services.priorities.low]") and lines[at + 1] == 'resolution = "1w"'

    # The last table of the file: the new key comes after its sibling, not after the comments.
    mobile_low = ("services", 2, "priorities", "low")
    no_resolution = apply_edits(original, [FieldEdit(mobile_low + ("first_response",), "8h"),
                                           FieldEdit(mobile_low + ("resolution",), REMOVE)])
    again = apply_edits(no_resolution, [FieldEdit(mobile_low + ("resolution",), "2w")])
    lines = again.splitlines()
    at = lines.index('resolution = "2w"')
    assert lines[at - 1] == 'first_response = "8h"' and lines[at + 1] == ""


# ---------------------------------------------------------------- validation and review
def test_validation_uses_the_real_loader_and_names_the_key_of_each_problem(ws):
    opened = open_agreement(ws, "it-for-sales")
    text = apply_edits(opened.text, [FieldEdit(("services", 0, "resolution"), "3x"),
                                     FieldEdit(("provider",), "itt"),
                                     FieldEdit(("consumers",), ["sales", "sales"])])
    result = validate(opened, text)
    assert not result.ok
    found = {p.at: p.message for p in result.problems}
    assert "bad duration '3x'" in found[("services", 0, "resolution")]
    assert "did you mean 'it'?" in found[("provider",)]
    assert "listed twice" in found[("consumers", 1)]
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("provider"))
    assert any(p.format(opened.shown).startswith(f"agreements/it-for-sales.toml:{line}:12: unknown provider")
               for p in result.problems)
    assert result.elsewhere == ()
    assert (ws.agreements_dir / "it-for-sales.toml").read_text(encoding="utf-8") == opened.text


def test_problems_in_other_files_are_listed_apart(ws):
    calendars = ws.agreements_dir / "calendars.toml"
    calendars.write_text(calendars.read_text(encoding="utf-8").replace('timezone = "Europe/Berlin"',
                                                                      'timezone = "Mars/Olympus"', 1))
    opened = open_agreement(ws, "it-for-sales")
    result = validate(opened, opened.text)
    assert result.elsewhere and all(line.startswith("agreements/calendars.toml:") or "calendars.toml" in line
                                    for line in result.elsewhere)


def test_the_review_is_the_summary_slacheck_diff_prints(ws, tmp_path):
    opened = open_agreement(ws, "it-for-sales")
    text = apply_edits(opened.text, [FieldEdit(("services", 0, "resolution"), "2d")])
    result = review(opened, text)
    assert "  - Laptop repair and replacement: resolution 3d → 2d (stricter)" in result.summary
    assert [c.text() for c in result.changes] == ["Laptop repair and replacement: resolution 3d → 2d (stricter)"]
    removed, added = changed_lines(opened.text, text)
    assert (removed, added) == (['resolution = "3d"'], ['resolution = "2d"'])
    assert result.text_diff.startswith("--- a/agreements/it-for-sales.toml\n+++ b/agreements/it-for-sales.toml\n")

    new = tmp_path / "new"
    shutil.copytree(ws.agreements_dir, new / "agreements")
    (new / "agreements" / "it-for-sales.toml").write_text(text, encoding="utf-8")
    cli = run(ws.root, "diff", str(ws.agreements_dir), str(new / "agreements"), "--no-replay")
    assert cli.exit_code == 1
    assert cli.output == result.summary


def test_a_review_of_files_that_do_not_load_says_why(ws):
    opened = open_agreement(ws, "it-for-sales")
    teams = ws.agreements_dir / "teams.toml"
    teams.write_text("[teams.it\n", encoding="utf-8")
    result = review(opened, opened.text.replace('"3d"', '"2d"'))
    assert result.summary is None and "do not load" in result.unavailable
    assert '+resolution = "2d"' in result.text_diff


# ---------------------------------------------------------------- writing
def test_save_writes_atomically_and_only_what_was_reviewed(ws):
    opened = open_agreement(ws, "it-for-sales")
    mode = 0o640
    os.chmod(opened.path, mode)
    text = opened.text.replace('resolution = "3d"', 'resolution = "2d"')
    saved = save(opened, text)
    assert opened.path.read_text(encoding="utf-8") == text
    assert os.stat(opened.path).st_mode & 0o777 == mode
    assert saved.fingerprint.sha256 != opened.fingerprint.sha256 and saved.text == text
    assert [p.name for p in ws.agreements_dir.iterdir() if p.name.startswith(".")] == []
    assert load_catalog(ws).ok


def test_a_file_changed_on_disk_is_never_overwritten(ws):
    opened = open_agreement(ws, "it-for-sales")
    theirs = opened.text.replace('objective = "95%"', 'objective = "97%"')
    opened.path.write_text(theirs, encoding="utf-8")
    assert changed_on_disk(opened)
    with pytest.raises(EditConflict) as caught:
        save(opened, opened.text.replace('"3d"', '"2d"'))
    assert caught.value.disk_text == theirs
    assert opened.path.read_text(encoding="utf-8") == theirs

    opened.path.unlink()
    with pytest.raises(EditConflict) as caught:
        save(opened, opened.text)
    assert caught.value.disk_text is None and not opened.path.exists()


def test_a_touched_file_with_the_same_bytes_is_not_a_conflict(ws):
    opened = open_agreement(ws, "it-for-sales")
    os.utime(opened.path, ns=(1, 1))
    assert not changed_on_disk(opened)
    save(opened, opened.text.replace('"3d"', '"2d"'))


def test_write_atomic_refuses_to_replace_with_exclusive(tmp_path):
    target = tmp_path / "a.toml"
    write_atomic(target, b"one")
    with pytest.raises(FileExistsError):
        write_atomic(target, b"two", exclusive=True)
    assert target.read_bytes() == b"one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


def test_open_refuses_what_the_form_cannot_edit(ws):
    with pytest.raises(InputError, match="does not exist"):
        open_agreement(ws, "nope")
    with pytest.raises(InputError, match="does not name"):
        open_agreement(ws, "../teams")
    with pytest.raises(InputError, match="does not name"):
        open_agreement(ws, "teams")
    (ws.agreements_dir / "broken.toml").write_text("id = \n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        open_agreement(ws, "broken")


# ---------------------------------------------------------------- a new agreement
def test_a_new_agreement_from_the_template_is_commented_and_valid(ws):
    opened = create_agreement(ws, "it-for-hr", "it", ["hr", "sales"], "berlin-office",
                              owner="Dana Ruiz", title="IT for People & HR", today=date(2026, 11, 20))
    text = opened.path.read_text(encoding="utf-8")
    assert text.startswith("# IT for People & HR\n#\n")
    assert 'consumers = ["hr", "sales"]      # its internal customers' in text
    assert "effective = 2026-11-20" in text and "review_by = 2027-11-20" in text
    assert text.count("\n#") > 10
    result = load_catalog(ws, today=date(2026, 11, 20))
    assert result.ok, [p.format() for p in result.problems]
    agreement = result.catalog.agreements["it-for-hr"]
    assert (agreement.provider, agreement.consumers, agreement.calendar.id) == ("it", ("hr", "sales"),
                                                                                "berlin-office")
    assert validate(opened, opened.text).ok


def test_a_new_agreement_refuses_an_existing_or_bad_id(ws):
    before = (ws.agreements_dir / "it-for-sales.toml").read_bytes()
    with pytest.raises(InputError, match="exists already"):
        create_agreement(ws, "it-for-sales", "it", ["hr"], "24x7")
    assert (ws.agreements_dir / "it-for-sales.toml").read_bytes() == before
    assert "lower-case" in check_new_id(ws, "IT for HR")
    assert "workspace file" in check_new_id(ws, "teams")
    assert "needs an id" in check_new_id(ws, "")
    assert check_new_id(ws, "it-for-hr") is None


# ---------------------------------------------------------------- whatever is typed
@settings(max_examples=150, deadline=None)
@given(path=st.sampled_from(scalar_paths(tomlkit.parse(
           (REPO_AGREEMENTS / "it-for-sales.toml").read_text(encoding="utf-8")).unwrap())
       + [("review_by",), ("services", 0, "priorities", "low", "first_response")]),
       typed=st.text(max_size=40))
def test_whatever_is_typed_into_a_field_is_kept_in_valid_toml(path, typed):
    original = (REPO_AGREEMENTS / "it-for-sales.toml").read_text(encoding="utf-8")
    edited = apply_edits(original, [FieldEdit(path, typed)])
    assert get(tomlkit.parse(edited).unwrap(), path) == typed
    removed, added = changed_lines(original, edited)
    assert len(added) <= 1 + typed.count("\n") and len(removed) <= 1


# ---------------------------------------------------------------- a shared priority scheme
def with_shared_scheme(ws: Workspace) -> str:
    """it-for-sales replaced by the four-level shared scheme of the priority rule tests."""
    from unit.test_config_rules_priorities import SHARED

    text = SHARED.replace('calendar = "office"', 'calendar = "berlin-service-desk"')
    (ws.agreements_dir / "it-for-sales.toml").write_text(text, encoding="utf-8")
    return text


def scheme_lines(text: str) -> str:
    return text[text.index('[priorities."1 - Critical"]'):text.index("[[services]]")]


def test_edits_elsewhere_keep_a_shared_priority_scheme_as_written(ws):
    text = with_shared_scheme(ws)
    opened = open_agreement(ws, "it-for-sales")
    edits = [FieldEdit(("title",), "IT for Sales"), FieldEdit(("review_by",), REMOVE),
             FieldEdit(("description",), "Laptops and access."),
             FieldEdit(("services", 0, "resolution"), "2d"),
             FieldEdit(("services", 1, "priorities", "vip", "resolution"), "4h"),
             FieldEdit(("escalations", 1, "to"), "cio")]
    edited = apply_edits(opened.text, edits)
    assert scheme_lines(edited) == scheme_lines(text)
    assert tomlkit.parse(edited)["description"] == "Laptops and access."
    assert validate(opened, edited).ok
    catalog = validate(opened, edited).side.catalog
    assert list(catalog.agreements["it-for-sales"].service("access").priorities) == [
        "1 - Critical", "2 - High", "3 - Moderate", "4 - Low", "vip"]


def test_a_shared_priority_is_edited_in_place_and_reviewed_per_service(ws):
    with_shared_scheme(ws)
    opened = open_agreement(ws, "it-for-sales")
    edited = apply_edits(opened.text, [
        FieldEdit(("priorities", "1 - Critical", "resolution"), "2h"),
        FieldEdit(("priorities", "4 - Low", "first_response"), "1d")])
    removed, added = changed_lines(opened.text, edited)
    assert removed == ['resolution = "4h"']
    assert added == ['resolution = "2h"', 'first_response = "1d"']
    lines = edited.splitlines()
    assert lines[lines.index('first_response = "1d"') - 1] == '[priorities."4 - Low"]'
    result = review(opened, edited)
    # access replaces "1 - Critical" with its own entry: only laptop-repair's changes.
    assert [c.text() for c in result.changes] == [
        "Laptop repair (1 - Critical): resolution 4h → 2h (stricter)",
        "Laptop repair (4 - Low): first response 4h → 1d (looser)",
        "Access rights (4 - Low): first response 2h → 1d (looser)"]
