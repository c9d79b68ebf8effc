"""The cleaned DOCX: one Word paragraph per block in the template's styles, translations after their blocks.

Core properties come from the metadata; keywords fall back to jieba's. `created`/`modified` are
`options.source_date_epoch`, or 1980-01-01T00:00:00Z (the zip format's earliest time) when it is unset,
so the same input always gives the same bytes.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.errors import WriterError
from pipeline.model import TITLE, Block, Document
from pipeline.options import WriteOptions
from pipeline.templates import MM, Template
from pipeline.text import words
from pipeline.text.cjk import NOT_XML, char_width
from pipeline.typeset import title
from pipeline.writers import conventions
from pipeline.writers.archive import normalize_zip
from pipeline.writers.common import style_role
from pipeline.writers.docx import bilingual, fonts
from pipeline.writers.docx.glossary import add_glossary
from pipeline.writers.docx.page import metrics, set_up
from pipeline.writers.docx.styles import WORD_STYLES, Languages, add_translation_styles, apply_styles

DEFAULT_TIME = datetime(1980, 1, 1)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
EAST_ASIAN_LANGUAGES = ("zh", "ja", "ko")
# characters XML 1.0 cannot hold (C0 controls but tab/newline/return, surrogates, U+FFFE/U+FFFF)


def write(doc: Document, template: Template, options: WriteOptions) -> bytes:
    _check_xml_text(doc)
    word = docx.Document()
    languages = _languages(doc, template, options)
    apply_styles(word, template, languages, metrics(template))
    set_up(word, template, languages)
    _drop_stale_parts(word)
    fonts.declare(word, template)
    if options.layout == "source" or not options.translations:
        _write_blocks(word, conventions.with_metadata(doc, template), template, {})
    else:
        styles = add_translation_styles(word, template, languages, metrics(template))
        if options.layout == "parallel":
            bilingual.write_parallel(word, doc, template, options, dict(WORD_STYLES), styles,
                                     doc.metadata.language or template.language)
        else:
            bilingual.write_interleaved(word, doc, template, options, dict(WORD_STYLES), styles)
    if options.glossary:
        add_glossary(word, template, languages, options.glossary)
    _set_core_properties(word, doc, options.source_date_epoch)
    buffer = io.BytesIO()
    word.save(buffer)
    return normalize_zip(buffer.getvalue(), options.source_date_epoch, first=["[Content_Types].xml"])


def style_name(block: Block) -> str:
    """The Word style a block is written in."""
    return WORD_STYLES[style_role(block)]


def _write_blocks(word: WordDocument, doc: Document, template: Template, translations: dict[str, str]) -> None:
    addressee = conventions.addressee_index(doc.blocks)
    signoff = conventions.signoff_start(doc.blocks)
    for index, (block_id, block) in enumerate(zip(doc.block_ids(), doc.blocks)):
        if block.kind == TITLE:
            paragraph = word.add_paragraph(style=style_name(block))
            for n, line in enumerate(title_lines(block.text, template)):
                run = paragraph.add_run(line)
                if n:
                    run._r.addprevious(_line_break())
        else:
            paragraph = word.add_paragraph(block.text, style=style_name(block))
        if index == addressee:
            # 主送机关 starts at the left margin (the *Chars attribute wins over the length in Word)
            indent = paragraph._p.get_or_add_pPr().get_or_add_ind()
            indent.set(qn("w:firstLine"), "0")
            indent.set(qn("w:firstLineChars"), "0")
        if signoff is not None and signoff - 1 <= index < len(doc.blocks) - 1:
            # the sign-off stays together and keeps the last lines of the text before it on its page
            paragraph.paragraph_format.keep_with_next = True
        if translations.get(block_id):
            word.add_paragraph(translations[block_id], style=WORD_STYLES["translation"])


def title_lines(text: str, template: Template) -> list[str]:
    """The title broken into balanced lines at word boundaries, measured in the title style's size
    (full-width characters one em, others half)."""
    size = template.style("title").size_pt
    advances = [size * char_width(ch) / 2 for ch in text]
    lines = title.balanced_lines(text, advances, template.page.type_width_mm * MM)
    if lines is None:
        return [text]
    return [text[line.start:line.end] for line in lines]


def _line_break() -> object:
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _check_xml_text(doc: Document) -> None:
    """Name the first block holding a character XML cannot carry (by position: a lone surrogate has no id)."""
    for number, block in enumerate(doc.blocks, 1):
        found = NOT_XML.search(block.text)
        if found:
            raise WriterError(
                f"block {number} ({block.kind}) holds U+{ord(found.group()):04X}, which XML cannot carry",
                line=block.spans[0].start if block.spans else None,
                hint="remove control characters before writing DOCX")
    for name, value in (("title", doc.title), ("author", doc.metadata.author), ("subject", doc.metadata.subject)):
        if NOT_XML.search(value):
            raise WriterError(f"metadata {name} holds a character XML cannot carry")


def _languages(doc: Document, template: Template, options: WriteOptions) -> Languages:
    language = doc.metadata.language or template.language
    east_asian = language if language.startswith(EAST_ASIAN_LANGUAGES) else template.language
    latin = template.docx.latin_language
    if not language.startswith(EAST_ASIAN_LANGUAGES):
        latin = language
    translation = options.translation_language or template.style("translation").language
    return Languages(latin=latin, east_asian=east_asian, translation=translation)


def _drop_stale_parts(word: WordDocument) -> None:
    """python-docx's blank template carries a preview of an empty page and a second copy of its styles
    (stylesWithEffects) in the old theme fonts and colours; neither describes this document."""
    for rels, reltype in ((word.part.package.rels, RELATIONSHIP_TYPE.THUMBNAIL), (word.part.rels, STYLES_WITH_EFFECTS)):
        for rel_id, rel in list(rels.items()):
            if rel.reltype == reltype:
                del rels[rel_id]


def _set_core_properties(word: WordDocument, doc: Document, source_date_epoch: int | None) -> None:
    meta = doc.metadata
    stamp = DEFAULT_TIME if source_date_epoch is None else (
        datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=source_date_epoch)).replace(tzinfo=None)
    keywords = list(meta.keywords) or words.keywords("\n".join(b.text for b in doc.blocks))
    props = word.core_properties
    props.title = doc.title
    props.author = meta.author
    props.subject = meta.subject
    props.keywords = "; ".join(keywords)
    props.language = meta.language
    props.comments = ""
    props.last_modified_by = meta.author
    props.revision = 1
    props.created = stamp
    props.modified = stamp
