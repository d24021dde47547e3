"""Docs are tested: every command has help with an example and appears in the README, and the
README's quick start works as written."""

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from slacheck.cli.main import COMMANDS, cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def all_commands():
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        yield name, command
        if isinstance(command, click.Group):
            sub_ctx = click.Context(command, parent=ctx, info_name=name)
            for sub in command.list_commands(sub_ctx):
                yield f"{name} {sub}", command.get_command(sub_ctx, sub)


@pytest.mark.parametrize("name, command", list(all_commands()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_with_an_example(name, command):
    assert command.help and "Example" in command.help, name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"slacheck {re.escape(name)}\b", README), f"README lacks an example of 'slacheck {name}'"


def test_readme_opens_with_the_two_commands():
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert blocks[0] == "pip install . && slacheck demo"
    assert blocks[1] == "pip install -e '.[test]' && pytest"


def test_readme_quick_start_works(tmp_path, monkeypatch):
    block = README.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    lines = [line.split("#")[0].strip() for line in block.splitlines()]
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for line in filter(None, lines):
        if line.startswith("pip "):
            continue
        for part in line.split("&&"):
            words = part.split()
            if words[0] == "cd":
                monkeypatch.chdir(words[1])
                continue
            assert words[0] == "slacheck"
            args = [w.strip('"') for w in re.findall(r'"[^"]*"|\S+', part)][1:]
            result = runner.invoke(cli, args, catch_exceptions=False)
            assert result.exit_code == 0, (part, result.output)
