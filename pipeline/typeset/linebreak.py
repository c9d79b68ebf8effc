"""Line breaking for Chinese and mixed Chinese/Latin text, after clreq (W3C "Requirements for Chinese
Text Layout").

- A break may fall between two characters when either is CJK, or after a space; never inside a Latin
  word, and never inside a protected span (numbers with units, Latin words and URLs, personal names:
  `pipeline.words.protected_spans`).
- No line starts with closing punctuation (`cjk.NO_LINE_START`) and none ends with opening punctuation
  (`cjk.NO_LINE_END`): such a character travels with its neighbour to the next line ("push out").
- Lines are filled greedily; a unit wider than a whole line is cut where it must, preferring a cut
  after `/`, `.` or `-`.

The breaker only decides where lines end. Widths come from the caller (one advance per character),
so the same code serves any font, size and character grid. `justify` spreads a line's slack over the
gaps where Chinese typesetting allows it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.text.cjk import NO_LINE_END, NO_LINE_START, WIDE_IN_CJK, is_cjk

EPSILON = 1e-6
_SOFT_CUTS = "/.-_?&="


@dataclass(frozen=True)
class Line:
    """Characters `text[start:end]` (trailing spaces excluded) and their natural width."""

    start: int
    end: int
    width: float
    last: bool = False


def _wide(ch: str) -> bool:
    return is_cjk(ch) or ch in WIDE_IN_CJK or ord(ch) >= 0x1F000


def _wide_in_latin(ch: str) -> bool:
    """In Latin-script text (a translation into English) quotes, dashes and ellipses are Latin punctuation:
    no break and no justification space beside them."""
    return is_cjk(ch) or ord(ch) >= 0x1F000


def break_allowed(text: str, protected: Sequence[tuple[int, int]] = (), latin: bool = False) -> list[bool]:
    """`allowed[i]` tells whether a line may end just before `text[i]` (index 0 and len: never); `latin`: the
    text is in a language written in Latin script."""
    wide = _wide_in_latin if latin else _wide
    n = len(text)
    allowed = [False] * (n + 1)
    visible = ""  # the last character before i that is not a space: spaces at a break vanish
    for i in range(1, n):
        before, after = text[i - 1], text[i]
        if not before.isspace():
            visible = before
        if after.isspace() or after in NO_LINE_START or visible in NO_LINE_END:
            continue
        allowed[i] = before.isspace() or wide(before) or wide(after)
    _forbid(allowed, protected)
    return allowed


def _forbid(allowed: list[bool], spans: Sequence[tuple[int, int]]) -> None:
    n = len(allowed) - 1
    for start, end in spans:
        for i in range(max(start + 1, 1), min(end, n)):
            allowed[i] = False


def break_lines(
    text: str,
    advances: Sequence[float],
    width: float | Callable[[int], float],
    protected: Sequence[tuple[int, int]] = (),
    latin: bool = False,
) -> list[Line]:
    """Break `text` into lines no wider than `width` (a number, or a function of the line index).

    `advances[i]` is the advance of `text[i]`. Spaces at a line break are dropped; leading spaces of a
    paragraph are kept.
    """
    line_width = width if callable(width) else (lambda _i, w=width: w)
    breaker = Breaker(text, advances, protected, latin)
    lines: list[Line] = []
    start = 0
    while start < len(text):
        line, start = breaker.line(start, line_width(len(lines)))
        lines.append(line)
    return last_marked(lines)


def last_marked(lines: list[Line]) -> list[Line]:
    """The lines of a paragraph with the last one marked `last`."""
    if lines:
        lines[-1] = Line(lines[-1].start, lines[-1].end, lines[-1].width, last=True)
    return lines


class Breaker:
    """The greedy breaker, one line at a time, so that a caller can protect more spans between lines."""

    def __init__(self, text: str, advances: Sequence[float], protected: Sequence[tuple[int, int]] = (),
                 latin: bool = False) -> None:
        if len(advances) != len(text):
            raise ValueError("one advance per character is needed")
        self.text = text
        self.advances = advances
        self.allowed = break_allowed(text, protected, latin)
        # protecting more spans later only clears `allowed`; `_fit` skips the stops it cleared
        self.stops = [i for i in range(1, len(text)) if self.allowed[i]] + [len(text)]

    def protect(self, spans: Sequence[tuple[int, int]]) -> None:
        """No line of those set from now on ends inside one of `spans`."""
        _forbid(self.allowed, spans)

    def line(self, start: int, limit: float) -> tuple[Line, int]:
        """The line that starts at `start`, no wider than `limit`, and where the next line starts."""
        text = self.text
        end = _fit(text, self.advances, self.allowed, self.stops, start, limit)
        content_end = _strip_end(text, start, end)
        line = Line(start, content_end, sum(self.advances[start:content_end]))
        while end < len(text) and text[end].isspace():
            end += 1
        return line, end


def _strip_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _fit(
    text: str, advances: Sequence[float], allowed: list[bool], stops: list[int], start: int, limit: float
) -> int:
    """The end of the line that starts at `start`: the last allowed break whose content fits.

    A unit wider than a whole line (a long URL) is cut on the current line rather than pushed to
    the next, which would leave a line stretched over a few characters.
    """
    best = None
    total = 0.0
    pos = start
    # the stops after `start` only: scanning from the paragraph's first stop made each line cost
    # as much as the paragraph before it
    n = len(text)
    for k in range(bisect.bisect_right(stops, start), len(stops)):
        stop = stops[k]
        if not allowed[stop] and stop != n:
            continue
        unit = sum(advances[pos:stop])
        total += unit
        content = total - sum(advances[i] for i in range(_strip_end(text, start, stop), stop))
        if content > limit + EPSILON:
            if best is None or unit > limit + EPSILON:
                return _cut(text, advances, start, limit, floor=pos)
            break
        best = stop
        pos = stop
    return best if best is not None else len(text)


def _cut(text: str, advances: Sequence[float], start: int, limit: float, floor: int) -> int:
    """Cut a line inside the unit that starts at `floor`, after a URL-like separator when one fits."""
    total = 0.0
    end = start
    while end < len(text) and (end == start or total + advances[end] <= limit + EPSILON):
        total += advances[end]
        end += 1
    for cut in range(end, max(floor, start) + 1, -1):
        if text[cut - 1] in _SOFT_CUTS and cut < len(text) and text[cut] not in NO_LINE_START:
            return cut
    while end > start + 1 and end < len(text) and text[end] in NO_LINE_START:
        end -= 1
    return end


def justify_weights(text: str, start: int, end: int, latin: bool = False) -> list[int]:
    """For each gap after `text[j]` (j in start..end-2): 1 where slack may go, else 0.

    Slack goes between characters when either side is CJK, and after spaces; never inside a Latin
    word or number.
    """
    wide = _wide_in_latin if latin else _wide
    weights = []
    for j in range(start, end - 1):
        a, b = text[j], text[j + 1]
        weights.append(1 if a.isspace() or wide(a) or wide(b) else 0)
    return weights


def positions(
    text: str, line: Line, advances: Sequence[float], slack: float = 0.0, latin: bool = False
) -> list[float]:
    """The offset of each character of `line` from the line's start, `slack` spread by justify_weights."""
    weights = justify_weights(text, line.start, line.end, latin)
    share = slack / sum(weights) if slack > EPSILON and sum(weights) else 0.0
    offsets = []
    x = 0.0
    for j in range(line.start, line.end):
        offsets.append(x)
        x += advances[j]
        if j - line.start < len(weights):
            x += share * weights[j - line.start]
    return offsets
