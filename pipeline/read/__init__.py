"""Bytes → lines: `decode` turns input bytes into text (encodings, newlines, control characters); `pdf` reads a
PDF's characters with their positions into lines with geometry."""

from __future__ import annotations

from pipeline.read.decode import decode
from pipeline.read.pdf import is_pdf, read_pdf


def source_text(data: bytes, path: str) -> str:
    """The source as numbered lines, as the normalizer's line numbers count them (a PDF: its lines in reading
    order), for showing beside the repaired document."""
    if is_pdf(path, data):
        return "\n".join(line.text for line in read_pdf(path, data))
    return decode(data, path=path).text
