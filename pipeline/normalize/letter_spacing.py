"""Letter-spaced CJK lines: `查 看 原 文` → `查看原文`."""

from __future__ import annotations

import re

from pipeline.normalize.lines import content_lines, text_width
from pipeline.normalize.spacing import CJK
from pipeline.normalize.state import State

# three or more single CJK characters separated by single spaces, standing apart from the rest of the line
_LETTER_SPACED = re.compile(rf"(?<!\S)(?:[{CJK}] ){{2,}}[{CJK}](?!\S)")
_CJK_CHAR = re.compile(rf"[{CJK}]")


def letter_spacing(state: State) -> None:
    """`查 看 原 文` → `查看原文`: single CJK characters separated by spaces were letter-spaced.

    Justification stretches a short line this way too; its spaced width tells the unwrap pass it was full.
    """
    for line in content_lines(state.lines):
        if _LETTER_SPACED.search(line.content):
            after = _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), line.text)
            state.record("remove-letter-spacing", line.nos, before=line.content, after=after.strip())
            line.spaced_width = text_width(line.content)
            line.set_text(after)
    _rejoin_scattered(state)


def _rejoin_scattered(state: State) -> None:
    """A line stretched so far that the extractor gave each character a line of its own: 查 / 看 / 原 / 文."""
    run: list = []
    for line in [*content_lines(state.lines), None]:
        if line is not None and len(line.content) == 1 and _CJK_CHAR.match(line.content):
            run.append(line)
            continue
        if len(run) >= 3:
            first = run[0]
            before = " / ".join(ln.content for ln in run)
            first.set_text("".join(ln.content for ln in run))
            first.spaced_width = float("inf")
            for other in run[1:]:
                first.extra_nos.extend(other.nos)
                other.removed = state.running
            state.record("rejoin-characters", first.nos, before=before, after=first.text)
        run = []
