"""The glossary after the document: on a new page, a Heading 1 and a Word table (term, translation, occurrences)."""

from __future__ import annotations

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Twips
from docx.table import Table

from pipeline.options import GlossaryRow
from pipeline.templates import Template
from pipeline.writers.docx.ooxml import element, replace_child, run_properties, twips_from_mm, twips_from_pt
from pipeline.writers.docx.styles import WORD_STYLES, Languages
from pipeline.writers.glossary_table import GlossaryTable, cells, settings

CELL_STYLE = "Glossary"
TRANSLATION_COLUMN = 1
COUNT_COLUMN = 3
KEEP_TOGETHER = 2


def add_glossary(word: WordDocument, template: Template, languages: Languages,
                 rows: tuple[GlossaryRow, ...]) -> Table:
    table_settings = settings(template)
    heading = word.add_paragraph(table_settings.heading, style=WORD_STYLES["heading1"])
    heading.paragraph_format.page_break_before = True  # on a page of its own, as in the PDF
    _add_cell_style(word, template, languages, table_settings)
    table = word.add_table(rows=0, cols=len(table_settings.columns))
    table.style = word.styles[template.docx.glossary_table_style]
    table.autofit = False
    width = twips_from_mm(template.page.type_width_mm)
    widths = [Twips(round(width * share)) for share in table_settings.shares]
    for column, column_width in zip(table.columns, widths):
        column.width = column_width
    header = _add_row(table, table_settings.columns, widths, bold=True)
    header._tr.get_or_add_trPr().append(element("w:tblHeader"))  # repeated on every page
    added = [_add_row(table, cells(row), widths) for row in rows]
    for row in added[-KEEP_TOGETHER:-1]:  # the last rows keep together: no page holds the last one alone
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    return table


def _add_row(table: Table, texts: tuple[str, ...], widths: list[Twips], bold: bool = False):
    row = table.add_row()
    for column, (cell, text, width) in enumerate(zip(row.cells, texts, widths)):
        cell.width = width
        translated = column == TRANSLATION_COLUMN and not bold
        paragraph = cell.paragraphs[0]
        paragraph.style = WORD_STYLES["translation"] if translated else CELL_STYLE
        if column == COUNT_COLUMN:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if text:
            paragraph.add_run(text).bold = bold or None
    return row


def _add_cell_style(word: WordDocument, template: Template, languages: Languages, table: GlossaryTable) -> None:
    """Body face at the table's size, off the document grid, no indents: a paragraph style for the cells."""
    style = word.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = word.styles[WORD_STYLES["body"]]
    line = twips_from_pt(table.line_pitch_pt)
    replace_child(style.element, "w:pPr", [
        element("w:snapToGrid", val=0),
        element("w:spacing", before=0, after=0, line=line, lineRule="exact"),
        element("w:ind", left=0, leftChars=0, right=0, rightChars=0, firstLine=0, firstLineChars=0),
        element("w:jc", val="left"),
    ])
    replace_child(style.element, "w:rPr", run_properties(
        template.face_of("body"), table.size_pt,
        latin_language=languages.latin, east_asian_language=languages.east_asian))
