"""Work grows linearly with the length of one paragraph.

Counted in executed lines of Pressline's own code (not in seconds): a paragraph twice as long may
execute about twice as many lines, never four times as many. A 1.8-million-character paragraph
without a line break once took nine minutes in the PDF writer because each line scanned every break
opportunity of the paragraph before it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from pipeline.text.cjk import is_cjk
from pipeline.typeset import linebreak

PIPELINE = str(Path(linebreak.__file__).resolve().parents[1])
# chosen so that 2× the text costs at most this much more; quadratic work gives about 4×
LINEAR = 2.4
SAMPLE = ("1月11日，2024年全国教育工作会议在北京召开。会议以习近平新时代中国特色社会主义思想为指导，"
          "全面贯彻党的二十大精神，深入落实全国教育大会部署，总结2023年工作，部署2024年重点任务。"
          "see https://www.moe.gov.cn/jyb_xwfb/ for the full text and 100 km of roads. ")


def paragraph(chars: int) -> str:
    return (SAMPLE * (chars // len(SAMPLE) + 1))[:chars]


def steps(fn: Callable[[], object]) -> int:
    """Lines of pipeline/ code executed by `fn()`."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(PIPELINE) else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        fn()
    finally:
        sys.settrace(previous)
    return count


def growth(fn: Callable[[str], object], chars: int) -> float:
    short, long = paragraph(chars), paragraph(2 * chars)
    return steps(lambda: fn(long)) / steps(lambda: fn(short))


def test_line_breaking_is_linear_in_the_paragraph() -> None:
    def breaks(text: str) -> object:
        advances = [1.0 if is_cjk(ch) else 0.5 for ch in text]
        return linebreak.break_lines(text, advances, 20.0, [(0, 0)])

    assert growth(breaks, 3000) < LINEAR


def test_pdf_layout_of_one_paragraph_is_linear() -> None:
    from pipeline import templates
    from pipeline.writers.pdf.layout import Layout, Setter

    template = templates.load("official")
    setter = Setter(template, Layout(156 * 2.8346, 225 * 2.8346))
    style = template.style("body")
    setter.boxes(SAMPLE, style, setter.layout.width)  # fonts and dictionary loaded before counting

    assert growth(lambda text: setter.boxes(text, style, setter.layout.width), 3000) < LINEAR


class _CountingStr(str):
    """A string that counts the characters its slices copy (work done in C that executed lines miss)."""

    copied = 0

    def __getitem__(self, key):  # noqa: ANN001, ANN204
        piece = super().__getitem__(key)
        if isinstance(key, slice):
            _CountingStr.copied += len(piece)
        return piece


def test_sentence_cutting_is_linear_in_an_english_paragraph() -> None:
    from pipeline.bilingual import segments

    english = "Dr. J. K. Smith paid 3.14 dollars, e.g. to No. 5 Main St. in the U.S. Then he left. "

    def copied(chars: int) -> int:
        text = _CountingStr((english * (chars // len(english) + 1))[:chars])
        _CountingStr.copied = 0
        segments.sentences(text)
        return _CountingStr.copied

    assert copied(6000) / copied(3000) < LINEAR
