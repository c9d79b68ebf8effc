"""clreq in the PDF: punctuation compression, Han–Latin gaps, justification limits, bylines; the checker itself."""

from __future__ import annotations

import io

import docx
import pytest
from clreq import problems, text_lines
from pypdf import PdfReader

from pipeline import templates
from pipeline.model import Block, Document
from pipeline.options import WriteOptions
from pipeline.typeset import spacing
from pipeline.typeset.linebreak import Line
from pipeline.writers.docx import writer as docx_writer
from pipeline.writers.pdf import writer as pdf_writer

EM = 16.0
TEXT = "他说：“安装Rust。”然后问：“你好吗？”（见《通知》）。"


def doc() -> Document:
    body = ("各地区要认真落实，确保安装Rust和Python 3.13等工具的电脑在2025年底前完成升级。他说：“好！”"
            "查看原文（https://www.example.gov.cn/a/b/c/d/e/f/2025/notice.html）。") * 3
    return Document(blocks=[Block("title", "春天的故事"), Block("byline", "·鲁迅·"), Block("paragraph", body),
                            Block("heading", "一、开头", level=1), Block("paragraph", TEXT * 4)])


def pdf(document: Document, template: str = "official") -> bytes:
    return pdf_writer.write(document, templates.load(template), WriteOptions(source_date_epoch=1))


def test_consecutive_punctuation_loses_the_blank_half_of_the_first() -> None:
    advances = [EM] * len(TEXT)
    extra = spacing.adjustments(TEXT, advances, EM)
    for pair in ("：“", "。”", "？”", "）。"):
        i = TEXT.index(pair)
        assert extra[i] == -EM / 2, pair
    assert extra[TEXT.index("说：")] == 0


def test_a_quarter_em_between_han_and_latin_or_digits() -> None:
    text = "安装Rust。共3台"
    extra = spacing.adjustments(text, [EM] * len(text), EM)
    assert extra[1] == EM / 4  # 装|R
    assert extra[text.index("t")] == 0  # t|。 is punctuation, not Han
    assert extra[text.index("共")] == EM / 4 and extra[text.index("3")] == EM / 4


def test_justification_widens_punctuation_gaps_first_and_stops_at_the_limits() -> None:
    text = "一二三，四五六七八九十"
    line = Line(0, len(text), EM * len(text))
    small = spacing.justified(text, line, [EM] * len(text), 2.0, EM)
    gaps = [b - a - EM for a, b in zip(small, small[1:])]
    assert gaps[2] == pytest.approx(1.0) and gaps[3] == pytest.approx(1.0) and max(gaps[:2] + gaps[4:]) == 0
    large = spacing.justified(text, line, [EM] * len(text), 10 * EM, EM)
    gaps = [b - a - EM for a, b in zip(large, large[1:])]
    assert max(gaps) <= spacing.MAX_PUNCTUATION_GAP_EM * EM + 1e-9
    assert not spacing.justified(text, line, [EM] * len(text), 2.0, EM, spread=False) != [i * EM for i in range(11)]


def test_the_checker_finds_nothing_in_what_the_writer_sets() -> None:
    document = doc()
    for template in ("official", "reading"):
        assert problems(pdf(document, template), document.blocks) == []


def test_the_checker_fails_a_pdf_set_without_clreq_spacing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spacing, "adjustments", lambda text, advances, em: [0.0] * len(text))
    found = problems(pdf(doc()), doc().blocks)
    assert any("not compressed" in p for p in found)
    assert any("no gap between" in p for p in found)


def test_a_line_holding_a_url_is_not_spread() -> None:
    lines = text_lines(pdf(doc()))
    url_lines = [line for line in lines if any(c["text"] == "/" for c in line)]
    assert url_lines
    for line in url_lines:
        gaps = [b["x0"] - a["x1"] for a, b in zip(line, line[1:])]
        assert max(gaps) < 0.3 * EM


def test_a_byline_is_centred_and_not_in_the_outline() -> None:
    data = pdf(doc())
    reader = PdfReader(io.BytesIO(data))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "·鲁迅·" not in titles
    byline = next(line for line in text_lines(data) if "".join(c["text"] for c in line) == "·鲁迅·")
    page_width = float(reader.pages[0].mediabox.width)
    spec = templates.load("official").page
    middle = spec.margin_left_mm * 72 / 25.4 + spec.type_width_mm * 72 / 25.4 / 2
    assert abs((byline[0]["x0"] + byline[-1]["x1"]) / 2 - middle) < 2 and middle < page_width


def test_a_byline_is_its_own_word_style_outside_the_outline() -> None:
    word = docx.Document(io.BytesIO(docx_writer.write(doc(), templates.load("official"), WriteOptions())))
    paragraph = word.paragraphs[1]
    assert paragraph.style.name == "Byline" and paragraph.text == "·鲁迅·"
    assert paragraph.style.element.find(".//{*}outlineLvl") is None
    assert paragraph.style.element.find(".//{*}jc").get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "center"
