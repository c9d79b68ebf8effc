"""Invariants of the normalizer, as properties over generated documents and arbitrary input."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.normalize import normalize_input, normalize_text
from pipeline.normalize.lookalikes import map_lookalikes

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCT = st.sampled_from("，、；：")
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)


@st.composite
def chinese_paragraph(draw) -> str:
    parts = draw(st.lists(st.tuples(st.text(HAN, min_size=2, max_size=14), PUNCT), min_size=1, max_size=8))
    return "".join(a + b for a, b in parts)[:-1] + draw(st.sampled_from("。！？"))


@st.composite
def english_paragraph(draw) -> str:
    words = draw(st.lists(WORD, min_size=3, max_size=60))
    return " ".join(words).capitalize() + "."


@st.composite
def extracted_document(draw) -> str:
    """Paragraphs hard-wrapped at a width, with page markers and optional blank-line-after-every-line."""
    cjk = draw(st.booleans())
    paragraphs = draw(st.lists(chinese_paragraph() if cjk else english_paragraph(), min_size=1, max_size=8))
    width = draw(st.integers(min_value=12, max_value=40))
    lines: list[str] = []
    for para in paragraphs:
        if cjk:
            lines.extend(para[i:i + width] for i in range(0, len(para), width))
        else:
            current = ""
            for word in para.split(" "):
                if current and len(current) + 1 + len(word) > width * 2:
                    lines.append(current)
                    current = word
                else:
                    current = f"{current} {word}".strip()
            lines.append(current)
    if draw(st.booleans()):
        places = sorted(draw(st.lists(st.integers(1, max(1, len(lines) - 1)), max_size=3, unique=True)))
        for page, at in reversed(list(enumerate(places, start=1))):
            lines.insert(at, f"- {page} -")
    separator = "\n\n" if draw(st.booleans()) else "\n"
    return separator.join(lines) + "\n"


def non_space(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extracted_document())
def test_normalizing_twice_changes_nothing(raw: str) -> None:
    once = normalize_text(raw).text()
    assert normalize_text(once).text() == once


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(extracted_document(), st.text(max_size=400)))
def test_no_character_lost_except_recorded(raw: str) -> None:
    doc = normalize_input(raw)
    expected = non_space(map_lookalikes(_decodable(raw)))
    for text in doc.report.removed_lines.values():
        expected -= non_space(map_lookalikes(text))
    hyphens = sum(1 for c in doc.report.changes if c.pass_name == "dehyphenate")
    expected["-"] -= hyphens
    expected = +expected
    assert non_space(doc.text()) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(extracted_document(), st.text(max_size=400)))
def test_every_line_is_in_one_block_or_recorded_removed(raw: str) -> None:
    doc = normalize_input(raw)
    covered = Counter(n for block in doc.blocks for n in block.source_lines)
    covered.update(list(doc.report.removed_lines))
    cleaned = _decodable(raw).replace("\r\n", "\n").replace("\r", "\n")
    nonblank = {i for i, line in enumerate(cleaned.split("\n"), 1) if line.strip()}
    assert set(covered) >= nonblank
    assert all(count == 1 for count in covered.values())


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.binary(max_size=2000)))
def test_arbitrary_input_yields_a_document_or_our_error(data) -> None:
    try:
        doc = normalize_input(data)
    except PipelineError:
        return
    assert all(block.text.strip() for block in doc.blocks)


def _decodable(text: str) -> str:
    from pipeline.read.decode import clean_text

    return clean_text(text)[0]


@st.composite
def paged_document(draw) -> tuple[str, str]:
    """Pages of Chinese lines with a running header, and one short line that stands both at some page edges and
    in the body away from them (a link label, a refrain)."""
    refrain = draw(st.text(HAN, min_size=2, max_size=6))
    pages = []
    for number in range(1, draw(st.integers(2, 6)) + 1):
        body = draw(st.lists(chinese_paragraph(), min_size=7, max_size=12))
        middle = draw(st.integers(3, len(body) - 4))
        body.insert(middle, refrain)
        if draw(st.booleans()):
            body.append(refrain)  # at the bottom edge of this page
        pages.append("\n".join(["某某单位文件", *body, f"- {number} -"]))
    return "\n".join(pages) + "\n", refrain


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paged_document())
def test_a_line_that_also_stands_in_the_body_is_never_removed_as_page_furniture(case) -> None:
    raw, refrain = case
    doc = normalize_text(raw)
    removed = {c.before for c in doc.report.changes if c.pass_name == "running-headers" and c.action == "remove-line"}
    assert refrain not in removed
    assert "某某单位文件" in removed
