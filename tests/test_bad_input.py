"""Hostile and broken inputs: a correct document or a clear one-line refusal, never a traceback or a bad file."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED
from validators import docx_text, epubcheck, pdf_text, squeeze

from pipeline import atomic, normalize
from pipeline.errors import PipelineError

BAD = FIXTURES / "bad"
PARAGRAPH = ("会议指出，要坚持教育服务高质量发展这个硬道理，以习近平新时代中国特色社会主义思想为指导，"
             "构建中国特色、世界水平的高质量教育体系。")
REFUSED = {
    "empty.txt": "no text",
    "whitespace-only.txt": "no text",
    "only-page-markers.txt": "no text",
    "image-renamed.txt": "not text",
}
# file -> text the repaired document must hold (whitespace ignored)
TEXT = {
    "utf8-bom.txt": PARAGRAPH,
    "utf16le-bom.txt": PARAGRAPH,
    "utf16be-bom.txt": PARAGRAPH,
    "gb18030.txt": PARAGRAPH * 3,
    "big5.txt": "會議指出，要堅持教育服務高質量發展這個硬道理。" * 4,
    "crlf.txt": PARAGRAPH,
    "cr-only.txt": PARAGRAPH,
    "mixed-newlines.txt": PARAGRAPH,
    "control-characters.txt": "第一行文字，还有字。" + PARAGRAPH,
    "zero-width-and-separators.txt": "零宽字符。下一行文字。再下一段。",
    "markup-lookalike.txt": '<b>粗体</b>&amp;<fontname="x">字体</font>]]><script>alert(1)</script><para>段</para>',
    "astral-emoji-combining-rtl.txt": "生僻字𠮷和表情😀，组合字符e\u0301和n\u0303，阿拉伯文مرحبا与希伯来文שלום。",
    "name with spaces 'quotes' 中文.txt": PARAGRAPH,
    "CON.txt": PARAGRAPH,
}
SLUGS = {"name with spaces 'quotes' 中文.txt": "name-with-spaces-quotes-中文", "CON.txt": "doc-CON"}


def pressline(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    """Every bad input built in one batch: failures must not stop the others."""
    out = tmp_path_factory.mktemp("bad-build")
    files = sorted(str(p) for p in BAD.iterdir())
    return pressline("build", *files, "-o", str(out), "--jobs", "2", "--force"), out


def slug(name: str) -> str:
    return SLUGS.get(name, Path(name).stem)


def test_batch_exits_one_and_lists_every_failure(batch) -> None:
    result, _ = batch
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for name, message in REFUSED.items():
        line = next(ln for ln in result.stderr.splitlines() if name in ln and "error" in ln)
        assert message in line


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_inputs_leave_no_output(batch, name: str) -> None:
    _, out = batch
    assert not list(out.glob(f"{slug(name)}.*"))


@pytest.mark.parametrize("name", sorted(TEXT))
def test_outputs_hold_the_text_and_reopen(batch, name: str) -> None:
    _, out = batch
    base = out / slug(name)
    expected = squeeze(TEXT[name])
    assert squeeze(Path(f"{base}.txt").read_text(encoding="utf-8")) == expected
    assert squeeze(docx_text(Path(f"{base}.docx").read_bytes())) == expected
    assert expected in squeeze(pdf_text(Path(f"{base}.pdf").read_bytes())) or name.startswith("astral")
    with zipfile.ZipFile(f"{base}.epub") as epub:
        assert epub.testzip() is None
        body = "".join(epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml"))
    assert "<script>" not in body and "<b>" not in body


def test_astral_pdf_draws_what_the_fonts_have(batch) -> None:
    _, out = batch
    text = squeeze(pdf_text((out / "astral-emoji-combining-rtl.pdf").read_bytes()))
    assert "𠮷" in text and "生僻字" in text


def test_every_epub_passes_epubcheck(batch) -> None:
    _, out = batch
    epubs = sorted(out.glob("*.epub"))
    assert len(epubs) == len(list(BAD.iterdir())) - len(REFUSED)
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = dict(zip(epubs, pool.map(epubcheck, epubs)))
    bad = {p.name: [m["message"] for m in msgs if m["severity"] in ("FATAL", "ERROR", "WARNING")]
           for p, msgs in reports.items()}
    assert {k: v for k, v in bad.items() if v} == {}


def test_invalid_bytes_are_reported_with_offsets() -> None:
    doc = normalize((BAD / "invalid-utf8.txt").read_bytes())
    assert any("byte offset" in w.message for w in doc.report.warnings)
    assert doc.blocks[0].text.startswith("会议指出")


def test_gbk_bytes_inside_utf8_are_reported_not_garbled() -> None:
    doc = normalize((BAD / "gbk-bytes-in-utf8.txt").read_bytes())
    assert any("byte offset" in w.message for w in doc.report.warnings)
    assert all("\ufffd" not in b.text for b in doc.blocks)


def test_huge_file_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: no disk used
    # 1 GB of address space: reading the 3 GB file before refusing it would fail with MemoryError
    limit = (1024**3, 1024**3)
    result = pressline("normalize", str(huge), "--max-size", "10",
                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, limit))
    assert result.returncode == 1
    assert "over the 10 MB limit" in result.stderr


def test_long_line_without_newline(tmp_path: Path) -> None:
    line = tmp_path / "line.txt"
    line.write_text("这是一个没有换行的很长的句子，" * 200_000, encoding="utf-8")
    result = pressline("normalize", str(line), "-o", str(tmp_path / "out.txt"))
    assert result.returncode == 0, result.stderr
    assert len((tmp_path / "out.txt").read_text(encoding="utf-8")) == 15 * 200_000 + 1


def test_output_folder_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = pressline("build", str(SEED), "-o", str(blocker), "--formats", "text")
    assert result.returncode == 2
    assert "is a file" in result.stderr
    result = pressline("build", str(SEED), "-o", str(blocker / "inside"), "--formats", "text")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert str(blocker) in result.stderr


def test_full_disk_is_a_clear_error_and_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.pdf"
    target.write_bytes(b"old")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    with pytest.raises(PipelineError, match="No space left on device"):
        atomic.write_bytes(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.pdf"]


def test_build_killed_at_any_moment_leaves_old_or_new_artifacts(tmp_path: Path) -> None:
    """Kill a build at a series of moments; every artifact is always complete (the old one or a new one)."""
    book = tmp_path / "book.txt"
    book.write_bytes(SEED.read_bytes() * 30)
    out = tmp_path / "out"
    first = pressline("build", str(book), "-o", str(out), "--formats", "docx,pdf,epub", "--jobs", "1")
    assert first.returncode == 0, first.stderr
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    for delay in (0.3, 0.8, 1.5, 2.5, 4.0):
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "build", str(book), "-o", str(out), "--force", "--jobs", "1",
             "--formats", "docx,pdf,epub"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
            start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert "会议" in docx_text((out / "book.docx").read_bytes())
        assert "会议" in pdf_text((out / "book.pdf").read_bytes())
        with zipfile.ZipFile(out / "book.epub") as epub:
            assert epub.testzip() is None
