"""Helpers every command shares: the workspace from the command line, and a loaded catalog.

``workspace_from_ctx`` honours ``--workspace`` / ``SLACHECK_WORKSPACE`` (stored by
:mod:`slacheck.cli.main` in ``ctx.obj["workspace"]``) and ``ctx.obj["db"]`` / ``SLACHECK_DB``.
``load_or_fail`` prints the errors of a broken workspace on stderr and exits 1.
"""

from __future__ import annotations

import os
from typing import Iterable

import click

from ..config.loader import LoadResult, load_catalog
from ..config.problems import Problem
from ..config.workspace import Workspace, find_workspace
from ..domain.model import Catalog


def _obj(ctx: click.Context) -> dict:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, dict) else {}


def workspace_from_ctx(ctx: click.Context) -> Workspace:
    """The workspace of this invocation; raises :class:`~slacheck.errors.WorkspaceError`."""
    obj = _obj(ctx)
    ws = find_workspace(obj.get("workspace"))
    db = obj.get("db") or os.environ.get("SLACHECK_DB")
    return ws.with_database(db) if db else ws


def echo_problems(problems: Iterable[Problem], *, err: bool = False) -> None:
    for problem in problems:
        click.echo(problem.format(), err=err)


def load_result_or_fail(ctx: click.Context) -> LoadResult:
    """The load of this invocation's workspace; on any error, print the errors on stderr and
    exit 1."""
    result = load_catalog(workspace_from_ctx(ctx))
    if result.catalog is None:
        echo_problems(result.errors, err=True)
        click.echo(f"slacheck: {len(result.errors)} error(s) in the agreement files; "
                   "run 'slacheck validate' for details", err=True)
        ctx.exit(1)
    return result


def load_or_fail(ctx: click.Context) -> Catalog:
    """The catalog of this invocation's workspace (see :func:`load_result_or_fail`)."""
    catalog = load_result_or_fail(ctx).catalog
    assert catalog is not None
    return catalog
