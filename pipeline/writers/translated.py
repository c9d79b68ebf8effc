"""How translations are set, for every writer: the style of a block's translation, and the document the
translation edition publishes.

A translated title or heading is set as that title or heading (its alignment, its share of the body size, bold)
in the translation's face, colour and language (`styles.translation`); any other block's translation is set in
`styles.translation` itself. `space_before_pt` of `styles.translation` separates a block from its translation,
`space_after_pt` (or the block's own space after, when larger) separates one pair from the next.
"""

from __future__ import annotations

import dataclasses

from pipeline.model import HEADING, TITLE, Block, Document
from pipeline.templates import Style, Template
from pipeline.text.cjk import char_width

DISPLAY_STYLES = ("title", "heading1", "heading2", "heading3", "heading4")
EAST_ASIAN = ("zh", "ja", "ko")


def style_name(block: Block) -> str:
    """The template style a block is set in."""
    if block.kind == TITLE:
        return "title"
    if block.kind == HEADING:
        return f"heading{min(max(block.level, 1), 4)}"
    return "signoff" if block.kind == "signoff" else "body"


def translation_style(template: Template, source_style: str) -> Style:
    """The style the translation of a block set in `source_style` takes."""
    base = template.style("translation")
    if source_style not in DISPLAY_STYLES:
        return base
    source, body = template.style(source_style), template.style("body")
    scale = base.size_pt / body.size_pt
    return dataclasses.replace(
        base, name=f"{source_style}-translation", size_pt=round(source.size_pt * scale, 1),
        line_pitch_pt=round(source.line_pitch_pt * scale, 1), bold=True,
        align="left" if source.align == "justify" else source.align)


def space_between_pairs(template: Template, source_style: str) -> float:
    """The space after a block's translation: the translation's, or the block's own when that is larger."""
    source, translation = template.style(source_style), template.style("translation")
    own = source.space_after_pt + source.space_after_lines * source.line_pitch_pt
    return max(own, translation.space_after_pt)


def east_asian(language: str) -> bool:
    return language.lower().startswith(EAST_ASIAN)


def translated_document(doc: Document, translations: dict[str, str], language: str) -> tuple[Document, list[str]]:
    """The document in its translation: every block keeps its kind, level and provenance and takes its
    translation; a block without one keeps its source text (never lost) and is listed by id."""
    blocks, untranslated = [], []
    for bid, block in zip(doc.block_ids(), doc.blocks):
        text = translations.get(bid, "").strip()
        if not text:
            untranslated.append(bid)
        blocks.append(dataclasses.replace(block, text=text or block.text))
    title = next((b.text for b, src in zip(blocks, doc.blocks) if src.kind == TITLE), "")
    meta = dataclasses.replace(doc.metadata, language=language, title=title or doc.metadata.title, keywords=())
    return dataclasses.replace(doc, blocks=blocks, metadata=meta), untranslated


def length_share(doc: Document, translations: dict[str, str], template: Template, low: float = 0.35,
                 high: float = 0.65) -> float:
    """The source column's share of a two-column table, from the length of each side (display columns at
    each side's size and line pitch), within `low` and `high`; 0.5 when nothing is translated. (The PDF
    measures the fonts instead.)"""
    source = target = 0.0
    translation = template.style("translation")
    for bid, block in zip(doc.block_ids(), doc.blocks):
        text = translations.get(bid, "")
        if text:
            style = template.style(style_name(block))
            # the area each side covers: half an em per display column, times the line pitch
            source += sum(char_width(ch) for ch in block.text) * style.size_pt * style.line_pitch_pt
            target += (sum(char_width(ch, cjk_context=False) for ch in text) * translation.size_pt
                       * translation.line_pitch_pt)
    if not source or not target:
        return 0.5
    return min(high, max(low, source / (source + target)))
