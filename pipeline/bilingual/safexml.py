"""Reading and writing XML exchange files safely.

Reading: a size bound before parsing; lxml with no entity substitution, no DTD loading, no network and
libxml2's default limits (no huge trees); and any document type declaration is refused, so neither an
external entity nor an entity-expansion bomb ("billion laughs") is ever expanded.
Writing: text that XML 1.0 cannot carry is an error naming the unit, not a silent substitution.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.errors import TranslationError
from pipeline.text.cjk import NOT_XML

MAX_BYTES = 64 * 1024 * 1024
# characters XML 1.0 forbids: C0 controls other than tab/newline/return, surrogates, U+FFFE/U+FFFF
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def parse(data: bytes, path: str = "", max_bytes: int = MAX_BYTES) -> etree._Element:
    """The root element of `data`, or a TranslationError for hostile, oversized or malformed input."""
    if len(data) > max_bytes:
        raise TranslationError(f"file is larger than {max_bytes} bytes", path=path,
                               hint="split the translation into smaller files")
    if _DECLARATION.search(data) or _DECLARATION.search(_as_utf8(data)):
        raise TranslationError("document type declarations and entities are not accepted", path=path,
                               hint="exchange files need no DTD; remove the <!DOCTYPE ...> part")
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, dtd_validation=False, no_network=True,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise TranslationError(f"not well-formed XML: {exc.msg}", path=path,
                               line=exc.lineno or None) from None
    if root.getroottree().docinfo.doctype:
        raise TranslationError("document type declarations are not accepted", path=path)
    return root


def _as_utf8(data: bytes) -> bytes:
    """UTF-16 input re-encoded, so that the declaration check sees it too."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:2] in (b"<\x00", b"\x00<"):
        for codec in ("utf-16", "utf-16-le", "utf-16-be"):
            try:
                return data.decode(codec).encode("utf-8")
            except UnicodeDecodeError:
                continue
    return b""


def checked(text: str, unit: str) -> str:
    """`text`, when XML can carry it."""
    bad = NOT_XML.search(text)
    if bad:
        raise TranslationError(f"unit {unit}: character U+{ord(bad.group()):04X} cannot be written to XML",
                               hint="remove the control character or unpaired surrogate from the source")
    return text


def local(tag: object) -> str:
    """An element's name without its namespace (comments and PIs have none)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def serialize(root: etree._Element) -> bytes:
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    return declaration + etree.tostring(root, xml_declaration=False, encoding="UTF-8", pretty_print=True)


def text_of(element: etree._Element | None) -> str:
    """All the text inside an element, inline markup dropped."""
    return "" if element is None else "".join(element.itertext())
