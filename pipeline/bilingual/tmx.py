"""TMX 1.4b translation memory from aligned pairs, so the next job can reuse this one."""

from __future__ import annotations

from lxml import etree

from pipeline.bilingual.load import Translation
from pipeline.bilingual.safexml import checked, serialize
from pipeline.version import __version__

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_tmx(translation: Translation, source_language: str) -> bytes:
    """One `<tu>` per translated unit (blank ones are left out), the unit id as `tuid`."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "Pressline", "creationtoolversion": __version__, "segtype": translation.segtype,
        "o-tmf": "Pressline", "adminlang": "en", "srclang": source_language, "datatype": "plaintext"})
    body = etree.SubElement(root, "body")
    for pair in translation.pairs:
        tu = etree.SubElement(body, "tu", tuid=pair.id)
        etree.SubElement(tu, "note").text = pair.note
        if pair.state:
            etree.SubElement(tu, "prop", type="x-state").text = pair.state
        for language, text in ((source_language, pair.source), (translation.language, pair.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: language})
            etree.SubElement(tuv, "seg").text = checked(text, pair.id)
    return serialize(root)
