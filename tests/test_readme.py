"""The README's ```console examples run, and print what the README shows (a `...` stands for any text).

Each block runs in a fresh folder holding a copy of source/ (and, for `make build`, the Makefile and the
virtual environment linked in), with the environment's `pressline` first on PATH. A `...` in the shown output
stands for any text (timings, the rest of a long listing).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BIN = Path(sys.executable).parent


def console_blocks(text: str) -> list[list[tuple[str, str]]]:
    """Each ```console block as (command, expected output) pairs."""
    blocks = []
    for body in re.findall(r"^```console\n(.*?)^```", text, flags=re.S | re.M):
        steps: list[tuple[str, list[str]]] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
        blocks.append([(command, "\n".join(shown)) for command, shown in steps])
    return blocks


def matches(shown: str, printed: str) -> bool:
    """Doctest's ELLIPSIS: `...` matches any text, across lines; trailing spaces and blank ends do not count."""
    def tidy(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())

    pattern = r"[\s\S]*?".join(re.escape(part) for part in tidy(shown).split("..."))
    return re.fullmatch(pattern, tidy(printed)) is not None


BLOCKS = console_blocks(README.read_text(encoding="utf-8"))


def test_the_readme_has_console_examples() -> None:
    commands = [command for block in BLOCKS for command, _ in block]
    assert len(BLOCKS) >= 5 and any(c.startswith("pressline normalize") for c in commands)


def test_ellipsis_matching() -> None:
    assert matches("a\n...\nd", "a\nb\nc\nd") and matches("took ... s", "took 2.7 s")
    assert not matches("a\nd", "a\nb\nd") and not matches("changes: 104", "changes: 103")


@pytest.mark.parametrize("block", BLOCKS, ids=[block[0][0][:60] for block in BLOCKS])
def test_console_example(block: list[tuple[str, str]], tmp_path: Path) -> None:
    shutil.copytree(ROOT / "source", tmp_path / "source")
    for name in ("Makefile", "pyproject.toml", "setup.py", "pipeline"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / ".venv").symlink_to(BIN.parent)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("VENV", None)
    env.pop("SOURCE_DATE_EPOCH", None)
    for command, shown in block:
        if command.startswith("make "):
            # the linked environment is set up: make must not reinstall it, nor echo its recipe lines
            command += " --silent --old-file=.venv/.installed"
        done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True,
                              errors="replace", timeout=600)
        printed = done.stdout + done.stderr
        assert done.returncode == 0, f"$ {command}\n{printed}"
        assert matches(shown, printed), f"$ {command}\nREADME shows:\n{shown}\n\nprinted:\n{printed}"
