"""Shared fixtures: the example workspace of the repository, and a scratch copy of it; a
PostgreSQL server for the tests of the PostgreSQL store, and one fresh empty database per test;
``backend`` and ``open_test_store``, which run a test once on each backend."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import pgserver
from support.backends import BACKENDS, TEST_WORKSPACE_ID, set_workspace_id

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


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``"sqlite"`` or ``"postgresql"``: a test using it (or ``database``, ``open_test_store``,
    the store tests' ``store``) runs once on each. The PostgreSQL run is skipped, with the
    reason, when there is no server. ``@pytest.mark.parametrize("backend", ["sqlite"])`` keeps a
    test to one backend."""
    return request.param


@pytest.fixture(scope="session")
def postgres_shared_url(postgres_server: str) -> Iterator[str]:
    """One database for the whole session, where each store test keeps to a schema of its own
    (``workspace_id``): slacheck never looks outside its workspace's schema, and a new schema
    costs a millisecond where ``CREATE DATABASE`` costs 0.1 to 0.3 s."""
    with pgserver.scratch_database(postgres_server) as url:
        yield url


@pytest.fixture
def workspace_id(backend: str) -> str:
    """The workspace id of the stores ``open_test_store`` opens: on PostgreSQL a new one for each
    test, so that its schema (``slacheck_<id>``) is new and empty."""
    if backend == "sqlite":
        return TEST_WORKSPACE_ID
    return f"{TEST_WORKSPACE_ID}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """A database of ``backend`` where the test's ``workspace_id`` has nothing yet: the path of
    an SQLite file (not created; its folder neither), or the URL of the session's PostgreSQL
    database (``postgres_shared_url``), where that workspace's schema does not exist yet."""
    if backend == "sqlite":
        return tmp_path / "ws" / ".slacheck" / "slacheck.db"
    return request.getfixturevalue("postgres_shared_url")


@pytest.fixture
def open_test_store(database: Path | str, workspace_id: str) -> Iterator[Callable[..., object]]:
    """``open_test_store(read_only=False)``: a store on ``database`` for ``workspace_id``
    through :func:`slacheck.store.open_store`, as the CLI opens it; each call opens another
    store on the same database. All are closed after the test."""
    from slacheck.store import open_store

    opened = []

    def open_(read_only: bool = False, *, verify: bool = False):
        store = open_store(database, workspace_id=workspace_id, read_only=read_only, verify=verify)
        opened.append(store)
        return store

    yield open_
    for store in reversed(opened):
        store.close()


@pytest.fixture
def backend_workspace(example_workspace: Path, backend: str, workspace_id: str,
                      monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Path]:
    """The example workspace with its database on ``backend``: its own SQLite file, or on
    PostgreSQL a workspace id of its own (in ``agreements/slacheck.toml``) and ``SLACHECK_DB``
    naming the session's database, as ``--db URL`` would, for every command of the test, run
    in-process or as a subprocess (and afterwards no SQLite file may have appeared)."""
    if backend == "sqlite":
        yield example_workspace
        return
    set_workspace_id(example_workspace, workspace_id)
    monkeypatch.setenv("SLACHECK_DB", request.getfixturevalue("postgres_shared_url"))
    yield example_workspace
    assert not (example_workspace / ".slacheck").exists(), "a command wrote an SQLite file"
