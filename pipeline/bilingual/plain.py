"""Paragraph-aligned plain-text translations: one translated block per source block, blank-line separated."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import TranslationError
from pipeline.model import Document
from pipeline.read.decode import decode


def read_blocks(path: Path) -> list[str]:
    text = decode(path.read_bytes(), path=str(path)).text
    blocks, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return blocks


def attach(doc: Document, path: Path) -> dict[str, str]:
    """Map block ids to translations, block n to block n: the counts must be equal, since one missing or extra
    paragraph would put every following translation beside the wrong block."""
    translated = read_blocks(path)
    ids = doc.block_ids()
    if len(translated) != len(ids):
        fewer = len(translated) < len(ids)
        raise TranslationError(
            f"translation has {len(translated)} blocks but the document has {len(ids)} "
            f"({abs(len(ids) - len(translated))} {'missing' if fewer else 'too many'}); a paragraph-aligned "
            "translation needs one translated block per source block, separated by blank lines",
            path=str(path),
            hint="for a partial translation use XLIFF or PO: pressline segments export <document> -o <slug>.en.xlf",
        )
    return dict(zip(ids, translated))
