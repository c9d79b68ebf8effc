"""Bytes to text: encodings, newlines, characters no format can hold, input that is not text."""

from __future__ import annotations

import codecs

import pytest

from pipeline import normalize
from pipeline.errors import InputError
from pipeline.read.decode import decode

TEXT = "第一条　为了保护人的生命和健康，维护人的尊严，发扬人道主义精神。\n會議指出，要堅持教育服務。\n"


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8 (BOM)"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le (BOM)"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be (BOM)"),
])
def test_unicode_encodings(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "big5"])
def test_chinese_legacy_encodings(encoding: str) -> None:
    simplified = "会议指出，要坚持教育服务高质量发展这个硬道理。"
    traditional = "會議指出，要堅持教育服務高質量發展這個硬道理。"
    text = traditional if encoding == "big5" else simplified
    decoded = decode((text * 5).encode(encoding))
    assert decoded.text == text * 5


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n", "\u2028"])
def test_newlines(newline: str) -> None:
    assert decode(f"甲{newline}乙{newline}丙".encode()).text == "甲\n乙\n丙"


def test_controls_and_zero_width_removed_and_recorded() -> None:
    doc = normalize("第一\x00行\u200b文字\x07。\n".encode())
    assert doc.blocks[0].text == "第一行文字。"
    removed = [c for c in doc.report.changes if c.pass_name == "decode"]
    assert len(removed) == 3
    assert removed[0].lines == (1,)


def test_lone_surrogates_and_noncharacters_removed() -> None:
    doc = normalize("好\ud800的\ufffe。")
    assert doc.blocks[0].text == "好的。"


def test_binary_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    with pytest.raises(InputError, match="not text|binary"):
        decode(png, path="image.txt")


def test_mostly_utf8_reports_invalid_bytes_with_offsets() -> None:
    data = ("很长的一段正常文字。" * 40).encode() + b"\xb2\xe2" + "结尾。".encode()
    decoded = decode(data)
    start = len(("很长的一段正常文字。" * 40).encode())
    assert decoded.undecodable == [start, start + 1]
    doc = normalize(data)
    assert any("byte offset" in w.message for w in doc.report.warnings)


def test_size_limit() -> None:
    with pytest.raises(InputError, match="limit"):
        decode(b"a" * 101, path="big.txt", max_bytes=100)


@pytest.mark.parametrize("data", [b"", b"   \n\n\t \n"])
def test_empty_input_gives_an_empty_document(data: bytes) -> None:
    assert normalize(data).blocks == []


def test_only_page_markers_gives_an_empty_document_with_removals_recorded() -> None:
    doc = normalize(b"- 1 -\n\n- 2 -\n\n- 3 -\n")
    assert doc.blocks == []
    assert sorted(doc.report.removed_lines.values()) == ["- 1 -", "- 2 -", "- 3 -"]
