"""A hyphen at a line break inside a word goes; a real hyphen stays."""

from __future__ import annotations

import re

from pipeline.normalize.lines import Line
from pipeline.normalize.state import State
from pipeline.text.english import english_words

_WORD_END = re.compile(r"([A-Za-z]+)( ?)-$")
_COMPOUND_END = re.compile(r"[A-Za-z]-[A-Za-z]+ ?-$")
_WORD_START = re.compile(r"^([a-z]+)")
URL_TAIL = re.compile(r"(?:https?://|www\.)\S*$")


class _Vocabulary:
    """The document's own words, to tell a line-break hyphen from a real one."""

    def __init__(self, lines: list[Line]) -> None:
        texts = [ln.content for ln in lines if not ln.blank]
        # the fragments around a line-end hyphen are not evidence for themselves
        for i, text in enumerate(texts):
            if _WORD_END.search(text) and i + 1 < len(texts):
                texts[i] = _WORD_END.sub("", text)
                texts[i + 1] = _WORD_START.sub("", texts[i + 1])
        text = " ".join(texts)
        self.words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
        self.compounds = {w.lower() for w in re.findall(r"[A-Za-z]+-[A-Za-z]+", text)}

    def keep_hyphen(self, left: str, right: str) -> bool:
        """The document's own spelling first (`source-only`, `unversioned`), then the word list: a joined
        word it knows goes together (`how-|ever`); two words it knows keep their hyphen (`long-|term`,
        `user-|defined`); fragments (`mechan-|ics`) go together."""
        joined, hyphenated = (left + right).lower(), f"{left}-{right}".lower()
        if hyphenated in self.compounds:
            return True
        if joined in self.words:
            return False
        english = english_words()
        if joined in english:
            return False
        known = self.words | english
        return len(left) > 1 and len(right) > 1 and left.lower() in known and right.lower() in known


def dehyphenate(state: State) -> None:
    """At each joint unwrap made after a hyphen: drop it when the document's words say it broke a word."""
    vocab = _Vocabulary([ln for ln in state.lines if not ln.removed])
    for draft in state.drafts:
        for i, nos in enumerate(draft.joins):
            left, right = draft.parts[i], draft.parts[i + 1]
            if URL_TAIL.search(left[-200:]):
                continue  # a URL broken across lines: its hyphens and slashes are its own
            m, n = _WORD_END.search(left), _WORD_START.match(right)
            if not (m and n):
                continue
            if _COMPOUND_END.search(left) or vocab.keep_hyphen(m.group(1), n.group(1)):
                if m.group(2):  # `word -` before a word: a dash, spaced on both sides
                    draft.parts[i + 1] = " " + right
                continue
            state.record("remove-hyphen", nos, before=f"{m.group(1)}{m.group(2)}-|{n.group(1)}",
                         after=m.group(1) + n.group(1), reason="hyphen at a line break")
            draft.parts[i] = left[: m.start(2)]
        draft.text = "".join(draft.parts)
