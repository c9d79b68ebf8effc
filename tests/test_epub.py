"""EPUB writer: epubcheck, the text, languages and navigation read back, reproducibility, fonts, styles."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from validators import epubcheck

from pipeline import templates
from pipeline.errors import WriterError
from pipeline.model import HEADING, TITLE, Block, Document
from pipeline.options import WriteOptions
from pipeline.text import words
from pipeline.writers.epub import content as epub_content
from pipeline.writers.epub import style as epub_style
from pipeline.writers.epub import writer

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = sorted(p.name for p in (FIXTURES / "corpus").iterdir() if (p / "raw.txt").is_file())
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = 1_700_000_000
VARIANTS = ("plain", "translated", "fonts")


def model(name: str) -> Document:
    """A saved model (`sample`, `seed`) or a corpus case normalized from its raw text."""
    saved = FIXTURES / "models" / f"{name}.json"
    if saved.is_file():
        return Document.from_json(saved.read_text(encoding="utf-8"))
    from pipeline.normalize import normalize_input

    raw = FIXTURES / "corpus" / name / "raw.txt"
    return normalize_input(raw.read_bytes(), path=str(raw))


def translations(doc: Document) -> dict[str, str]:
    """An English line per block, with markup-like text that must stay literal."""
    return {bid: f"English for block {n}: <i>{n}</i> &amp; ]]>" for n, bid in enumerate(doc.block_ids(), 1)}


def options(doc: Document, variant: str = "plain", epoch: int | None = EPOCH) -> WriteOptions:
    return WriteOptions(source_date_epoch=epoch, embed_fonts=variant == "fonts",
                        translations=translations(doc) if variant == "translated" else {},
                        layout="interleaved" if variant == "translated" else "source")


def write(doc: Document, variant: str = "plain", template: str = "official", epoch: int | None = EPOCH) -> bytes:
    return writer.write(doc, templates.load(template), options(doc, variant, epoch))


class Book:
    """An EPUB read back with zipfile and lxml."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//{*}rootfile").get("full-path")
        self.folder = self.opf_path.rsplit("/", 1)[0] + "/"
        self.opf = etree.fromstring(self.zip.read(self.opf_path))

    def xml(self, href: str) -> etree._Element:
        return etree.fromstring(self.zip.read(self.folder + href))

    def manifest(self) -> dict[str, etree._Element]:
        return {item.get("id"): item for item in self.opf.iterfind("opf:manifest/opf:item", NS)}

    def spine(self) -> list[str]:
        items = self.manifest()
        return [items[ref.get("idref")].get("href") for ref in self.opf.iterfind("opf:spine/opf:itemref", NS)]

    def item_with(self, prop: str) -> str:
        return next(i.get("href") for i in self.manifest().values() if prop in (i.get("properties") or ""))

    def metadata(self, tag: str) -> list[str]:
        return [el.text for el in self.opf.iterfind(f"opf:metadata/dc:{tag}", NS)]

    def blocks(self) -> list[etree._Element]:
        """Every element that carries a block or a translation, in reading order."""
        found = []
        for href in self.spine():
            found += self.xml(href).xpath("//x:body//*[@id]", namespaces=NS)
        return found


@pytest.fixture(scope="module")
def sample() -> Document:
    return model("sample")


# --- epubcheck: every case, plain, with a translation and with embedded fonts -------------------------

CASES = ["sample", *CORPUS]
CHECK_CASES = [(case, variant) for case in CASES for variant in VARIANTS]


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], list[dict]]:
    """All EPUBs written first, then checked two at a time (each check starts a JVM)."""
    folder = tmp_path_factory.mktemp("epubcheck")
    paths = {}
    for case, variant in CHECK_CASES:
        paths[case, variant] = folder / f"{case}-{variant}.epub"
        paths[case, variant].write_bytes(write(model(case), variant))
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(paths, pool.map(epubcheck, paths.values())))


@pytest.mark.parametrize("case, variant", CHECK_CASES)
def test_epubcheck_reports_no_error_or_warning(checked: dict, case: str, variant: str) -> None:
    problems = [f"{m['severity']} {m['ID']}: {m['message']} {[loc.get('path') for loc in m['locations']]}"
                for m in checked[case, variant] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert problems == []


# --- reading the text back -------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES)
def test_text_and_languages_read_back(case: str) -> None:
    doc = model(case)
    given = translations(doc)
    book = Book(write(doc, "translated"))
    elements = book.blocks()
    expected = []
    for bid, block in zip(doc.block_ids(), doc.blocks):
        expected += [(bid, block.text, None), (f"{bid}-tr", given[bid], "en-US")]
    read = [(el.get("id"), "".join(el.itertext()), el.get("lang")) for el in elements]
    assert read == expected
    for el in elements:
        assert el.get(XML_LANG) == el.get("lang")
    language = doc.metadata.language
    for href in [*book.spine(), book.item_with("nav")]:
        root = book.xml(href)
        assert (root.get("lang"), root.get(XML_LANG)) == (language, language), href
    assert book.metadata("language") == [language]


def test_markup_like_text_stays_text(sample: Document) -> None:
    book = Book(write(sample))
    body = b"".join(book.zip.read(book.folder + href) for href in book.spine())
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in body and b"&amp;amp;" in body and b"]]&gt;" in body
    for href in book.spine():
        assert not book.xml(href).xpath("//x:script | //x:b | //x:font", namespaces=NS)
    texts = ["".join(el.itertext()) for el in book.blocks()]
    assert any("<b>bold</b> &amp; <font" in t and "]]> <script>" in t for t in texts)
    assert "生僻字𠮷和表情😀也要保留。" in texts


def test_urls_may_break_after_a_slash_and_keep_their_text(sample: Document) -> None:
    book = Book(write(sample))
    [para] = [el for el in book.blocks() if "https://" in "".join(el.itertext())]
    assert [wbr.tail[:6] for wbr in para.iterfind("x:wbr", NS)] == ["www.ex", "notice", "2025。现"]
    assert "".join(para.itertext()) == sample.blocks[2].text


def test_block_elements_are_semantic(sample: Document) -> None:
    book = Book(write(sample))
    tags = {el.get("id"): (etree.QName(el).localname, el.get("class")) for el in book.blocks()}
    kinds = {bid: (b.kind, b.level) for bid, b in zip(sample.block_ids(), sample.blocks)}
    expected = {("title", 0): ("h1", None), ("heading", 1): ("h2", None), ("heading", 2): ("h3", None),
                ("heading", 3): ("h4", None), ("heading", 4): ("h5", None), ("paragraph", 0): ("p", None),
                ("signoff", 0): ("p", "signoff")}
    assert {bid: tags[bid] for bid in kinds} == {bid: expected[kind] for bid, kind in kinds.items()}


def test_title_page_comes_first_with_title_and_byline(sample: Document) -> None:
    book = Book(write(sample))
    first = book.xml(book.spine()[0])
    section = first.find(".//x:section", NS)
    assert section.get(f"{{{NS['epub']}}}type") == "titlepage"
    assert [("".join(e.itertext()), etree.QName(e).localname) for e in section] == [
        (sample.metadata.title, "h1"), (sample.metadata.author, "p"), (sample.metadata.date, "p")]


def test_invalid_xml_character_is_a_writer_error() -> None:
    doc = Document([Block("paragraph", "bad\x01text")])
    with pytest.raises(WriterError, match="b0001"):
        write(doc)


# --- navigation ------------------------------------------------------------------------------------------

def nav_tree(ol: etree._Element) -> list[tuple[str, str, list]]:
    return [(li.find("x:a", NS).get("href"), li.find("x:a", NS).text,
             nav_tree(li.find("x:ol", NS)) if li.find("x:ol", NS) is not None else [])
            for li in ol.iterfind("x:li", NS)]


def ncx_tree(parent: etree._Element) -> list[tuple[str, str, list]]:
    return [(p.find("ncx:content", NS).get("src"), p.find("ncx:navLabel/ncx:text", NS).text, ncx_tree(p))
            for p in parent.iterfind("ncx:navPoint", NS)]


def heading_tree(doc: Document, where: dict[str, str]) -> list[tuple[str, str, list]]:
    """The expected table of contents: headings nested by level under the title page entry."""
    top = epub_content.top_heading_level(doc)
    root: list = []
    stack: list[tuple[int, list]] = [(-1, root)]
    for bid, block in zip(doc.block_ids(), doc.blocks):
        if block.kind != HEADING and not (block.kind == TITLE and where[bid] != epub_content.TITLE_PAGE):
            continue
        level = block.level - top + 1 if block.kind == HEADING else 0
        while stack[-1][0] >= level:
            stack.pop()
        children: list = []
        stack[-1][1].append((f"{where[bid]}#{bid}", block.text, children))
        stack.append((level, children))
    return [(epub_content.TITLE_PAGE, doc.title, []), *root]


@pytest.mark.parametrize("case", CASES)
def test_nav_and_ncx_list_every_heading_nested_by_level(case: str) -> None:
    doc = model(case)
    book = Book(write(doc))
    where = {el.get("id"): href for href in book.spine() for el in book.xml(href).xpath("//*[@id]")}
    expected = heading_tree(doc, where)
    toc = book.xml(book.item_with("nav")).find(".//x:nav[@epub:type='toc']/x:ol", NS)
    assert nav_tree(toc) == expected
    ncx_href = book.manifest()[book.opf.find("opf:spine", NS).get("toc")].get("href")
    assert ncx_tree(book.xml(ncx_href).find("ncx:navMap", NS)) == expected


def test_sample_headings_nest_four_deep(sample: Document) -> None:
    book = Book(write(sample))
    toc = nav_tree(book.xml(book.item_with("nav")).find(".//x:nav/x:ol", NS))
    assert [entry[1] for entry in toc] == [sample.title, "一、提高思想认识"]
    assert toc[1][2][0][2][0][2][0][1] == "（1）落实值班制度"


def test_long_document_gets_one_content_document_per_top_level_heading() -> None:
    doc = model("dev-law-hongshizihui-gov")
    book = Book(write(doc))
    top = epub_content.top_heading_level(doc)
    tops = [b.text for b in doc.blocks if b.kind == HEADING and b.level == top]
    assert len(tops) > 1 and len(doc.text()) > templates.load("official").epub.split_min_chars
    spine = book.spine()
    starts = ["".join(book.xml(href).find(".//x:section", NS)[0].itertext()) for href in spine[1:]]
    # the preamble before the first chapter heading keeps a document of its own
    assert starts[-len(tops):] == tops
    assert len(spine) == 1 + len(tops) + (starts[0] != tops[0])


def test_short_document_stays_in_one_content_document(sample: Document) -> None:
    assert len(Book(write(sample)).spine()) == 2


# --- package metadata ------------------------------------------------------------------------------------

def test_package_metadata(sample: Document) -> None:
    book = Book(write(sample))
    assert book.metadata("title") == [sample.metadata.title]
    assert book.metadata("creator") == [sample.metadata.author]
    assert book.metadata("subject") == [sample.metadata.subject, *sample.metadata.keywords]
    assert book.metadata("date") == [sample.metadata.date]
    modified = book.opf.find("opf:metadata/opf:meta[@property='dcterms:modified']", NS).text
    assert modified == "2023-11-14T22:13:20Z"


def test_keywords_come_from_jieba_when_metadata_has_none() -> None:
    doc = model("seed")
    assert not doc.metadata.keywords
    subjects = Book(write(doc)).metadata("subject")
    assert subjects == words.keywords(doc.text()) and len(subjects) > 3


def test_identifier_is_a_uuid_derived_from_the_content(sample: Document) -> None:
    first = Book(write(sample)).metadata("identifier")[0]
    assert first.startswith("urn:uuid:") and uuid.UUID(first[9:]).version == 5
    assert Book(write(sample, epoch=EPOCH + 1)).metadata("identifier")[0] == first
    changed = replace(sample, blocks=[*sample.blocks[:-1], Block("signoff", "2025年1月21日")])
    assert Book(write(changed)).metadata("identifier")[0] != first
    assert Book(write(sample, "translated")).metadata("identifier")[0] != first


def test_modified_without_epoch_is_the_documented_fixed_time(sample: Document) -> None:
    book = Book(write(sample, epoch=None))
    modified = book.opf.find("opf:metadata/opf:meta[@property='dcterms:modified']", NS).text
    assert modified == "1980-01-01T00:00:00Z"
    assert {info.date_time for info in book.zip.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- reproducible archive ------------------------------------------------------------------------------

@pytest.mark.parametrize("variant", VARIANTS)
def test_second_write_is_byte_identical(sample: Document, variant: str) -> None:
    assert write(sample, variant) == write(sample, variant)


def test_archive_layout(sample: Document) -> None:
    data = write(sample)
    assert data[30:38] == b"mimetype" and data[38:58] == b"application/epub+zip"
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert infos[0].compress_type == zipfile.ZIP_STORED
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}


# --- stylesheet and fonts --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in templates.available() if templates.load(n).language.startswith("zh")])
def test_stylesheet_follows_the_template(name: str) -> None:
    template = templates.load(name)
    css = epub_style.stylesheet(template)
    assert "$" not in css
    bare = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = {k.strip(): v for k, v in re.findall(r"([^{}]+?)\s*\{([^}]*)\}", bare)}
    assert "text-indent: 2em" in rules["p"]
    line_height = float(re.search(r"line-height:\s*([\d.]+)", rules["body"]).group(1))
    assert 1.5 <= line_height <= 2.0
    body = template.face_of("body").css
    assert f"font-family: {', '.join(epub_style.quote_family(n) for n in body)};" in rules["body"]
    assert any(n in body for n in ("Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "FangSong"))
    translation = rules[".translation"]
    assert "text-indent: 0" in translation and "color:" in translation
    assert template.face_of("translation").css[0] in translation


def test_embedded_fonts_hold_only_the_documents_characters(sample: Document) -> None:
    from fontTools.ttLib import TTFont

    from pipeline.typeset import fonts

    book = Book(write(sample, "fonts"))
    css = book.zip.read(book.folder + "style.css").decode("utf-8")
    items = book.manifest().values()
    font_files = [i.get("href") for i in items if i.get("media-type") == "font/ttf"]
    assert font_files
    needed = {ord(ch) for ch in sample.text() + sample.metadata.author + sample.metadata.date
              if not ch.isspace()}
    drawn: set[int] = set()
    for href in font_files:
        role = Path(href).stem
        font = TTFont(io.BytesIO(book.zip.read(book.folder + href)))
        cmap = set(font.getBestCmap())
        # a kept glyph keeps every code point mapped to it, so a few more than asked may remain
        assert len(cmap - needed) <= 3 and font["maxp"].numGlyphs <= len(cmap) + 10, href
        drawn |= cmap
        assert f'font-family: "{epub_style.family_name(role)}";\n  src: url("{href}");' in css
    assert needed - drawn == set()
    licenses = sorted(p.name for p in fonts.FONTS_DIR.glob("*.txt"))
    assert licenses and [h for h in (i.get("href") for i in items) if h.endswith(".txt")] == [
        f"fonts/{name}" for name in licenses]
    for name in licenses:
        assert book.zip.read(f"{book.folder}fonts/{name}") == (fonts.FONTS_DIR / name).read_bytes()
    assert f'font-family: "{epub_style.family_name("serif")}"' in css
