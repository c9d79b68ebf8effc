"""Page-number lines: strong forms (`2 / 5`, `— 3 —`, `第 3 页 共 5 页`) or bare numbers in sequence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.normalize.lines import Line, content_lines
from pipeline.normalize.pages import mark_next_page_start, signature
from pipeline.normalize.state import State

_DASH = r"[-—–―－~～·•]"
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I)
# (pattern, strong): strong forms say "this is a page number" by themselves
_MARKERS = [
    (re.compile(rf"^{_DASH}+\s*(\d{{1,4}})\s*{_DASH}+$"), True),
    (re.compile(r"^(\d{1,4})\s*/\s*(\d{1,4})$"), True),
    (re.compile(r"^第\s*(\d{1,4})\s*[页頁]\s*[,，/]?\s*(?:共\s*(\d{1,4})\s*[页頁])?$"), True),
    (re.compile(r"^(?:共\s*(?P<total>\d{1,4})\s*[页頁]\s*[,，]?\s*)第\s*(\d{1,4})\s*[页頁]$"), True),
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
                found.setdefault(signature(rest), []).append((line, parsed[0]))
                break
    for group in found.values():
        numbers = [n for _, n in group]
        if len(group) >= 2 and numbers == sorted(set(numbers)):
            for line, number in group:
                state.remove(line, f"page number {number} in a repeated footer")
                mark_next_page_start(state.lines, line)


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
    if accepted:
        state.layout.first_page_number = min(accepted, key=lambda m: m.line.no).number
    for marker in sorted(accepted, key=lambda m: m.line.no):
        state.remove(marker.line, f"page number {marker.number}")
        mark_next_page_start(state.lines, marker.line)
