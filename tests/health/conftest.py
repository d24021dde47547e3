"""Fixtures of the health-check tests: the example workspace and a ``slacheck`` caller.

``ws`` is the example workspace (on both backends for a test that uses ``backend``);
``slack(*args)`` runs ``slacheck --workspace WS ARGS`` in-process (click's CliRunner), asserts
the exit code (0 unless ``code=`` says otherwise) and returns the result; ``input=`` feeds
stdin for the interactive ``health run``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from health.healthkit import SQUAD_CARDS

from slacheck.cli.main import cli


@pytest.fixture
def ws(example_workspace: Path, request: pytest.FixtureRequest) -> Path:
    """The example workspace; a test marked ``@pytest.mark.usefixtures("backend")`` runs on
    SQLite and on PostgreSQL (``backend_workspace``)."""
    if "backend" in request.fixturenames:
        return request.getfixturevalue("backend_workspace")
    return example_workspace


@pytest.fixture
def slack(ws: Path) -> Callable[..., Result]:
    runner = CliRunner()

    def call(*args: str, code: int = 0, input: str | None = None, env: dict | None = None) -> Result:
        result = runner.invoke(cli, ["--workspace", str(ws), *map(str, args)], input=input,
                               env=env, catch_exceptions=False)
        assert result.exit_code == code, (args, result.output)
        return result

    return call


@pytest.fixture
def cast(ws: Path, slack) -> Callable[..., Result]:
    """``cast(session, rows)`` votes from a CSV written from ``rows`` of
    ``(card, vote, trend, comment)``; ``cast.everyone(session, colours, cards, trend)`` has one
    participant per colour vote it on every card."""
    counter = iter(range(1, 10_000))

    def from_rows(session: int, rows, code: int = 0) -> Result:
        path = ws / f"votes-{next(counter)}.csv"
        lines = ["card,vote,trend,comment"] + [",".join(map(str, row)) for row in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return slack("health", "vote", session, "--from-file", path, code=code)

    def everyone(session: int, colours, cards=SQUAD_CARDS, trend: str = "") -> Result:
        return from_rows(session, [(card, colour, trend, "") for colour in colours for card in cards])

    from_rows.everyone = everyone  # type: ignore[attr-defined]
    return from_rows
