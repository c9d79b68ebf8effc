"""Join or break at every line boundary, from all the evidence together; join per script."""

from __future__ import annotations

import re

from pipeline.normalize.dehyphenate import URL_TAIL
from pipeline.normalize.headings import starts_strongly, starts_structure
from pipeline.normalize.layout import extent, line_tolerance
from pipeline.normalize.lines import Line
from pipeline.normalize.state import Draft, Layout, State
from pipeline.text.cjk import (
    CLOSING_QUOTES,
    NO_LINE_END,
    NO_LINE_START,
    PARAGRAPH_END,
    cjk_ratio,
    display_width,
    is_cjk,
)

_FIRST_UNIT = re.compile(r"^\S+")


def _first_unit_width(text: str) -> float:
    """Width the next line's first unbreakable unit would need: a Latin word, or one CJK character with the
    punctuation that may not be parted from it (an opening bracket before it, closing marks after it)."""
    if not text:
        return 0.0
    if is_cjk(text[0]):
        end = 2 if text[0] in NO_LINE_END and len(text) > 1 else 1
        while end < len(text) and text[end] in NO_LINE_START:
            end += 1
        return display_width(text[:end])
    m = _FIRST_UNIT.match(text)
    word = m.group(0) if m else text[0]
    cut = next((i for i, ch in enumerate(word) if is_cjk(ch)), len(word))
    return cut + 1.0


def _ends_paragraph(text: str) -> bool:
    tail = text.rstrip()
    while tail and tail[-1] in CLOSING_QUOTES:
        tail = tail[:-1]
    return bool(tail) and tail[-1] in PARAGRAPH_END | set(".")


def joint(left: str, right: str) -> str:
    """What follows `left` when `right` joins it: Chinese joins with no space, Latin with one; a line that
    ends in a hyphen or inside a URL joins with none (the dehyphenate pass decides about the hyphen)."""
    if URL_TAIL.search(left[-200:]) or is_cjk(left[-1]) or is_cjk(right[0]) or left.endswith("-"):
        return right
    if left[-1] == right[0] in "…—":
        return right  # an ellipsis or a dash split over two lines is one mark
    return " " + right


def _tolerance(layout: Layout, prev: Line, line: Line) -> float:
    """How short of the full width `prev` may end and still be full. In Latin text a sentence end before a
    capitalised word is judged strictly: a greedy line breaker would have placed the word if it fitted."""
    if not layout.cjk and _ends_paragraph(prev.content) and line.content[:1].isupper():
        return 2.5
    return line_tolerance(layout, prev)


# the enactment notes under a law's title: `2011年2月25日……会议通过` / `2019年4月23日……修正`, one per date
_ENACTED = re.compile(r"(?:通过|修正|修订|公布|施行|发布|印发)[）)]?$")
_DATE_START = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_NUMBERED_TOKEN = re.compile(r"^(\S*\d\S*)\s")


def _same_numbered_start(prev: str, text: str) -> bool:
    """`3.9.0 alpha 1: …` under `3.9.0 beta 2: …`: lines opening with the same numbered token are a list."""
    a, b = _NUMBERED_TOKEN.match(prev), _NUMBERED_TOKEN.match(text)
    return bool(a and b and a.group(1) == b.group(1))


def _title_case(line: Line) -> bool:
    """Every longer word capitalised, as headings in English are: `Dependent Policies`."""
    words = [w for w in re.findall(r"[A-Za-z]+", line.content) if len(w) >= 4]
    return bool(words) and all(w[0].isupper() for w in words)


def _standalone(line: Line, layout: Layout) -> bool:
    """A short line with no sentence punctuation at its end: a heading or a caption, not a paragraph's tail."""
    text = line.content
    full = extent(line, layout) + _tolerance(layout, line, line) + 2 >= layout.width
    if full or _ends_paragraph(text) or text[-1:] in "，、,;；":
        return False
    return cjk_ratio(text) > 0.5 if layout.cjk else text[:1].isupper() or text[:1].isdigit()


def _decide(state: State, prev: Line, line: Line, blank_between: bool, first_of_paragraph: bool) -> tuple[str, bool]:
    """Why the boundary between two lines is a paragraph break ("" when the lines belong together), and
    whether the evidence was weak: a width within two columns of the threshold, or a break on a lone clue."""
    layout = state.layout
    if line.geometry_break is not None and prev.geometry is not None:
        if not line.geometry_break and _ENACTED.search(prev.content) and _DATE_START.match(line.content):
            return "a dated entry follows an enactment note", False
        return line.geometry_break, False
    if blank_between and layout.blank_separated and not line.page_start:
        return "blank line between paragraphs", False
    if not layout.wrapped:
        if layout.blank_separated:  # ragged lines inside blank-separated paragraphs
            return ("next line starts a heading or list item", False) if starts_strongly(line.content) else ("", False)
        return "text is not hard-wrapped", False
    if blank_between and not layout.blank_artifacts and _ends_paragraph(prev.content):
        return "blank line after a sentence end", False
    if layout.explicit_indents and not line.indent_artifact and line.indent() - layout.base_indent >= 2:
        return "next line is indented", False
    if (first_of_paragraph and line.content[:1].islower() and line.content[:1].isascii()
            and prev.content[-1:] not in ".!?:;"):
        # a block's first line is short of the width for reasons of its own (an indent, a heading's larger
        # type); a Latin line in lower case after it continues the sentence
        return "", False
    if _ENACTED.search(prev.content) and _DATE_START.match(line.content):
        return "a dated entry follows an enactment note", False
    if not layout.blank_separated and _same_numbered_start(prev.content, line.content):
        return "lines start alike, as list items do", True
    full = layout.width - (layout.lost_indent if first_of_paragraph else 0)
    room = full - extent(prev, layout)
    needed = _first_unit_width(line.content) + _tolerance(layout, prev, line)
    close = abs(room - needed) < 2
    if room > needed and (_ends_paragraph(prev.content) or room > 0.25 * layout.width or not layout.cjk):
        return "short line", close
    if starts_structure(line.content) and (_ends_paragraph(prev.content) or room > needed
                                           or (starts_strongly(line.content) and prev.content[-1] not in "，、,")):
        return "next line starts a heading or list item", False
    if not layout.blank_separated and _standalone(line, layout) and (_ends_paragraph(prev.content) or (
            not is_cjk(prev.content[-1]) and prev.content[-1] not in ",;-" and (layout.cjk or _title_case(line)))):
        return "next line stands alone", True
    if layout.lost_indent and _ends_paragraph(prev.content) and layout.cjk and not layout.blank_separated:
        shortfall = layout.width - extent(line, layout)
        if abs(shortfall - layout.lost_indent) <= 1:
            return "next line is short by a dropped indent", True
    return "", close or (_ends_paragraph(prev.content) and room > 0)


def _boundaries(lines: list[Line]) -> list[tuple[Line, Line, bool]]:
    """(line, next line, blank line between) for every pair of consecutive text lines."""
    pairs, prev, blank = [], None, False
    for line in lines:
        if line.blank:
            blank = prev is not None
            continue
        if prev is not None:
            pairs.append((prev, line, blank))
        prev, blank = line, False
    return pairs


def _blank_separated(state: State, lines: list[Line]) -> bool:
    """Blank lines separate the paragraphs: nearly every clear paragraph end (a short line ending a sentence)
    is followed by one, and some paragraph runs over several lines. Lines wrapped raggedly (no common width)
    qualify when most lines inside a paragraph stop in mid-sentence."""
    layout = state.layout
    if layout.blank_artifacts:
        return False
    pairs = _boundaries(lines)
    if not layout.wrapped:
        inside = [prev for prev, _, blank in pairs if not blank]
        ends = [blank for _, _, blank in pairs]
        return (sum(ends) >= 2 and len(inside) >= 2
                and sum(1 for prev in inside if not _ends_paragraph(prev.content)) >= 0.7 * len(inside))
    clear = [blank for prev, line, blank in pairs if not line.page_start and _ends_paragraph(prev.content)
             and extent(prev, layout) < layout.width - max(8.0, 0.15 * layout.width)]
    wrapped_runs = any(not blank for _, _, blank in pairs)
    return len(clear) >= 3 and sum(clear) >= 0.9 * len(clear) and wrapped_runs


def unwrap(state: State) -> None:
    """Build paragraphs: each line either joins the paragraph before it or starts a new block."""
    lines = [ln for ln in state.lines if not ln.removed]
    state.layout.blank_separated = _blank_separated(state, lines)
    drafts: list[Draft] = []
    prev: Line | None = None
    blank_between = False
    for line in lines:
        if line.blank:
            blank_between = prev is not None
            continue
        reason, weak = ("first line", False) if prev is None else _decide(
            state, prev, line, blank_between, first_of_paragraph=drafts[-1].lines == 1)
        if weak:
            state.record("uncertain-break" if reason else "uncertain-join", (prev.nos[-1], line.no),
                         before=prev.content[-12:], after=line.content[:12],
                         reason=reason or "line continues the paragraph")
        if reason:
            drafts.append(Draft(text="", parts=[line.content], nos=list(line.nos)))
        else:
            draft = drafts[-1]
            nos = (draft.nos[-1], *line.nos)
            draft.parts.append(joint(draft.parts[-1], line.content))
            draft.joins.append(nos)
            draft.nos.extend(line.nos)
            draft.lines += 1
            state.record("join", nos, reason="line continues the paragraph")
        prev, blank_between = line, False
    for draft in drafts:
        draft.text = "".join(draft.parts)
    state.drafts = drafts
