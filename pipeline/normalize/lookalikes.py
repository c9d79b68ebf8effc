"""Look-alike code points that extractors emit in place of ordinary characters."""

from __future__ import annotations

import re
import unicodedata

from pipeline.normalize.state import State

# CJK Radicals Supplement forms used for simplified characters; NFKC leaves most of them alone
_RADICALS = dict(zip(
    "⺟⺠⻅⻆⻉⻋⻓⻔⻙⻚⻛⻜⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳⻄⻝⻘⻗",
    "母民见角贝车长门韦页风飞马骨鬼鱼鸟卤麦黄黾齐齿龙龟西食青雨",
))
# Kangxi radicals whose NFKC form is the traditional variant of a character simplified text uses
_KANGXI_SIMPLIFIED = {"⼾": "户", "⾨": "门", "⾧": "长", "⾺": "马", "⾾": "鬥", "⿁": "鬼", "⿂": "鱼", "⿃": "鸟"}
_LOOKALIKE = re.compile(
    "[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\ufb00-\ufb06\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
    "\U0002f800-\U0002fa1f]"
)


def plain_char(ch: str) -> str:
    if ch in _RADICALS:
        return _RADICALS[ch]
    if ch in _KANGXI_SIMPLIFIED:
        return _KANGXI_SIMPLIFIED[ch]
    mapped = unicodedata.normalize("NFKC", ch)
    return mapped if mapped != ch else ch


def map_lookalikes(text: str) -> str:
    return _LOOKALIKE.sub(lambda m: plain_char(m.group(0)), text)


def lookalikes(state: State) -> None:
    """Kangxi/supplement radicals, compatibility ideographs, ligatures, full-width Latin → ordinary characters."""
    for line in state.lines:
        if line.removed or not _LOOKALIKE.search(line.text):
            continue
        fixed = map_lookalikes(line.text)
        if fixed != line.text:
            state.record("map-characters", line.nos, before=line.text, after=fixed,
                         reason="look-alike code points")
            line.set_text(fixed)
