"""EPUB content documents: which blocks go in which XHTML file, the XHTML itself and the table of contents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from pipeline.errors import WriterError
from pipeline.model import BYLINE, HEADING, PARAGRAPH, SIGNOFF, TITLE, Block, Document
from pipeline.writers.common import style_role

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TITLE_PAGE = "titlepage.xhtml"
GLOSSARY = "glossary.xhtml"
# a URL is one long unbreakable word: it may break after a slash, so that a justified Chinese line before
# it is not stretched to fill the width
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+")
URL_BREAK = re.compile(r"(?<=/)(?=[^/])")


@dataclass
class Chapter:
    """One XHTML content document: its file name (inside the package folder) and its blocks with their ids."""

    file_name: str
    title: str
    blocks: list[tuple[str, Block]]
    title_page: bool = False


@dataclass
class TocEntry:
    href: str
    title: str
    uid: str
    level: int
    children: list[TocEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    """What the content documents need besides the blocks."""

    language: str
    book_title: str
    byline: tuple[str, ...]
    stylesheet: str
    translations: dict[str, str]
    translation_language: str
    layout: str = "interleaved"  # parallel: each block and its translation side by side in a div.pair


def top_heading_level(doc: Document) -> int:
    levels = [b.level for b in doc.blocks if b.kind == HEADING]
    return min(levels) if levels else 1


def plan(doc: Document, book_title: str, split_min_chars: int) -> list[Chapter]:
    """A title page with the leading title blocks, then the body: one document, or one per top-level
    heading when the text is longer than `split_min_chars` (blocks before the first heading stay together)."""
    pairs = list(zip(doc.block_ids(), doc.blocks))
    lead = 0
    while lead < len(pairs) and pairs[lead][1].kind == TITLE:
        lead += 1
    chapters = [Chapter(TITLE_PAGE, book_title, pairs[:lead], title_page=True)]
    body = pairs[lead:]
    top = top_heading_level(doc)
    long_enough = sum(len(b.text) for b in doc.blocks) > split_min_chars
    groups: list[list[tuple[str, Block]]] = []
    for pair in body:
        starts = long_enough and pair[1].kind == HEADING and pair[1].level == top
        if starts or not groups:
            groups.append([])
        groups[-1].append(pair)
    for n, group in enumerate(groups, start=1):
        first = group[0][1]
        title = first.text if first.kind in (HEADING, TITLE) else book_title
        chapters.append(Chapter(f"text-{n:03d}.xhtml", title, group))
    return chapters


def heading_tag(block: Block, top: int) -> str:
    """The title is h1; headings follow from h2 by their level below the document's top level."""
    if block.kind == TITLE:
        return "h1"
    return f"h{min(block.level - top + 2, 6)}"


def toc(chapters: list[Chapter], top: int) -> list[TocEntry]:
    """The title page, then every heading (and any later title) nested by level."""
    root = TocEntry("", "", "", level=-1)
    root.children.append(TocEntry(chapters[0].file_name, chapters[0].title, "toc-titlepage", level=-1))
    stack = [root]
    for chapter in chapters[1:]:
        for block_id, block in chapter.blocks:
            if block.kind not in (HEADING, TITLE):
                continue
            level = block.level - top + 1 if block.kind == HEADING else 0
            entry = TocEntry(f"{chapter.file_name}#{block_id}", block.text, f"toc-{block_id}", level)
            while stack[-1] is not root and stack[-1].level >= level:
                stack.pop()
            stack[-1].children.append(entry)
            stack.append(entry)
    return root.children


def render(chapter: Chapter, settings: Settings, top: int) -> bytes:
    """The XHTML of one content document; text goes in as text, so markup-like text stays literal."""
    html = etree.Element(f"{{{XHTML_NS}}}html", nsmap={None: XHTML_NS, "epub": EPUB_NS})
    _set_language(html, settings.language)
    head = _sub(html, "head")
    _sub(head, "meta", charset="utf-8")
    _text(_sub(head, "title"), chapter.title, chapter.file_name, url_breaks=False)
    _sub(head, "link", rel="stylesheet", type="text/css", href=settings.stylesheet)
    body = _sub(_sub(html, "body"), "section")
    body.set(f"{{{EPUB_NS}}}type", "titlepage" if chapter.title_page else "chapter")
    if chapter.title_page:
        body.set("class", "titlepage")
        if not chapter.blocks:
            _sub(body, "h1").text = settings.book_title
    for block_id, block in chapter.blocks:
        translated = settings.translations.get(block_id, "").strip()
        parent = body
        if translated and settings.layout == "parallel":
            parent = _sub(body, "div", **{"class": "pair"})
        _block(parent, block_id, block, top)
        if translated:
            _translation(parent, block_id, block, translated, settings, top)
    if chapter.title_page:
        for line in settings.byline:
            _text(_sub(body, "p", **{"class": "byline"}), line, "metadata")
    return etree.tostring(html, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")


def render_glossary(settings: Settings, heading: str, columns: tuple[str, ...],
                    rows: list[tuple[str, ...]]) -> bytes:
    """The glossary appendix: a heading and a table (term, translation, how found, occurrences); the translations
    in the translation's language."""
    html = etree.Element(f"{{{XHTML_NS}}}html", nsmap={None: XHTML_NS, "epub": EPUB_NS})
    _set_language(html, settings.language)
    head = _sub(html, "head")
    _sub(head, "meta", charset="utf-8")
    _text(_sub(head, "title"), heading, GLOSSARY, url_breaks=False)
    _sub(head, "link", rel="stylesheet", type="text/css", href=settings.stylesheet)
    section = _sub(_sub(html, "body"), "section", id="glossary", **{"class": "glossary"})
    section.set(f"{{{EPUB_NS}}}type", "appendix glossary")
    _text(_sub(section, "h1"), heading, GLOSSARY)
    table = _sub(section, "table", **{"class": "glossary"})
    header = _sub(_sub(table, "thead"), "tr")
    for label in columns:
        _text(_sub(header, "th", scope="col"), label, GLOSSARY)
    body = _sub(table, "tbody")
    for row in rows:
        line = _sub(body, "tr")
        for n, text in enumerate(row):
            cell = _sub(line, "td", **({"class": "count"} if n == len(row) - 1 else {}))
            if n == 1 and text:
                _set_language(cell, settings.translation_language)
            _text(cell, text, GLOSSARY)
    return etree.tostring(html, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")


def _block(parent: etree._Element, block_id: str, block: Block, top: int) -> None:
    style_role(block)  # a kind or heading level the template has no style for fails here, as in DOCX and PDF
    if block.kind in (TITLE, HEADING):
        element = _sub(parent, heading_tag(block, top), id=block_id)
    elif block.kind == PARAGRAPH:
        element = _sub(parent, "p", id=block_id)
    elif block.kind in (SIGNOFF, BYLINE):
        element = _sub(parent, "p", id=block_id, **{"class": block.kind})
    else:
        raise WriterError(f"the EPUB writer has no element for block kind {block.kind!r}", path=block_id)
    _text(element, block.text, block_id)


def _translation(parent: etree._Element, block_id: str, block: Block, text: str, settings: Settings,
                 top: int) -> None:
    """A block's translation: a translated title or heading is that heading (class "translation"), any other
    block's a p.translation; in the translation's language."""
    tag = heading_tag(block, top) if block.kind in (TITLE, HEADING) else "p"
    element = _sub(parent, tag, id=f"{block_id}-tr", **{"class": "translation"})
    _set_language(element, settings.translation_language)
    _text(element, text, block_id)


def _text(element: etree._Element, text: str, where: str, url_breaks: bool = True) -> None:
    """Set the text; URLs get a <wbr/> after each slash (the text itself is unchanged)."""
    pieces = [""]
    for n, part in enumerate(re.split(f"({URL.pattern})", text)):
        first, *rest = URL_BREAK.split(part) if n % 2 and url_breaks else [part]
        pieces[-1] += first
        pieces += rest
    try:
        element.text = pieces[0]
        for piece in pieces[1:]:
            _sub(element, "wbr").tail = piece
    except ValueError as exc:
        raise WriterError(f"text cannot be written as XML: {exc}", path=where,
                          hint="remove control characters from the source") from None


def _set_language(element: etree._Element, language: str) -> None:
    element.set("lang", language)
    element.set(XML_LANG, language)


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{XHTML_NS}}}{tag}", attributes)
