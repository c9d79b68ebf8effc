"""Learn the document's typesetting from its own lines: line width, indents, blank-line habits."""

from __future__ import annotations

import functools
import statistics

from pipeline.normalize.lines import Line, content_lines, text_width
from pipeline.normalize.state import Layout, State
from pipeline.text.cjk import PARAGRAPH_END, cjk_ratio, is_cjk, is_han

# hard-wrapped page text is never wider than this (a landscape page of small type)
MAX_WRAP_WIDTH = 200


def extent(line: Line, layout: Layout) -> float:
    """How far across the type area a line reaches: its indent plus its text (a stretched line is full)."""
    if line.spaced_width and layout.width and line.spaced_width >= layout.width:
        return layout.width
    indent = 0.0 if line.indent_artifact else max(0.0, line.indent() - layout.base_indent)
    return indent + text_width(line.content)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def blank_lines(state: State) -> None:
    """Decide whether blank lines mean anything: when nearly every line is followed by one, they do not."""
    lines = [ln for ln in state.lines if not ln.removed]
    nonblank = [i for i, ln in enumerate(lines) if not ln.blank]
    if len(nonblank) < 4:
        return
    followed = sum(1 for i in nonblank if i + 1 < len(lines) and lines[i + 1].blank)
    separated = [lines[i] for i in nonblank if i + 1 < len(lines) and lines[i + 1].blank]
    width = _percentile([text_width(lines[i].content) for i in nonblank], 0.9)
    mid_sentence = sum(1 for ln in separated if _mid_sentence(ln.content, width))
    if followed / len(nonblank) >= 0.6:
        reason = f"{followed} of {len(nonblank)} lines are followed by a blank line"
    elif separated and mid_sentence >= max(2, 0.15 * len(separated)):
        reason = f"{mid_sentence} of {len(separated)} blank lines fall in the middle of a sentence"
    else:
        return
    state.layout.blank_artifacts = True
    blanks = [ln.no for ln in lines if ln.blank]
    state.record("blank-lines", "ignore-blank-lines", blanks[:1] + blanks[-1:], reason=reason)


def _mid_sentence(text: str, width: float) -> bool:
    """The line stops where a sentence cannot end: after a comma, or inside a Chinese word on a full line (a
    short line ending in a character is a heading)."""
    last = text[-1:]
    return last in "，、" or (is_han(last) and text_width(text) >= 0.6 * width)


def measure(state: State) -> Layout:
    layout = state.layout
    lines = content_lines(state.lines)
    if not lines:
        return layout
    layout.cjk = cjk_ratio("".join(ln.content for ln in lines[:500])) >= 0.3
    indents = [ln.indent() for ln in lines if not ln.indent_artifact]
    layout.base_indent = min(indents) if indents else 0.0
    extents = [extent(ln, layout) for ln in lines]
    layout.width = _percentile(extents, 0.9)
    layout.grid = sum(1 for e in extents if abs(e - layout.width) <= 0.5) / len(extents) >= 0.4
    # hard-wrapped text: most long lines end near the same right edge (a dropped indent allowed for)
    long_lines = [e for e in extents if e >= 0.5 * layout.width]
    near_full = sum(1 for ln, e in zip(lines, extents)
                    if e >= 0.5 * layout.width and e >= layout.width - line_tolerance(layout, ln) - 4.5)
    layout.wrapped = layout.width <= MAX_WRAP_WIDTH and (len(lines) < 3 or near_full >= 0.5 * len(long_lines))
    indented = sum(1 for ln in lines if not ln.indent_artifact and ln.indent() - layout.base_indent >= 2)
    layout.explicit_indents = 0 < indented <= 0.7 * len(lines)
    layout.lost_indent = _lost_indent(lines, extents, layout) if layout.cjk and layout.wrapped else 0.0
    state.report.line_width = layout.width
    return layout


def line_tolerance(layout: Layout, line: Line) -> float:
    """How short of the full width a line may end and still be full.

    CJK text on a grid has exact widths but for a character pushed down by the line-start rules; Latin letters
    and digits are proportional, so each makes the width less certain.
    """
    if layout.cjk:
        latin = _latin_count(line.content)
        base = 1.0 if layout.grid else 2.5
        return min(base + 0.3 * latin, 0.15 * layout.width)
    return tolerance(layout)


@functools.lru_cache(maxsize=65536)
def _latin_count(text: str) -> int:
    return sum(1 for ch in text if not is_cjk(ch) and not ch.isspace())


def tolerance(layout: Layout) -> float:
    """How far short of the full width a line may end and still be full (justification, kinsoku)."""
    if layout.cjk and layout.grid:
        return 2.5
    return max(2.5, 0.07 * layout.width)


def _lost_indent(lines: list[Line], extents: list[float], layout: Layout) -> float:
    """Columns missing from paragraph first lines (an indent the extractor dropped), learnt from clear cases."""
    if layout.explicit_indents:
        return 0.0
    width = layout.width
    shortfalls = []
    for prev, ext_prev, ext in zip(lines, extents, extents[1:]):
        clear_break = prev.content[-1:] in PARAGRAPH_END | set("”’") and ext_prev < width - 6
        if clear_break and ext >= width - 8:
            shortfalls.append(width - ext)
    if len(shortfalls) < 2:
        return 0.0
    typical = statistics.median(shortfalls)
    return 4.0 if 3 <= typical <= 5 else 0.0
