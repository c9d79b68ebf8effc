"""Paragraph-aligned plain-text translations: one translated block per source block, blank-line separated."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import TranslationError
from pipeline.model import Document
from pipeline.read.decode import decode
from pipeline.report import Report


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


def attach(doc: Document, path: Path, report: Report | None = None) -> dict[str, str]:
    """Map block ids to translations; fewer translations leave blank slots (warned), more are an error."""
    translated = read_blocks(path)
    ids = doc.block_ids()
    if len(translated) > len(ids):
        raise TranslationError(
            f"translation has {len(translated)} blocks but the document has {len(ids)}",
            path=str(path), hint="one translated paragraph per source block, separated by blank lines",
        )
    if len(translated) < len(ids) and report is not None:
        missing = ids[len(translated):]
        report.warn(f"{len(missing)} block(s) without a translation: {', '.join(missing[:5])}"
                    + (" ..." if len(missing) > 5 else ""))
    return dict(zip(ids, translated))
