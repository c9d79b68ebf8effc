"""Bilingual layouts and editions of the seed with its English translation (tests/fixtures/seed.en.xlf): the
aligned two-column DOCX, the translation-only edition, translated titles set as titles, the EPUB editions."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from functools import cache
from pathlib import Path

import docx
import pdfplumber
import pytest
from click.testing import CliRunner
from lxml import etree
from test_docx import SOFFICE, convert
from validators import epubcheck

from pipeline import templates
from pipeline.bilingual import load
from pipeline.cli.app import cli
from pipeline.model import Document
from pipeline.options import WriteOptions
from pipeline.templates import MM
from pipeline.writers import get, translated

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SEED = ROOT / "source" / "education-work-conference-2024.txt"
EPOCH = 1_700_000_000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@cache
def seed() -> Document:
    return Document.from_json((FIXTURES / "models" / "seed.json").read_text(encoding="utf-8"))


@cache
def english() -> dict[str, str]:
    return load.block_texts(seed(), load.read_translation(seed(), FIXTURES / "seed.en.xlf"))


@cache
def written(fmt: str, layout: str, ids: bool = False) -> bytes:
    options = WriteOptions(source_date_epoch=EPOCH, translations=english(), translation_language="en",
                           layout=layout, ids=ids)
    return get(fmt)(seed(), templates.load("official"), options)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pressline build --edition source,bilingual,translation` of the seed beside its translation."""
    base = tmp_path_factory.mktemp("editions")
    shutil.copy(SEED, base / "seed.txt")
    shutil.copy(FIXTURES / "seed.en.xlf", base / "seed.en.xlf")
    result = CliRunner().invoke(cli, ["build", str(base / "seed.txt"), "-o", str(base / "out"), "--jobs", "1",
                                      "--formats", "docx,pdf,epub", "--layout", "parallel,interleaved",
                                      "--edition", "source,bilingual,translation", "--ids"])
    assert result.exit_code == 0, result.output
    return base / "out"


# --- the aligned two-column DOCX --------------------------------------------------------------------------

def test_parallel_docx_is_one_table_row_per_block_with_a_repeated_header() -> None:
    word = docx.Document(io.BytesIO(written("docx", "parallel", ids=True)))
    assert len(word.tables) == 1 and [p.text for p in word.paragraphs] == []
    rows = word.tables[0].rows
    assert len(rows) == len(seed().blocks) + 1
    header = rows[0]._tr.trPr
    assert header is not None and header.find(f"{W}tblHeader") is not None
    # rows may break across pages: none is marked cantSplit
    assert not word.element.body.findall(f".//{W}cantSplit")
    ids = seed().block_ids()
    for row, bid, block in zip(rows[1:], ids, seed().blocks):
        assert [c.text for c in row.cells] == [bid, block.text, english()[bid]]
    title = rows[1].cells
    assert (title[1].paragraphs[0].style.name, title[2].paragraphs[0].style.name) == ("Title", "Title Translation")
    assert rows[2].cells[2].paragraphs[0].style.name == "Translation"


def test_parallel_docx_without_ids_has_two_columns_sized_by_length() -> None:
    word = docx.Document(io.BytesIO(written("docx", "parallel")))
    table = word.tables[0]
    assert [len(row.cells) for row in table.rows] == [2] * (len(seed().blocks) + 1)
    widths = [column.width for column in table.columns]
    template = templates.load("official")
    assert sum(widths) == pytest.approx(template.page.type_width_mm * MM * 20 * 635, rel=0.01)
    share = translated.length_share(seed(), english(), template)
    assert 0.35 <= share <= 0.65 and widths[0] / sum(widths) == pytest.approx(share, abs=0.01)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_parallel_docx(tmp_path: Path) -> None:
    from pypdf import PdfReader

    path = tmp_path / "seed.parallel.docx"
    path.write_bytes(written("docx", "parallel", ids=True))
    convert([path], tmp_path, tmp_path / "profile")
    pdf = tmp_path / "seed.parallel.pdf"
    text = squeeze("".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert "2024NationalEducationWorkConferenceHeld" in text and "教育工作会议" in text
    assert seed().block_ids()[0] in text


# --- titles and headings of the interleaved layout --------------------------------------------------------

def test_interleaved_title_translation_is_centred_like_the_title_in_the_pdf() -> None:
    data = written("pdf", "interleaved")
    template = templates.load("official")
    left = template.page.margin_left_mm * MM
    centre = left + template.page.type_width_mm * MM / 2
    title = english()[seed().block_ids()[0]]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        lines = pdf.pages[0].extract_text_lines()
    found = {squeeze(line["text"]): line for line in lines}
    source, target = found[squeeze(seed().blocks[0].text)], found[squeeze(title)]
    for line in (source, target):
        assert (line["x0"] + line["x1"]) / 2 == pytest.approx(centre, abs=1.0)
    chars = [c for c in pdfplumber.open(io.BytesIO(data)).pages[0].chars if c["top"] == pytest.approx(target["top"])]
    # larger than the translation of a paragraph, bold, in the translation's colour
    assert chars[0]["size"] > template.style("translation").size_pt
    assert "Bold" in chars[0]["fontname"]
    paragraph = [line for line in lines if squeeze(line["text"]).startswith("On11January")][0]
    assert paragraph["x0"] == pytest.approx(left, abs=1.0)


def test_interleaved_docx_sets_the_title_translation_as_a_title() -> None:
    word = docx.Document(io.BytesIO(written("docx", "interleaved")))
    paragraphs = [(p.text, p.style.name) for p in word.paragraphs]
    ids = seed().block_ids()
    assert paragraphs[:3] == [(seed().blocks[0].text, "Title"), (english()[ids[0]], "Title Translation"),
                              (seed().blocks[1].text, "Normal")]
    style = word.styles["Title Translation"].element
    assert style.find(f".//{W}jc").get(f"{W}val") == "center"
    assert style.find(f".//{W}b") is not None
    assert style.find(f".//{W}lang").get(f"{W}val") == "en"
    color = word.styles["Translation"].element.find(f".//{W}color").get(f"{W}val")
    assert color == templates.load("official").style("translation").color.lstrip("#").upper()
    # space between a block and its translation, more after the pair
    body, translation = word.paragraphs[2], word.paragraphs[3]
    assert body.paragraph_format.space_after == 0
    assert translation.paragraph_format.space_after > translation.paragraph_format.space_before > 0


# --- EPUB editions -----------------------------------------------------------------------------------------

def pages_of(data: bytes) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return [etree.fromstring(book.read(n)) for n in sorted(book.namelist())
                if n.endswith(".xhtml") and "nav" not in n]


@pytest.mark.parametrize("layout", ["interleaved", "parallel"])
def test_epub_editions_tag_every_translation_with_its_language(layout: str, tmp_path: Path) -> None:
    data = written("epub", layout)
    translations = [e for page in pages_of(data) for e in page.iter() if "translation" in (e.get("class") or "")]
    assert sorted(e.get("id") for e in translations) == sorted(f"{bid}-tr" for bid in seed().block_ids())
    assert all(e.get("lang") == "en" and e.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
               for e in translations)
    title = next(e for e in translations if e.get("id") == f"{seed().block_ids()[0]}-tr")
    assert title.tag == f"{XHTML}h1"
    if layout == "parallel":
        pairs = [e for page in pages_of(data) for e in page.iter(f"{XHTML}div") if e.get("class") == "pair"]
        assert len(pairs) == len(seed().blocks) and all(len(pair) == 2 for pair in pairs)
    path = tmp_path / f"seed.{layout}.epub"
    path.write_bytes(data)
    assert [m for m in epubcheck(path) if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []


def test_the_source_layout_holds_the_source_alone() -> None:
    assert not [e for page in pages_of(written("epub", "source")) for e in page.iter()
                if "translation" in (e.get("class") or "")]
    assert [p.style.name for p in docx.Document(io.BytesIO(written("docx", "source"))).paragraphs
            if p.text] == ["Title"] + ["Normal"] * (len(seed().blocks) - 1)


# --- the translation edition -------------------------------------------------------------------------------

def test_the_build_writes_every_edition(editions: Path) -> None:
    assert sorted(p.name for p in editions.iterdir() if not p.name.startswith(".")) == sorted(
        f"seed.{name}.{ext}" if name else f"seed.{ext}" for ext in ("docx", "pdf", "epub")
        for name in ("", "parallel", "interleaved", "translation"))


def test_translation_edition_text_equals_the_translation(editions: Path) -> None:
    expected = [english()[bid] for bid in seed().block_ids()]
    word = docx.Document(str(editions / "seed.translation.docx"))
    assert [p.text for p in word.paragraphs] == expected
    assert [p.style.name for p in word.paragraphs] == ["Title"] + ["Normal"] * (len(expected) - 1)
    with pdfplumber.open(editions / "seed.translation.pdf") as pdf:
        template = templates.load("english")
        top = template.page.margin_top_mm * MM
        bottom = top + template.page.type_height_mm * MM
        text = "".join(squeeze(line["text"]) for page in pdf.pages
                       for line in page.crop((0, top - 2, page.width, bottom + 2)).extract_text_lines())
    assert text == squeeze("".join(expected))
    blocks = sorted((e.get("id"), "".join(e.itertext())) for page in pages_of(
        (editions / "seed.translation.epub").read_bytes()) for e in page.iter() if e.get("id", "").startswith("b0"))
    assert [text for _, text in blocks] == expected


def test_translation_edition_is_set_in_the_english_template(editions: Path) -> None:
    word = docx.Document(str(editions / "seed.translation.docx"))
    settings = word.settings.element
    assert settings.find(f"{W}autoHyphenation") is not None
    assert word.styles["Normal"].element.find(f".//{W}rFonts").get(f"{W}ascii") == "Georgia"
    assert word.core_properties.language == "en" and word.core_properties.title == english()[seed().block_ids()[0]]
    with pdfplumber.open(editions / "seed.translation.pdf") as pdf:
        page = pdf.pages[0]
        assert page.width == pytest.approx(210 * MM, abs=1)
        quotes = [c for p in pdf.pages for c in p.chars if c["text"] in "“”"]
        # English quotes: proportional, not the full-width quotes of the Chinese faces
        assert quotes and all(c["x1"] - c["x0"] < 0.7 * c["size"] for c in quotes)
    with zipfile.ZipFile(editions / "seed.translation.epub") as book:
        css = book.read(next(n for n in book.namelist() if n.endswith(".css"))).decode()
        opf = book.read(next(n for n in book.namelist() if n.endswith(".opf"))).decode()
    assert "hyphens: auto" in css and "<dc:language>en</dc:language>" in opf


def test_translation_edition_needs_a_translation(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.txt")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "seed.txt"), "-o", str(tmp_path / "out"),
                                      "--formats", "docx", "--edition", "translation", "--jobs", "1"])
    assert result.exit_code == 1
    assert "the translation edition needs a translation" in result.output


def test_an_untranslated_block_keeps_its_source_text_in_the_translation_edition() -> None:
    partial = dict(english())
    missing = seed().block_ids()[3]
    del partial[missing]
    doc, untranslated = translated.translated_document(seed(), partial, "en")
    assert untranslated == [missing]
    assert doc.blocks[3].text == seed().blocks[3].text and doc.metadata.language == "en"
    assert [b.kind for b in doc.blocks] == [b.kind for b in seed().blocks]
