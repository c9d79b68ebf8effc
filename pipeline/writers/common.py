"""What the published writers share: the template style each block kind is set in, decided once.

DOCX, PDF and EPUB set every block in the style `style_role` names; a kind or heading level the template has no
style for is a WriterError in every writer, never a silent fallback.
"""

from __future__ import annotations

from pipeline.errors import WriterError
from pipeline.model import BYLINE, HEADING, PARAGRAPH, SIGNOFF, TITLE, Block

HEADING_LEVELS = range(1, 5)  # heading1 .. heading4 in style.toml
ROLES = {TITLE: "title", PARAGRAPH: "body", SIGNOFF: "signoff", BYLINE: "byline"}


def style_role(block: Block) -> str:
    """The template style (`[styles.<role>]` in style.toml) a block is set in."""
    if block.kind == HEADING:
        if block.level not in HEADING_LEVELS:
            raise WriterError(f"heading level {block.level} is outside {HEADING_LEVELS[0]}-{HEADING_LEVELS[-1]}: "
                              f"{block.text[:20]!r}")
        return f"heading{block.level}"
    if block.kind not in ROLES:
        raise WriterError(f"no style for block kind {block.kind!r}: {block.text[:20]!r}")
    return ROLES[block.kind]
