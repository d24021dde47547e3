"""``slacheck validate [PATH...]``: check the agreement files, print every problem.

Without PATH the whole workspace is checked.  PATHs (files or folders) restrict the output to
those files; the workspace holding them is still loaded whole so cross-references resolve.
Exit 1 when any error is printed, 0 otherwise (warnings alone pass), 2 when there is no workspace.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..config.loader import LoadResult, load_catalog
from ..config.problems import Problem
from ..config.recipes import check_recipes
from ..config.workspace import find_workspace
from ..errors import InputError
from .common import workspace_from_ctx

SCHEMA = "slacheck.validate/1"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _within(path: Path, targets: list[Path]) -> bool:
    return any(path == t or t in path.parents for t in targets)


def _collect(ctx: click.Context, paths: tuple[str, ...]) -> tuple[list[Path], list[Problem]]:
    """Files checked and problems to show, for the whole workspace or for ``paths`` only."""
    if not paths:
        ws = workspace_from_ctx(ctx)
        result = load_catalog(ws)
        recipe_files, recipe_problems = check_recipes(ws)
        return result.files + recipe_files, sorted(result.problems + recipe_problems)
    targets: dict[Path, list[Path]] = {}
    for raw in paths:
        target = Path(raw).expanduser()
        if not target.exists():
            raise InputError(f"no such file or folder: {raw}")
        target = target.resolve()
        ws = find_workspace(cwd=target if target.is_dir() else target.parent)
        targets.setdefault(ws.root, []).append(target)
    files: list[Path] = []
    problems: list[Problem] = []
    for root, wanted in targets.items():
        ws = find_workspace(root)
        result: LoadResult = load_catalog(ws)
        recipe_files, recipe_problems = check_recipes(ws)
        files += [f for f in result.files + recipe_files if _within(f.resolve(), wanted)]
        problems += [p for p in result.problems + recipe_problems
                     if _within(p.path.resolve(), wanted)]
    for raw in paths:
        target = Path(raw).expanduser().resolve()
        if target.is_file() and target not in {f.resolve() for f in files}:
            click.echo(f"slacheck: {raw} is not one of the agreement files; not checked", err=True)
    return files, sorted(problems)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_context
def validate(ctx: click.Context, paths: tuple[str, ...], fmt: str) -> None:
    """Check the agreement files and import recipes; print each problem as path:line:col: message.

    \b
    Exit codes: 0 no errors (warnings are printed), 1 errors, 2 no workspace.
    Examples:
      slacheck validate
      slacheck validate agreements/it-for-sales.toml --format json
    """
    files, problems = _collect(ctx, paths)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if fmt == "json":
        click.echo(json.dumps({
            "schema": SCHEMA,
            "files": len(files),
            "errors": errors,
            "warnings": warnings,
            "problems": [p.to_json() for p in problems],
        }, indent=2))
    else:
        for problem in problems:
            click.echo(problem.format())
        if problems:
            with_problems = len({p.path for p in problems})
            click.echo(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in "
                       f"{_plural(with_problems, 'file')} ({_plural(len(files), 'file')} checked)")
        else:
            click.echo(f"{_plural(len(files), 'file')} checked: no problems")
    ctx.exit(1 if errors else 0)
