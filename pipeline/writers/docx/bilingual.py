"""The bilingual DOCX layouts.

interleaved: each block's paragraph, then its translation in the translated style of the block's style (a title
as a title, a heading as that heading), a little space between them and more after the pair.
parallel: the aligned two-column table reviewers exchange in Word, one row per block (source | translation, the
block id in a narrow first column with `ids`), the header row repeated on every page, rows free to break across
pages.
"""

from __future__ import annotations

from docx.document import Document as WordDocument
from docx.shared import Pt, Twips
from docx.table import Table

from pipeline.model import Document
from pipeline.options import WriteOptions
from pipeline.templates import Template
from pipeline.writers import translated
from pipeline.writers.docx.ooxml import element, twips_from_mm
from pipeline.writers.docx.styles import WORD_STYLES

ID_COLUMN_MM = 18
TABLE_STYLE = "Table Grid"


def write_interleaved(word: WordDocument, doc: Document, template: Template, options: WriteOptions,
                      style_of: dict[str, str], styles: dict[str, str]) -> None:
    """`style_of` maps a block kind's template style to its Word style, `styles` a translated title or heading
    to its Word style."""
    for bid, block in zip(doc.block_ids(), doc.blocks):
        name = translated.style_name(block)
        source = word.add_paragraph(block.text, style=style_of[name])
        text = options.translations.get(bid, "").strip()
        if not text:
            continue
        source.paragraph_format.space_after = Pt(0)
        paragraph = word.add_paragraph(text, style=styles.get(name, WORD_STYLES["translation"]))
        spec = translated.translation_style(template, name)
        paragraph.paragraph_format.space_before = Pt(spec.space_before_pt)
        paragraph.paragraph_format.space_after = Pt(translated.space_between_pairs(template, name))


def write_parallel(word: WordDocument, doc: Document, template: Template, options: WriteOptions,
                   style_of: dict[str, str], styles: dict[str, str], source_language: str) -> Table:
    share = translated.length_share(doc, options.translations, template)
    total = twips_from_mm(template.page.type_width_mm)
    id_width = twips_from_mm(ID_COLUMN_MM) if options.ids else 0
    left = round((total - id_width) * share)
    widths = ([id_width] if options.ids else []) + [left, total - id_width - left]
    table = word.add_table(rows=0, cols=len(widths))
    table.style = word.styles[TABLE_STYLE]
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)
    header = table.add_row()
    header._tr.get_or_add_trPr().append(element("w:tblHeader"))  # repeated on every page
    labels = (["ID"] if options.ids else []) + [source_language, options.translation_language]
    for cell, label, width in zip(header.cells, labels, widths):
        cell.width = Twips(width)
        paragraph = cell.paragraphs[0]
        paragraph.style = WORD_STYLES["translation"]
        paragraph.add_run(label).bold = True
    for bid, block in zip(doc.block_ids(), doc.blocks):
        name = translated.style_name(block)
        row = table.add_row()
        cells = list(row.cells)
        for cell, width in zip(cells, widths):
            cell.width = Twips(width)
        if options.ids:
            cells.pop(0).paragraphs[0].add_run(bid).font.size = Pt(7)
        cells[0].paragraphs[0].style = style_of[name]
        cells[0].paragraphs[0].add_run(block.text)
        cells[1].paragraphs[0].style = styles.get(name, WORD_STYLES["translation"])
        text = options.translations.get(bid, "").strip()
        if text:
            cells[1].paragraphs[0].add_run(text)
    return table
