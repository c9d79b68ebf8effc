"""The parallel PDF layout: the source and its translation side by side.

- The columns are sized from the document's measured length ratio: of the source shares between
  `min_source_share` and `max_source_share`, the one whose estimated pair heights differ least in total
  (a translation twice as long as its source gets the wider column instead of leaving holes in the other).
- Every block pair starts at one height (top-aligned), both sides on the same page: when the first lines of
  either side do not fit, the pair starts on the next page. A side longer than the page runs on onto the next
  page; the next pair starts below the longer side.
- Inside a block whose units are all translated (`WriteOptions.sentence_pairs`), a sentence pair starts on a
  new line of both columns at one height wherever the space this leaves in the shorter column is at most
  `align_gap_lines` body lines; elsewhere the sentences run on.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from pipeline.model import Block, Document
from pipeline.options import WriteOptions
from pipeline.templates import MM, Style
from pipeline.writers import translated
from pipeline.writers.pdf.layout import (
    Box,
    Cursor,
    Layout,
    Setter,
    block_style,
    place,
    source_boxes,
    translation_boxes,
)

# the least number of lines of each side a pair must have room for at the bottom of a page
MIN_LINES_AT_PAGE_END = 2
SHARE_STEP = 0.01


@dataclass(frozen=True)
class Columns:
    source: float  # width in points
    translation: float
    gutter: float

    @property
    def translation_x(self) -> float:
        return self.source + self.gutter


@dataclass(frozen=True)
class Chunk:
    """Consecutive sentences of a block set as one piece on each side; `first` holds the block's start."""

    source: str
    translation: str
    first: bool
    last: bool


def lay_out_parallel(layout: Layout, setter: Setter, doc: Document, options: WriteOptions) -> None:
    template = setter.template
    spec = template.pdf.parallel
    ids = doc.block_ids()
    columns = columns_for(setter, doc, options, layout.width)
    gap_limit = float(spec.align_gap_lines) * template.style("body").line_pitch_pt
    cursor = Cursor(0, 0.0)
    for n, (bid, block) in enumerate(zip(ids, doc.blocks), start=1):
        text = options.translations.get(bid)
        if not text:
            src = source_boxes(setter, block, columns.source)
            pieces = [(src, translation_boxes(setter, None, n, src, columns.translation))]
        else:
            chunks = aligned_chunks(setter, block, options.sentence_pairs.get(bid, ()), text, columns, gap_limit)
            pieces = [_chunk_boxes(setter, block, chunk, columns) for chunk in chunks]
        for src, tra in pieces:
            cursor = _pair_start(layout, cursor, src, tra)
            cursor = later(place(layout, src, cursor, 0.0), place(layout, tra, cursor, columns.translation_x))


def later(a: Cursor, b: Cursor) -> Cursor:
    return max(a, b, key=lambda c: (c.page, c.y))


def columns_for(setter: Setter, doc: Document, options: WriteOptions, width: float) -> Columns:
    """Column widths from the measured length of the text each side holds (see the module's docstring)."""
    spec = setter.template.pdf.parallel
    gutter = float(spec.gutter_mm) * MM
    default = float(spec.source_share)
    low = float(spec.min_source_share)
    high = float(spec.max_source_share)
    pieces = _measured_pieces(setter, doc, options)
    usable = width - gutter
    best, best_cost = default, math.inf
    steps = round((high - low) / SHARE_STEP)
    for k in range(steps + 1):
        share = low + k * SHARE_STEP
        cost = sum(abs(_height(a, pa, usable * share, wa) - _height(b, pb, usable * (1 - share), wb))
                   for a, pa, wa, b, pb, wb in pieces)
        # ties go to the share nearest the template's default
        if cost < best_cost - 1e-6 or (abs(cost - best_cost) <= 1e-6 and abs(share - default) < abs(best - default)):
            best, best_cost = share, cost
    left = usable * best
    return Columns(left, usable - left, gutter)


Measured = tuple[float, float, int, float, float, int]


def _measured_pieces(setter: Setter, doc: Document, options: WriteOptions) -> list[Measured]:
    """(advance, line pitch, words) of the source and of the translation of each translated block, or of
    each sentence where the block's sentences are aligned."""
    translation = setter.template.style("translation")
    pieces = []
    for bid, block in zip(doc.block_ids(), doc.blocks):
        text = options.translations.get(bid)
        if not text:
            continue
        style = block_style(setter.template, block)
        pairs = options.sentence_pairs.get(bid) or ((block.text, text),)
        for source, target in pairs:
            pieces.append((setter.advance(source, style), style.line_pitch_pt, len(source.split()),
                           setter.advance(target, translation), translation.line_pitch_pt, len(target.split())))
    return pieces


def _height(advance: float, pitch: float, width: float, words: int = 0) -> float:
    """Estimated height of a paragraph; where words are separated by spaces a line loses half a word on
    average to breaking between words."""
    slack = advance / words / 2 if words > 1 else 0.0
    return max(1, math.ceil(advance / max(width - slack, 1.0))) * pitch


def aligned_chunks(setter: Setter, block: Block, pairs: tuple[tuple[str, str], ...], text: str,
                   columns: Columns, gap_limit: float) -> list[Chunk]:
    """The block cut at sentence boundaries where both sides start level.

    Of all ways to cut it, the one whose largest blank stretch (the difference of a chunk's two heights, in
    `gap_limit`s, rounded up) is least; among those, the one with the most cuts that cost less than half the
    limit each. Heights are estimated from the measured widths, so choosing costs no trial layouts.
    """
    pieces = _source_pieces(block.text, [source for source, _ in pairs]) if pairs else None
    if pieces is None or len(pieces) < 2:
        return [Chunk(block.text, text, first=True, last=True)]
    targets = [target for _, target in pairs]
    joiner = "" if all(_unspaced(t) for t in targets) else " "
    style, target_style = block_style(setter.template, block), setter.template.style("translation")
    indent = style.first_line_indent_chars * style.size_pt
    src = [setter.advance(piece, style) for piece in pieces]
    tra = [setter.advance(target + joiner, target_style) for target in targets]
    src_words = [len(piece.split()) for piece in pieces]
    tra_words = [len(target.split()) for target in targets]

    def gap(j: int, k: int) -> float:
        high = _height(sum(src[j:k]) + (indent if j == 0 else 0.0), style.line_pitch_pt, columns.source,
                       sum(src_words[j:k]))
        return abs(high - _height(sum(tra[j:k]), target_style.line_pitch_pt, columns.translation,
                                  sum(tra_words[j:k])))

    # best[k]: (largest gap in limits, score, cuts) of the best way to set sentences [0, k) as chunks
    best: list[tuple[int, float, tuple[int, ...]]] = [(0, 0.0, ())]
    for k in range(1, len(pieces) + 1):
        options = []
        for j in range(k):
            cost = gap(j, k)
            worst, score, cuts = best[j]
            options.append((max(worst, math.ceil(cost / gap_limit - 1e-9)), score + cost - gap_limit / 2,
                            (*cuts, k)))
        best.append(min(options))
    chunks, start = [], 0
    for end in best[-1][2]:
        chunks.append(Chunk("".join(pieces[start:end]).rstrip(), joiner.join(targets[start:end]),
                            first=start == 0, last=end == len(pieces)))
        start = end
    return chunks


def _unspaced(text: str) -> bool:
    return not any(ch.isspace() for ch in text) and any(ord(ch) > 0x2E80 for ch in text)


def _source_pieces(text: str, sources: list[str]) -> list[str] | None:
    """`text` cut where each sentence starts (the pieces join back to `text`), or None when the sentences
    are not the text's own, in order."""
    starts, position = [], 0
    for source in sources:
        found = text.find(source, position)
        if found < 0 or text[position:found].strip():
            return None
        starts.append(found if starts else 0)
        position = found + len(source)
    if text[position:].strip():
        return None
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)])]


def _chunk_boxes(setter: Setter, block: Block, chunk: Chunk, columns: Columns) -> tuple[list[Box], list[Box]]:
    """Both sides of a chunk: the block's spacing before its first chunk and after its last only; a chunk
    after the first starts its line without the first-line indent."""
    style = block_style(setter.template, block)
    if chunk.first:
        src = source_boxes(setter, dataclasses.replace(block, text=chunk.source), columns.source)
    else:
        src = setter.boxes(chunk.source, _continued(style), columns.source)
    translated_style = translated.translation_style(setter.template, translated.style_name(block))
    tra = translation_boxes(setter, chunk.translation, 0, src, columns.translation, translated_style)
    if not chunk.last:
        src[-1].after = tra[-1].after = 0.0
    if not chunk.first:
        src[0].before = tra[0].before = 0.0
    return src, tra


def _continued(style: Style) -> Style:
    return dataclasses.replace(style, first_line_indent_chars=0, space_before_pt=0)


def _extent(boxes: list[Box]) -> float:
    return sum(box.height for box in boxes)


def _pair_start(layout: Layout, cursor: Cursor, src: list[Box], tra: list[Box]) -> Cursor:
    """Where a pair starts: below the space before it, or at the top of the next page when the first lines of
    either side would not fit (so both sides start together)."""
    if cursor.y <= 0:
        return cursor
    before = src[0].before
    need = max(_head(src), _head(tra))
    if cursor.y + before + need > layout.height + 0.01:
        return Cursor(cursor.page + 1, 0.0)
    src[0].before = tra[0].before = 0.0
    return Cursor(cursor.page, cursor.y + before)


def _head(boxes: list[Box]) -> float:
    """The height of a side's first lines that must share a page: `MIN_LINES_AT_PAGE_END` lines, and every line
    kept with the next."""
    height = 0.0
    for count, box in enumerate(boxes, start=1):
        height += box.height
        if count >= MIN_LINES_AT_PAGE_END and not box.keep_with_next:
            break
    return height

