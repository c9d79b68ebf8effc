"""Page structure: page-number lines, running headers and footers, implicit page starts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.normalize.lines import Line, content_lines
from pipeline.normalize.state import State
from pipeline.text.cjk import SENTENCE_END

_DASH = r"[-—–―－~～·•]"
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I)
# (pattern, strong): strong forms say "this is a page number" by themselves
_MARKERS = [
    (re.compile(rf"^{_DASH}+\s*(\d{{1,4}})\s*{_DASH}+$"), True),
    (re.compile(r"^(\d{1,4})\s*/\s*(\d{1,4})$"), True),
    (re.compile(r"^第\s*(\d{1,4})\s*页\s*[,，/]?\s*(?:共\s*(\d{1,4})\s*页)?$"), True),
    (re.compile(r"^(?:共\s*(?P<total>\d{1,4})\s*页\s*[,，]?\s*)第\s*(\d{1,4})\s*页$"), True),
    (re.compile(r"^(?:page|p\.)\s*(\d{1,4})(?:\s*(?:of|/)\s*(\d{1,4}))?$", re.I), True),
    (re.compile(r"^(\d{1,4})\s+of\s+(\d{1,4})$", re.I), True),
    (re.compile(r"^(\d{1,4})$"), False),
    (re.compile(rf"^{_DASH}*\s*([ivxlcdm]{{1,7}})\s*{_DASH}*$"), False),
]


@dataclass
class _Marker:
    line: Line
    number: int
    total: int | None
    strong: bool
    roman: bool = False


def _parse(text: str) -> tuple[int, int | None, bool] | None:
    text = text.strip()
    if len(text) > 24:  # no page-number form is longer
        return None
    for pattern, strong in _MARKERS:
        m = pattern.match(text)
        if not m:
            continue
        groups = [g for g in m.groups() if g is not None]
        if m.re.groupindex.get("total"):
            groups = [m.group(2), m.group("total")] if m.group("total") else [m.group(2)]
        first = groups[0]
        if first.isdigit():
            number = int(first)
        elif _ROMAN.match(first):
            number = _roman_value(first)
        else:
            continue
        total = int(groups[1]) if len(groups) > 1 and groups[1] and groups[1].isdigit() else None
        if total is not None and number > total:
            return None
        return number, total, strong or total is not None
    return None


def _roman_value(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    prev = 0
    for ch in reversed(text.lower()):
        v = values[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _sequence(markers: list[_Marker]) -> list[_Marker]:
    """The longest chain of markers of one kind whose numbers go up by one or two, in text order."""
    best: list[list[_Marker]] = []
    for i, m in enumerate(markers):
        chain = [m]
        for j in range(i):
            prev = best[j]
            step = m.number - prev[-1].number
            if prev[-1].roman == m.roman and 1 <= step <= 2 and len(prev) + 1 > len(chain):
                chain = [*prev, m]
        best.append(chain)
    return max(best, key=len) if best else []


def _embedded_footers(state: State) -> None:
    """Footer lines that carry the page number beside other repeated text (`file:///x.html 3/5`): the same
    text on several lines, with a strong page number that goes up from one to the next."""
    found: dict[str, list[tuple[Line, int]]] = {}
    for line in content_lines(state.lines):
        for marker, rest in _split_marker(line.content):
            parsed = _parse(marker)
            if parsed and parsed[2] and len(rest) <= 80:
                found.setdefault(_signature(rest), []).append((line, parsed[0]))
                break
    for group in found.values():
        numbers = [n for _, n in group]
        if len(group) >= 2 and numbers == sorted(set(numbers)):
            for line, number in group:
                state.remove(line, "page-markers", f"page number {number} in a repeated footer")
                _mark_next_page_start(state.lines, line)


_MARKER_AT_END = re.compile(r"^(?P<rest>.*\S)\s+(?P<marker>\S+(?:\s*(?:/|of)\s*\d+)?)$")
_MARKER_AT_START = re.compile(r"^(?P<marker>\S+(?:\s*/\s*\d+)?)\s+(?P<rest>\S.*)$")


def _split_marker(text: str) -> list[tuple[str, str]]:
    """(page-number candidate, remaining text) pairs: a marker at the end or at the start of the line."""
    if len(text) > 120:
        return []
    found = (_MARKER_AT_END.match(text), _MARKER_AT_START.match(text))
    return [(m.group("marker"), m.group("rest")) for m in found if m]


def page_markers(state: State) -> None:
    """Remove page-number lines: strong forms, or bare numbers that form a plausible sequence."""
    _embedded_footers(state)
    candidates = []
    for line in content_lines(state.lines):
        parsed = _parse(line.content)
        if parsed:
            candidates.append(_Marker(line, *parsed, roman=not any(ch.isdigit() for ch in line.content)))
    if not candidates:
        return
    chain = _sequence(candidates)
    weak_ok = len(chain) >= 2 and all(b.line.no - a.line.no >= 5 for a, b in zip(chain, chain[1:]))
    # a lone bare number or roman numeral with no sequence stays: it is more likely text
    # strong forms are page numbers wherever they stand (extractors reorder pages); bare numbers need the chain
    accepted = [m for m in candidates if m.strong or (weak_ok and m in chain)]
    for marker in sorted(accepted, key=lambda m: m.line.no):
        state.remove(marker.line, "page-markers", f"page number {marker.number}")
        _mark_next_page_start(state.lines, marker.line)


def _mark_next_page_start(lines: list[Line], marker: Line) -> None:
    """The first kept text line after `marker` starts a page (lines stand at index `no - 1`)."""
    start = marker.no if marker.no <= len(lines) and lines[marker.no - 1] is marker else lines.index(marker) + 1
    for index in range(start, len(lines)):
        if not lines[index].removed and not lines[index].blank:
            lines[index].page_start = True
            return


def _page_groups(lines: list[Line]) -> list[list[Line]]:
    """The kept lines of each page (a page starts at a marked line, even one removed since)."""
    pages: list[list[Line]] = [[]]
    for line in lines:
        if line.page_start and pages[-1]:
            pages.append([])
        if not line.removed and not line.blank:
            pages[-1].append(line)
    return pages


def _signature(text: str) -> str:
    """A header with its page number taken out and its spacing folded (a layout-preserving extractor pads the
    gap between a left and a centred part differently on each page), so `Report 3` and `Report 4` repeat."""
    return re.sub(r"\s+", " ", re.sub(r"\d+|[ivxlcdm]+(?=\s*$)", "#", text.strip(), flags=re.I))


# a page may carry several header or footer lines (a date, a title, a URL) in any order
EDGE_LINES = 3


def running_headers(state: State) -> None:
    """Remove lines repeated at the top or bottom of most pages (also when they carry a page number).

    The line at the very edge counts when it repeats on most pages; a line further in (under a date, above a
    URL) only when it repeats on every page.
    """
    pages = [page for page in _page_groups(state.lines) if len(page) > 1]
    if len(pages) < 2:
        return
    for top in (True, False):
        edges = [page[:EDGE_LINES] if top else page[::-1][:EDGE_LINES] for page in pages]
        at_edge = Counter(_signature(edge[0].content) for edge in edges)
        near_edge = Counter(sig for edge in edges for sig in {_signature(ln.content) for ln in edge})
        for signature, count in near_edge.items():
            # on most pages, and on every page of a two-page text
            often = at_edge[signature] >= max(2, 0.6 * len(pages))
            everywhere = (count == len(pages) and all(len(page) > 2 * EDGE_LINES for page in pages)
                          and signature[-1:] not in SENTENCE_END)
            if not (often or everywhere) or len(signature) > 80:
                continue
            for edge in edges:
                line = next((ln for ln in edge if _signature(ln.content) == signature and not ln.removed), None)
                if line is not None:
                    where = "top" if top else "bottom"
                    state.remove(line, "running-headers", f"repeated at the {where} of {count} pages")


def implicit_pages(state: State) -> None:
    """In text with a blank line after every line, a line that follows another directly starts a new page."""
    if not state.layout.blank_artifacts:
        return
    lines = [ln for ln in state.lines if not ln.removed]
    for prev, line in zip(lines, lines[1:]):
        if not prev.blank and not line.blank and not line.page_start:
            line.page_start = True
            if line.text[:1].isspace():
                line.indent_artifact = True
            state.record("implicit-pages", "page-start", line.nos, before=line.text,
                         reason="no blank line before it where every other line has one")
