"""Bytes to text: encoding detection, newlines, characters that no output format can hold."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError

DEFAULT_MAX_BYTES = 64_000_000
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# zero-width and formatting characters that extractors leave behind
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
# C0/C1 controls (tab, newline and form feed are kept), surrogates, noncharacters
_UNFIT = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
    + _INVISIBLE
    + "]"
)


@dataclass
class Decoded:
    text: str
    encoding: str
    # (line number, character, name) of each removed character
    removed: list[tuple[int, str, str]] = field(default_factory=list)
    undecodable: list[int] = field(default_factory=list)


def read_input(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a source file, refusing one over the size limit before reading any of it."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"input is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit",
                         path=str(path), hint="raise it with --max-size")
    return path.read_bytes()


def decode(data: bytes, path: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode extracted text; refuse what is not text. Newlines become `\\n`, form feeds are kept."""
    if len(data) > max_bytes:
        raise InputError(
            f"input is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit",
            path=path, hint="raise it with --max-size",
        )
    text, encoding, bad = _to_str(data, path)
    text, removed = clean_text(text)
    return Decoded(text=text, encoding=encoding, removed=removed, undecodable=bad)


def clean_text(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Unify newlines and drop characters no output format can hold, recording each by line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    removed: list[tuple[int, str, str]] = []
    if not _UNFIT.search(text):
        return text, removed
    out = []
    line = 1
    for ch in text:
        if ch == "\n":
            line += 1
        if _UNFIT.match(ch):
            removed.append((line, ch, unicodedata.name(ch, f"U+{ord(ch):04X}")))
            continue
        out.append(ch)
    return "".join(out), removed


def _to_str(data: bytes, path: str) -> tuple[str, str, list[int]]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "") + " (BOM)", []
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} at byte {exc.start}", path=path) from None
    if not data:
        return "", "utf-8", []
    if b"\x00" in data[:4096] and data[:4096].count(b"\x00") > len(data[:4096]) // 8:
        guess = _utf16_without_bom(data)
        if guess:
            return guess
        raise InputError("input is binary data, not text", path=path, hint="give the text extracted from the PDF")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    for encoding in _candidates(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return text, encoding, []
    return _mostly_utf8(data, path)


def _utf16_without_bom(data: bytes) -> tuple[str, str, list[int]] | None:
    sample = data[:4096]
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    encoding = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return (text, encoding, []) if _looks_like_text(text) else None


def _candidates(data: bytes) -> list[str]:
    from charset_normalizer import from_bytes

    found = []
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        found.append(best.encoding)
    # charset detection is weak on short Chinese texts: try the common Chinese encodings too
    for encoding in ("gb18030", "big5"):
        if encoding not in found:
            found.append(encoding)
    return found


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    sample = text[:20000]
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\r\t\f")
    return bad / len(sample) < 0.01


def _mostly_utf8(data: bytes, path: str) -> tuple[str, str, list[int]]:
    """UTF-8 with a few broken sequences: decode what is valid and report the rest by byte offset."""
    bad: list[int] = []

    def handler(exc: UnicodeDecodeError) -> tuple[str, int]:
        bad.append(exc.start)
        return "", exc.end

    codecs.register_error("pressline-report", handler)
    text = data.decode("utf-8", errors="pressline-report")
    if len(bad) > max(8, len(data) // 200) or not _looks_like_text(text):
        raise InputError(
            "input is not text in any supported encoding (UTF-8, UTF-16, GB18030/GBK, Big5)",
            path=path, hint="give the text extracted from the PDF",
        )
    return text, "utf-8 (with invalid bytes)", bad
