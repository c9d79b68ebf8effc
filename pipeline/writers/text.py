"""Plain text, Markdown and JSON of the model."""

from __future__ import annotations

import re

from pipeline.model import BYLINE, HEADING, SIGNOFF, TITLE, Document
from pipeline.options import WriteOptions
from pipeline.templates import Template


def write_text(doc: Document, template: Template | None = None, options: WriteOptions | None = None) -> bytes:
    return doc.text().encode("utf-8")


def write_json(doc: Document, template: Template | None = None, options: WriteOptions | None = None) -> bytes:
    return doc.to_json().encode("utf-8")


def write_markdown(
    doc: Document, template: Template | None = None, options: WriteOptions | None = None
) -> bytes:
    parts = []
    for block in doc.blocks:
        if block.kind == TITLE:
            parts.append(f"# {block.text}")
        elif block.kind == HEADING:
            parts.append(f"{'#' * min(block.level + 1, 6)} {block.text}")
        elif block.kind == SIGNOFF:
            parts.append(f'<p align="right">{_escape(block.text)}</p>')
        elif block.kind == BYLINE:
            parts.append(f'<p align="center">{_escape(block.text)}</p>')
        else:
            parts.append(_escape(block.text))
    return ("\n\n".join(parts) + "\n").encode("utf-8")


def _escape(text: str) -> str:
    """Keep Markdown syntax characters literal at the start of a paragraph."""
    for ch in "\\`*_[]<>#":
        text = text.replace(ch, "\\" + ch)
    if text[:1] in "+-":
        text = "\\" + text
    return re.sub(r"^(\d+)\.", r"\1\\.", text)
