"""Spacing inside a line after clreq (W3C "Requirements for Chinese Text Layout"), for the PDF writer.

- Punctuation compression (标点挤压): of two consecutive full-width punctuation marks, the blank half of
  the first goes (`。”`, `，“`, `！”`, `）、`), so no visible gap stands between them.
- A quarter em between Han characters and Latin letters or digits (`安装 Rust。`), as glyph spacing:
  the text keeps no space character.
- Justification that never looks stretched: a line's slack goes first to the gaps beside punctuation,
  then between characters, each gap taking at most a set share of an em; what remains stays at the end
  of the line. A line holding a URL, and the last line before a forced break, are not spread.

All functions take one advance per character (from the caller's fonts and grid) and the em size.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.text.cjk import is_han
from pipeline.typeset.linebreak import EPSILON, Line, justify_weights

# full-width punctuation whose ink sits in the left half of the em (its right half is blank)
LEFT_INKED = set("，。、；：？！）》」』〕〗】｝〉”’")
# full-width punctuation whose ink sits in the right half (its left half is blank)
RIGHT_INKED = set("（《「『〔〖【｛〈“‘")
PUNCTUATION = LEFT_INKED | RIGHT_INKED
# the gap between Han characters and Latin letters or digits
HAN_LATIN_GAP_EM = 0.25
# the most a gap may widen when a line is justified: beside punctuation, and between other characters
MAX_PUNCTUATION_GAP_EM = 0.15
MAX_CHARACTER_GAP_EM = 0.1


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def adjustments(text: str, advances: Sequence[float], em: float) -> list[float]:
    """What to add to each character's advance: a compressed punctuation pair, a Han–Latin gap."""
    extra = [0.0] * len(text)
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a in PUNCTUATION and b in PUNCTUATION and advances[i] >= em * 0.9 and advances[i + 1] >= em * 0.9:
            if a in LEFT_INKED or b in RIGHT_INKED:
                extra[i] -= em / 2
        elif (is_han(a) and _latin(b)) or (_latin(a) and is_han(b)):
            extra[i] += em * HAN_LATIN_GAP_EM
    return extra


def compressed(text: str, i: int, advances: Sequence[float], em: float) -> bool:
    """`text[i]` lost its blank half to the punctuation after it."""
    return adjustments(text[i:i + 2], advances[i:i + 2], em)[0] < 0


def _gap_class(text: str, j: int) -> int:
    """0: no slack here (inside a Latin word or number); 1: beside punctuation or a space; 2: between characters."""
    a, b = text[j], text[j + 1]
    if a.isspace() or a in PUNCTUATION or b in PUNCTUATION:
        return 1
    return 2


def justified(text: str, line: Line, advances: Sequence[float], slack: float, em: float,
              spread: bool = True) -> list[float]:
    """The offset of each character of `line` from its start, with `slack` spread as this module describes.

    `advances` already hold the adjustments; `spread=False` (a URL on the line, the last line) keeps
    every gap natural.
    """
    weights = justify_weights(text, line.start, line.end)
    classes = [_gap_class(text, line.start + k) if w else 0 for k, w in enumerate(weights)]
    extra = [0.0] * len(weights)
    if spread and slack > EPSILON:
        remaining = slack
        for cls, cap in ((1, MAX_PUNCTUATION_GAP_EM * em), (2, MAX_CHARACTER_GAP_EM * em)):
            gaps = [k for k, c in enumerate(classes) if c == cls]
            if not gaps or remaining <= EPSILON:
                continue
            share = min(cap, remaining / len(gaps))
            for k in gaps:
                extra[k] += share
            remaining -= share * len(gaps)
    offsets, x = [], 0.0
    for k, j in enumerate(range(line.start, line.end)):
        offsets.append(x)
        x += advances[j] + (extra[k] if k < len(extra) else 0.0)
    return offsets
