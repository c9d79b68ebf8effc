"""Title lines after GB/T 9704-2012 7.3.1: words kept whole, lines of balanced length (长短适宜、排列对称).

A title too long for one line is broken only where jieba ends a word (and clreq allows a break), into
as few lines as the measure allows, choosing the breaks that make the lines most nearly equal, with
a longer line above a shorter one on a tie (an inverted trapezoid), and never a line of one character.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pipeline.text import words
from pipeline.typeset.linebreak import EPSILON, Line, break_allowed

# more lines than this are not searched for a balanced set (a "title" that long is a paragraph)
MAX_LINES = 4
# at most this many candidate breaks are tried for each line count
MAX_CANDIDATES = 40


def word_boundaries(text: str) -> list[int]:
    """Positions between two of jieba's words (0 and len(text) excluded)."""
    cuts, pos = [], 0
    for word in words.words(text)[:-1]:
        pos += len(word)
        cuts.append(pos)
    return cuts


def balanced_lines(text: str, advances: Sequence[float], width: float) -> list[Line] | None:
    """The title's lines, or None when no balanced breaking fits `width` (the caller breaks it as a paragraph).

    `advances[i]` is the advance of `text[i]`; a single line is returned when the whole title fits.
    """
    if len(advances) != len(text):
        raise ValueError("one advance per character is needed")
    total = sum(advances)
    if total <= width + EPSILON or not text:
        return [Line(0, len(text), total, last=True)]
    allowed = break_allowed(text)
    cuts = [c for c in word_boundaries(text) if allowed[c] and not text[c].isspace()]
    prefix = list(itertools.accumulate(advances, initial=0.0))
    for count in range(2, MAX_LINES + 1):
        best: tuple[tuple[float, ...], tuple[int, ...]] | None = None
        if len(cuts) < count - 1 or len(cuts) > MAX_CANDIDATES:
            break
        for chosen in itertools.combinations(cuts, count - 1):
            edges = (0, *chosen, len(text))
            spans = list(zip(edges, edges[1:]))
            widths = [prefix[b] - prefix[a] for a, b in spans]
            if max(widths) > width + EPSILON or any(len(text[a:b].strip()) < 2 for a, b in spans):
                continue
            # most even first, then the longer line above (inverted trapezoid), then fewer characters moved
            score = (round(max(widths) - min(widths), 3), *(-w for w in widths))
            if best is None or score < best[0]:
                best = (score, chosen)
        if best is not None:
            edges = (0, *best[1], len(text))
            lines = [Line(a, b, prefix[b] - prefix[a]) for a, b in zip(edges, edges[1:])]
            lines[-1] = Line(lines[-1].start, lines[-1].end, lines[-1].width, last=True)
            return lines
    return None
