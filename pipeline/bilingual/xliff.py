"""XLIFF 1.2 (the format every CAT tool accepts) and XLIFF 2.1, written with lxml and read back safely."""

from __future__ import annotations

from lxml import etree

from pipeline.bilingual.safexml import checked, local, parse, serialize, text_of
from pipeline.bilingual.segments import Entry, Imported, Unit
from pipeline.errors import TranslationError
from pipeline.model import Document
from pipeline.version import __version__

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS2 = "urn:oasis:names:tc:xliff:document:2.0"  # XLIFF 2.1 keeps the 2.0 core namespace
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# XLIFF 1.2 target states that mean "not yet a finished translation"
REVIEW_STATES_12 = {"new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-adaptation",
                    "needs-review-l10n", "needs-review-translation"}
REVIEW_STATES_2 = {"initial"}


def source_language(doc: Document) -> str:
    return doc.metadata.language or "zh-CN"


def write_xliff12(doc: Document, units: list[Unit], target_language: str) -> bytes:
    root = etree.Element(f"{{{NS12}}}xliff", nsmap={None: NS12}, version="1.2")
    file_ = etree.SubElement(root, f"{{{NS12}}}file", {
        "original": doc.source_name or "document", "source-language": source_language(doc),
        "target-language": target_language, "datatype": "plaintext"})
    header = etree.SubElement(file_, f"{{{NS12}}}header")
    etree.SubElement(header, f"{{{NS12}}}tool", {"tool-id": "pressline", "tool-name": "Pressline",
                                                 "tool-version": __version__})
    body = etree.SubElement(file_, f"{{{NS12}}}body")
    for unit in units:
        element = etree.SubElement(body, f"{{{NS12}}}trans-unit", {"id": unit.id, XML_SPACE: "preserve"})
        etree.SubElement(element, f"{{{NS12}}}source").text = checked(unit.source, unit.id)
        etree.SubElement(element, f"{{{NS12}}}note", {"from": "pressline"}).text = unit.note
    return serialize(root)


def write_xliff2(doc: Document, units: list[Unit], target_language: str) -> bytes:
    root = etree.Element(f"{{{NS2}}}xliff", nsmap={None: NS2}, version="2.1",
                         srcLang=source_language(doc), trgLang=target_language)
    file_ = etree.SubElement(root, f"{{{NS2}}}file", id="f1", original=doc.source_name or "document")
    for unit in units:
        element = etree.SubElement(file_, f"{{{NS2}}}unit", id=unit.id)
        notes = etree.SubElement(element, f"{{{NS2}}}notes")
        etree.SubElement(notes, f"{{{NS2}}}note", category="location").text = unit.note
        segment = etree.SubElement(element, f"{{{NS2}}}segment")
        source = etree.SubElement(segment, f"{{{NS2}}}source", {XML_SPACE: "preserve"})
        source.text = checked(unit.source, unit.id)
    return serialize(root)


def read(data: bytes, path: str = "") -> Imported:
    """The units of an XLIFF 1.2 or 2.x file."""
    root = parse(data, path)
    if local(root.tag) != "xliff":
        raise TranslationError(f"not an XLIFF file (root element <{local(root.tag)}>)", path=path)
    version = root.get("version", "")
    if version.startswith("2"):
        return _read2(root)
    if version.startswith("1"):
        return _read12(root)
    raise TranslationError(f"unsupported XLIFF version {version!r}", path=path, hint="use XLIFF 1.2 or 2.1")


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local(child.tag) == name]


def _read12(root: etree._Element) -> Imported:
    entries, source_lang, target_lang, original = [], "", "", ""
    for file_ in _children(root, "file"):
        source_lang = source_lang or file_.get("source-language", "")
        target_lang = target_lang or file_.get("target-language", "")
        original = original or file_.get("original", "")
        for element in file_.iter():
            if local(element.tag) != "trans-unit":
                continue
            source = _children(element, "source")
            target = _children(element, "target")
            state = target[0].get("state", "") if target else ""
            entries.append(Entry(
                id=element.get("id", ""), source=text_of(source[0] if source else None),
                target=text_of(target[0] if target else None), state=state,
                review=state in REVIEW_STATES_12,
                line=element.sourceline))
    return Imported(source_lang, target_lang, entries, original)


def _read2(root: etree._Element) -> Imported:
    entries = []
    for element in root.iter():
        if local(element.tag) != "unit":
            continue
        # segments and ignorables together make the unit's whole content
        parts = [child for child in element if local(child.tag) in ("segment", "ignorable")]
        source = "".join(text_of(next(iter(_children(p, "source")), None)) for p in parts)
        target = "".join(text_of(next(iter(_children(p, "target")), None)) for p in parts)
        states = [p.get("state", "") for p in parts if local(p.tag) == "segment"]
        state = next((s for s in states if s), "")
        entries.append(Entry(id=element.get("id", ""), source=source, target=target, state=state,
                             review=any(s in REVIEW_STATES_2 for s in states) and bool(target),
                             line=element.sourceline))
    original = next((f.get("original", "") for f in _children(root, "file") if f.get("original")), "")
    return Imported(root.get("srcLang", ""), root.get("trgLang", ""), entries, original)
