"""Fixtures of the store tests: a fresh database and a small hand-made catalog.

``store`` is a fresh store of the ``backend`` fixture (``tests/conftest.py``): every test using it
runs on SQLite and on PostgreSQL. ``db_path`` is an SQLite file for the tests of the file itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from store.store_helpers import make_catalog


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ws" / ".slacheck" / "slacheck.db"


@pytest.fixture
def store(open_test_store):
    return open_test_store()


@pytest.fixture
def catalog():
    return make_catalog()
