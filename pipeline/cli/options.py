"""What several commands share, declared once: options, and writing bytes to standard output."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.options import CJK_SPACING

cjk_spacing_option = click.option(
    "--cjk-spacing", type=click.Choice(CJK_SPACING), default=CJK_SPACING[0], show_default=True,
    help="Spaces between Chinese and Latin letters or digits.")

# a user's own templates (a folder of <name>/style.toml), searched before the ones Pressline ships
templates_option = click.option(
    "--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    envvar="PRESSLINE_TEMPLATES", show_envvar=True, metavar="DIR",
    help="Your own templates folder (<name>/style.toml ...), used before Pressline's own.")


def write_stdout(data: bytes) -> None:
    """Bytes to standard output, after any text already written to it."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
