"""Finding the workspace: explicit folder, or upwards from the current one."""

from __future__ import annotations

from pathlib import Path

import pytest

from slacheck.config import workspace as workspace_module
from slacheck.config.workspace import Workspace, find_workspace
from slacheck.errors import WorkspaceError


def make(root: Path) -> Path:
    (root / "agreements").mkdir(parents=True)
    return root


def test_found_upwards_from_a_subfolder(tmp_path):
    root = make(tmp_path / "acme")
    deep = root / "docs" / "deeper"
    deep.mkdir(parents=True)
    ws = find_workspace(cwd=deep)
    assert ws.root == root.resolve()
    assert ws.agreements_dir == root.resolve() / "agreements"
    assert ws.db_path == root.resolve() / ".slacheck" / "slacheck.db"


def test_found_from_inside_agreements(tmp_path):
    root = make(tmp_path / "acme")
    assert find_workspace(cwd=root / "agreements").root == root.resolve()


def test_defaults_to_the_current_folder(tmp_path, monkeypatch):
    root = make(tmp_path / "acme")
    monkeypatch.chdir(root)
    assert find_workspace().root == root.resolve()


def test_explicit_folder_wins(tmp_path):
    one, two = make(tmp_path / "one"), make(tmp_path / "two")
    assert find_workspace(two, cwd=one).root == two.resolve()
    assert find_workspace(str(two)).root == two.resolve()


def test_explicit_folder_without_agreements(tmp_path):
    with pytest.raises(WorkspaceError, match="slacheck init"):
        find_workspace(tmp_path)
    with pytest.raises(WorkspaceError, match="not a folder"):
        find_workspace(tmp_path / "missing")


def test_nothing_found_mentions_init(tmp_path, monkeypatch):
    monkeypatch.setattr(workspace_module, "discover_root", lambda start: None)
    with pytest.raises(WorkspaceError, match="slacheck init") as info:
        find_workspace(cwd=tmp_path)
    assert info.value.exit_code == 2


def test_discovery_can_be_patched(tmp_path, monkeypatch):
    monkeypatch.setattr(workspace_module, "discover_root", lambda start: tmp_path)
    assert find_workspace(cwd=Path("/")).root == tmp_path


def test_db_path_override_and_frozen(tmp_path):
    ws = Workspace(tmp_path, db_path=tmp_path / "x.db")
    assert ws.db_path == tmp_path / "x.db"
    with pytest.raises(AttributeError):
        ws.root = Path("/")  # type: ignore[misc]
