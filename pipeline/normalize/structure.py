"""Document structure: article/chapter labels, title, heading levels, sign-off lines."""

from __future__ import annotations

import re

from pipeline.model import HEADING, PARAGRAPH, SIGNOFF, TITLE
from pipeline.normalize.lines import Line, content_lines
from pipeline.normalize.state import Draft, State
from pipeline.text.cjk import PARAGRAPH_END, display_width

_NUM = "一二三四五六七八九十百千零〇两"
# (pattern, level); a block that matches and is short and unpunctuated is a heading of that level
_HEADINGS = [
    (re.compile(rf"^第[{_NUM}\d]+[编部](?:分)?(?:\s|$)"), 1),
    (re.compile(rf"^第[{_NUM}\d]+章"), 1),
    (re.compile(rf"^[{_NUM}]+[、．.]"), 1),
    (re.compile(r"^(?:chapter|part)\s+(?:\d+|[ivxlc]+)\b", re.I), 1),
    (re.compile(rf"^第[{_NUM}\d]+节"), 2),
    (re.compile(rf"^[（(][{_NUM}]+[）)]"), 2),
    (re.compile(r"^section\s+\d+", re.I), 2),
    # decimal numbering: the title after the number starts with a capital or a Chinese character and holds no
    # colon or comma (`3.9.0 alpha 1: Monday, ...` is a list line, not a heading)
    (re.compile(r"^\d+(?:\.\d+){2,}\.?\s+[A-Z\u4e00-\u9fff][^:,：，]*$"), 4),
    (re.compile(r"^\d+\.\d+\.?\s+[A-Z\u4e00-\u9fff][^:,：，]*$"), 3),
    (re.compile(r"^\d+[.．、](?!\d)\s*\S"), 3),
    (re.compile(r"^[（(]\d+[）)]"), 4),
]
# list items and articles start a block of their own but are paragraphs
_ITEMS = [
    re.compile(rf"^第[{_NUM}\d]+条"),
    re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]"),
    re.compile(r"^[•●▪■◆\-–*]\s"),
]
_LABEL_ONLY = re.compile(rf"^第[{_NUM}\d]+([章节条编])$")
# dates and `label: value` lines are not unnumbered headings
_HAS_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月|\d{4}-\d{2}-\d{2}|\S[:：]\s*\S")
# an unnumbered heading is a short line: 30 Chinese characters or 60 Latin letters at most
MAX_HEADING_WIDTH = 60
_DATE = re.compile(rf"^(?:\d{{4}}|[{_NUM}]{{4}})\s*年\s*[\d{_NUM}]{{1,2}}\s*月\s*[\d{_NUM}]{{1,3}}\s*日$")


# the characters a heading pattern can start with
_HEADING_STARTS = set(f"第{_NUM}（(0123456789cCpPsS")


def heading_level(text: str) -> int:
    if text[:1] not in _HEADING_STARTS:
        return 0
    for pattern, level in _HEADINGS:
        if pattern.match(text):
            return level
    return 0


def starts_structure(text: str) -> bool:
    """The line begins like a heading, an article or a list item."""
    return heading_level(text) > 0 or any(p.match(text) for p in _ITEMS)


# labels that never begin a line in the middle of a sentence: an article label set off by a space, chapter
# and section labels, `一、` and `（一）`
_STRONG_START = re.compile(
    rf"^(?:第[{_NUM}\d]+[条章节编][\s\u3000]|第[{_NUM}\d]+[章编]|[{_NUM}]+、|[（(][{_NUM}]+[）)])")


def starts_strongly(text: str) -> bool:
    return bool(_STRONG_START.match(text))


def labels(state: State) -> None:
    """Reunite a label on a line of its own (`第一条`, `第一章`) with the text the extractor moved away from it.

    Column-aware extractors emit a label set apart by wide spacing as its own line, sometimes several labels
    before their texts; each waiting label takes the next text line (a chapter label takes a short title).
    """
    waiting: list[Line] = []
    for line in content_lines(state.lines):
        m = _LABEL_ONLY.match(line.content)
        if m:
            waiting.append(line)
            continue
        if not waiting:
            continue
        is_title = len(line.content) <= 12 and line.content[-1:] not in PARAGRAPH_END
        pick = next((lb for lb in waiting if _LABEL_ONLY.match(lb.content).group(1) in "章节编" and is_title),
                    None)
        if pick is None:
            pick = next((lb for lb in waiting if _LABEL_ONLY.match(lb.content).group(1) == "条"), None)
        if pick is None:
            waiting.clear()
            continue
        waiting.remove(pick)
        before = line.text
        line.set_text(pick.content + "\u3000" + line.content)
        line.extra_nos = [pick.no, *pick.extra_nos, *line.extra_nos]
        line.indent_artifact = True
        pick.removed = "labels"
        state.record("labels", "attach-label", (pick.no, line.no), before=f"{pick.content} | {before.strip()}",
                     after=line.text, reason="label stood on a line of its own")


def _short_unpunctuated(draft: Draft, width: float) -> bool:
    text = draft.text
    return (draft.lines == 1 and text[-1:] not in PARAGRAPH_END | set("，,、.")
            and (width <= 0 or display_width(text) <= width * 1.05))


def structure(state: State) -> None:
    """Title, headings and their levels, sign-off lines."""
    drafts = state.drafts
    if not drafts:
        return
    width = state.layout.width if state.layout.wrapped else 0
    for i, draft in enumerate(drafts):
        level = heading_level(draft.text)
        if level and _short_unpunctuated(draft, width):
            _set(state, draft, HEADING, level, "numbered heading")
        elif (not level and not any(p.match(draft.text) for p in _ITEMS) and i + 1 < len(drafts)
              and _short_unpunctuated(draft, width * 0.8 if width else 0)
              and display_width(draft.text) <= MAX_HEADING_WIDTH and not _HAS_DATE.search(draft.text)):
            _set(state, draft, HEADING, 0, "short line standing alone")
    _assign_unnumbered_levels(drafts)
    first = drafts[0]
    if len(drafts) > 1 and first.kind == HEADING and len(first.text) <= 80:
        _set(state, first, TITLE, 0, "first short line")
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
    state.record("structure", f"mark-{kind}", draft.nos[:1], after=draft.text[:40],
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
