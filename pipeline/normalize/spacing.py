"""Spacing between Chinese and Latin letters or digits: remove (default), keep or add."""

from __future__ import annotations

import re

from pipeline.normalize.headings import NUM
from pipeline.normalize.state import State

# curly quotes are wide in Chinese text and narrow in English: they count as Chinese only beside Chinese
_QUOTES = "\u201c\u201d\u2018\u2019"
_CJK_CORE = (r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u3200-\u33ff\u3400-\u4dbf"
             r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002fa1f")
CJK = _CJK_CORE + _QUOTES
_LATIN = r"A-Za-z0-9"
_SPACE_AFTER_CJK = re.compile(rf"(?:(?<=[{_CJK_CORE}])|(?<=[{_CJK_CORE}][{_QUOTES}]))[ \t]+(?=[{_LATIN}])")
_SPACE_BEFORE_CJK = re.compile(rf"(?<=[{_LATIN}])[ \t]+(?=[{_QUOTES}]?[{_CJK_CORE}])")
_SPACE_CJK_PUNCT = re.compile(rf"(?<=[（《「『【〔])[ \t]+|[ \t]+(?=[）》」』】〕，。、；：？！])"
                              rf"|(?<=[{_QUOTES}])[ \t]+(?=[{_CJK_CORE}])|(?<=[{_CJK_CORE}])[ \t]+(?=[{_QUOTES}])")
# between two Chinese characters an extraction space is never meaningful
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK_CORE}])[ \t]+(?=[{_CJK_CORE}])")
# except the space that sets a block's label apart from its text (`第一条 内容`, `第二章 总则`)
_LABEL = re.compile(rf"^第[{NUM}\d]+[条章节编部](?:分)?[ \t]+(?=\S)")
_NEED_AFTER_CJK = re.compile(rf"(?<=[\u3400-\u9fff])(?=[{_LATIN}])")
_NEED_BEFORE_CJK = re.compile(rf"(?<=[{_LATIN}])(?=[\u3400-\u9fff])")
_MULTI_SPACE = re.compile(r"[ \t]{2,}")


def apply_policy(text: str, policy: str) -> str:
    text = _MULTI_SPACE.sub(" ", text)
    if policy == "keep":
        return text
    text = _SPACE_CJK_PUNCT.sub("", text)
    label = _LABEL.match(text)
    head, rest = (text[:label.end()], text[label.end():]) if label else ("", text)
    text = head + _SPACE_BETWEEN_CJK.sub("", rest)
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
            state.record(f"cjk-spacing-{state.options.cjk_spacing}", draft.nos[:1],
                         before=draft.text[:60], after=fixed[:60])
            draft.text = fixed
