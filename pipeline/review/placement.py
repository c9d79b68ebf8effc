"""Where each change of the repair report shows on the review page.

The source side of the page walks the non-blank source lines in order, grouped by the block they went into;
removed lines stay where they were (inside a block's range or between blocks). Every change is anchored to one
source row, to one block, or, when it concerns the whole document, listed on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.model import Document
from pipeline.normalize import DECODE, PASSES
from pipeline.report import Change

# kind: (label, what it means); the order is the legend's order
KINDS: dict[str, tuple[str, str]] = {
    "join": ("joined", "a line break inside a paragraph was removed"),
    "break": ("kept apart", "a line break was kept: the next line starts a new block"),
    "removed": ("removed", "a page marker, running header or control character was dropped"),
    "hyphen": ("dehyphenated", "a word hyphenated at a line break was put back together"),
    "spacing": ("spacing", "spaces between Chinese and Latin letters or digits, or letter spacing, fixed"),
    "chars": ("characters", "look-alike code points mapped to the ordinary characters"),
    "page": ("page", "a page boundary, or a page-wide layout decision"),
    "structure": ("structure", "a line recognised as a title, heading or label"),
    "other": ("other", "another repair"),
}
# what each pass's changes look like, from the pass list (decoding removes characters)
_KIND_OF_PASS = {p.name: p.effect for p in PASSES} | {DECODE: "removed"}
# passes whose decisions concern a whole block, or the whole document, rather than one source line
_SCOPE = {p.name: p.scope for p in PASSES}


def kind(change: Change) -> str:
    found = _KIND_OF_PASS.get(change.pass_name, "other")
    return "break" if found == "join" and "break" in change.action else found


def is_uncertain(change: Change) -> bool:
    return change.action.startswith("uncertain")


@dataclass
class Row:
    """One non-blank source line and the changes shown on it."""

    number: int
    text: str
    removed: bool = False
    removals: list[int] = field(default_factory=list)  # the changes that removed it
    before: list[int] = field(default_factory=list)  # separators above the line (page starts)
    marks: list[int] = field(default_factory=list)  # at its end (joins and breaks)
    notes: list[int] = field(default_factory=list)  # under it, with the before/after


@dataclass
class Section:
    """The source rows of one block (`block` is its index), or removed lines between blocks (`block` None)."""

    block: int | None
    rows: list[Row] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)  # changes about the whole block (its kind)


@dataclass
class Layout:
    sections: list[Section]
    document_wide: list[int]


def layout(doc: Document, raw_text: str) -> Layout:
    raw = raw_text.split("\n")

    removed = doc.report.removed_lines

    def text(n: int) -> str:
        return raw[n - 1] if 0 < n <= len(raw) else removed.get(n, "")

    owners = {n: i for i, block in enumerate(doc.blocks) for n in block.source_lines}
    sections = _sections(doc, owners, text)
    rows = {row.number: row for section in sections for row in section.rows}
    by_block = {s.block: s for s in sections if s.block is not None}
    document_wide = [index for index, change in enumerate(doc.report.changes)
                     if not _place(index, change, rows, owners, by_block)]
    return Layout(sections=sections, document_wide=document_wide)


def _sections(doc: Document, owners: dict[int, int], text: Callable[[int], str]) -> list[Section]:
    removed = doc.report.removed_lines
    sections: list[Section] = []
    pending = sorted(removed)

    def flush_removed(limit: float) -> None:
        gap = [n for n in pending if n < limit]
        if gap:
            sections.append(Section(None, [Row(n, text(n), removed=True) for n in gap]))
            del pending[: len(gap)]

    for i, block in enumerate(doc.blocks):
        own = block.source_lines
        if not own:
            sections.append(Section(i))
            continue
        low, high = min(own), max(own)
        flush_removed(low)
        inside = [n for n in pending if n <= high]
        del pending[: len(inside)]
        numbers = sorted({n for n in own if owners.get(n) == i} | set(inside))
        sections.append(Section(i, [Row(n, text(n), removed=n in removed) for n in numbers]))
    flush_removed(float("inf"))
    return sections


def _place(index: int, change: Change, rows: dict[int, Row], owners: dict[int, int],
           by_block: dict[int, Section]) -> bool:
    """Attach the change to its block or source row; False when it concerns the whole document."""
    scope = _SCOPE.get(change.pass_name, "line")
    if scope == "document" or not change.lines:
        return False
    first = change.lines[0]
    if scope == "block" and owners.get(first) in by_block:
        by_block[owners[first]].tags.append(index)
        return True
    row = next((rows[n] for n in change.lines if n in rows), None)
    if row is None:
        return False
    if change.action == "remove-line":
        row.removed = True
        row.removals.append(index)
    elif kind(change) == "page":
        row.before.append(index)
    elif kind(change) in ("join", "break"):
        row.marks.append(index)
    else:
        row.notes.append(index)
    return True
