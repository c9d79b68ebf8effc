"""A clreq checker for the PDFs the tests build: what a Chinese book editor looks at, measured on the glyphs.

`problems(data, blocks)` reads every text line of the PDF (PDFium's characters, page numbers left
out) and returns one message per fault:

- a line that starts with punctuation that may not start a line, or ends with one that may not end it
  (inside a block);
- a name, number with its unit, Latin word or URL cut by a line end (`words.protected_spans`);
- a gap between two characters wider than `MAX_GAP_EM` of the font size;
- two consecutive full-width punctuation marks not compressed (the second starts a whole em or more after
  the first);
- a Han character and a Latin letter or digit side by side without a gap of at least `MIN_HAN_LATIN_EM`.
"""

from __future__ import annotations

import re

from pipeline.model import Block
from pipeline.text import words
from pipeline.text.cjk import NO_LINE_END, NO_LINE_START, is_han
from pipeline.typeset.spacing import PUNCTUATION

MAX_GAP_EM = 0.5
MIN_HAN_LATIN_EM = 0.2
# two punctuation marks in a row: the second starts less than this after the first when compressed
MAX_PUNCTUATION_PAIR_EM = 0.8
_URL = re.compile(r"(?:https?://|www\.)[!-~]+")
_PAGE_NUMBER = re.compile(r"^(?:—\d+—|\d+)$")


def text_lines(data: bytes) -> list[list[dict]]:
    """Every line of the PDF as its characters, left to right; lines top to bottom, page after page.

    Character boxes come from PDFium's loose boxes (the advance and the font's height), which follow the
    character spacing (Tc) of every glyph; pdfminer drops it for some glyphs of subset fonts.
    """
    import pypdfium2 as pdfium

    found = []
    pdf = pdfium.PdfDocument(data)
    try:
        for page in pdf:
            text = page.get_textpage()
            chars: list[dict] = []
            for i in range(text.count_chars()):
                ch = text.get_text_range(i, 1)
                box = text.get_charbox(i, loose=True)
                if ch == "":
                    # a character beyond the BMP comes as two empty entries with one box: one placeholder
                    if chars and chars[-1]["text"] == "\ufffd" and chars[-1]["box"] == box:
                        continue
                    ch = "\ufffd"
                if not ch.strip():
                    if chars:
                        chars[-1]["space_after"] = True
                    continue
                left, bottom, right, top = box
                chars.append({"text": ch, "x0": left, "x1": right, "top": -top, "size": top - bottom, "box": box})
            rows: list[list[dict]] = []
            for char in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
                if rows and abs(char["top"] - rows[-1][0]["top"]) < char["size"] * 0.3:
                    rows[-1].append(char)
                else:
                    rows.append([char])
            for row in rows:
                row.sort(key=lambda c: c["x0"])
                if not _PAGE_NUMBER.match("".join(c["text"] for c in row)):
                    found.append(row)
    finally:
        pdf.close()
    return found


def problems(data: bytes, blocks: list[Block]) -> list[str]:
    lines = text_lines(data)
    texts = ["".join(c["text"] for c in line) for line in lines]
    found = _breaks(texts, blocks)
    for line, text in zip(lines, texts):
        urls = [m.span() for m in _URL.finditer(text)]
        for k in range(len(line) - 1):
            a, b = line[k], line[k + 1]
            em = max(a["size"], b["size"])
            gap = b["x0"] - a["x1"]
            if gap > MAX_GAP_EM * em and not a.get("space_after") and not any(s <= k < e for s, e in urls):
                found.append(f"gap of {gap / em:.2f} em after {a['text']!r} in {text!r}")
            if a["text"] in PUNCTUATION and b["text"] in PUNCTUATION and a["x1"] - a["x0"] >= 0.9 * em:
                if b["x0"] - a["x0"] > MAX_PUNCTUATION_PAIR_EM * em:
                    found.append(f"{a['text']}{b['text']} not compressed in {text!r}")
            latin = (is_han(a["text"]) and _latin(b["text"])) or (_latin(a["text"]) and is_han(b["text"]))
            if latin and gap < MIN_HAN_LATIN_EM * em:
                found.append(f"no gap between {a['text']!r} and {b['text']!r} in {text!r}")
    return found


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _breaks(texts: list[str], blocks: list[Block]) -> list[str]:
    """Prohibited punctuation at a line's edge and protected spans cut, by the blocks' text positions."""
    squeezed = [re.sub(r"\s+", "", t) for t in texts]
    edges, pos = {0}, 0
    for block in blocks:
        pos += len(re.sub(r"\s+", "", block.text))
        edges.add(pos)
    found, ends, pos = [], set(), 0
    for line in squeezed:
        starts_block, ends_block = pos in edges, pos + len(line) in edges
        if (line[:1] in NO_LINE_START and not starts_block) or (line[-1:] in NO_LINE_END and not ends_block):
            found.append(f"prohibited punctuation at the edge of {line!r}")
        pos += len(line)
        ends.add(pos)
    offset = 0
    for block in blocks:
        at = [0]
        for ch in block.text:
            at.append(at[-1] + (not ch.isspace()))
        # a URL longer than a line has to be cut (after a slash or a dot where it can)
        masked = _URL.sub(lambda m: "口" * len(m.group()), block.text)
        for start, end in words.protected_spans(masked):
            if any(offset + at[start] < e < offset + at[end] for e in ends):
                found.append(f"{block.text[start:end]!r} broken across lines")
        offset += at[-1]
    return found
