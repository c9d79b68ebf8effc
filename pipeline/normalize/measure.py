"""Measure the document's typesetting from its own lines: the full line width, indents, a dropped indent."""

from __future__ import annotations

import statistics

from pipeline.normalize.layout import MAX_WRAP_WIDTH, extent, line_tolerance, percentile
from pipeline.normalize.lines import Line, content_lines
from pipeline.normalize.state import Layout, State
from pipeline.text.cjk import PARAGRAPH_END, cjk_ratio


def measure(state: State) -> None:
    """The full line width (the 90th percentile of how far lines reach), a fixed grid, hard wrapping, indents."""
    layout = state.layout
    lines = content_lines(state.lines)
    if not lines:
        return
    layout.cjk = cjk_ratio("".join(ln.content for ln in lines[:500])) >= 0.3
    indents = [ln.indent() for ln in lines if not ln.indent_artifact]
    layout.base_indent = min(indents) if indents else 0.0
    extents = [extent(ln, layout) for ln in lines]
    layout.width = percentile(extents, 0.9)
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
