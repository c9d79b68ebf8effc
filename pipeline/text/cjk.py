"""Character classes shared by the normalizer and the writers: scripts, display width, line-break rules."""

from __future__ import annotations

import functools
import re
import unicodedata

# clreq: characters that may not start a line (closing punctuation, pause/stop marks, small kana ...)
NO_LINE_START = set(
    "，。、；：？！）》」』”’〕〗】｝〉›»·…‥—～％‰℃°′″"
    ",.;:?!)]}>%"
    "ゝゞヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ々〻"
)
# clreq: characters that may not end a line (opening brackets and quotes)
NO_LINE_END = set("（《「『“‘〔〖【｛〈‹«([{<＄￥$£€")
SENTENCE_END = set("。！？!?…")
# punctuation after which a Chinese line may well end a paragraph
PARAGRAPH_END = SENTENCE_END | set("：:；;")
CLOSING_QUOTES = set("”’」』）)》")
# a URL: a scheme or www. and every printable ASCII character after it
URL = re.compile(r"(?:https?://|www\.)[!-~]+")
# characters XML 1.0 cannot hold (controls other than tab and newlines, lone surrogates, U+FFFE/U+FFFF)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# curly quotes and a few symbols are rendered wide in Chinese typesetting although Unicode calls them ambiguous
WIDE_IN_CJK = set("“”‘’…—·")


# the character tests are pure and run for every character of every line: a cache lookup is cheaper
@functools.cache
def is_cjk(ch: str) -> bool:
    """Han ideographs, kana, CJK symbols and full-width forms."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x2FDF
        or 0x3000 <= o <= 0x303F
        or 0x3040 <= o <= 0x30FF
        or 0x3100 <= o <= 0x312F
        or 0x31A0 <= o <= 0x31BF
        or 0x3200 <= o <= 0x33FF
        or 0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x2FA1F
    )


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F


@functools.cache
def char_width(ch: str, cjk_context: bool = True) -> int:
    """Display columns: 2 for wide characters, 0 for combining marks, else 1."""
    if unicodedata.combining(ch):
        return 0
    eaw = unicodedata.east_asian_width(ch)
    if eaw in ("W", "F"):
        return 2
    if cjk_context and (eaw == "A" and ch in WIDE_IN_CJK):
        return 2
    return 1


def display_width(text: str, cjk_context: bool = True) -> int:
    return sum(char_width(ch, cjk_context) for ch in text)


# the ranges of is_cjk, for counting in bulk
CJK_CLASS = ("\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u3200-\u33ff\u3400-\u4dbf"
             "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002fa1f")
_CJK_RUN = re.compile(f"[{CJK_CLASS}]")
_SPACE = re.compile(r"\s")


def cjk_ratio(text: str) -> float:
    """Share of the non-space characters that are CJK."""
    chars = len(text) - len(_SPACE.findall(text))
    if not chars:
        return 0.0
    # U+3000 is both CJK and a space: it counts as neither
    return (len(_CJK_RUN.findall(text)) - text.count("\u3000")) / chars
