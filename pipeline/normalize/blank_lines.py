"""Blank lines: do they mean anything? When nearly every line is followed by one, they do not."""

from __future__ import annotations

from pipeline.normalize.layout import percentile
from pipeline.normalize.lines import text_width
from pipeline.normalize.state import State
from pipeline.text.cjk import is_han


def blank_lines(state: State) -> None:
    """Decide whether blank lines mean anything: when nearly every line is followed by one, they do not."""
    lines = [ln for ln in state.lines if not ln.removed]
    nonblank = [i for i, ln in enumerate(lines) if not ln.blank]
    if len(nonblank) < 4:
        return
    followed = sum(1 for i in nonblank if i + 1 < len(lines) and lines[i + 1].blank)
    separated = [lines[i] for i in nonblank if i + 1 < len(lines) and lines[i + 1].blank]
    width = percentile([text_width(lines[i].content) for i in nonblank], 0.9)
    mid_sentence = sum(1 for ln in separated if _mid_sentence(ln.content, width))
    if followed / len(nonblank) >= 0.6:
        reason = f"{followed} of {len(nonblank)} lines are followed by a blank line"
    elif separated and mid_sentence >= max(2, 0.15 * len(separated)):
        reason = f"{mid_sentence} of {len(separated)} blank lines fall in the middle of a sentence"
    else:
        return
    state.layout.blank_artifacts = True
    blanks = [ln.no for ln in lines if ln.blank]
    state.record("ignore-blank-lines", blanks[:1] + blanks[-1:], reason=reason)


def _mid_sentence(text: str, width: float) -> bool:
    """The line stops where a sentence cannot end: after a comma, or inside a Chinese word on a full line (a
    short line ending in a character is a heading)."""
    last = text[-1:]
    return last in "，、" or (is_han(last) and text_width(text) >= 0.6 * width)
