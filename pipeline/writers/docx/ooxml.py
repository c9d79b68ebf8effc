"""WordprocessingML building blocks the python-docx API does not cover: fonts, languages, spacing, fields."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import _Element

from pipeline.templates import Face

MM_PER_INCH = 25.4
TWIPS_PER_PT = 20
TWIPS_PER_INCH = 1440
ALIGNMENT = {"justify": "both", "center": "center", "right": "right", "left": "left"}


def twips_from_pt(points: float) -> int:
    return round(points * TWIPS_PER_PT)


def twips_from_mm(millimetres: float) -> int:
    return round(millimetres / MM_PER_INCH * TWIPS_PER_INCH)


def element(tag: str, **attributes: str | int) -> _Element:
    """`element("w:ind", firstLineChars=200)` → `<w:ind w:firstLineChars="200"/>`."""
    node = OxmlElement(tag)
    prefix = tag.split(":")[0]
    for name, value in attributes.items():
        node.set(qn(f"{prefix}:{name}"), str(value))
    return node


def replace_child(parent: _Element, tag: str, children: list[_Element]) -> _Element:
    """Drop `parent`'s `tag` child and put a fresh one holding `children` in its place (or at the end)."""
    old = parent.find(qn(tag))
    fresh = element(tag)
    fresh.extend(children)
    if old is None:
        parent.append(fresh)
    else:
        old.addprevious(fresh)
        parent.remove(old)
    return fresh


def fonts(face: Face, east_asian_hint: bool) -> _Element:
    """The Latin font on ascii/hAnsi/cs and the East Asian font on eastAsia, which python-docx cannot set.

    The eastAsia hint makes Word draw ambiguous-width punctuation (“ ” — …) in the East Asian font.
    """
    node = element("w:rFonts", ascii=face.latin, hAnsi=face.latin, eastAsia=face.east_asia, cs=face.latin)
    if east_asian_hint:
        node.set(qn("w:hint"), "eastAsia")
    return node


def run_properties(
    face: Face, size_pt: float, *, bold: bool = False, color: str = "#000000",
    latin_language: str = "en-US", east_asian_language: str = "zh-CN", east_asian_hint: bool = True,
    width_percent: int = 100,
) -> list[_Element]:
    """Children of a w:rPr, in the schema's order; `width_percent` scales glyphs horizontally (w:w)."""
    size = str(round(size_pt * 2))
    children = [fonts(face, east_asian_hint)]
    if bold:
        children += [element("w:b"), element("w:bCs")]
    children.append(element("w:color", val=color.lstrip("#").upper()))
    if width_percent != 100:
        children.append(element("w:w", val=width_percent))
    children += [
        element("w:sz", val=size),
        element("w:szCs", val=size),
        element("w:lang", val=latin_language, eastAsia=east_asian_language, bidi="ar-SA"),
    ]
    return children


def page_field() -> list[_Element]:
    """The runs of a complex PAGE field whose cached result is 1."""
    def run(child: _Element) -> _Element:
        node = element("w:r")
        node.append(child)
        return node

    instruction = element("w:instrText")
    instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instruction.text = " PAGE "
    result = element("w:t")
    result.text = "1"
    return [
        run(element("w:fldChar", fldCharType="begin")),
        run(instruction),
        run(element("w:fldChar", fldCharType="separate")),
        run(result),
        run(element("w:fldChar", fldCharType="end")),
    ]
