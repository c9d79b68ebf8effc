"""The document's language, from the script of its first blocks."""

from __future__ import annotations

from pipeline.normalize.state import State
from pipeline.text.cjk import cjk_ratio


def language(state: State) -> None:
    """Chinese when a fifth of the first blocks' characters are CJK (or there is no text), else English."""
    texts = [d.text.strip() for d in state.drafts if d.text.strip()]
    chinese = not texts or cjk_ratio("".join(texts[:50])[:20000]) >= 0.2
    state.language = "zh-CN" if chinese else "en"
