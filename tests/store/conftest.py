"""Fixtures of the store tests: a fresh database and a small hand-made catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from store.store_helpers import make_catalog

from slacheck.store import Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ws" / ".slacheck" / "slacheck.db"


@pytest.fixture
def store(db_path: Path):
    with Store(db_path) as opened:
        yield opened


@pytest.fixture
def catalog():
    return make_catalog()
