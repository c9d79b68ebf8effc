"""DOCX writer: reopened with python-docx + lxml, converted by LibreOffice, measured in the converted PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import templates, writers
from pipeline.errors import WriterError
from pipeline.model import Block, Document
from pipeline.options import WriteOptions
from pipeline.templates import MM, Template
from pipeline.text import words
from pipeline.text.cjk import NO_LINE_END, NO_LINE_START, char_width
from pipeline.writers.docx.writer import write

MODELS = Path(__file__).parent / "fixtures" / "models"
EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z
WORD_STYLE_OF = {
    "body": "Normal", "title": "Title", "heading1": "Heading 1", "heading2": "Heading 2",
    "heading3": "Heading 3", "heading4": "Heading 4", "signoff": "Signature", "translation": "Translation",
}
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def load_model(name: str) -> Document:
    return Document.from_json((MODELS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample() -> Document:
    return load_model("sample")


@pytest.fixture(scope="module")
def seed() -> Document:
    return load_model("seed")


def build(doc: Document, template: str = "official", **options: object) -> bytes:
    return write(doc, templates.load(template), WriteOptions(**{"source_date_epoch": EPOCH, **options}))


def reopen(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def translations_for(doc: Document) -> dict[str, str]:
    """An English line for every other block."""
    return {bid: f"Translation of block {i}: <i>literal</i> & more"
            for i, bid in enumerate(doc.block_ids()) if i % 2 == 0}


def style_props(word: docx.document.Document, name: str):
    return word.styles[name].element


def attr(node, tag: str, name: str) -> str | None:
    found = node.find(f".//{qn(tag)}")
    return None if found is None else found.get(qn(name))


# --- styles -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("template_name", ["official", "reading"])
def test_styles_carry_the_template_fonts_east_asian_and_latin(sample: Document, template_name: str) -> None:
    template = templates.load(template_name)
    word = reopen(build(sample, template_name))
    for key, word_name in WORD_STYLE_OF.items():
        face = template.face_of(key)
        element = style_props(word, word_name)
        assert attr(element, "w:rFonts", "w:eastAsia") == face.east_asia, word_name
        assert attr(element, "w:rFonts", "w:ascii") == face.latin, word_name
        assert attr(element, "w:rFonts", "w:hAnsi") == face.latin, word_name
        assert attr(element, "w:sz", "w:val") == str(round(template.style(key).size_pt * 2)), word_name
        assert attr(element, "w:lang", "w:eastAsia") == "zh-CN", word_name


def test_official_faces_follow_the_standard(sample: Document) -> None:
    word = reopen(build(sample))
    east_asia = {name: attr(style_props(word, name), "w:rFonts", "w:eastAsia")
                 for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4")}
    assert east_asia == {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading 1": "黑体",
                         "Heading 2": "楷体_GB2312", "Heading 3": "仿宋_GB2312", "Heading 4": "仿宋_GB2312"}
    assert attr(style_props(word, "Title"), "w:jc", "w:val") == "center"
    assert attr(style_props(word, "Signature"), "w:jc", "w:val") == "right"
    assert attr(style_props(word, "Signature"), "w:ind", "w:rightChars") == "400"
    defaults = word.styles.element.find(qn("w:docDefaults"))
    assert attr(defaults, "w:rFonts", "w:eastAsia") == "仿宋_GB2312"
    assert attr(defaults, "w:lang", "w:eastAsia") == "zh-CN"


@pytest.mark.parametrize("template_name", ["official", "reading"])
def test_normal_has_a_two_character_first_line_indent_and_the_template_line_spacing(
    sample: Document, template_name: str
) -> None:
    body = templates.load(template_name).style("body")
    normal = style_props(reopen(build(sample, template_name)), "Normal")
    assert attr(normal, "w:ind", "w:firstLineChars") == "200"
    assert int(attr(normal, "w:ind", "w:firstLine")) > 0
    assert attr(normal, "w:spacing", "w:line") == str(round(body.line_pitch_pt * 20))
    assert attr(normal, "w:spacing", "w:lineRule") == "exact"


def test_blocks_use_title_heading_normal_and_signature_styles(sample: Document) -> None:
    word = reopen(build(sample))
    expected = []
    for block in sample.blocks:
        expected.append({"title": "Title", "paragraph": "Normal", "signoff": "Signature",
                         "heading": f"Heading {block.level}"}[block.kind])
    assert [p.style.name for p in word.paragraphs] == expected
    for level in range(1, 5):
        assert attr(style_props(word, f"Heading {level}"), "w:outlineLvl", "w:val") == str(level - 1)


def test_heading_levels_outside_one_to_four_are_refused(sample: Document) -> None:
    doc = replace(sample, blocks=[Block("heading", "第五层", level=5)])
    with pytest.raises(WriterError, match="level 5"):
        build(doc)


# --- text -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("model", ["sample", "seed"])
def test_full_text_equals_the_model_text(model: str) -> None:
    doc = load_model(model)
    word = reopen(build(doc))
    assert "\n\n".join(p.text for p in word.paragraphs) + "\n" == doc.text()


XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.sampled_from("\t"),
    min_size=1, max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(XML_TEXT, min_size=1, max_size=4))
def test_any_xml_text_comes_back_unchanged(sample: Document, texts: list[str]) -> None:
    # without author and date: the official template would add them as the sign-off
    doc = replace(sample.with_metadata(author="", date=""), blocks=[Block("paragraph", text) for text in texts])
    assert [p.text for p in reopen(build(doc)).paragraphs] == texts


def test_an_empty_document_still_opens(sample: Document) -> None:
    word = reopen(build(replace(sample, blocks=[])))
    assert word.paragraphs == [] and word.core_properties.title == sample.metadata.title


def test_markup_like_text_stays_literal(sample: Document) -> None:
    data = build(sample)
    word = reopen(data)
    assert any('<b>bold</b> &amp; <font name="x"> ]]> <script>' in p.text for p in word.paragraphs)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;amp;" in xml
    assert "<b>" not in xml


def test_non_bmp_characters_survive(sample: Document) -> None:
    assert "生僻字𠮷和表情😀也要保留。" in [p.text for p in reopen(build(sample)).paragraphs]


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x0b", "\ufffe", "\ud800"])
def test_characters_xml_cannot_hold_raise_writer_error_naming_the_block(
    sample: Document, bad: str) -> None:
    blocks = list(sample.blocks)
    blocks[2] = replace(blocks[2], text=f"前{bad}后")
    doc = replace(sample, blocks=blocks)
    with pytest.raises(WriterError, match=r"block 3 \(paragraph\) holds U\+") as raised:
        build(doc)
    assert raised.value.line == sample.blocks[2].spans[0].start


def test_translations_follow_their_blocks_in_the_translation_style(sample: Document) -> None:
    translations = translations_for(sample)
    word = reopen(build(sample, translations=translations, layout="interleaved"))
    paragraphs = list(word.paragraphs)
    expected: list[tuple[str, str]] = []
    for bid, block in zip(sample.blocks and sample.block_ids(), sample.blocks):
        expected.append((block.text, "source"))
        if bid in translations:
            expected.append((translations[bid], "Translation"))
    assert [p.text for p in paragraphs] == [text for text, _ in expected]
    for paragraph, (_, kind) in zip(paragraphs, expected):
        # a translated title or heading is in "Title Translation", "Heading 1 Translation", ...
        assert paragraph.style.name.endswith("Translation") == (kind == "Translation")
    translation = style_props(word, "Translation")
    assert attr(translation, "w:lang", "w:val") == "en-US"
    assert attr(translation, "w:rFonts", "w:ascii") == "Times New Roman"
    assert attr(translation, "w:ind", "w:firstLineChars") == "0"
    source = [p.text for p in paragraphs if not p.style.name.endswith("Translation")]
    assert "\n\n".join(source) + "\n" == sample.text()


def test_translation_language_comes_from_the_options(sample: Document) -> None:
    word = reopen(build(sample, translations=translations_for(sample), translation_language="fr-FR",
                        layout="interleaved"))
    assert attr(style_props(word, "Translation"), "w:lang", "w:val") == "fr-FR"


# --- page -----------------------------------------------------------------------------------------------

def test_official_page_margins_and_document_grid(sample: Document) -> None:
    template = templates.load("official")
    word = reopen(build(sample))
    section = word.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.right_margin.mm) == 26 and round(section.bottom_margin.mm) == 35
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch, char_space = int(grid.get(qn("w:linePitch"))), int(grid.get(qn("w:charSpace")))
    type_width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    type_height = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    # Word's pitch: the default font size plus charSpace/4096 pt
    pitch = (template.style("body").size_pt + char_space / 4096) * 20
    assert 28 * pitch <= type_width < 29 * pitch
    assert 22 * line_pitch <= type_height < 23 * line_pitch


def _footer_paragraph(footer) -> tuple[str, str, str]:
    paragraph = footer.paragraphs[0]
    instructions = "".join(node.text for node in paragraph._p.iter(qn("w:instrText")))
    return paragraph.text, instructions.strip(), paragraph._p.pPr.find(qn("w:jc")).get(qn("w:val"))


def test_official_page_numbers_are_page_fields_on_the_outer_side(sample: Document) -> None:
    word = reopen(build(sample))
    assert word.settings.odd_and_even_pages_header_footer
    section = word.sections[0]
    assert _footer_paragraph(section.footer) == ("— 1 —", "PAGE", "right")
    assert _footer_paragraph(section.even_page_footer) == ("— 1 —", "PAGE", "left")
    footer_style = style_props(word, "Footer")
    assert attr(footer_style, "w:sz", "w:val") == "28"


def test_reading_page_number_is_centred_on_mirrored_pages(sample: Document) -> None:
    word = reopen(build(sample, "reading"))
    assert not word.settings.odd_and_even_pages_header_footer
    assert _footer_paragraph(word.sections[0].footer) == ("1", "PAGE", "center")
    assert word.settings.element.find(qn("w:mirrorMargins")) is not None


# --- properties and reproducibility ---------------------------------------------------------------------

def test_core_properties_from_the_metadata(sample: Document) -> None:
    props = reopen(build(sample)).core_properties
    assert props.title == "关于做好2025年春节假期安全工作的通知"
    assert props.author == "国务院办公厅"
    assert props.subject == "春节假期安全"
    assert props.keywords == "春节; 安全"
    assert props.language == "zh-CN"
    assert props.created.isoformat().startswith("2023-11-14T22:13:20")
    assert props.modified == props.created
    assert props.comments == ""


def test_keywords_come_from_jieba_when_the_metadata_has_none(seed: Document) -> None:
    props = reopen(build(seed)).core_properties
    expected = words.keywords("\n".join(b.text for b in seed.blocks))
    assert expected and props.keywords == "; ".join(expected)
    assert "教育" in props.keywords.split("; ")


def test_without_an_epoch_times_are_fixed_not_the_clock(sample: Document) -> None:
    first = build(sample, source_date_epoch=None)
    assert reopen(first).core_properties.created.year == 1980
    assert first == build(sample, source_date_epoch=None)


def test_same_input_and_epoch_give_identical_bytes(sample: Document) -> None:
    translations = translations_for(sample)
    options = {"translations": translations, "layout": "interleaved"}
    assert build(sample, **options) == build(sample, **options)
    assert build(sample) != build(sample, source_date_epoch=EPOCH + 86400)
    with zipfile.ZipFile(io.BytesIO(build(sample))) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert "docProps/thumbnail.jpeg" not in archive.namelist()


def test_registered_as_the_docx_format(sample: Document) -> None:
    assert writers.get("docx") is write
    assert writers.extension("docx") == "docx"


# --- LibreOffice ----------------------------------------------------------------------------------------

def convert(docx_paths: list[Path], out_dir: Path, profile: Path) -> None:
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out_dir), *map(str, docx_paths)],
        check=True, capture_output=True, timeout=300,
    )


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory, sample: Document, seed: Document) -> dict[str, Path]:
    """Every LibreOffice conversion of this module, in one soffice run."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    base = tmp_path_factory.mktemp("lo")
    inputs = {
        "sample-official": build(sample),
        "sample-reading": build(sample, "reading"),
        "sample-translated": build(sample, translations=translations_for(sample), layout="interleaved"),
        "seed-official": build(seed),
    }
    paths = []
    for name, data in inputs.items():
        paths.append(base / f"{name}.docx")
        paths[-1].write_bytes(data)
    convert(paths, base, base / "profile")
    return {name: base / f"{name}.pdf" for name in inputs}


@needs_soffice
@pytest.mark.parametrize("name", ["sample-official", "sample-reading", "sample-translated", "seed-official"])
def test_libreoffice_converts_the_docx(converted: dict[str, Path], name: str) -> None:
    from pypdf import PdfReader

    pdf = converted[name]
    assert pdf.is_file() and pdf.stat().st_size > 1000
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "关于做好" in text or "教育工作会议" in text


class Line:
    def __init__(self, chars: list[dict]) -> None:
        self.chars = sorted(chars, key=lambda c: c["x0"])
        self.text = "".join(c["text"] for c in self.chars)
        self.x0 = self.chars[0]["x0"]
        self.x1 = self.chars[-1]["x1"]
        self.top = min(c["top"] for c in self.chars)


def pdf_pages(path: Path) -> list[tuple[float, list[Line]]]:
    """Each page's width and its text lines, top to bottom."""
    import pdfplumber

    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            rows: list[list[dict]] = []
            for char in sorted((c for c in page.chars if c["text"].strip()), key=lambda c: c["top"]):
                if rows and abs(char["top"] - rows[-1][0]["top"]) < 4:
                    rows[-1].append(char)
                else:
                    rows.append([char])
            pages.append((float(page.width), [Line(row) for row in rows]))
    return pages


def is_page_number(template: Template, text: str) -> bool:
    pattern = re.escape(template.page_number.format.replace(" ", "")).replace(r"\{n\}", r"\d+")
    return re.fullmatch(pattern, text.replace(" ", "")) is not None


def body_lines(template: Template, doc: Document, pages: list[tuple[float, list[Line]]]):
    """(page number, line, is last line of its paragraph) for every line of the body paragraphs."""
    flat = [(n, line) for n, (_, lines) in enumerate(pages, 1) for line in lines
            if not is_page_number(template, line.text)]
    position = 0
    for block in doc.blocks:
        target, got = block.text.replace(" ", ""), ""
        while got != target:
            assert position < len(flat), f"ran out of lines looking for {target[:20]!r}"
            n, line = flat[position]
            got += line.text.replace(" ", "")
            position += 1
            assert target.startswith(got), f"line {line.text!r} does not continue {target[:20]!r}"
            if block.kind == "paragraph":
                yield n, line, got == target


@needs_soffice
def test_official_seed_has_28_characters_on_every_full_line(converted: dict[str, Path], seed: Document) -> None:
    template = templates.load("official")
    pages = pdf_pages(converted["seed-official"])
    left = template.page.margin_left_mm * MM
    right = (template.page.width_mm - template.page.margin_right_mm) * MM
    pitch = (right - left) / template.chars_per_line
    lines = list(body_lines(template, seed, pages))
    full = [(line, lines[i + 1][1]) for i, (_, line, last) in enumerate(lines) if not last]
    wide_only = [(line, after) for line, after in full if all(char_width(ch) == 2 for ch in line.text)]
    assert len(full) > 80 and len(wide_only) > 0.8 * len(full)
    short = 0
    for line, after in wide_only:
        indent = round((line.x0 - left) / pitch)
        assert indent in (0, 2), line.text
        inside = [c for c in line.chars if c["x0"] < right - pitch / 2]
        # punctuation that may not start a line hangs in the margin (overflowPunct) after the 28 cells
        hanging = line.text[len(inside):]
        assert len(hanging) <= 1 and all(ch in NO_LINE_START for ch in hanging), line.text
        cells = indent + len(inside)
        if cells == template.chars_per_line - 1 and after.text[0] in NO_LINE_END:
            short += 1  # an opening quote or bracket may not end a line: it moved down, the line is spaced out
            continue
        assert cells == template.chars_per_line, line.text
    assert short <= 0.05 * len(wide_only)
    for line, _ in full:
        # lines holding Latin digits (proportional, not grid cells) still fill the measure
        assert line.x1 > right - pitch, line.text


@needs_soffice
def test_official_seed_pages_hold_22_lines_and_number_on_the_outer_side(
    converted: dict[str, Path], seed: Document
) -> None:
    template = templates.load("official")
    pages = pdf_pages(converted["seed-official"])
    assert len(pages) >= 3
    per_page: dict[int, int] = {}
    for n, _, _ in body_lines(template, seed, pages):
        per_page[n] = per_page.get(n, 0) + 1
    for n in range(2, len(pages)):  # every page but the first (title) and the last (partly filled)
        assert per_page[n] == template.lines_per_page, f"page {n}"
    left = template.page.margin_left_mm * MM
    for n, (width, lines) in enumerate(pages, 1):
        number = lines[-1]
        assert is_page_number(template, number.text) and number.text.replace(" ", "") == f"—{n}—"
        right = width - template.page.margin_right_mm * MM
        if n % 2:
            assert right - 2 * 16 < number.x1 < right, f"odd page {n} number is not on the right"
        else:
            assert left < number.x0 < left + 2 * 16, f"even page {n} number is not on the left"


@needs_soffice
def test_official_title_is_centred(converted: dict[str, Path], seed: Document) -> None:
    width, lines = pdf_pages(converted["seed-official"])[0]
    title = lines[0]
    assert title.text.replace(" ", "") == seed.blocks[0].text
    assert abs((title.x0 + title.x1) / 2 - width / 2) < 12
