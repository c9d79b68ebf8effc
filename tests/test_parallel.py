"""The parallel PDF of the seed with its English translation (tests/fixtures/seed.en.xlf, sentence units): columns
sized from the length ratio, block pairs top-aligned, no large hole inside a pair, sentences aligned."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from pipeline import templates
from pipeline.bilingual import load
from pipeline.model import Document
from pipeline.options import WriteOptions
from pipeline.templates import MM
from pipeline.writers import get
from pipeline.writers.pdf import parallel
from pipeline.writers.pdf.layout import Layout, Setter

FIXTURES = Path(__file__).parent / "fixtures"
EPOCH = 1_700_000_000
# the largest blank stretch a column may show inside a block pair, in body lines: equal columns without
# sentence alignment left up to 13.4 lines in the official template and 17.6 in the reading one
MAX_GAP_LINES = 6


@cache
def seed() -> Document:
    return Document.from_json((FIXTURES / "models" / "seed.json").read_text(encoding="utf-8"))


@cache
def translation() -> load.Translation:
    return load.read_translation(seed(), FIXTURES / "seed.en.xlf")


def options(**changes: object) -> WriteOptions:
    settings: dict = {"source_date_epoch": EPOCH, "translations": load.block_texts(seed(), translation()),
                      "sentence_pairs": load.sentence_pairs(seed(), translation()), "translation_language": "en",
                      "layout": "parallel"}
    settings.update(changes)
    return WriteOptions(**settings)


@cache
def parallel_pdf(template: str, aligned: bool = True) -> bytes:
    changes = {} if aligned else {"sentence_pairs": {}}
    return get("pdf")(seed(), templates.load(template), options(**changes))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def column_lines(data: bytes, template: templates.Template) -> list[list[tuple[int, float, float, str]]]:
    """For each column, its lines in reading order: (page, top, bottom, squeezed text), the columns split in
    the middle of the gutter."""
    page_spec = template.page
    top_edge = page_spec.margin_top_mm * MM
    bottom_edge = top_edge + page_spec.type_height_mm * MM
    layout = Layout(page_spec.type_width_mm * MM, page_spec.type_height_mm * MM)
    columns_at = parallel.columns_for(Setter(template, layout), seed(), options(), layout.width)
    columns: list[list[tuple[int, float, float, str]]] = [[], []]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages):
            margin = page_spec.margin_right_mm if page_spec.mirror and number % 2 else page_spec.margin_left_mm
            split = margin * MM + columns_at.source + columns_at.gutter / 2
            for side, box in enumerate(((0, top_edge - 2, split, bottom_edge + 2),
                                        (split, top_edge - 2, page.width, bottom_edge + 2))):
                for line in page.crop(box).extract_text_lines():
                    columns[side].append((number, line["top"], line["bottom"], squeeze(line["text"])))
    return columns


def spans(lines: list[tuple[int, float, float, str]], texts: list[str]) -> list[list[tuple[int, float, float]]]:
    """The lines (page, top, bottom) each of `texts`, set one after another in `lines`, occupies; a text must
    start on a line of its own."""
    flat = [(n, ch) for n, line in enumerate(lines) for ch in line[3]]
    found, position = [], 0
    for text in texts:
        size = len(squeeze(text))
        chunk = flat[position:position + size]
        assert "".join(ch for _, ch in chunk) == squeeze(text)
        assert position == 0 or flat[position - 1][0] != chunk[0][0], f"{text[:20]!r} shares a line"
        found.append([lines[n][:3] for n in sorted({n for n, _ in chunk})])
        position += size
    assert position == len(flat)
    return found


def pair_gaps(data: bytes, template: templates.Template) -> list[float]:
    """The largest blank stretch inside each block pair, in points: between two lines of a column, or below a
    column's last line down to the pair's lowest line, on each page the pair covers."""
    left, right = column_lines(data, template)
    ids = seed().block_ids()
    translated = options().translations
    sources = spans(left, [b.text for b in seed().blocks])
    targets = spans(right, [translated[bid] for bid in ids])
    gaps = []
    for src, tra in zip(sources, targets):
        assert (src[0][0], round(src[0][1])) == (tra[0][0], round(tra[0][1])) or abs(src[0][1] - tra[0][1]) < 12
        largest = 0.0
        for page in {p for p, _, _ in src + tra}:
            bottom = max(b for p, _, b in src + tra if p == page)
            for side in (src, tra):
                on_page = [(t, b) for p, t, b in side if p == page]
                if not on_page:
                    continue
                edges = [b for _, b in on_page]
                tops = [t for t, _ in on_page][1:] + [bottom]
                largest = max(largest, *(t - e for e, t in zip(edges, tops)))
        gaps.append(largest)
    return gaps


@pytest.mark.parametrize("name", ["official", "reading"])
def test_no_large_hole_inside_a_block_pair(name: str) -> None:
    template = templates.load(name)
    gaps = pair_gaps(parallel_pdf(name), template)
    assert max(gaps) <= MAX_GAP_LINES * template.style("body").line_pitch_pt


def test_columns_follow_the_length_ratio_within_limits() -> None:
    template = templates.load("reading")
    layout = Layout(template.page.type_width_mm * MM, template.page.type_height_mm * MM)
    setter = Setter(template, layout)
    columns = parallel.columns_for(setter, seed(), options(), layout.width)
    # the English runs longer than the Chinese: the translation gets the wider column, within the limit
    share = columns.source / (columns.source + columns.translation)
    assert template.pdf.parallel.min_source_share <= share < 0.45
    untranslated = parallel.columns_for(setter, seed(), WriteOptions(layout="parallel"), layout.width)
    assert untranslated.source == pytest.approx(untranslated.translation)


def test_sentence_pairs_inside_a_block_start_level() -> None:
    template = templates.load("official")
    layout = Layout(template.page.type_width_mm * MM, template.page.type_height_mm * MM)
    setter = Setter(template, layout)
    opts = options()
    columns = parallel.columns_for(setter, seed(), opts, layout.width)
    gap_limit = template.pdf.parallel.align_gap_lines * template.style("body").line_pitch_pt
    chunks = [chunk for bid, block in zip(seed().block_ids(), seed().blocks)
              for chunk in parallel.aligned_chunks(setter, block, opts.sentence_pairs[bid], opts.translations[bid],
                                                   columns, gap_limit)]
    assert len(chunks) > len(seed().blocks) + 5  # sentences were aligned inside blocks
    left, right = column_lines(parallel_pdf("official"), template)
    sources = spans(left, [chunk.source for chunk in chunks])
    targets = spans(right, [chunk.translation for chunk in chunks])
    for src, tra in zip(sources, targets):
        assert src[0][0] == tra[0][0] and abs(src[0][1] - tra[0][1]) < 12
    # the source text is whole: the chunks of a block join back to it
    assert "".join(chunk.source for chunk in chunks) == "".join(b.text for b in seed().blocks).replace(" ", "")


def test_pairs_without_sentence_units_leave_smaller_holes_than_equal_columns() -> None:
    # block pairs alone (no sentence units) balance only over whole blocks: at most 10 lines, where equal
    # columns left 17.6
    template = templates.load("reading")
    assert max(pair_gaps(parallel_pdf("reading", aligned=False), template)) <= 10 * template.style("body").line_pitch_pt
