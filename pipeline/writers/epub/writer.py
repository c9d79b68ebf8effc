"""EPUB 3 from the document model: ebooklib builds the package (OPF, nav, NCX), the archive is rewritten
with fixed order and timestamps so the same input and SOURCE_DATE_EPOCH give the same bytes."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import uuid

from ebooklib import epub

from pipeline.model import Document
from pipeline.options import WriteOptions
from pipeline.templates import Template
from pipeline.text import words
from pipeline.writers import archive, glossary_table
from pipeline.writers.epub import content, style

# dcterms:modified when no SOURCE_DATE_EPOCH is given: the zip epoch, the time every entry carries then
DEFAULT_MODIFIED = datetime.datetime(*archive.ZIP_EPOCH, tzinfo=datetime.timezone.utc)
IDENTIFIER_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://pressline.invalid/epub/identifier")
STYLESHEET = "style.css"
W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class ContentDocument(epub.EpubHtml):
    """An XHTML document written by this module: ebooklib packages it without reparsing it."""

    def __init__(self, uid: str, file_name: str, title: str, data: bytes, language: str) -> None:
        super().__init__(uid=uid, file_name=file_name, title=title, lang=language)
        self.data = data

    def get_content(self, default: bytes | None = None) -> bytes:
        return self.data


def identifier(doc: Document, translations: dict[str, str]) -> str:
    """`urn:uuid:` of a name-based UUID of the text, its structure, metadata and translations."""
    canonical = json.dumps(
        {
            "metadata": doc.to_dict()["metadata"],
            "blocks": [[b.kind, b.level, b.text] for b in doc.blocks],
            "translations": sorted(translations.items()),
        },
        ensure_ascii=False, sort_keys=True,
    )
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, digest)}"


def modified(source_date_epoch: int | None) -> datetime.datetime:
    if source_date_epoch is None:
        return DEFAULT_MODIFIED
    return datetime.datetime.fromtimestamp(source_date_epoch, tz=datetime.timezone.utc)


def keywords(doc: Document) -> list[str]:
    return list(doc.metadata.keywords) or words.keywords(doc.text())


def write(doc: Document, template: Template, options: WriteOptions) -> bytes:
    settings = template.epub
    language = doc.metadata.language or template.language
    title = doc.title or "Untitled"
    meta = doc.metadata
    byline = tuple(x for x in (meta.author, meta.date) if x)
    translations = {k: v for k, v in options.translations.items() if v.strip()} if options.layout != "source" else {}
    chapters = content.plan(doc, title, settings.split_min_chars)
    top = content.top_heading_level(doc)
    page = content.Settings(language, title, byline, STYLESHEET, translations, options.translation_language,
                            options.layout)

    book = epub.EpubBook()
    book.set_identifier(identifier(doc, translations))
    book.set_title(title)
    book.set_language(language)
    if meta.author:
        book.add_author(meta.author)
    for subject in dict.fromkeys(([meta.subject] if meta.subject else []) + keywords(doc)):
        book.add_metadata("DC", "subject", subject)
    if W3CDTF.match(meta.date):
        book.add_metadata("DC", "date", meta.date)

    extra = (title, *byline, *(cell for row in options.glossary for cell in glossary_table.cells(row)))
    if options.glossary:
        extra += (*glossary_table.settings(template).columns, glossary_table.settings(template).heading)
    fonts = style.embed(doc, template, translations.values(), extra) if options.embed_fonts else []
    book.add_item(epub.EpubItem(uid="style", file_name=STYLESHEET, media_type="text/css",
                                content=style.stylesheet(template, fonts).encode("utf-8")))
    for font in fonts:
        book.add_item(epub.EpubItem(uid=f"font-{font.role}", file_name=font.file_name,
                                    media_type="font/ttf", content=font.data))
    for n, (name, data) in enumerate(style.licenses(fonts)):
        book.add_item(epub.EpubItem(uid=f"font-license-{n}", file_name=name, media_type="text/plain",
                                    content=data))

    documents = []
    for n, chapter in enumerate(chapters):
        item = ContentDocument(f"doc-{n:03d}", chapter.file_name, chapter.title,
                               content.render(chapter, page, top), language)
        book.add_item(item)
        documents.append(item)
    toc = [_toc_item(entry) for entry in content.toc(chapters, top)]
    if options.glossary:
        table = glossary_table.settings(template)
        data = content.render_glossary(page, table.heading, table.columns,
                                       [glossary_table.cells(row) for row in options.glossary])
        item = ContentDocument("glossary", content.GLOSSARY, table.heading, data, language)
        book.add_item(item)
        documents.append(item)
        toc.append(epub.Link(content.GLOSSARY, table.heading, "toc-glossary"))
    book.toc = toc
    book.spine = documents
    book.guide = [{"href": documents[-1 if len(documents) == 1 else 1].file_name, "title": title,
                   "type": "text"}]
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(file_name="nav.xhtml", title=settings.toc_title)
    nav.add_link(href=STYLESHEET, rel="stylesheet", type="text/css")
    book.add_item(nav)

    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"mtime": modified(options.source_date_epoch), "epub3_pages": False,
                                   "landmark_title": settings.landmarks_title,
                                   "raise_exceptions": True})
    return archive.normalize_zip(buffer.getvalue(), options.source_date_epoch,
                                 first=["mimetype"], stored=["mimetype"])


def _toc_item(entry: content.TocEntry) -> epub.Link | tuple[epub.Link, list]:
    link = epub.Link(entry.href, entry.title, entry.uid)
    if not entry.children:
        return link
    return (link, [_toc_item(child) for child in entry.children])
