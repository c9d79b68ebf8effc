"""What a template's conventions make of a document before it is set: the rules the DOCX and PDF writers share.

- The addressee line (主送机关) is the paragraph right after the title that ends with a colon: it starts
  at the left margin, without the body's first-line indent (GB/T 9704-2012 7.3.2).
- Author and date from the metadata appear where the template puts them (`[conventions] metadata`):
  `"signoff"` adds them as the sign-off (发文机关署名 and 成文日期) when the text ends without one; the
  date is written the Chinese way (`2024年1月11日`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.model import PARAGRAPH, SIGNOFF, TITLE, Block, Document
from pipeline.templates import Template

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
# an addressee line is short: two lines of the official template's body at most
MAX_ADDRESSEE_CHARS = 56


def chinese_date(value: str) -> str:
    """`2024-01-11` → `2024年1月11日`; any other form is kept as written."""
    found = _ISO_DATE.match(value)
    if not found:
        return value.strip()
    year, month, day = (int(part) for part in found.groups())
    return f"{year}年{month}月{day}日"


def addressee_index(blocks: list[Block]) -> int | None:
    """The index of the addressee line (主送机关), if the document has one."""
    for i, block in enumerate(blocks[:-1]):
        if block.kind == TITLE:
            following = blocks[i + 1]
            if (following.kind == PARAGRAPH and following.text.rstrip()[-1:] in ("：", ":")
                    and len(following.text) <= MAX_ADDRESSEE_CHARS):
                return i + 1
            return None
    return None


def metadata_placement(template: Template) -> str:
    return str(template.section("conventions").get("metadata", ""))


def with_metadata(doc: Document, template: Template) -> Document:
    """The document with the metadata's author and date added where the template's convention wants them."""
    meta = doc.metadata
    if metadata_placement(template) != "signoff" or not doc.blocks:
        return doc
    if doc.blocks[-1].kind == SIGNOFF or not (meta.author or meta.date):
        return doc
    added = [Block(SIGNOFF, text) for text in (meta.author.strip(), chinese_date(meta.date)) if text]
    return replace(doc, blocks=[*doc.blocks, *added])


def signoff_start(blocks: list[Block]) -> int | None:
    """The index of the first of the sign-off lines ending the document, when text comes before them."""
    start = len(blocks)
    while start > 0 and blocks[start - 1].kind == SIGNOFF:
        start -= 1
    return start if 0 < start < len(blocks) else None
