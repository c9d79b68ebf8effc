"""Document structure: title, headings and their levels, sign-off lines."""

from __future__ import annotations

import re

from pipeline.model import BYLINE, HEADING, PARAGRAPH, SIGNOFF, TITLE
from pipeline.normalize.headings import ITEMS, NUM, heading_level
from pipeline.normalize.state import Draft, State
from pipeline.text.cjk import PARAGRAPH_END, display_width

# dates and `label: value` lines are not unnumbered headings
_HAS_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月|\d{4}-\d{2}-\d{2}|\S[:：]\s*\S")
# an unnumbered heading is a short line: 30 Chinese characters or 60 Latin letters at most
MAX_HEADING_WIDTH = 60
_DATE = re.compile(rf"^(?:\d{{4}}|[{NUM}]{{4}})\s*年\s*[\d{NUM}]{{1,2}}\s*月\s*[\d{NUM}]{{1,3}}\s*日$")
# an author line under the title: `·鲁迅·`, `作者：张三`, `文／李四`
_BYLINE = re.compile(r"^(?:[·•・]\s*[^\s·•・]{1,15}\s*[·•・]|(?:作者|文|撰文|记者|译者|编者)\s*[：:／/]\s*\S.{0,30})$")


def _short_unpunctuated(draft: Draft, width: float) -> bool:
    text = draft.text
    return (draft.lines == 1 and text[-1:] not in PARAGRAPH_END | set("，,、.")
            and (width <= 0 or display_width(text) <= width * 1.05))


def structure(state: State) -> None:
    """Title, author line, headings and their levels, sign-off lines."""
    drafts = state.drafts
    if not drafts:
        return
    width = state.layout.width if state.layout.wrapped else 0
    for i, draft in enumerate(drafts):
        level = heading_level(draft.text)
        if level and _short_unpunctuated(draft, width):
            _set(state, draft, HEADING, level, "numbered heading")
        elif (not level and not any(p.match(draft.text) for p in ITEMS) and i + 1 < len(drafts)
              and _short_unpunctuated(draft, width * 0.8 if width else 0)
              and display_width(draft.text) <= MAX_HEADING_WIDTH and not _HAS_DATE.search(draft.text)):
            _set(state, draft, HEADING, 0, "short line standing alone")
    _assign_unnumbered_levels(drafts)
    first = drafts[0]
    if len(drafts) > 1 and first.kind == HEADING and len(first.text) <= 80:
        _set(state, first, TITLE, 0, "first short line")
    if first.kind == TITLE and len(drafts) > 2 and drafts[1].lines == 1 and _BYLINE.match(drafts[1].text.strip()):
        _set(state, drafts[1], BYLINE, 0, "author line under the title")
    _signoff(state, drafts)


def _assign_unnumbered_levels(drafts: list[Draft]) -> None:
    numbered_top = any(d.kind == HEADING and d.level == 1 for d in drafts)
    for d in drafts:
        if d.kind == HEADING and d.level == 0:
            d.level = 2 if numbered_top else 1


def _set(state: State, draft: Draft, kind: str, level: int, reason: str) -> None:
    if draft.kind == kind and draft.level == level:
        return
    draft.kind, draft.level = kind, level
    state.record(f"mark-{kind}", draft.nos[:1], after=draft.text[:40],
                 reason=reason + (f", level {level}" if level else ""))


def _signoff(state: State, drafts: list[Draft]) -> None:
    """Issuing body and date at the end of a document: short lines ending with a date."""
    last = drafts[-1]
    if len(drafts) < 3 or not _DATE.match(last.text.replace(" ", "")):
        return
    _set(state, last, SIGNOFF, 0, "closing date")
    body = drafts[-2]
    if body.kind in (HEADING, PARAGRAPH) and len(body.text) <= 30 and body.text[-1:] not in PARAGRAPH_END:
        _set(state, body, SIGNOFF, 0, "issuing body above the closing date")
