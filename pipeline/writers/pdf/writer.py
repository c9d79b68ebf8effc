"""PDF writer (reportlab): embedded TrueType subsets, clreq line breaking, bilingual layouts.

`write` lays the document out with `pipeline.writers.pdf.layout` and draws it. Characters that no embedded
font draws are listed by `missing_glyphs(doc, template)` and announced by `write` with a
`MissingGlyphWarning` (a `UserWarning`), so the caller can put them in its report.
"""

from __future__ import annotations

import functools
import hashlib
import io
import time
import warnings

from pipeline.model import Document
from pipeline.options import WriteOptions
from pipeline.templates import MM, Template
from pipeline.text import words
from pipeline.typeset import fonts
from pipeline.version import __version__
from pipeline.writers import LAYOUTS
from pipeline.writers.pdf.layout import Layout, Mark, Rule, Run, Setter, lay_out, source_boxes
from pipeline.writers.pdf.table import lay_out_glossary

# the date reportlab's invariant mode uses, 2000-01-01, when no SOURCE_DATE_EPOCH is given
INVARIANT_EPOCH = 946_684_800


class MissingGlyphWarning(UserWarning):
    """Some characters are drawn by no embedded font (they show as the font's empty box)."""


def missing_glyphs(doc: Document, template: Template) -> set[str]:
    """The characters of `doc` that no embedded font can draw in this template."""
    layout = Layout(template.page.type_width_mm * MM, template.page.type_height_mm * MM)
    setter = Setter(template, layout)
    for block in doc.blocks:
        source_boxes(setter, block, layout.width)
    return layout.missing


def write(doc: Document, template: Template, options: WriteOptions | None = None) -> bytes:
    options = options or WriteOptions()
    if options.layout not in LAYOUTS:
        raise ValueError(f"unknown layout {options.layout!r}")
    layout = lay_out(doc, template, options)
    if options.glossary:
        lay_out_glossary(layout, template, options.glossary)
    if layout.missing:
        chars = "".join(sorted(layout.missing))
        warnings.warn(MissingGlyphWarning(f"no embedded font draws {chars!r} (U+"
                                          + ", U+".join(f"{ord(c):04X}" for c in sorted(layout.missing))
                                          + ")"), stacklevel=2)
    return _draw(doc, template, options, layout)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond the BMP written as UTF-16 (surrogate pairs).

    reportlab writes `<%04X>` of the code point, which gives five hex digits for U+20BB7 and makes
    text extraction return the wrong character.
    """
    entries = [f"<{i:02X}> <{chr(v).encode('utf-16-be', 'surrogatepass').hex().upper()}>"
               for i, v in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *entries, "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def _draw(doc: Document, template: Template, options: WriteOptions, layout: Layout) -> bytes:
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfgen.canvas import Canvas

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap

    page = template.page
    number_style = template.page_number
    number_role = template.faces[number_style.face].role
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(page.width_mm * MM, page.height_mm * MM),
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.register(number_role),
        initialFontSize=number_style.size_pt,
        lang=doc.metadata.language or template.language,
    )
    _metadata(canvas, doc, options)
    outline = _Outline(canvas)
    for index, items in enumerate(layout.pages):
        left = page.margin_left_mm * MM
        if page.mirror and index % 2 == 1:
            left = page.margin_right_mm * MM
        top = (page.height_mm - page.margin_top_mm) * MM
        for item in items:
            _draw_item(canvas, item, left, top, outline, index)
        _page_number(canvas, template, index + 1, left, layout.width, top - layout.height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _metadata(canvas, doc: Document, options: WriteOptions) -> None:
    meta = doc.metadata
    canvas.setTitle(doc.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    keywords = list(meta.keywords) or words.keywords("\n".join(b.text for b in doc.blocks))
    canvas.setKeywords(", ".join(keywords))
    canvas.setCreator(f"Pressline {__version__}")
    # reportlab itself would read SOURCE_DATE_EPOCH from the environment for the dates and the file
    # identifier; the writer takes both from its options only
    epoch = INVARIANT_EPOCH if options.source_date_epoch is None else options.source_date_epoch
    stamp = time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch))
    canvas.setDateFormatter(lambda *_: stamp)
    signature = hashlib.md5(usedforsecurity=False)
    signature.update(f"{epoch}\n{doc.to_json()}".encode())
    if options.glossary:
        signature.update(repr(options.glossary).encode())
    canvas._doc.signature = signature


class _Outline:
    """Bookmarks for titles and headings; levels never jump by more than one."""

    def __init__(self, canvas) -> None:
        self.canvas = canvas
        self.level = -1
        self.count = 0

    def add(self, title: str, level: int, y: float) -> None:
        level = min(level, self.level + 1)
        key = f"h{self.count}"
        self.count += 1
        self.canvas.bookmarkHorizontalAbsolute(key, y)
        self.canvas.addOutlineEntry(title, key, level=level)
        self.level = level


def _draw_item(canvas, item, left: float, top: float, outline: _Outline, page_index: int) -> None:
    if isinstance(item, Run):
        text = canvas.beginText(left + item.x, top - item.y)
        text.setFont(fonts.register(item.role), item.size)
        text.setCharSpace(item.char_space)
        text.setFillColor(_color(item.color))
        text.textOut(item.text)
        canvas.drawText(text)
    elif isinstance(item, Rule):
        canvas.setStrokeColor(_color(item.color))
        canvas.setLineWidth(0.4)
        canvas.line(left + item.x, top - item.y, left + item.x + item.width, top - item.y)
    elif isinstance(item, Mark):
        outline.add(item.title, item.level, top - item.y)


@functools.lru_cache(maxsize=64)
def _color(spec: str):
    """reportlab's colour for `#rrggbb`, parsed once (reportlab parses a string on every use)."""
    from reportlab.lib.colors import toColor

    return toColor(spec)


def _page_number(canvas, template: Template, n: int, left: float, width: float, bottom: float) -> None:
    spec = template.page_number
    role = template.faces[spec.face].role
    label = spec.label(n)
    font = fonts.register(role)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    label_width = stringWidth(label, font, spec.size_pt)
    indent = spec.edge_indent_chars * spec.size_pt
    position = spec.position
    if position == "outer":
        position = "right" if n % 2 == 1 else "left"
    x = {
        "left": left + indent,
        "right": left + width - indent - label_width,
    }.get(position, left + (width - label_width) / 2)
    y = bottom - spec.offset_mm * MM - 0.88 * spec.size_pt
    canvas.setFillColor("#000000")
    canvas.setFont(font, spec.size_pt)
    canvas.drawString(x, y, label)

