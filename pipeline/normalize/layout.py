"""Where a line reaches across the type area, and how short of the full width a line may end and still be full."""

from __future__ import annotations

import functools

from pipeline.normalize.lines import Line, text_width
from pipeline.normalize.state import Layout
from pipeline.text.cjk import is_cjk

# hard-wrapped page text is never wider than this (a landscape page of small type)
MAX_WRAP_WIDTH = 200


def extent(line: Line, layout: Layout) -> float:
    """How far across the type area a line reaches: its indent plus its text (a stretched line is full)."""
    if line.spaced_width and layout.width and line.spaced_width >= layout.width:
        return layout.width
    indent = 0.0 if line.indent_artifact else max(0.0, line.indent() - layout.base_indent)
    return indent + text_width(line.content)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


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
