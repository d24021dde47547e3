"""The two sides of ``slacheck diff``: folders, single files, replaced files, git revisions, and
the canonical text of one file for git's textconv."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from slacheck.config.workspace import Workspace
from slacheck.errors import InputError
from slacheck.services.diff_sources import (
    GitError,
    compare,
    declared_id,
    load_file,
    load_folder,
    load_git,
    load_paths,
    load_revision,
    reference_folder,
    replaced_file,
    repository_of,
    resolve_revision,
)
from slacheck.services.diff_textconv import TEXTCONV_HEADER, textconv

EXAMPLE = Path(__file__).resolve().parents[2] / "agreements"
SALES = "it-for-sales.toml"
URGENT_4H = 'resolution = "4h"                # a loan laptop'
URGENT_2H = 'resolution = "2h"                # a loan laptop'


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``path`` by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def workspace(root: Path) -> Path:
    shutil.copytree(EXAMPLE, root / "agreements")
    return root


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository whose root is a workspace holding the example, committed once."""
    root = workspace(tmp_path / "repo")
    git(root, "init", "-q")
    commit_all(root, "example")
    return root


# ---------------------------------------------------------------- folders
def test_a_workspace_root_an_agreements_folder_and_a_renamed_copy_load_the_same(tmp_path):
    root = workspace(tmp_path / "ws")
    renamed = tmp_path / "old-agreements"
    shutil.copytree(EXAMPLE, renamed)
    sides = [load_folder(root), load_folder(root / "agreements"), load_folder(renamed)]
    assert all(side.ok and side.only is None for side in sides)
    assert len({frozenset(s.catalog.agreements) for s in sides}) == 1
    assert not compare(sides[0], sides[2]).has_meaning_changes


def test_folder_errors_name_the_real_files(tmp_path, monkeypatch):
    renamed = tmp_path / "draft"
    shutil.copytree(EXAMPLE, renamed)
    edit(renamed / SALES, 'objective = "95%"', 'objective = "95"')
    monkeypatch.chdir(tmp_path)
    side = load_folder(renamed)
    assert not side.ok
    assert side.errors == ('draft/it-for-sales.toml:20:13: bad percentage \'95\': write e.g. '
                           '"95%" or "99.5%"',)


def test_missing_and_empty_folders_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        load_folder(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no agreement files"):
        load_folder(tmp_path / "empty")


# ---------------------------------------------------------------- single files
def test_a_file_is_read_with_its_workspace_and_holds_its_agreement_only(tmp_path):
    root = workspace(tmp_path / "ws")
    side = load_file(root / "agreements" / SALES)
    assert side.ok and side.only == "it-for-sales"
    assert list(side.catalog.agreements) == ["it-for-sales"]
    assert "berlin-service-desk" in side.catalog.calendars and "it" in side.catalog.teams


def test_a_loose_copy_is_named_by_its_id_and_read_with_the_fallback_workspace(tmp_path):
    root = workspace(tmp_path / "ws")
    loose = tmp_path / "old.toml"
    shutil.copy(root / "agreements" / SALES, loose)
    edit(loose, URGENT_4H, URGENT_2H)
    assert declared_id(loose) == "it-for-sales"
    assert reference_folder(loose, root / "agreements") == root / "agreements"
    old = load_file(loose, root / "agreements")
    new = load_file(root / "agreements" / SALES)
    found = compare(old, new)
    assert [c.text() for c in found.changes] == [
        "Laptop repair and replacement (urgent): resolution 2h → 4h (looser)"]


def test_a_loose_copy_without_a_workspace_reports_its_own_path(tmp_path, monkeypatch):
    loose = tmp_path / "old.toml"
    shutil.copy(EXAMPLE / SALES, loose)
    monkeypatch.chdir(tmp_path)
    side = load_file(loose)
    assert not side.ok
    assert side.errors[0].startswith("old.toml:") and "unknown provider 'it'" in side.errors[0]


def test_declared_id_falls_back_when_unsafe_or_unreadable(tmp_path):
    odd = tmp_path / "odd.toml"
    odd.write_text('id = "../escape"\n')
    assert declared_id(odd) is None
    odd.write_text("id = = broken\n")
    assert declared_id(odd) is None


def test_files_compare_their_agreement_not_the_workspaces_around_them(tmp_path):
    old_root, new_root = workspace(tmp_path / "old"), workspace(tmp_path / "new")
    edit(new_root / "agreements" / "teams.toml", 'name = "IT Service Desk"', 'name = "IT"')
    old, new = load_paths(old_root / "agreements" / SALES, new_root / "agreements" / SALES)
    assert not compare(old, new).has_meaning_changes
    whole = compare(load_folder(old_root), load_folder(new_root))
    assert [c.kind for c in whole.changes] == ["team-renamed"]


def test_workspace_files_replace_that_file_in_its_folder(tmp_path):
    root = workspace(tmp_path / "ws")
    draft = tmp_path / "draft"
    draft.mkdir()
    shutil.copy(root / "agreements" / "calendars.toml", draft / "calendars.toml")
    edit(draft / "calendars.toml", 'fri = "07:30-16:00"', 'fri = "07:30-18:30"')
    assert reference_folder(draft / "calendars.toml", root / "agreements") == root / "agreements"
    old, new = load_paths(root / "agreements" / "calendars.toml", draft / "calendars.toml",
                          root / "agreements")
    assert old.only is None and len(new.catalog.agreements) == 9
    found = compare(old, new)
    assert found.agreement("it-for-sales").changes[0].text() == (
        "calendar berlin-service-desk: Friday 07:30-16:00 → 07:30-18:30 (stricter)")


def test_mixed_and_missing_paths_are_input_errors(tmp_path):
    root = workspace(tmp_path / "ws")
    with pytest.raises(InputError, match="no such file or folder"):
        load_paths(root / "nope", root)
    with pytest.raises(InputError, match="a file with a file or a folder with a folder"):
        load_paths(root / "agreements", root / "agreements" / SALES)
    with pytest.raises(InputError, match="different kinds of file"):
        load_paths(root / "agreements" / "teams.toml", root / "agreements" / SALES)


def test_replaced_file_is_what_an_editor_compares_before_saving(tmp_path):
    root = workspace(tmp_path / "ws")
    text = (root / "agreements" / SALES).read_text().replace(URGENT_4H, URGENT_2H)
    new = replaced_file(root / "agreements", SALES, text.encode(), label="editor")
    found = compare(load_folder(root), new)
    assert [c.kind for c in found.changes] == ["target-changed"]
    assert (root / "agreements" / SALES).read_text().count(URGENT_4H) == 1  # untouched
    broken = replaced_file(root / "agreements", SALES, b"id = ", label="editor",
                           shown="<editor>")
    assert broken.errors and broken.errors[0].startswith("<editor>:1:")


# ---------------------------------------------------------------- git
def test_a_revision_against_the_working_tree_and_two_revisions(repo):
    first = git(repo, "rev-parse", "HEAD")
    edit(repo / "agreements" / SALES, URGENT_4H, URGENT_2H)
    old, new = load_git(Workspace(repo), "HEAD")
    assert (old.label, new.label) == ("HEAD", "the working tree")
    assert [c.text() for c in compare(old, new).changes] == [
        "Laptop repair and replacement (urgent): resolution 4h → 2h (stricter)"]
    second = commit_all(repo, "tighten")
    old, new = load_git(Workspace(repo), first, second)
    assert [c.kind for c in compare(old, new).changes] == ["target-changed"]
    assert set(old.catalog.health_templates) == {"relationship-check", "squad-health"}
    old, new = load_git(Workspace(repo), "HEAD~1", "HEAD~1")
    assert not compare(old, new).has_meaning_changes


def test_a_nested_workspace_is_found_inside_its_repository(tmp_path):
    top = tmp_path / "repo"
    top.mkdir()
    nested = workspace(top / "company")
    git(top, "init", "-q")
    commit_all(top, "example")
    repo = repository_of(nested)
    assert repo.top.resolve() == top.resolve() and repo.folder == "company/agreements"
    edit(nested / "agreements" / "teams.toml", 'name = "IT Service Desk"', 'name = "IT"')
    old, new = load_git(Workspace(nested), "HEAD")
    assert [c.kind for c in compare(old, new).changes] == ["team-renamed"]


def test_errors_at_a_revision_are_named_rev_colon_path(repo):
    edit(repo / "agreements" / SALES, 'objective = "95%"', 'objective = "95"')
    commit_all(repo, "broken")
    side = load_revision(repository_of(repo), "HEAD")
    assert side.errors == ('HEAD:agreements/it-for-sales.toml:20:13: bad percentage \'95\': '
                           'write e.g. "95%" or "99.5%"',)


def test_a_revision_without_agreements_is_an_empty_workspace_with_a_note(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "README").write_text("later\n")
    commit_all(root, "before")
    workspace(root)
    old, new = load_git(Workspace(root), "HEAD")
    assert old.ok and not old.catalog.agreements and "has no agreements/ folder" in old.note
    assert {a.status for a in compare(old, new).agreements} == {"added"}


def test_not_a_repository_and_unknown_revisions_are_clear_errors(tmp_path, repo):
    loose = workspace(tmp_path / "loose")
    with pytest.raises(GitError, match="is not in a git repository"):
        load_git(Workspace(loose), "HEAD")
    with pytest.raises(GitError, match="unknown revision 'nope'"):
        load_git(Workspace(repo), "nope")
    with pytest.raises(GitError, match="unknown revision 'nope'"):
        load_git(Workspace(repo), "HEAD", "nope")
    with pytest.raises(GitError, match="bad revision '--all'"):
        resolve_revision(repository_of(repo), "--all")


# ---------------------------------------------------------------- textconv
REWRITTEN = '''\
# the same agreement, rewritten
window = "30d"
objective = "95.0 %"
title = "IT support for the Sales team"
id = "it-for-sales"
effective = 2026-01-01
review_by = 2027-01-31
provider = "it"
owner = "Dana Ruiz"
consumers = ["sales"]
calendar = "berlin-service-desk"
description = """
Laptops, phones and access to the CRM for the account managers. Sales raises requests through
the service desk portal; "urgent" is for anything that stops a customer meeting or a bid today."""

[[escalations]]
to = "cio"
at = "150%"
[[escalations]]
at = "75%"
to = "it-oncall"
[[escalations]]
at = "100%"
to = "it"

[[services]]
id = "mobile-devices"
resolution = "2d"
first_response = "240m"
name = "Phones, tablets and mobile data"
priorities = { low = { resolution = "5d" } }

[[services]]
name = "CRM and sales-tool accounts and permissions"
id = "crm-access"
first_response = "2h"
resolution = "1d"
priorities.urgent = { resolution = "2h", first_response = "30m" }

[[services]]
id = "laptop-repair"
name = "Laptop repair and replacement"
first_response = "4h"
resolution = "3d"
[services.priorities.low]
resolution = "1w"
[services.priorities.high]
resolution = "1d"
first_response = "60m"
[services.priorities.urgent]
first_response = "30m"
resolution = "4h"
'''


def test_textconv_is_the_same_for_a_reformatted_file(tmp_path):
    rewritten = tmp_path / "copy.toml"
    rewritten.write_text(REWRITTEN)
    original = textconv(EXAMPLE / SALES)
    assert original.startswith(TEXTCONV_HEADER + "\n")
    assert textconv(rewritten) == original
    assert "services[laptop-repair].priorities.low.resolution = 5d" in original
    assert "escalations[75 %].to = \"it-oncall\"" in original


def test_textconv_shows_a_change_as_one_line(tmp_path):
    changed = tmp_path / SALES
    shutil.copy(EXAMPLE / SALES, changed)
    edit(changed, URGENT_4H, URGENT_2H)
    before, after = textconv(EXAMPLE / SALES).splitlines(), textconv(changed).splitlines()
    assert [(a, b) for a, b in zip(before, after) if a != b] == [
        ("services[laptop-repair].priorities.urgent.resolution = 4h",
         "services[laptop-repair].priorities.urgent.resolution = 2h")]


def test_textconv_of_calendars_lists_every_weekday(tmp_path):
    one = tmp_path / "a.toml"
    other = tmp_path / "b.toml"
    one.write_text('[calendars.x]\ntimezone = "UTC"\nday = "480m"\n'
                   'hours = { mon = "9:00-17:00" }\n')
    other.write_text('[calendars.x.hours]\nsun = "closed"\nmon = "09:00 - 17:00"\n'
                     '[calendars.x]\nday = "8h"\ntimezone = "UTC"\n')
    assert textconv(one) == textconv(other)
    assert "calendars.x.hours.tue = closed" in textconv(one)


def test_textconv_passes_unreadable_toml_through(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("id = = 1\n")
    assert textconv(broken) == "id = = 1\n"
    with pytest.raises(InputError):
        textconv(tmp_path / "missing.toml")
