"""`pressline build --glossary`: the glossary as a table after the bilingual DOCX and PDF (every layout)."""

from __future__ import annotations

import io
import re
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

import docx
import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from test_exchange import english, export, fill

from pipeline import templates
from pipeline.bilingual import glossary, load
from pipeline.bilingual.segments import segment
from pipeline.build import run as build_mod
from pipeline.cli.app import cli
from pipeline.model import Document
from pipeline.options import GlossaryRow, WriteOptions
from pipeline.writers import get

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "education-work-conference-2024.txt"
EPOCH = "1700000000"
LAYOUTS = ("source", "parallel", "interleaved")
PDFS = {"source": "seed.pdf", "parallel": "seed.parallel.pdf", "interleaved": "seed.interleaved.pdf"}
HEADING = "术语表 Glossary"
HEADER = ["术语", "Translation", "来源 Found", "次数"]
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Built:
    source: Path  # folder holding seed.txt and its translation seed.en.xlf
    doc: Document
    terms: list[glossary.Term]


def run_build(source: Path, out: Path, *flags: str) -> str:
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(out), "--formats", "docx,pdf",
                                      "--layout", ",".join(LAYOUTS), "--jobs", "1", *flags],
                                env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The seed with an XLIFF translation beside it (found by the build), and its glossary."""
    folder = tmp_path_factory.mktemp("glossary") / "source"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    doc = build_mod.load_document(build_mod.plan([folder], build_mod.BuildOptions())[0], build_mod.BuildOptions())
    units = {u.id: u for u in segment(doc)}
    (folder / "seed.en.xlf").write_bytes(fill("xliff", export(doc, "xliff"), lambda uid, s: english(units[uid])))
    pairs = load.read_translation(doc, folder / "seed.en.xlf").pairs
    return Built(folder, doc, glossary.with_translations(glossary.terms(segment(doc)), pairs))


@pytest.fixture(scope="module")
def with_glossary(seed: Built, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("with")
    return out, run_build(seed.source, out, "--glossary")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def glossary_lines(data: bytes) -> list[str]:
    """The squeezed text lines inside the type area, from the page holding the glossary heading on."""
    page = templates.load("official").page
    top = page.margin_top_mm * 72 / 25.4
    bottom = top + page.type_height_mm * 72 / 25.4
    lines: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for pdf_page in pdf.pages:
            found = [squeeze(line["text"]) for line in
                     pdf_page.crop((0, top - 2, pdf_page.width, bottom + 2)).extract_text_lines()]
            if lines or squeeze(HEADING) in found:
                lines += found
    return lines


def test_the_docx_ends_with_a_heading_and_a_word_table_of_the_terms(seed: Built,
                                                                     with_glossary: tuple[Path, str]) -> None:
    word = docx.Document(str(with_glossary[0] / "seed.docx"))
    body = list(word.element.body.iterchildren())
    assert body[-1].tag == f"{W_NS}sectPr" and body[-2].tag == f"{W_NS}tbl"
    heading = word.paragraphs[-1]
    assert (heading.text, heading.style.name) == (HEADING, "Heading 1")
    assert heading.paragraph_format.page_break_before
    [table] = word.tables
    assert table.style.name == "Table Grid"
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == HEADER
    assert rows[1:] == [[t.text, t.translation, t.found if t.translation else "", str(t.frequency)]
                        for t in seed.terms]
    assert len(rows) == 51  # `pressline glossary`'s default count
    assert table.rows[0]._tr.trPr.find(f"{W_NS}tblHeader") is not None  # repeated on every page
    cell_style = table.rows[1].cells[0].paragraphs[0].style
    fonts = cell_style.element.find(f"{W_NS}rPr/{W_NS}rFonts")
    assert fonts.get(f"{W_NS}eastAsia") == templates.load("official").face_of("body").east_asia
    assert table.rows[1].cells[1].paragraphs[0].style.name == "Translation"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_pdf_layout_ends_with_the_glossary_table(layout: str, seed: Built,
                                                       with_glossary: tuple[Path, str]) -> None:
    data = (with_glossary[0] / PDFS[layout]).read_bytes()
    lines = glossary_lines(data)
    assert lines[0] == squeeze(HEADING)
    rows = [line for line in lines[1:] if line != squeeze("".join(HEADER))]
    # a long term or translation takes two lines of its row, whose second line the extraction puts after the
    # row's other cells: every character of every row is there, and the rows come in the order of the terms
    cells = [squeeze(f"{t.text}{t.translation}{t.found if t.translation else ''}{t.frequency}") for t in seed.terms]
    assert sorted("".join(rows)) == sorted("".join(cells))
    text, at = "".join(rows), 0
    for term in seed.terms:
        at = text.index(squeeze(term.text)[:4], at)
    assert lines.count(squeeze("".join(HEADER))) == len(lines) - len(rows) - 1 >= 1
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        before = "".join(page.extract_text() for page in pdf.pages if squeeze(HEADING) not in
                         squeeze(page.extract_text()))
    assert ("EN[" in before) == (layout != "source")  # the translation beside or under its blocks
    fonts = [font for page in PdfReader(io.BytesIO(data)).pages
             for font in page["/Resources"]["/Font"].values()]
    assert fonts and all("/FontFile2" in font.get_object()["/FontDescriptor"] for font in fonts)


def test_the_build_reports_no_missing_glyphs_and_gives_the_same_bytes_twice(
        seed: Built, with_glossary: tuple[Path, str], tmp_path: Path) -> None:
    out, output = with_glossary
    assert "no embedded font draws" not in output
    run_build(seed.source, tmp_path, "--glossary")
    for name in ["seed.docx", *PDFS.values()]:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_without_the_flag_nothing_changes(seed: Built, tmp_path: Path) -> None:
    run_build(seed.source, tmp_path)
    template = templates.load("official")
    translation = load.read_translation(seed.doc, seed.source / "seed.en.xlf")
    plain = WriteOptions(source_date_epoch=int(EPOCH), translations=load.block_texts(seed.doc, translation),
                         translation_language=translation.language)
    assert (tmp_path / "seed.docx").read_bytes() == get("docx")(seed.doc, template, plain)
    assert (tmp_path / "seed.pdf").read_bytes() == get("pdf")(seed.doc, template, plain)
    assert glossary_lines((tmp_path / "seed.parallel.pdf").read_bytes()) == []
    assert build_mod.fingerprint(build_mod.plan([seed.source], build_mod.BuildOptions())[0],
                                 build_mod.BuildOptions(glossary=False)) == build_mod.fingerprint(
        build_mod.plan([seed.source], build_mod.BuildOptions())[0], build_mod.BuildOptions())


def test_the_incremental_build_notices_the_flag(seed: Built, tmp_path: Path) -> None:
    assert "1 built" in run_build(seed.source, tmp_path)
    assert "up to date" in run_build(seed.source, tmp_path)
    assert "1 built" in run_build(seed.source, tmp_path, "--glossary")
    assert glossary_lines((tmp_path / "seed.pdf").read_bytes())
    assert "up to date" in run_build(seed.source, tmp_path, "--glossary")
    assert "1 built" in run_build(seed.source, tmp_path)
    assert glossary_lines((tmp_path / "seed.pdf").read_bytes()) == []


def test_a_term_standing_alone_in_a_unit_takes_that_units_translation() -> None:
    term = glossary.Term("教育强国", "n", 8, 1.0, 2, "u2")
    other = glossary.Term("习近平", "nr", 8, 1.0, 1, "u1")
    pairs = [load.Pair("u1", 0, "习近平在会上讲话。", "Xi spoke.", ""), load.Pair("u2", 1, " 教育强国 ", "A leading "
                                                                                   "country in education", "")]
    found = glossary.with_translations([term, other], pairs)
    assert [t.translation for t in found] == ["A leading country in education", ""]
    review = [load.Pair("u2", 1, "教育强国", "Education power", "", "needs-review-translation", review=True)]
    assert glossary.with_translations([term], review)[0].translation == "⚑ Education power"


def test_the_writers_draw_markup_like_terms_literally() -> None:
    doc = Document.from_json((ROOT / "tests" / "fixtures" / "models" / "sample.json").read_text(encoding="utf-8"))
    rows = (GlossaryRow("<b>&amp;", "]]> <i>", 2), GlossaryRow("𠮷野家", "", 1))
    template = templates.load("reading")
    options = WriteOptions(source_date_epoch=int(EPOCH), glossary=rows)
    word = docx.Document(io.BytesIO(get("docx")(doc, template, options)))
    cells = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert cells[1:] == [["<b>&amp;", "]]> <i>", "", "2"], ["𠮷野家", "", "", "1"]]  # no translation: no "found"
    with warnings.catch_warnings(record=True) as plain:
        warnings.simplefilter("always")
        get("pdf")(doc, template, WriteOptions(source_date_epoch=int(EPOCH)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = get("pdf")(doc, template, options)
    assert [str(w.message) for w in caught] == [str(w.message) for w in plain]  # no glyph the table adds
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = pdf.pages[-1].extract_text()
    assert "<b>&amp;" in text and "]]> <i>" in text and "𠮷野家" in text
