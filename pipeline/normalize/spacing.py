"""Spacing: letter-spaced CJK lines, CJK/Latin spacing policy."""

from __future__ import annotations

import re

from pipeline.normalize.lines import content_lines, text_width
from pipeline.normalize.state import State

_CJK = (r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u3200-\u33ff\u3400-\u4dbf"
        r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019\U00020000-\U0002fa1f")
_LATIN = r"A-Za-z0-9"
# three or more single CJK characters separated by single spaces, standing apart from the rest of the line
_LETTER_SPACED = re.compile(rf"(?<!\S)(?:[{_CJK}] ){{2,}}[{_CJK}](?!\S)")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_SPACE_AFTER_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_LATIN}])")
_SPACE_BEFORE_CJK = re.compile(rf"(?<=[{_LATIN}])[ \t]+(?=[{_CJK}])")
_SPACE_CJK_PUNCT = re.compile(r"(?<=[（《「『“‘【〔])[ \t]+|[ \t]+(?=[）》」』”’】〕，。、；：？！])")
_NEED_AFTER_CJK = re.compile(rf"(?<=[\u3400-\u9fff])(?=[{_LATIN}])")
_NEED_BEFORE_CJK = re.compile(rf"(?<=[{_LATIN}])(?=[\u3400-\u9fff])")
_MULTI_SPACE = re.compile(r"[ \t]{2,}")


def letter_spacing(state: State) -> None:
    """`查 看 原 文` → `查看原文`: single CJK characters separated by spaces were letter-spaced.

    Justification stretches a short line this way too; its spaced width tells the unwrap pass it was full.
    """
    for line in content_lines(state.lines):
        if _LETTER_SPACED.search(line.content):
            after = _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), line.text)
            state.record("letter-spacing", "remove-letter-spacing", line.nos, before=line.content,
                         after=after.strip())
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
                other.removed = "letter-spacing"
            state.record("letter-spacing", "rejoin-characters", first.nos, before=before, after=first.text)
        run = []


def apply_policy(text: str, policy: str) -> str:
    text = _MULTI_SPACE.sub(" ", text)
    if policy == "keep":
        return text
    text = _SPACE_CJK_PUNCT.sub("", text)
    text = _SPACE_AFTER_CJK.sub("", text)
    text = _SPACE_BEFORE_CJK.sub("", text)
    if policy == "add":
        text = _NEED_BEFORE_CJK.sub(" ", _NEED_AFTER_CJK.sub(" ", text))
    return text


def spacing(state: State) -> None:
    """Spaces between Chinese and Latin letters or digits: remove (default), keep or add."""
    for draft in state.drafts:
        fixed = apply_policy(draft.text, state.options.cjk_spacing)
        if fixed != draft.text:
            state.record("spacing", f"cjk-spacing-{state.options.cjk_spacing}", draft.nos[:1],
                         before=draft.text[:60], after=fixed[:60])
            draft.text = fixed
