"""Word styles from the template: Normal, Title, Heading 1-4, Signature, Translation, Footer."""

from __future__ import annotations

import math
from dataclasses import dataclass

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle

from pipeline.templates import Style, Template
from pipeline.writers import translated
from pipeline.writers.docx.ooxml import ALIGNMENT, element, replace_child, run_properties, twips_from_pt

# template style -> Word's built-in style name (so the navigation pane, TOC and style gallery know them)
WORD_STYLES = {
    "body": "Normal",
    "title": "Title",
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "heading3": "Heading 3",
    "heading4": "Heading 4",
    "signoff": "Signature",
    "byline": "Byline",
    "translation": "Translation",
}
FOOTER_STYLE = "Footer"


@dataclass(frozen=True)
class Languages:
    """w:lang values: `latin` for Latin script, `east_asian` for CJK; `translation` for the Translation style."""

    latin: str
    east_asian: str
    translation: str


@dataclass(frozen=True)
class Metrics:
    """One character's width (the grid's pitch when there is a character grid) and one body line's height."""

    char_pt: float
    line_pt: float
    grid: bool = False

    @property
    def char_twips(self) -> int:
        # whole twips, rounded down: LibreOffice snaps an indent a hair wider than n cells to n + 1 cells
        return math.floor(self.char_pt * 20)

    def width_percent(self, size_pt: float) -> int:
        """Glyphs wider than a grid cell take two cells in LibreOffice (Word squeezes them instead):
        narrow them just enough to fit one cell."""
        if not self.grid or size_pt <= self.char_pt:
            return 100
        return math.floor(100 * self.char_pt / size_pt)


def apply_styles(document: WordDocument, template: Template, languages: Languages, metrics: Metrics) -> None:
    styles = document.styles
    off_grid = set(template.docx.off_grid)
    _set_defaults(document, template, languages)
    for key, word_name in WORD_STYLES.items():
        style = _get_or_add(document, word_name)
        spec = template.style(key)
        is_translation = key == "translation"
        lang = languages if not is_translation else Languages(
            languages.translation, languages.east_asian, languages.translation)
        outline = int(key[-1]) - 1 if key.startswith("heading") else None
        snap = key not in off_grid
        _set_paragraph(style, spec, metrics, outline=outline, snap=snap,
                       keep_next=key == "title" or outline is not None)
        replace_child(style.element, "w:rPr", run_properties(
            template.faces[spec.face], spec.size_pt, bold=spec.bold, color=spec.color,
            latin_language=lang.latin, east_asian_language=lang.east_asian, east_asian_hint=not is_translation,
            width_percent=metrics.width_percent(spec.size_pt) if snap else 100))
    _set_footer_style(document, template, languages)
    _drop_linked_styles(styles.element, [WORD_STYLES[k] for k in WORD_STYLES] + [FOOTER_STYLE], document)


def add_translation_styles(document: WordDocument, template: Template, languages: Languages,
                           metrics: Metrics) -> dict[str, str]:
    """Word styles for translated titles and headings ("Title Translation", ...), set as the title or heading
    in the translation's face (`pipeline.writers.translated`); template style -> Word style name, the others
    mapping to Translation."""
    names = {}
    for key in translated.DISPLAY_STYLES:
        spec = translated.translation_style(template, key)
        name = f"{WORD_STYLES[key]} Translation"
        style = _get_or_add(document, name)
        style.base_style = document.styles[WORD_STYLES["translation"]]
        _set_paragraph(style, spec, metrics, outline=None, snap=False, keep_next=key == "title")
        replace_child(style.element, "w:rPr", run_properties(
            template.faces[spec.face], spec.size_pt, bold=spec.bold, color=spec.color,
            latin_language=languages.translation, east_asian_language=languages.east_asian,
            east_asian_hint=False))
        names[key] = name
    return names


def _get_or_add(document: WordDocument, name: str) -> BaseStyle:
    styles = document.styles
    if name in styles:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.next_paragraph_style = style
    style.quick_style = True
    return style


def _set_defaults(document: WordDocument, template: Template, languages: Languages) -> None:
    """docDefaults carry the body face and size: LibreOffice derives the character grid's cell from them."""
    body = template.style("body")
    defaults = document.styles.element.find(qn("w:docDefaults"))
    replace_child(defaults.find(qn("w:rPrDefault")), "w:rPr", run_properties(
        template.faces[body.face], body.size_pt,
        latin_language=languages.latin, east_asian_language=languages.east_asian))
    replace_child(defaults.find(qn("w:pPrDefault")), "w:pPr", [element("w:spacing", before=0, after=0)])


def _set_paragraph(style: BaseStyle, spec: Style, metrics: Metrics, *, outline: int | None, snap: bool,
                   keep_next: bool) -> None:
    children = [element("w:keepNext"), element("w:keepLines")] if keep_next else []
    if not snap:
        children.append(element("w:snapToGrid", val=0))
    after = twips_from_pt(spec.space_after_pt + spec.space_after_lines * metrics.line_pt)
    spacing = element("w:spacing", before=twips_from_pt(spec.space_before_pt), after=after,
                      line=twips_from_pt(spec.line_pitch_pt), lineRule="exact")
    if spec.space_after_lines:
        spacing.set(qn("w:afterLines"), str(round(spec.space_after_lines * 100)))
    children.append(spacing)
    children.append(_indent(spec, metrics))
    children.append(element("w:jc", val=ALIGNMENT[spec.align]))
    if outline is not None:
        children.append(element("w:outlineLvl", val=outline))
    replace_child(style.element, "w:pPr", children)


def _indent(spec: Style, metrics: Metrics) -> object:
    """Indents in characters (Word) with the same length in twips for readers that ignore *Chars."""
    first, right = spec.first_line_indent_chars, spec.right_indent_chars
    return element(
        "w:ind",
        left=0, leftChars=0,
        right=round(right * metrics.char_twips), rightChars=round(right * 100),
        firstLine=round(first * metrics.char_twips), firstLineChars=round(first * 100),
    )


def _set_footer_style(document: WordDocument, template: Template, languages: Languages) -> None:
    number = template.page_number
    style = _get_or_add(document, FOOTER_STYLE)
    line = twips_from_pt(number.size_pt)
    replace_child(style.element, "w:pPr", [
        element("w:snapToGrid", val=0),
        element("w:spacing", before=0, after=0, line=line, lineRule="exact"),
        # Footer is based on Normal: without this it would inherit the body's first-line indent
        element("w:ind", left=0, leftChars=0, right=0, rightChars=0, firstLine=0, firstLineChars=0),
    ])
    replace_child(style.element, "w:rPr", run_properties(
        template.faces[number.face], number.size_pt,
        latin_language=languages.latin, east_asian_language=languages.east_asian))


def _drop_linked_styles(styles_element: object, names: list[str], document: WordDocument) -> None:
    """The default template links Heading 1 etc. to character styles in theme fonts; restyled, they go."""
    for name in names:
        style = document.styles[name].element
        link = style.find(qn("w:link"))
        if link is None:
            continue
        linked = link.get(qn("w:val"))
        style.remove(link)
        for candidate in styles_element.findall(qn("w:style")):
            if candidate.get(qn("w:styleId")) == linked:
                styles_element.remove(candidate)
