"""word/fontTable.xml: every font the template's faces name, with its kind and an alternative name.

The facts about each font are data (`templates/word-fonts.toml`); a font a template names that the file
does not describe is an error, so a new face cannot silently leave Word and LibreOffice guessing.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from docx.document import Document as WordDocument
from docx.oxml.ns import qn

from pipeline.errors import TemplateError
from pipeline.templates import TEMPLATES_DIR, Template
from pipeline.writers.docx.ooxml import element

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FONT_FACTS = TEMPLATES_DIR / "word-fonts.toml"


@functools.cache
def facts() -> dict[str, dict[str, Any]]:
    return tomllib.loads(FONT_FACTS.read_text(encoding="utf-8"))


def names(template: Template) -> list[str]:
    """The fonts the template's faces name (East Asian first), in the order the faces are defined."""
    found: list[str] = []
    for face in template.faces.values():
        for name in (face.east_asia, face.latin):
            if name not in found:
                found.append(name)
    return found


def declare(word: WordDocument, template: Template) -> None:
    """Put a w:font for each font of the template first in the font table (replacing any of the same name)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml
    from lxml import etree

    part = word.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    table = parse_xml(part.blob)
    known = facts()
    for name in reversed(names(template)):
        if name not in known:
            raise TemplateError(f"font {name!r} is not described in {FONT_FACTS.name}",
                                path=str(template.asset("style.toml")),
                                hint=f"add its panose, charset, family and pitch to {FONT_FACTS}")
        for old in table.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                table.remove(old)
        table.insert(0, _font(name, known[name]))
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _font(name: str, spec: dict[str, Any]) -> Any:
    node = element("w:font", name=name)
    if spec.get("alt"):
        node.append(element("w:altName", val=spec["alt"]))
    node.append(element("w:panose1", val=spec["panose"]))
    node.append(element("w:charset", val=spec["charset"]))
    node.append(element("w:family", val=spec["family"]))
    node.append(element("w:pitch", val=spec["pitch"]))
    return node
