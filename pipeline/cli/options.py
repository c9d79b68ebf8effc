"""Options several commands share, declared once."""

from __future__ import annotations

import click

from pipeline.options import CJK_SPACING

cjk_spacing_option = click.option(
    "--cjk-spacing", type=click.Choice(CJK_SPACING), default=CJK_SPACING[0], show_default=True,
    help="Spaces between Chinese and Latin letters or digits.")
