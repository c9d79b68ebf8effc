"""The page: size and margins, Word's document grid, footers with a PAGE field, document settings."""

from __future__ import annotations

import math

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Twips
from docx.text.paragraph import Paragraph

from pipeline.errors import TemplateError
from pipeline.templates import MM, Template
from pipeline.writers.docx.ooxml import (
    ALIGNMENT,
    TWIPS_PER_PT,
    element,
    page_field,
    twips_from_mm,
    twips_from_pt,
)
from pipeline.writers.docx.styles import FOOTER_STYLE, Languages, Metrics

# w:charSpace is in 1/4096 pt, added to the default font size to give the grid's character pitch
CHAR_SPACE_UNIT = 4096


def metrics(template: Template) -> Metrics:
    """The grid's character pitch and line pitch, from the type area rounded to whole twips as Word does."""
    body = template.style("body")
    if not template.chars_per_line:
        return Metrics(char_pt=body.size_pt, line_pt=body.line_pitch_pt)
    return Metrics(char_pt=_grid_pitch_pt(template), line_pt=body.line_pitch_pt, grid=True)


def set_up(document: WordDocument, template: Template, languages: Languages) -> None:
    section = document.sections[0]
    _set_page(section, template)
    if template.lines_per_page and template.chars_per_line:
        _set_grid(section, template)
    _set_footers(document, section, template)
    _set_settings(document, template, languages)


def _type_width_twips(template: Template) -> int:
    page = template.page
    return twips_from_mm(page.width_mm) - twips_from_mm(page.margin_left_mm) - twips_from_mm(page.margin_right_mm)


def _grid_pitch_pt(template: Template) -> float:
    """The character pitch Word derives from w:charSpace, rounded down to its 1/4096 pt unit: a pitch a
    hair too wide would leave one character fewer on every line."""
    exact = _type_width_twips(template) / TWIPS_PER_PT / template.chars_per_line
    return math.floor(exact * CHAR_SPACE_UNIT) / CHAR_SPACE_UNIT


def _set_page(section: Section, template: Template) -> None:
    page, number = template.page, template.page_number
    section.page_width = Twips(twips_from_mm(page.width_mm))
    section.page_height = Twips(twips_from_mm(page.height_mm))
    section.top_margin = Twips(twips_from_mm(page.margin_top_mm))
    section.bottom_margin = Twips(twips_from_mm(page.margin_bottom_mm))
    section.left_margin = Twips(twips_from_mm(page.margin_left_mm))
    section.right_margin = Twips(twips_from_mm(page.margin_right_mm))
    section.gutter = Twips(0)
    # Word measures the footer from the page's bottom edge to the footer's last line; the template
    # gives the distance from the type area down to the page number's line.
    footer_mm = page.margin_bottom_mm - number.offset_mm - number.size_pt / MM
    section.footer_distance = Twips(twips_from_mm(footer_mm))


def _set_grid(section: Section, template: Template) -> None:
    """linesAndChars: a page holds `lines_per_page` lines of `chars_per_line` characters of body text."""
    body = template.style("body")
    line_pitch = twips_from_pt(body.line_pitch_pt)
    type_height = twips_from_mm(template.page.height_mm) - section.top_margin.twips - section.bottom_margin.twips
    if line_pitch * template.lines_per_page > type_height:
        raise TemplateError(
            f"{template.lines_per_page} lines of {body.line_pitch_pt} pt do not fit the type area",
            path=str(template.asset("style.toml")), hint="lower styles.body.line_pitch_pt")
    char_space = round((_grid_pitch_pt(template) - body.size_pt) * CHAR_SPACE_UNIT)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = element("w:docGrid")
        section._sectPr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch))
    grid.set(qn("w:charSpace"), str(char_space))


def _set_footers(document: WordDocument, section: Section, template: Template) -> None:
    """Page numbers on the outer side need two footers: odd pages (default) and even pages."""
    number = template.page_number
    if number.position == "outer":
        document.settings.odd_and_even_pages_header_footer = True
        _page_number(section.footer.paragraphs[0], template, "right")
        _page_number(section.even_page_footer.paragraphs[0], template, "left")
    elif number.position in ("center", "right"):
        _page_number(section.footer.paragraphs[0], template, number.position)
    else:
        raise TemplateError(f"page_number.position {number.position!r} is not outer, center or right",
                            path=str(template.asset("style.toml")))


def _page_number(paragraph: Paragraph, template: Template, side: str) -> None:
    number = template.page_number
    paragraph.style = FOOTER_STYLE
    before, _, after = number.format.partition("{n}")
    edge = twips_from_pt(number.edge_indent_chars * number.size_pt)
    chars = str(round(number.edge_indent_chars * 100))
    p_pr = paragraph._p.get_or_add_pPr()
    indent = {"left": 0, "right": 0}
    if side in ("left", "right"):
        indent[side] = edge
    ind = element("w:ind", left=indent["left"], right=indent["right"])
    if side in ("left", "right"):
        ind.set(qn(f"w:{side}Chars"), chars)
    p_pr.append(ind)
    p_pr.append(element("w:jc", val=ALIGNMENT[side]))
    if before:
        paragraph.add_run(before)
    for run in page_field():
        paragraph._p.append(run)
    if after:
        paragraph.add_run(after)


def _set_settings(document: WordDocument, template: Template, languages: Languages) -> None:
    settings = document.settings.element
    if template.page.mirror:
        settings.find(qn("w:zoom")).addnext(element("w:mirrorMargins"))
    if template.docx.hyphenation:
        settings.find(qn("w:defaultTabStop")).addnext(element("w:autoHyphenation"))
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), languages.latin)
        theme_lang.set(qn("w:eastAsia"), languages.east_asian)
