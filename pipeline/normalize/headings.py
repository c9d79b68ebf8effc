"""How headings, articles and list items begin: the patterns the unwrap and structure passes share."""

from __future__ import annotations

import re

NUM = "一二三四五六七八九十百千零〇两"
# (pattern, level); a block that matches and is short and unpunctuated is a heading of that level
_HEADINGS = [
    (re.compile(rf"^第[{NUM}\d]+[编部](?:分)?(?:\s|$)"), 1),
    (re.compile(rf"^第[{NUM}\d]+章"), 1),
    (re.compile(rf"^[{NUM}]+[、．.]"), 1),
    (re.compile(r"^(?:chapter|part)\s+(?:\d+|[ivxlc]+)\b", re.I), 1),
    (re.compile(rf"^第[{NUM}\d]+节"), 2),
    (re.compile(rf"^[（(][{NUM}]+[）)]"), 2),
    (re.compile(r"^section\s+\d+", re.I), 2),
    # decimal numbering: the title after the number starts with a capital or a Chinese character and holds no
    # colon or comma (`3.9.0 alpha 1: Monday, ...` is a list line, not a heading)
    (re.compile(r"^\d+(?:\.\d+){2,}\.?\s+[A-Z\u4e00-\u9fff][^:,：，]*$"), 4),
    (re.compile(r"^\d+\.\d+\.?\s+[A-Z\u4e00-\u9fff][^:,：，]*$"), 3),
    (re.compile(r"^\d+[.．、](?!\d)\s*\S"), 3),
    (re.compile(r"^[（(]\d+[）)]"), 4),
]
# list items and articles start a block of their own but are paragraphs
ITEMS = [
    re.compile(rf"^第[{NUM}\d]+条"),
    re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]"),
    re.compile(r"^[•●▪■◆\-–*]\s"),
]
# the characters a heading pattern can start with
_HEADING_STARTS = set(f"第{NUM}（(0123456789cCpPsS")


def heading_level(text: str) -> int:
    if text[:1] not in _HEADING_STARTS:
        return 0
    for pattern, level in _HEADINGS:
        if pattern.match(text):
            return level
    return 0


def starts_structure(text: str) -> bool:
    """The line begins like a heading, an article or a list item."""
    return heading_level(text) > 0 or any(p.match(text) for p in ITEMS)


# labels that never begin a line in the middle of a sentence: an article label set off by a space, chapter
# and section labels, `一、` and `（一）`
_STRONG_START = re.compile(
    rf"^(?:第[{NUM}\d]+[条章节编][\s\u3000]|第[{NUM}\d]+[章编]|[{NUM}]+、|[（(][{NUM}]+[）)])")


def starts_strongly(text: str) -> bool:
    return bool(_STRONG_START.match(text))
