"""A small deterministic workspace for the dashboard's tests, frozen at ``AS_OF``.

The repository's example ``agreements/`` plus a handful of requests logged through
:mod:`slacheck.services.interactions` at fixed instants, covering every state the screens show:
met, breached with escalations, open and at risk, paused, rated, and a title full of Rich markup
and an ANSI escape that must be shown literally.  The database is built once per test session
and copied for each test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from slacheck.config.loader import load_catalog
from slacheck.config.workspace import find_workspace
from slacheck.domain import events as kinds
from slacheck.services.interactions import log_interaction, record
from slacheck.services.session import Session
from tui.tuikit import AS_OF, EVIL_TITLE, at

REPO = Path(__file__).resolve().parents[2]


def use_database(root: Path, url: str) -> None:
    """Point the workspace at ``url`` through ``database`` in its ``slacheck.toml``."""
    settings = root / "agreements" / "slacheck.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(f'database = "{url}"\n' + text, encoding="utf-8")


def _build(root: Path, database: str | None = None) -> None:
    shutil.copytree(REPO / "agreements", root / "agreements")
    if database is not None:
        use_database(root, database)
    with Session(load_catalog(find_workspace(root))) as s:
        def log(agreement, service, when, title, **kw):
            return log_interaction(s, agreement, service, title=title, at=at(when), **kw).id

        # 1: urgent laptop, the evil title; responded in time, still open and at risk.
        n = log("it-for-sales", "laptop-repair", "2026-11-20T09:00:00Z", EVIL_TITLE,
                priority="urgent", requester="Sam [i]Spade[/i]", ref="T-1")
        record(s, n, kinds.RESPONDED, at=at("2026-11-20T09:10:00Z"), actor="Ali Khan")
        # 2: CRM access, untouched, opened this morning: at risk, first response running.
        log("it-for-sales", "crm-access", "2026-11-20T09:30:00Z", "Locked out of the CRM", ref="T-2",
            requester="Elena Rossi")
        # 3: met: responded and resolved within the targets.
        n = log("it-for-sales", "laptop-repair", "2026-11-16T09:00:00Z", "Keyboard sticks", ref="T-3")
        record(s, n, kinds.RESPONDED, at=at("2026-11-16T10:00:00Z"), actor="Mia Hoffmann")
        record(s, n, kinds.RESOLVED, at=at("2026-11-17T12:00:00Z"), actor="Mia Hoffmann")
        record(s, n, kinds.RATED, at=at("2026-11-17T13:00:00Z"), payload={"rating": 5, "comment": "quick"})
        # 4: breached and escalated to the top of the ladder: nobody touched it for days.
        log("it-for-sales", "mobile-devices", "2026-11-09T09:00:00Z", "Phone screen broken", ref="T-4",
            requester="Tobias Schulz")
        # 5: plant IT (24x7), met and rated.
        n = log("it-for-plant", "mes", "2026-11-19T08:00:00Z", "MES terminal frozen", ref="T-5")
        record(s, n, kinds.RESPONDED, at=at("2026-11-19T08:10:00Z"))
        record(s, n, kinds.RESOLVED, at=at("2026-11-19T12:00:00Z"))
        # 6: a quote waiting on the requester: paused, no deadline.
        n = log("finance-for-sales", "quote-approval", "2026-11-20T08:30:00Z", "Margin check for the A350 bid",
                priority="urgent", ref="T-6")
        record(s, n, kinds.RESPONDED, at=at("2026-11-20T08:45:00Z"))
        record(s, n, kinds.PAUSED, at=at("2026-11-20T09:00:00Z"), payload={"reason": "price list missing"})
        # 7: payroll question, responded, resolution running (a week).
        n = log("hr-for-staff", "payroll-questions", "2026-11-18T09:00:00Z", "Night allowance missing", ref="T-7")
        record(s, n, kinds.RESPONDED, at=at("2026-11-18T10:00:00Z"))
        # 8: resolved, then reopened: open again.
        n = log("it-for-sales", "laptop-repair", "2026-11-19T09:00:00Z", "Docking station flickers", ref="T-8")
        record(s, n, kinds.RESPONDED, at=at("2026-11-19T09:30:00Z"))
        record(s, n, kinds.RESOLVED, at=at("2026-11-19T11:00:00Z"))
        record(s, n, kinds.REOPENED, at=at("2026-11-19T13:00:00Z"))


@pytest.fixture(scope="session")
def _template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template") / "ws"
    _build(root)
    return root


@pytest.fixture
def pg_workspace(postgres_url: str, tmp_path: Path) -> Path:
    """The same workspace with its requests in a fresh PostgreSQL database (``database`` in its
    ``slacheck.toml``)."""
    root = tmp_path / "ws"
    _build(root, postgres_url)
    return root


@pytest.fixture
def workspace(_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the deterministic workspace (named ``ws``, so screens show the same name)."""
    root = tmp_path / "ws"
    shutil.copytree(_template, root)
    return root


@pytest.fixture
def make_app(workspace: Path):
    """``make_app()`` -> the dashboard frozen at AS_OF on the test workspace, cursor blink off."""
    from slacheck.tui import create_app

    def make(**kwargs):
        app = create_app(workspace, as_of=kwargs.pop("as_of", AS_OF), **kwargs)
        app.cursor_blink = False
        return app

    return make
