"""Decisions from a PDF's geometry, where the lines carry it (text input has none: these passes do nothing).

Where a line stands is stronger evidence than its text: a header or footer repeats at the same height on many
pages; a paragraph ends where a line stops short of the column's right edge (the next line's first word would
have fitted), starts where a line is indented further than the one before, and also at a change of type size or
weight or at extra space above; a heading is set larger or bolder than the body text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from pipeline.model import HEADING, PARAGRAPH, TITLE
from pipeline.normalize.headings import heading_level
from pipeline.normalize.lines import Line, content_lines
from pipeline.normalize.state import State
from pipeline.read.pdf import Geometry
from pipeline.text.cjk import is_cjk

# how many rows at the top and at the bottom of a page may hold running headers, footers and page numbers
EDGE_ROWS = 2
# a first-line indent is at least this fraction of the font size
INDENT = 0.6
# extra space above a line, as a multiple of the usual line pitch, that separates paragraphs
GAP = 1.35


def _geometric(state: State) -> list[Line]:
    return [ln for ln in content_lines(state.lines) if ln.geometry is not None]


def _signature(text: str) -> str:
    return re.sub(r"\d+|\s+", "#", text)


def page_furniture(state: State) -> None:
    """Running headers, footers and page numbers: lines in the top or bottom rows of a page whose position,
    size and text (numbers aside) repeat on other pages."""
    lines = _geometric(state)
    pages: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        pages[line.geometry.page].append(line)
    if len(pages) < 2:
        return
    groups: dict[tuple, list[Line]] = defaultdict(list)
    for page_lines in pages.values():
        for line in _edge_lines(page_lines):
            g = line.geometry
            # headers repeat at the same height; page numbers move between the outer edges of odd and even pages
            groups[(round(g.top / 4), round(g.size), _signature(line.content))].append(line)
    for (_, _, signature), group in groups.items():
        found = {ln.geometry.page for ln in group}
        if len(found) < 2 or len(found) < 0.3 * len(pages) or len(signature) > 120 or not _running(group):
            continue
        for line in group:
            where = "top" if line.geometry.top < line.geometry.page_height / 2 else "bottom"
            state.remove(line, f"repeated at the {where} of {len(found)} pages")


def _running(group: list[Line]) -> bool:
    """The same text on every page, or the same text with a page number that goes up with the page: the
    first or last number of a short line (`Page 3 of 9`), or a number at its start or end. Body lines that
    differ only in a number inside them are not furniture."""
    ordered = sorted(group, key=lambda ln: ln.geometry.page)
    if len({ln.content for ln in ordered}) == 1:
        return True
    numbers = [[int(n) for n in re.findall(r"\d{1,6}", ln.content)] for ln in ordered]
    if len({len(n) for n in numbers}) != 1 or not numbers[0]:
        return False
    edge = _EDGE_NUMBER.search(ordered[0].content)
    places = [0, len(numbers[0]) - 1] if len(ordered[0].content) <= 30 else []
    if edge:
        places.append(0 if edge.group("a") else len(numbers[0]) - 1)
    for place in places:
        values = [n[place] for n in numbers]
        others = {tuple(n[:place] + n[place + 1:]) for n in numbers}
        if len(others) == 1 and all(a < b for a, b in zip(values, values[1:])):
            return True
    return False


_EDGE_NUMBER = re.compile(r"^\D{0,3}(?P<a>\d{1,4})(?!.*\d)|(?<!\d)(?P<b>\d{1,4})\D{0,3}$")


def _edge_lines(lines: list[Line]) -> list[Line]:
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.geometry.top):
        if rows and abs(line.geometry.top - rows[-1][0].geometry.top) < 0.5 * line.geometry.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    if len(rows) <= 2 * EDGE_ROWS:
        edge = rows
    else:
        edge = rows[:EDGE_ROWS] + rows[-EDGE_ROWS:]
    return [ln for row in edge for ln in row]


@dataclass
class _Column:
    left: float
    right: float
    indents: frozenset[int] = frozenset()  # first-line indents (points from the left edge) paragraphs start at

    def at_indent(self, g: Geometry) -> bool:
        offset = g.x0 - self.left
        return any(abs(offset - i) <= 1.5 for i in self.indents)


@dataclass
class _Body:
    size: float
    bold: bool
    pitch: float
    columns: dict[tuple[int, int], _Column]  # by page parity and column (Geometry.column)

    def column(self, g: Geometry) -> _Column:
        return (self.columns.get((g.page % 2, g.column)) or self.columns.get((1 - g.page % 2, g.column))
                or next(iter(self.columns.values())))


def _body(lines: list[Line]) -> _Body | None:
    sizes: Counter[float] = Counter()
    bolds: Counter[bool] = Counter()
    for line in lines:
        sizes[round(line.geometry.size, 1)] += len(line.content)
        bolds[line.geometry.bold] += len(line.content)
    if not sizes:
        return None
    size = sizes.most_common(1)[0][0]
    body = [ln for ln in lines if abs(ln.geometry.size - size) <= 0.05 * size]
    pitches: Counter[float] = Counter()
    for prev, line in zip(body, body[1:]):
        step = line.geometry.top - prev.geometry.top
        if prev.geometry.page == line.geometry.page and 0.8 * size <= step <= 4 * size:
            pitches[round(step * 2) / 2] += 1
    # the pitch inside a paragraph: the smallest step many lines share (list items may be spaced wider)
    total = sum(pitches.values())
    frequent = [step for step, n in pitches.items() if n >= max(2, 0.15 * total)]
    pitch = float(min(frequent)) if frequent else 1.2 * size
    # odd and even pages may mirror their margins, and a two-column page has a column on each side; a side
    # with few lines takes the column of all pages
    everywhere = {c: _column([ln.geometry for ln in body if ln.geometry.column == c], size)
                  for c in {ln.geometry.column for ln in body}}
    columns = {}
    for key in {(ln.geometry.page % 2, ln.geometry.column) for ln in body}:
        side = [ln.geometry for ln in body if (ln.geometry.page % 2, ln.geometry.column) == key]
        columns[key] = _column(side, size) if len(side) >= max(8, 0.25 * len(body)) else everywhere[key[1]]
    return _Body(size=size, bold=bolds.most_common(1)[0][0], pitch=pitch, columns=columns)


def _column(lines: list[Geometry], size: float) -> _Column:
    column = _Column(left=_frequent_min([g.x0 for g in lines]), right=max(g.x1 for g in lines))
    column.indents = _indents(lines, column.left, size)
    return column


def _indents(lines: list[Geometry], left: float, size: float) -> frozenset[int]:
    """Offsets at which paragraphs start: lines there are followed often enough by a line at the left edge
    (the rest of the paragraph). Lines of a block quote are followed by lines at their own offset instead."""
    starts: Counter[int] = Counter()
    continued: Counter[int] = Counter()
    for a, b in zip(lines, lines[1:]):
        offset = round(a.x0 - left)
        if offset < INDENT * size:
            continue
        starts[offset] += 1
        if abs(b.x0 - left) <= 1.5:
            continued[offset] += 1
    return frozenset(o for o, n in starts.items() if continued[o] >= max(2, 0.3 * n))


def _frequent_min(values: list[float]) -> float:
    """The leftmost position several lines start at (a stray outdented line does not move the margin)."""
    counts = Counter(round(v) for v in values)
    need = max(2, 0.05 * len(values)) if len(values) >= 4 else 1
    frequent = [v for v, n in counts.items() if n >= need]
    return float(min(frequent)) if frequent else min(values)


def _same_style(a: Geometry, b: Geometry) -> bool:
    return abs(a.size - b.size) <= 0.08 * max(a.size, b.size) and a.bold == b.bold


def _margins(g: Geometry, column: _Column) -> tuple[float, float]:
    return g.x0 - column.left, column.right - g.x1


def _symmetric(g: Geometry, column: _Column) -> bool:
    left, right = _margins(g, column)
    return abs(left - right) <= max(1.5, 0.1 * g.size)


def _centred(g: Geometry, column: _Column) -> bool:
    """Equal margins left and right (a line at the paragraph indent that happens to end as short is not)."""
    return _symmetric(g, column) and _margins(g, column)[0] > 0.25 * g.size and not column.at_indent(g)


def _wide(g: Geometry, column: _Column) -> bool:
    return g.x1 - g.x0 >= 0.6 * (column.right - column.left)


def _verdict(body: _Body, prev: Line, line: Line) -> str:
    """Why a paragraph starts at `line` ("" when `line` continues the paragraph of `prev`)."""
    a, b = prev.geometry, line.geometry
    if not _same_style(a, b):
        return "type size or weight changes"
    col_a, col_b = body.column(a), body.column(b)
    if a.page == b.page and b.top - a.top > GAP * body.pitch * (a.size / body.size):
        return "extra space above the line"
    if _centred(b, col_b):
        # a long centred title or note wraps onto a second centred line; a short one stands alone
        if _symmetric(a, col_a) and _wide(a, col_a):
            return ""
        return "a centred line"
    if _centred(a, col_a):
        return "a line after a centred line"
    if (b.x0 - col_b.left) - (a.x0 - col_a.left) >= INDENT * b.size:
        return "the line is indented"
    if col_b.at_indent(b):
        return "the line starts at the paragraph indent"
    room = col_a.right - a.x1
    # the next line's first word (a CJK character, with what may not start a line) and the space before it
    space = 0.0 if is_cjk(prev.content[-1]) and is_cjk(line.content[0]) else b.space
    if room > b.first_unit + space + 0.1 * a.size:
        return "the line before ends short of the column edge"
    return ""


def geometry_breaks(state: State) -> None:
    """Decide every boundary between two lines that both carry geometry: the unwrap pass follows."""
    lines = _geometric(state)
    body = _body(lines)
    if body is None:
        return
    for prev, line in zip(lines, lines[1:]):
        line.geometry_break = _verdict(body, prev, line)
    if lines:
        lines[0].geometry_break = "first line"


def geometry_kinds(state: State) -> None:
    """Headings from type: a block set larger or bolder than the body text is a heading (the largest at the top
    of the first page is the title); a block in body type the text passes took for an unnumbered heading,
    neither centred nor standing apart, is a paragraph."""
    by_no = {ln.no: ln for ln in state.lines if ln.geometry is not None}
    lines = [by_no[n] for n in sorted(by_no) if not by_no[n].removed and not by_no[n].blank]
    body = _body(lines)
    if body is None or not state.drafts:
        return
    styled = []
    for draft in state.drafts:
        geos = [by_no[n].geometry for n in draft.nos if n in by_no]
        if not geos:
            continue
        size = max(g.size for g in geos)
        larger = size > 1.12 * body.size
        bolder = all(g.bold for g in geos) and not body.bold
        if (larger or bolder) and len(geos) <= 3 and len(draft.text) <= 200:
            styled.append((draft, size + (0.5 if bolder else 0.0)))
        elif draft.kind == HEADING and not heading_level(draft.text) and not any(
                _centred(g, body.column(g)) for g in geos):
            _set(state, draft, PARAGRAPH, 0, "set in body type")
    if styled and styled[0][0] is state.drafts[0] and len(state.drafts) > 1 and styled[0][1] > max(
            (s for _, s in styled[1:]), default=0):
        _set(state, styled[0][0], TITLE, 0, "largest type, at the top")
        styled = styled[1:]
    ranks = sorted({s for _, s in styled}, reverse=True)
    for draft, s in styled:
        _set(state, draft, HEADING, min(4, ranks.index(s) + 1), "larger or bolder type")


def _set(state: State, draft, kind: str, level: int, reason: str) -> None:
    if draft.kind == kind and draft.level == level:
        return
    draft.kind, draft.level = kind, level
    state.record(f"mark-{kind}", draft.nos[:1], after=draft.text[:40],
                 reason=reason + (f", level {level}" if level else ""))
