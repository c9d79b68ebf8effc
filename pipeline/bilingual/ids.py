"""Unit ids from structure and text, never from position alone.

A block's key is its kind's initial and a hash of its kind, level and text; the n-th block with the same
key gets `_n` appended (n >= 2). A unit id is the block key and the unit's 1-based position in the block:
`p3f2a91c0d1.2`. Re-exporting an unchanged document gives the same ids; editing a paragraph changes that
paragraph's ids only (and, if it now equals another block, the occurrence suffix of later copies).
Ids are XML NMTOKENs and valid PO contexts.
"""

from __future__ import annotations

import hashlib

from pipeline.model import Document

HASH_LENGTH = 10


def block_key(kind: str, level: int, text: str) -> str:
    digest = hashlib.sha1(f"{kind}\x1f{level}\x1f{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"{kind[0]}{digest[:HASH_LENGTH]}"


def unit_ids(doc: Document, counts: list[int]) -> list[list[str]]:
    """For each block, the ids of its `counts[i]` units."""
    seen: dict[str, int] = {}
    ids = []
    for block, count in zip(doc.blocks, counts):
        key = block_key(block.kind, block.level, block.text)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}_{seen[key]}"
        ids.append([f"{key}.{k + 1}" for k in range(count)])
    return ids
