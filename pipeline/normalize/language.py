"""The document's language, from the script of its first blocks."""

from __future__ import annotations

from pipeline.normalize.state import State
from pipeline.text.cjk import cjk_ratio, is_han

# Traditional when at least this many Han characters exist only in traditional Chinese (in Big5, not in
# GB 2312) and they outnumber those that exist only in simplified Chinese
MIN_TRADITIONAL = 3


def language(state: State) -> None:
    """Chinese when a fifth of the first blocks' characters are CJK (or there is no text), else English;
    Chinese in traditional characters is `zh-Hant`."""
    texts = [d.text.strip() for d in state.drafts if d.text.strip()]
    sample = "".join(texts[:50])[:20000]
    chinese = not texts or cjk_ratio(sample) >= 0.2
    if not chinese:
        state.language = "en"
        return
    state.language = "zh-Hant" if is_traditional(sample) else "zh-CN"


def is_traditional(text: str) -> bool:
    """More Han characters only Big5 has than only GB 2312 has (`裏這個說` against `里这个说`)."""
    traditional = simplified = 0
    for ch in set(text):
        if not is_han(ch):
            continue
        in_gb, in_big5 = _encodes(ch, "gb2312"), _encodes(ch, "big5")
        traditional += in_big5 and not in_gb
        simplified += in_gb and not in_big5
    return traditional >= MIN_TRADITIONAL and traditional > simplified


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True
