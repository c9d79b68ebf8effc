"""TBX-Basic termbase (the `martif` dialect with the TBX-Basic XCS, which termbase tools import)."""

from __future__ import annotations

from lxml import etree

from pipeline.bilingual.glossary import Term
from pipeline.bilingual.safexml import checked, serialize

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_tbx(found: list[Term], source_language: str, target_language: str, title: str) -> bytes:
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title").text = checked(title, "title")
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = "Key terms extracted by Pressline"
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for n, term in enumerate(found, start=1):
        entry = etree.SubElement(body, "termEntry", id=f"c{n}")
        etree.SubElement(entry, "note").text = term.comment
        _lang_set(entry, source_language, term.text, term.part_of_speech)
        if term.translation:
            _lang_set(entry, target_language, term.translation, term.part_of_speech)
    return serialize(root)


def _lang_set(entry: etree._Element, language: str, text: str, part_of_speech: str) -> None:
    lang_set = etree.SubElement(entry, "langSet", {XML_LANG: language})
    tig = etree.SubElement(lang_set, "tig")
    etree.SubElement(tig, "term").text = checked(text, "term")
    etree.SubElement(tig, "termNote", type="partOfSpeech").text = part_of_speech
