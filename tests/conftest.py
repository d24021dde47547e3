"""Shared fixtures: the example workspace of the repository, and a scratch copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_AGREEMENTS = REPO / "agreements"


@pytest.fixture
def example_workspace(tmp_path: Path) -> Path:
    """A scratch workspace holding a copy of the repository's example ``agreements/``."""
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE_AGREEMENTS, root / "agreements")
    return root
