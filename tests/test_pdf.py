"""The PDF writer: text extracts back exactly, fonts embedded, clreq line breaks, layouts, reproducibility."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import warnings
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from pipeline import templates
from pipeline.model import Block, Document
from pipeline.options import WriteOptions
from pipeline.templates import MM
from pipeline.text import words
from pipeline.text.cjk import NO_LINE_END, NO_LINE_START
from pipeline.writers.pdf import parallel
from pipeline.writers.pdf import writer as pdf
from pipeline.writers.pdf.layout import Layout, Setter

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = sorted(p.parent.name for p in (FIXTURES / "corpus").glob("*/raw.txt"))
SEED = ROOT / "source" / "education-work-conference-2024.txt"
EPOCH = 1_700_000_000


def sample() -> Document:
    return Document.from_json((FIXTURES / "models" / "sample.json").read_text(encoding="utf-8"))


@cache
def normalized(path: Path) -> Document:
    from pipeline.normalize import normalize_input

    return normalize_input(path.read_bytes(), path=str(path))


@cache
def render(doc_key: str, template: str = "official", layout: str = "source") -> bytes:
    return pdf.write(document(doc_key), templates.load(template),
                     WriteOptions(source_date_epoch=EPOCH, layout=layout))


def document(key: str) -> Document:
    if key == "sample":
        return sample()
    if key == "seed":
        return normalized(SEED)
    return normalized(FIXTURES / "corpus" / key / "raw.txt")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def type_area(page, template: str, column: tuple[float, float] = (0.0, 1.0)):
    """The page cropped to the type area (or a horizontal share of it), page numbers left out."""
    spec = templates.load(template).page
    left = spec.margin_right_mm if spec.mirror and page.page_number % 2 == 0 else spec.margin_left_mm
    width = spec.type_width_mm * MM
    x0 = left * MM + width * column[0]
    top = spec.margin_top_mm * MM
    return page.crop((x0 - 1, top - 2, left * MM + width * column[1] + 1, top + spec.type_height_mm * MM + 2))


def extracted_lines(data: bytes, template: str, column: tuple[float, float] = (0.0, 1.0)) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as document_:
        return [squeeze(line["text"]) for page in document_.pages
                for line in type_area(page, template, column).extract_text_lines()]


def extracted(data: bytes) -> str:
    return squeeze(subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=data,
                                  capture_output=True, check=True).stdout.decode("utf-8"))


def page_numbers_removed(text: str, pages: int) -> str:
    for n in range(pages, 0, -1):
        text = text.replace(f"—{n}—", "", 1) if f"—{n}—" in text else text
    return text


CASES = ["sample", "seed", *CORPUS]


@pytest.mark.parametrize("template", ["official", "reading"])
@pytest.mark.parametrize("key", CASES)
def test_extracted_text_is_the_model_text(key: str, template: str) -> None:
    data = render(key, template)
    lines = extracted_lines(data, template)
    assert "".join(lines) == squeeze("".join(b.text for b in document(key).blocks))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdftotext_agrees() -> None:
    data = render("sample")
    pages = len(PdfReader(io.BytesIO(data)).pages)
    text = extracted(data)
    for n in range(1, pages + 1):
        text = text.replace(f"—{n}—", "", 1)
    assert text == squeeze("".join(b.text for b in sample().blocks))


def fonts_of(data: bytes) -> list[tuple[str, bool]]:
    """(base font name, embedded) for every font resource."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            desc = desc.get_object() if desc else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font["/BaseFont"]), embedded))
    return found


@pytest.mark.parametrize("layout", ["source", "parallel", "interleaved"])
def test_every_font_is_embedded(layout: str) -> None:
    found = fonts_of(render("sample", "official", layout))
    assert found and all(embedded for _, embedded in found), found
    names = " ".join(name for name, _ in found)
    assert "Helvetica" not in names and "STSong" not in names


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_sees_every_font_embedded() -> None:
    out = subprocess.run(["pdffonts", "-"], input=render("seed"), capture_output=True, check=True)
    rows = out.stdout.decode().splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), rows


def violations(lines: list[str], blocks: list[Block] | None = None) -> list[str]:
    """Lines that start with closing or end with opening punctuation inside a block."""
    edges, pos = {0}, 0
    for block in blocks or ():
        pos += len(squeeze(block.text))
        edges.add(pos)
    bad, pos = [], 0
    for line in lines:
        starts_block, ends_block = pos in edges, pos + len(line) in edges
        if (line[:1] in NO_LINE_START and not starts_block) or (line[-1:] in NO_LINE_END and not ends_block):
            bad.append(line)
        pos += len(line)
    return bad


def split_spans(blocks: list[Block], lines: list[str]) -> list[str]:
    """Protected spans (names, numbers with units, Latin words) cut by a line end."""
    ends, pos = set(), 0
    for line in lines:
        pos += len(line)
        ends.add(pos)
    cut, offset = [], 0
    for block in blocks:
        squeezed_at = [0]
        for ch in block.text:
            squeezed_at.append(squeezed_at[-1] + (not ch.isspace()))
        for start, end in words.protected_spans(block.text):
            span = block.text[start:end]
            if re.match(r"(?:https?://|www\.)", span):
                continue  # words' URL pattern runs on to the next space; URLs are checked by hand below
            if any(offset + squeezed_at[start] < e < offset + squeezed_at[end] for e in ends):
                cut.append(span)
        offset += squeezed_at[-1]
    return cut


@pytest.mark.parametrize("template", ["official", "reading"])
@pytest.mark.parametrize("key", CASES)
def test_no_punctuation_or_protected_span_at_a_bad_line_break(key: str, template: str) -> None:
    lines = extracted_lines(render(key, template), template)
    assert violations(lines, document(key).blocks) == []
    assert split_spans(document(key).blocks, lines) == []


def test_sample_keeps_names_numbers_and_urls_whole() -> None:
    lines = extracted_lines(render("sample"), "official")
    for whole in ("欧阳修", "2025年", "16.4%", "35℃", "https://www.example.gov.cn/notice/2025", "Python"):
        assert any(whole in line for line in lines), whole


def test_official_grid_holds_28_characters_and_22_lines() -> None:
    data = render("seed")
    with pdfplumber.open(io.BytesIO(data)) as document_:
        page = document_.pages[1]
        lines = [squeeze(line["text"]) for line in type_area(page, "official").extract_text_lines()]
        baselines = sorted({round(c["bottom"], 1) for c in type_area(page, "official").chars})
    assert len(lines) == 22
    full = [line for line in lines if len(line) == 28]
    assert len(full) >= 15, [len(line) for line in lines]
    assert max(len(line) for line in lines) == 28
    assert len(baselines) == 22


def test_page_numbers_sit_on_the_outer_side_below_the_type_area() -> None:
    data = render("seed")
    spec = templates.load("official").page
    with pdfplumber.open(io.BytesIO(data)) as document_:
        assert len(document_.pages) >= 2
        for page in document_.pages[:2]:
            below = page.crop((0, (spec.height_mm - spec.margin_bottom_mm) * MM, page.width, page.height))
            words_ = below.extract_words()
            assert [w["text"] for w in words_] == ["—", str(page.page_number), "—"] or \
                squeeze(below.extract_text()) == f"—{page.page_number}—"
            chars = below.chars
            middle = page.width / 2
            if page.page_number % 2:
                assert min(c["x0"] for c in chars) > middle
            else:
                assert max(c["x1"] for c in chars) < middle
            assert chars[0]["size"] == pytest.approx(14, abs=0.1)
            top_mm = (chars[0]["top"] - (spec.height_mm - spec.margin_bottom_mm) * MM) / MM
            assert 6 < top_mm < 9


def long_block_document() -> Document:
    paragraph = "".join(f"第{i}句说明春节假期安全工作的要求，欧阳修同志强调落实责任。" for i in range(1, 120))
    return Document(blocks=[Block("title", "长段落测试"), Block("paragraph", paragraph),
                            Block("paragraph", "结尾一段。")])


def test_parallel_layout_splits_a_three_page_block_with_columns_aligned() -> None:
    doc = long_block_document()
    ids = doc.block_ids()
    translation = " ".join(f"Sentence {i} explains the safety requirements." for i in range(1, 160))
    options = WriteOptions(source_date_epoch=EPOCH, layout="parallel", translations={ids[1]: translation})
    template = templates.load("official")
    data = pdf.write(doc, template, options)
    width = template.page.type_width_mm * MM
    columns = parallel.columns_for(Setter(template, Layout(width, 1.0)), doc, options, width)
    split = (columns.source + columns.gutter / 2) / width
    left = extracted_lines(data, "official", (0.0, split - 0.01))
    right = extracted_lines(data, "official", (split + 0.01, 1.0))
    assert "".join(left) == squeeze("".join(b.text for b in doc.blocks))
    assert "".join(right) == "[1]" + squeeze(translation) + "[3]"
    assert violations(left, doc.blocks) == []
    with pdfplumber.open(io.BytesIO(data)) as document_:
        pages = document_.pages
        assert len(pages) >= 4
        for page in pages[1:3]:
            area = type_area(page, "official")
            half = area.bbox[0] + (area.bbox[2] - area.bbox[0]) * split
            tops_left = [c["top"] for c in area.chars if c["x1"] < half]
            tops_right = [c["top"] for c in area.chars if c["x0"] > half]
            # both columns run from the top of the page: the block continues side by side
            assert tops_left and tops_right
            assert abs(min(tops_left) - min(tops_right)) < 12
        # the last block starts at the same height in both columns
        last = pages[-1]
        area = type_area(last, "official")
        end_left = [c for c in area.chars if c["text"] == "结"]
        label = [c for c in area.chars if c["text"] == "["]
        assert end_left and label
        assert abs(end_left[-1]["top"] - label[-1]["top"]) < 16


def test_interleaved_layout_puts_translation_or_a_labelled_slot_under_each_block() -> None:
    doc = sample()
    ids = doc.block_ids()
    options = WriteOptions(source_date_epoch=EPOCH, layout="interleaved",
                           translations={ids[1]: "To all provincial governments:"})
    data = pdf.write(doc, templates.load("official"), options)
    expected = []
    for n, (bid, block) in enumerate(zip(ids, doc.blocks), start=1):
        expected.append(block.text + options.translations.get(bid, f"[{n}]"))
    assert "".join(extracted_lines(data, "official")) == squeeze("".join(expected))


def test_markup_like_text_comes_out_literally() -> None:
    lines = "".join(extracted_lines(render("sample"), "official"))
    assert '<b>bold</b>&amp;<fontname="x">]]><script>alert(1)</script>' in lines


def test_outline_and_metadata() -> None:
    reader = PdfReader(io.BytesIO(render("sample")))
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    assert titles == ["关于做好2025年春节假期安全工作的通知", "一、提高思想认识", "（一）加强组织领导",
                      "1.明确责任分工", "（1）落实值班制度"]
    info = reader.metadata
    assert info.title == "关于做好2025年春节假期安全工作的通知"
    assert info.author == "国务院办公厅"
    assert info.subject == "春节假期安全"
    assert info["/Keywords"] == "春节, 安全"
    assert info.creator.startswith("Pressline")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert info["/CreationDate"].startswith("D:20231114")


def test_keywords_come_from_the_text_when_the_metadata_has_none() -> None:
    doc = sample().with_metadata(keywords=())
    reader = PdfReader(io.BytesIO(pdf.write(doc, templates.load("official"), WriteOptions())))
    assert reader.metadata["/Keywords"] == ", ".join(words.keywords("\n".join(b.text for b in doc.blocks)))


@pytest.mark.parametrize("layout", ["source", "parallel", "interleaved"])
def test_same_bytes_twice(layout: str) -> None:
    options = WriteOptions(source_date_epoch=EPOCH, layout=layout)
    first = pdf.write(sample(), templates.load("reading"), options)
    second = pdf.write(sample(), templates.load("reading"), options)
    assert first == second


def test_a_character_no_font_has_is_named() -> None:
    doc = Document(blocks=[Block("paragraph", "私用区字符\U000f0001在此。")])
    assert pdf.missing_glyphs(doc, templates.load("official")) == {"\U000f0001"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdf.write(doc, templates.load("official"), WriteOptions())
    assert any(issubclass(w.category, pdf.MissingGlyphWarning) and "U+F0001" in str(w.message) for w in caught)


def test_the_sample_needs_no_missing_glyph() -> None:
    assert pdf.missing_glyphs(sample(), templates.load("official")) == set()


def test_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError):
        pdf.write(sample(), templates.load("official"), WriteOptions(layout="sideways"))


def test_the_environment_does_not_change_the_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    options = WriteOptions(source_date_epoch=EPOCH)
    first = pdf.write(sample(), templates.load("official"), options)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12345")
    assert pdf.write(sample(), templates.load("official"), options) == first
    assert PdfReader(io.BytesIO(pdf.write(sample(), templates.load("official"), WriteOptions()))
                     ).metadata["/CreationDate"].startswith("D:20000101")


@pytest.mark.parametrize("template", ["official", "reading"])
@pytest.mark.parametrize("key", CASES)
def test_clreq_checker_finds_nothing(key: str, template: str) -> None:
    from clreq import problems

    assert problems(render(key, template), document(key).blocks) == []
