"""Every command says how it is used: its --help has an example, and the README shows it."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli.app import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += commands(command, (*prefix, name))
    return found


NAMES = commands()


def test_there_are_commands_to_check() -> None:
    assert {("normalize",), ("build",), ("segments", "export")} <= set(NAMES)


@pytest.mark.parametrize("path", NAMES, ids=[" ".join(p) for p in NAMES])
def test_help_has_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "example" in result.output.lower() and f"pressline {' '.join(path)}" in result.output, result.output


@pytest.mark.parametrize("path", NAMES, ids=[" ".join(p) for p in NAMES])
def test_the_readme_shows_the_command(path: tuple[str, ...]) -> None:
    assert f"pressline {' '.join(path)}" in README
