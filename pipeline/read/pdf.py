"""PDF → lines with geometry: characters with their positions, sizes and fonts, grouped into lines per page.

The library is pypdfium2 (Apache-2.0 / BSD-3-Clause, already a dependency for the review thumbnails): PDFium's
text layer applies the ToUnicode maps and ActualText spans (Chromium writes `儿` as ActualText over a Kangxi
radical glyph), and it is fast — a page costs about a millisecond in C before the per-character loop here.
pdfminer.six (MIT) would do as well but is pure Python and several times slower; PyMuPDF is AGPL, which a tool
people embed cannot carry.

Coordinates are in points from the page's top-left corner. A line is characters sharing a baseline, ordered
left to right (extractors that follow the content stream put a run in another font first; geometry does not);
a wide gap splits a line into segments (a running header's title and its page number, two columns).
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.read.decode import clean_text

# a baseline within this fraction of the font size belongs to the same line (superscripts, mixed fonts)
_SAME_LINE = 0.45
# a horizontal gap wider than this many font sizes splits a line into segments
_SEGMENT_GAP = 2.2
# a gap between two Latin characters wider than this fraction of the font size is a space (character boxes
# span the advance widths, so letters of a word touch; the narrowest spaces are about 0.15 of the size)
_SPACE_GAP = 0.1
# PDFium refuses a document with an empty page tree as if it were damaged: the tree says why
_NO_PAGES = re.compile(rb"/Type\s*/Pages\b(?:(?!>>).)*?/Count\s+0\b|/Count\s+0\b(?:(?!>>).)*?/Type\s*/Pages\b", re.S)
_QUOTES = set("“”‘’")
# punctuation a line may not start with: it goes with the word before it
_NO_LINE_START = set("，。、；：？！）》」』”’%％")
# PDFium's code for a hyphen at a line end (a real one or the typesetter's: the normalizer tells them apart)
_HYPHEN_CODE = 0x2
# pages read per document at most (a guard against a malformed page tree, not a real limit)
MAX_PAGES = 100_000


@dataclass(frozen=True)
class Geometry:
    """Where a line stands on its page, in points from the top-left corner, and how it is set."""

    page: int  # 1-based page number
    line: int  # 1-based line number on the page
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # font size of most of its characters
    bold: bool
    page_width: float
    page_height: float
    first_unit: float  # width of the first word (Latin) or character (CJK): what would have fitted before it
    space: float  # width of a space in its font
    column: int = 0  # on a two-column page: 1 left, 2 right; 0 a line across the page (or a one-column page)


@dataclass(frozen=True)
class PdfLine:
    text: str
    geometry: Geometry


@dataclass
class _Char:
    ch: str
    x0: float
    x1: float
    base: float  # baseline, from the top
    top: float
    bottom: float
    size: float
    bold: bool
    spaced: bool = False  # PDFium saw a space before it
    ink: tuple[float, float] | None = None  # left and right of the glyph's ink (quotation marks only)


def read_pdf(path: Path | str, data: bytes | None = None) -> list[PdfLine]:
    """Every text line of every page, in reading order. Refuses what cannot be read, with one clear line."""
    import pypdfium2 as pdfium

    name = str(path)
    if data is None:
        data = Path(path).read_bytes()
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError("not a PDF (no %PDF header)", path=name, hint="give a PDF or the text extracted from it")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise InputError("the PDF is encrypted", path=name,
                             hint="decrypt it first, e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf") from None
        if _NO_PAGES.search(data):
            raise InputError("the PDF has no pages", path=name) from None
        raise InputError("damaged PDF: PDFium cannot open it", path=name,
                         hint="repair it, e.g. qpdf in.pdf out.pdf, or give the extracted text") from None
    try:
        count = len(pdf)
        if count == 0:
            raise InputError("the PDF has no pages", path=name)
        lines: list[PdfLine] = []
        for index in range(min(count, MAX_PAGES)):
            lines.extend(_page_lines(pdf, index, name))
    finally:
        pdf.close()
    if not any(ln.text.strip() for ln in lines):
        raise InputError(f"no text layer on any of its {count} page(s): a scan or images only", path=name,
                         hint="it needs OCR first, e.g. ocrmypdf in.pdf out.pdf")
    return lines


def is_pdf(path: Path | str, data: bytes | None = None) -> bool:
    """A PDF by its name or by its first bytes."""
    if str(path).lower().endswith(".pdf"):
        return True
    return data is not None and data.lstrip()[:5].startswith(b"%PDF")


def _page_lines(pdf, index: int, name: str) -> list[PdfLine]:
    import pypdfium2 as pdfium

    try:
        page = pdf[index]
        width, height = page.get_size()
        textpage = page.get_textpage()
    except pdfium.PdfiumError:
        raise InputError(f"damaged PDF: page {index + 1} cannot be read", path=name,
                         hint="repair it, e.g. qpdf in.pdf out.pdf, or give the extracted text") from None
    try:
        chars = _chars(textpage, height)
    finally:
        textpage.close()
        page.close()
    out = []
    for number, (column, segment) in enumerate(_reading_order(_segments(_baselines(chars))), start=1):
        text, _ = clean_text(_text(segment))
        text = text.replace("\n", " ").strip()
        if not text:
            continue
        sizes = sorted(c.size for c in segment)
        size = sizes[len(sizes) // 2]
        geometry = Geometry(
            page=index + 1, line=number, x0=segment[0].x0, x1=max(c.x1 for c in segment),
            top=min(c.top for c in segment), bottom=max(c.bottom for c in segment), size=size,
            bold=sum(c.bold for c in segment) * 2 > len(segment), page_width=width, page_height=height,
            first_unit=_first_unit(segment), space=0.25 * size, column=column,
        )
        out.append(PdfLine(text=text, geometry=geometry))
    return out


def _chars(textpage, height: float) -> list[_Char]:
    """The page's characters in drawing order. Per character only its code, box, origin and text object are
    asked for; size and weight are asked once per text object (a run of text in one font)."""
    import pypdfium2.raw as raw

    count = raw.FPDFText_CountChars(textpage)
    box = raw.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    text_object = _text_object_address()
    page_address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    styles: dict[int, tuple[float, bool]] = {}
    bold_fonts: dict[int, bool] = {}
    chars: list[_Char] = []
    spaced = False
    ink: tuple[float, float] | None = None
    get_unicode, get_box, get_origin = raw.FPDFText_GetUnicode, raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin
    for i in range(count):
        code = get_unicode(textpage, i)
        if code in (0, 0xD, 0xA, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue
        if code == _HYPHEN_CODE:
            code = 0x2D
        elif code == 0x20 and raw.FPDFText_IsGenerated(textpage, i):
            spaced = True  # PDFium's guessed space: geometry decides, but it is kept as a hint
            continue
        get_box(textpage, i, box)
        get_origin(textpage, i, ox, oy)
        key = text_object(page_address, i) or 0
        style = styles.get(key)
        if style is None:
            style = styles[key] = _style(raw, textpage, i, key, bold_fonts)
        ch = chr(code)
        x0, x1 = box.left, box.right
        if code == 0x20:
            x0 = x1 = ox.value
        elif ch in _QUOTES:
            # a CJK font sets a quotation mark in a full-width box with the mark at one side: its ink tells
            # whether it stands apart from a Latin word
            raw.FPDFText_GetCharBox(textpage, i, left, right, bottom, top)
            ink = (left.value, right.value)
        chars.append(_Char(ch, x0, x1, height - oy.value, height - box.top, height - box.bottom,
                           style[0], style[1], spaced, ink))
        spaced = False
        ink = None
    return chars


_GETTERS: dict[str, object] = {}


def _address_getter(name: str):
    """A PDFium function that returns a handle, returning it as a plain integer (a cache key, no ctypes cast)."""
    if name not in _GETTERS:
        import pypdfium2.raw as raw

        address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
        argtypes = [ctypes.c_void_p] + ([ctypes.c_int] if name.startswith("FPDFText_") else [])
        _GETTERS[name] = ctypes.CFUNCTYPE(ctypes.c_void_p, *argtypes)(address)
    return _GETTERS[name]


def _text_object_address():
    return _address_getter("FPDFText_GetTextObject")


def _style(raw, textpage, i: int, obj: int, bold_fonts: dict[int, bool]) -> tuple[float, bool]:
    """Size and weight of the text object a character belongs to (weight once per font)."""
    size = raw.FPDFText_GetFontSize(textpage, i) or 1.0
    font = _address_getter("FPDFTextObj_GetFont")(obj) if obj else None
    if not font:
        return size, False
    if font not in bold_fonts:
        bold_fonts[font] = _is_bold(raw, ctypes.cast(font, raw.FPDF_FONT), ctypes.create_string_buffer(128))
    return size, bold_fonts[font]


def _is_bold(raw, font, buffer) -> bool:
    length = raw.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
    name = buffer.value.decode("latin-1", "replace") if length else ""
    if any(mark in name.lower() for mark in ("bold", "black", "heavy", "semibold", "demi")):
        return True
    return raw.FPDFFont_GetWeight(font) >= 600


def _baselines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped by baseline, top to bottom; a line keeps the order its characters are drawn in when
    they run left to right, else it is sorted by position."""
    lines: list[list[_Char]] = []
    ordered = sorted(chars, key=lambda c: c.base)
    for c in ordered:
        if c.ch.isspace() and not lines:
            continue
        if lines and abs(c.base - lines[-1][0].base) <= _SAME_LINE * max(c.size, lines[-1][0].size):
            lines[-1].append(c)
        else:
            lines.append([c])
    return [sorted(line, key=lambda c: (c.x0, c.x1)) for line in lines]


def _segments(lines: list[list[_Char]]) -> list[list[_Char]]:
    """Split each line at gaps wider than a few font sizes, dropping space characters at the ends."""
    out: list[list[_Char]] = []
    for line in lines:
        current: list[_Char] = []
        end = None
        for c in line:
            if c.ch.isspace():
                if current:
                    current.append(c)
                continue
            if current and end is not None and c.x0 - end > _SEGMENT_GAP * max(c.size, 4.0):
                out.append(_trim(current))
                current = []
            current.append(c)
            end = c.x1 if end is None or not current[:-1] else max(end, c.x1)
        if current:
            out.append(_trim(current))
    return [seg for seg in out if seg]


def _reading_order(segments: list[list[_Char]]) -> list[tuple[int, list[_Char]]]:
    """(column, segment) in reading order. A two-column page (a gutter that many rows have a gap across and
    almost no line crosses) reads the lines across the page above the columns, the left column, the right
    column, then the lines across the page below them."""
    gutter = _gutter(segments)
    if gutter is None:
        return [(0, seg) for seg in segments]
    left = [seg for seg in segments if _right(seg) <= gutter]
    right = [seg for seg in segments if seg[0].x0 >= gutter]
    across = [seg for seg in segments if seg[0].x0 < gutter < _right(seg)]
    top = min(seg[0].base for seg in left + right)
    above = [seg for seg in across if seg[0].base < top]
    below = [seg for seg in across if seg[0].base >= top]
    return [(0, s) for s in above] + [(1, s) for s in left] + [(2, s) for s in right] + [(0, s) for s in below]


def _right(segment: list[_Char]) -> float:
    return max(c.x1 for c in segment)


def _gutter(segments: list[list[_Char]]) -> float | None:
    """The x of the gap between two columns, or None for a page of one column."""
    rows: dict[float, list[list[_Char]]] = {}
    for seg in segments:
        rows.setdefault(round(seg[0].base), []).append(seg)
    gaps = []
    for row in rows.values():
        ordered = sorted(row, key=lambda seg: seg[0].x0)
        gaps += [(_right(a) + b[0].x0) / 2 for a, b in zip(ordered, ordered[1:])]
    if len(gaps) < max(4, 0.3 * len(rows)):
        return None
    gaps.sort()
    middle = gaps[len(gaps) // 2]
    crossing = sum(1 for seg in segments if seg[0].x0 < middle < _right(seg))
    left = sum(1 for seg in segments if _right(seg) <= middle)
    right = sum(1 for seg in segments if seg[0].x0 >= middle)
    if crossing > max(2, 0.1 * len(segments)) or min(left, right) < max(4, 0.25 * len(segments)):
        return None
    return middle


def _trim(chars: list[_Char]) -> list[_Char]:
    while chars and chars[-1].ch.isspace():
        chars.pop()
    return chars


def _text(chars: list[_Char]) -> str:
    """The characters with spaces where they stand apart (real space glyphs kept, one at most in a row)."""
    parts: list[str] = []
    prev: _Char | None = None
    for c in chars:
        if c.ch.isspace():
            if parts and parts[-1] != " ":
                parts.append(" ")
            continue
        if prev is not None and parts and parts[-1] != " " and _space_between(prev, c, last=c is chars[-1]):
            parts.append(" ")
        parts.append(c.ch)
        prev = c
    return "".join(parts)


def _space_between(prev: _Char, c: _Char, last: bool) -> bool:
    if last and c.ch == "-" and prev.ch.isalpha():
        return False  # a hyphen at a line end belongs to the word before it, however it was spaced
    if (prev.ink or c.ink) and (prev.ch.isascii() or c.ch.isascii()):
        right = prev.ink[1] if prev.ink else prev.x1
        left = c.ink[0] if c.ink else c.x0
        return left - right > 0.2 * max(prev.size, c.size)
    if c.x0 - prev.x1 > _gap_for_space(prev, c):
        return True
    # a quotation mark from a CJK font is as wide as a character: PDFium's word break is the better clue
    return c.spaced and c.x0 >= prev.x1 - 0.05 * c.size and not (_is_wide(prev.ch) or _is_wide(c.ch))


def _gap_for_space(prev: _Char, c: _Char) -> float:
    wide = _is_wide(prev.ch) or _is_wide(c.ch)
    return (0.6 if wide else _SPACE_GAP) * max(prev.size, c.size)


def _is_wide(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x2FA1F


def _first_unit(chars: list[_Char]) -> float:
    """Width of what a line breaker must place first on this line: a CJK character (with the punctuation that
    cannot start a line), or a Latin word up to its first space or CJK character."""
    first = chars[0]
    if _is_wide(first.ch):
        end = first.x1
        for c in chars[1:3]:
            if c.ch in _NO_LINE_START:
                end = c.x1
            else:
                break
        return end - first.x0
    end, prev = first.x1, first
    for c in chars[1:]:
        if c.ch.isspace() or c.x0 - prev.x1 > _gap_for_space(prev, c):
            break
        if _is_wide(c.ch):
            if c.ch in _NO_LINE_START:
                end = c.x1  # `2015、`: the comma stays with the number
            break
        end, prev = c.x1, c
    return end - first.x0
