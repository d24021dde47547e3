"""A small demo built once for the demo tests: 2,000 requests, seed and "now" fixed; and new,
empty databases of either backend for the copy tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from demo.copykit import fresh_databases

from slacheck.demo import DemoResult, build_demo
from slacheck.services.instants import parse_instant

SEED = 7
SIZE = 2000
AS_OF_TEXT = "2026-11-20T10:00:00Z"


@dataclass(frozen=True)
class SmallDemo:
    """Where the small demo is and what :func:`build_demo` returned for it."""

    root: Path
    result: DemoResult
    seed: int = SEED
    size: int = SIZE
    as_of_text: str = AS_OF_TEXT

    @property
    def as_of(self) -> int:
        return parse_instant(self.as_of_text)

    @property
    def db(self) -> Path:
        return self.root / ".slacheck" / "slacheck.db"


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> SmallDemo:
    """A demo of 2,000 requests at 2026-11-20T10:00Z, seed 7, built once per test module."""
    root = tmp_path_factory.mktemp("demo") / "small"
    return SmallDemo(root, build_demo(root, seed=SEED, as_of=parse_instant(AS_OF_TEXT), size=SIZE))


@pytest.fixture
def fresh(request, tmp_path):
    """``fresh(kind)``: a new, empty database, an SQLite file or a PostgreSQL database
    (``copykit.fresh_databases``)."""
    yield from fresh_databases(request, tmp_path)
