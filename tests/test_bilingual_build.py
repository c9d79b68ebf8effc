"""Round trip to the bilingual artifacts: export, fill every target, import, and find each target next to
its source in the DOCX, the PDF (parallel and interleaved) and the EPUB."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from functools import cache
from pathlib import Path

import docx
import pdfplumber
import pytest
from click.testing import CliRunner
from lxml import etree
from test_exchange import english, export, fill
from validators import epubcheck

from pipeline import templates
from pipeline.bilingual import load
from pipeline.bilingual.segments import segment
from pipeline.cli.app import cli
from pipeline.model import Document
from pipeline.options import WriteOptions
from pipeline.templates import MM
from pipeline.writers import get
from pipeline.writers.pdf import parallel
from pipeline.writers.pdf.layout import Layout, Setter

ROOT = Path(__file__).resolve().parent.parent
MODELS = Path(__file__).parent / "fixtures" / "models"
SEED = ROOT / "source" / "education-work-conference-2024.txt"
EPOCH = 1_700_000_000
FORMATS = ["xliff", "po", "xliff2"]
SUFFIX = {"xliff": ".xlf", "po": ".po", "xliff2": ".xliff"}
XHTML = "{http://www.w3.org/1999/xhtml}"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@cache
def seed() -> Document:
    return Document.from_json((MODELS / "seed.json").read_text(encoding="utf-8"))


@cache
def imported(fmt: str) -> dict[str, str]:
    """The seed exported in `fmt`, every target filled, imported back: block id → translation."""
    units = {u.id: u for u in segment(seed())}
    data = fill(fmt, export(seed(), fmt), lambda uid, source: english(units[uid]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"seed.en{SUFFIX[fmt]}"
        path.write_bytes(data)
        return load.block_texts(seed(), load.read_translation(seed(), path))


def expected() -> dict[str, str]:
    """What every import must give: each block's units' targets, in order, space-joined."""
    units = segment(seed())
    return {bid: " ".join(english(u) for u in units if u.block == n) for n, bid in enumerate(seed().block_ids())}


@cache
def written(fmt: str, writer: str, layout: str = "interleaved") -> bytes:
    options = WriteOptions(source_date_epoch=EPOCH, translations=imported(fmt), translation_language="en",
                           layout=layout)
    return get(writer)(seed(), templates.load("official"), options)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_imports_every_target(fmt: str) -> None:
    assert imported(fmt) == expected()


@pytest.mark.parametrize("fmt", FORMATS)
def test_docx_has_each_translation_after_its_block_tagged_english(fmt: str) -> None:
    word = docx.Document(io.BytesIO(written(fmt, "docx")))
    paragraphs = [(p.text, p.style.name) for p in word.paragraphs if p.text]
    pairs = []
    for bid, block in zip(seed().block_ids(), seed().blocks):
        pairs += [block.text, (expected()[bid], "Title Translation" if block.kind == "title" else "Translation")]
    assert [text if not style.endswith("Translation") else (text, style) for text, style in paragraphs] == pairs
    lang = word.styles["Translation"].element.find(f".//{{{W_NS}}}lang")
    assert lang.get(f"{{{W_NS}}}val") == "en"


@pytest.mark.parametrize("fmt", FORMATS)
def test_epub_has_each_translation_after_its_block_tagged_english(fmt: str) -> None:
    with zipfile.ZipFile(io.BytesIO(written(fmt, "epub"))) as book:
        pages = [etree.fromstring(book.read(name)) for name in sorted(book.namelist())
                 if name.endswith(".xhtml") and "nav" not in name]
    found = {}
    for page in pages:
        elements = [e for e in page.iter() if e.get("id")]
        for element, following in zip(elements, elements[1:]):
            if following.get("id") == f"{element.get('id')}-tr":
                assert following.get("lang") == "en"
                assert following.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
                found[element.get("id")] = ("".join(element.itertext()), "".join(following.itertext()))
    blocks = dict(zip(seed().block_ids(), seed().blocks))
    assert found == {bid: (blocks[bid].text, text) for bid, text in expected().items()}


def test_the_bilingual_epub_passes_epubcheck(tmp_path: Path) -> None:
    path = tmp_path / "seed.epub"
    path.write_bytes(written("xliff", "epub"))
    assert [m for m in epubcheck(path) if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []


def _column_lines(data: bytes, column: int, options: WriteOptions) -> list[tuple[int, float, str]]:
    """(page, top, squeezed text) of each line in the source (0) or translation (1) column of the type area."""
    template = templates.load("official")
    spec = template.page
    layout = Layout(spec.type_width_mm * MM, spec.type_height_mm * MM)
    columns = parallel.columns_for(Setter(template, layout), seed(), options, layout.width)
    lines = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages):
            top = spec.margin_top_mm * MM
            bottom = top + spec.type_height_mm * MM
            half = spec.margin_left_mm * MM + columns.source + columns.gutter / 2
            area = page.crop((0, top - 2, half, bottom + 2) if column == 0 else (half, top - 2, page.width, bottom + 2))
            lines += [(number, line["top"], squeeze(line["text"])) for line in area.extract_text_lines()]
    return lines


def _starts(lines: list[tuple[int, float, str]], texts: list[str]) -> list[tuple[int, float]]:
    """Where each of `texts`, laid out one after another in `lines`, begins."""
    starts, position = [], 0
    flat = [(page, top, ch) for page, top, text in lines for ch in text]
    for text in texts:
        starts.append(flat[position][:2])
        chunk = "".join(ch for _, _, ch in flat[position:position + len(squeeze(text))])
        assert chunk == squeeze(text)
        position += len(squeeze(text))
    assert position == len(flat)
    return starts


@pytest.mark.parametrize("fmt", FORMATS)
def test_parallel_pdf_sets_each_translation_beside_its_block(fmt: str) -> None:
    data = written(fmt, "pdf", "parallel")
    ids = seed().block_ids()
    options = WriteOptions(translations=imported(fmt), layout="parallel")
    left = _starts(_column_lines(data, 0, options), [b.text for b in seed().blocks])
    right = _starts(_column_lines(data, 1, options), [expected()[bid] for bid in ids])
    for (page_l, top_l), (page_r, top_r) in zip(left, right):
        assert page_l == page_r and abs(top_l - top_r) < 12


@pytest.mark.parametrize("fmt", FORMATS)
def test_interleaved_pdf_puts_each_translation_under_its_block(fmt: str) -> None:
    data = written(fmt, "pdf", "interleaved")
    spec = templates.load("official").page
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        top = spec.margin_top_mm * 72 / 25.4
        text = "".join(
            squeeze(line["text"]) for page in pdf.pages
            for line in page.crop((0, top - 2, page.width, top + spec.type_height_mm * 72 / 25.4 + 2))
            .extract_text_lines())
    assert text == squeeze("".join(b.text + expected()[bid] for bid, b in zip(seed().block_ids(), seed().blocks)))


def test_build_discovers_a_po_translation_and_marks_fuzzy_units(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(SEED, source / "seed.txt")
    model = tmp_path / "seed.json"
    normalized = CliRunner().invoke(cli, ["normalize", str(source / "seed.txt"), "-f", "json", "-o", str(model)])
    assert normalized.exit_code == 0
    doc = Document.from_json(model.read_text(encoding="utf-8"))
    units = segment(doc)
    by_id = {u.id: u for u in units}
    fuzzy, blank = units[1].id, units[2].id
    data = fill("po", export(doc, "po"), lambda uid, s: None if uid == blank else english(by_id[uid]),
                state=lambda uid: "fuzzy" if uid == fuzzy else None)
    (source / "seed.en.po").write_bytes(data)
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(tmp_path / "build"),
                                      "--formats", "docx,pdf", "--layout", "interleaved"])
    assert result.exit_code == 0, result.output
    assert f"without a translation: {blank}" in result.output and f"need review (marked ⚑): {fuzzy}" in result.output
    word = docx.Document(str(tmp_path / "build" / "seed.interleaved.docx"))
    translated = [p.text for p in word.paragraphs if p.style.name == "Translation"]
    block = [english(u) if u.id != fuzzy else "⚑ " + english(u) for u in units if u.block == units[1].block
             and u.id != blank]
    assert " ".join(block) in translated
    with pdfplumber.open(str(tmp_path / "build" / "seed.interleaved.pdf")) as pdf:
        assert "⚑" in "".join(page.extract_text() for page in pdf.pages)


def test_build_takes_an_xliff2_translation_by_option(tmp_path: Path) -> None:
    source = tmp_path / "seed.txt"
    shutil.copy(SEED, source)
    runner = CliRunner()
    exported = tmp_path / "seed.fr.xliff"
    assert runner.invoke(cli, ["segments", "export", str(source), "--format", "xliff2", "--target-lang", "fr",
                               "-o", str(exported)]).exit_code == 0
    exported.write_bytes(fill("xliff2", exported.read_bytes(), lambda uid, s: f"FR {uid}"))
    result = runner.invoke(cli, ["build", str(source), "-o", str(tmp_path / "build"), "--formats", "epub",
                                 "--translation", str(exported), "--edition", "bilingual"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "build" / "seed.interleaved.epub") as book:
        pages = b"".join(book.read(n) for n in book.namelist() if n.endswith(".xhtml"))
    assert pages.count(b'class="translation"') > 0 and b'lang="fr"' in pages
    assert all(f"FR {u.id}".encode() in pages for u in segment(Document.from_json(
        runner.invoke(cli, ["normalize", str(source), "-f", "json"]).stdout)))
