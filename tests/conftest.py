"""Shared fixtures: the example workspace of the repository, and a scratch copy of it; a
PostgreSQL server for the tests of the PostgreSQL store, and one fresh empty database per test."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import pgserver

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_AGREEMENTS = REPO / "agreements"
#: A server URL (or conninfo) to use instead of starting one; .ci/run sets it.
POSTGRES_ENV = "SLACHECK_TEST_POSTGRES"


@pytest.fixture
def example_workspace(tmp_path: Path) -> Path:
    """A scratch workspace holding a copy of the repository's example ``agreements/``."""
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE_AGREEMENTS, root / "agreements")
    return root


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server the tests may create databases on (as superuser).

    ``$SLACHECK_TEST_POSTGRES`` when set; otherwise a throwaway server started for this session
    by :mod:`support.pgserver` and stopped at its end. When there is no psycopg or no server,
    every test using it is skipped, with the reason shown by ``pytest -ra``; a failed start is
    not retried (pytest keeps a session fixture's outcome, the skip included, for the session).
    """
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install -e '.[test]')")
    configured = os.environ.get(POSTGRES_ENV)
    if configured:
        yield configured
        return
    # Not pytest's tmp_path: the server runs as the 'postgres' user when we are root, and that
    # user cannot traverse /tmp/pytest-of-root; the socket path must also stay short.
    base_dir = Path(tempfile.mkdtemp(prefix="slacheck-pg-"))
    try:
        url = pgserver.start(base_dir)
    except pgserver.PgServerError as exc:
        shutil.rmtree(base_dir, ignore_errors=True)
        pytest.skip(f"no PostgreSQL server: {exc}")
    try:
        yield url
    finally:
        try:
            pgserver.stop(base_dir)
        finally:
            shutil.rmtree(base_dir, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """The ``postgresql://`` URL of a new, empty database made for this test alone on
    ``postgres_server``; dropped after the test, even if connections to it were left open."""
    with pgserver.scratch_database(postgres_server) as url:
        yield url
