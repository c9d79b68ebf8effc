"""PDF input: the reader, corpus PDFs repaired exactly, provenance by page and line, hostile PDFs refused."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES
from pdfgen import make_pdf
from test_corpus import blocks

from pipeline import normalize
from pipeline.errors import InputError
from pipeline.read import source_text
from pipeline.read.pdf import read_pdf
from pipeline.sources import discover

PDF_CORPUS = FIXTURES / "corpus-pdf"
PDF_CASES = sorted(p.name for p in PDF_CORPUS.iterdir() if (p / "document.pdf").is_file())
ONE_PARAGRAPH = [
    {"page": 1, "y": 100, "text": "The society met four times this year and heard reports from every one of its",
     "justify": True},
    {"page": 1, "y": 114, "text": "working groups, which are summarised below."},
    {"page": 2, "y": 100, "text": "Membership grew by a fifth."},
]


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("case", PDF_CASES)
def test_corpus_pdf_repairs_exactly(case: str) -> None:
    data = (PDF_CORPUS / case / "document.pdf").read_bytes()
    expected = blocks((PDF_CORPUS / case / "expected.txt").read_text(encoding="utf-8"))
    assert blocks(normalize(data, path=f"{case}.pdf").text()) == expected


def test_actual_text_wins_over_radical_glyphs() -> None:
    """Chromium draws 儿 with the Kangxi radical ⼉ and says 儿 in ActualText: the reader returns 儿."""
    text = "".join(ln.text for ln in read_pdf(PDF_CORPUS / "c-luxun-yijianxiaoshi-a6" / "document.pdf"))
    assert "人" in text and not any(0x2E80 <= ord(ch) <= 0x2FDF for ch in text)


def test_lines_carry_page_position_and_type() -> None:
    lines = read_pdf("t.pdf", make_pdf([{"page": 1, "y": 80, "size": 20, "bold": True, "text": "Title"},
                                        {"page": 2, "y": 100, "x": 90, "text": "Body text here."}]))
    title, body = lines
    assert (title.text, title.geometry.page, title.geometry.size, title.geometry.bold) == ("Title", 1, 20, True)
    assert (body.geometry.page, body.geometry.line, round(body.geometry.x0)) == (2, 1, 90)
    assert 88 < body.geometry.top < 100 < body.geometry.bottom  # the baseline at 100 pt from the top


def test_provenance_points_at_page_and_line() -> None:
    doc = normalize(make_pdf(ONE_PARAGRAPH), path="t.pdf")
    assert [b.source_lines for b in doc.blocks] == [[1, 2], [3]]
    lines = read_pdf("t.pdf", make_pdf(ONE_PARAGRAPH))
    assert [(lines[n - 1].geometry.page, lines[n - 1].geometry.line) for n in doc.blocks[1].source_lines] == [(2, 1)]
    assert source_text(make_pdf(ONE_PARAGRAPH), "t.pdf").split("\n")[2] == "Membership grew by a fifth."


def test_a_paragraph_runs_across_a_page_break() -> None:
    lines = [*ONE_PARAGRAPH[:1], {"page": 2, "y": 100, "text": "working groups."}]
    assert [b.text for b in normalize(make_pdf(lines), path="t.pdf").blocks] == [
        "The society met four times this year and heard reports from every one of its working groups."]


def _encrypted() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(ONE_PARAGRAPH)))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image_only() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=1)
    c.rect(100, 100, 300, 300, fill=1)
    c.showPage()
    c.save()
    return out.getvalue()


def _zero_pages() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


HOSTILE = {
    "encrypted": (_encrypted, "encrypted"),
    "image-only": (_image_only, "needs OCR"),
    "truncated": (lambda: make_pdf(ONE_PARAGRAPH)[:400], "damaged PDF"),
    "zero-pages": (_zero_pages, "no pages"),
    "not-a-pdf": (lambda: "第一条 这是文字，不是PDF。\n".encode(), "not a PDF"),
    "garbage": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20, "damaged PDF"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pdf_is_refused_in_one_line(name: str, tmp_path: Path) -> None:
    make, says = HOSTILE[name]
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(make())
    with pytest.raises(InputError, match=says):
        normalize(source.read_bytes(), path=str(source))
    out = tmp_path / "out.txt"
    result = _cli("normalize", str(source), "-o", str(out))
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and says in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_source_folder_takes_pdfs_unless_their_text_is_there(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(make_pdf(ONE_PARAGRAPH))
    (tmp_path / "b.pdf").write_bytes(make_pdf(ONE_PARAGRAPH))
    (tmp_path / "b.txt").write_text("The text extracted from b.pdf.\n", encoding="utf-8")
    assert [s.path.name for s in discover([tmp_path])] == ["a.pdf", "b.txt"]


def test_build_writes_every_format_from_a_pdf(tmp_path: Path) -> None:
    from validators import docx_text, pdf_text, squeeze

    source = tmp_path / "report.pdf"
    source.write_bytes(make_pdf(ONE_PARAGRAPH))
    out = tmp_path / "out"
    result = _cli("build", str(source), "-o", str(out), "--formats", "docx,pdf,epub", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert source.read_bytes() == make_pdf(ONE_PARAGRAPH)  # the input is never touched
    written = {p.name for p in out.iterdir()}
    assert {"report.docx", "report.pdf", "report.epub"} <= written
    assert "Membership grew by a fifth." in docx_text((out / "report.docx").read_bytes())
    assert squeeze("Membership grew by a fifth.") in squeeze(pdf_text((out / "report.pdf").read_bytes()))


def _two_columns() -> list[dict]:
    """A title across the page, then two columns of three justified lines and a short last line each."""
    lines = [{"page": 1, "y": 60, "x": 200, "size": 16, "bold": True, "text": "Two Column Report"}]
    words = {"left": "alpha beta gamma delta epsilon zeta", "right": "one two three four five six seven"}
    for column, (x, right) in {"left": (72, 280.0), "right": (315, 523.0)}.items():
        for row in range(3):
            lines.append({"page": 1, "y": 100 + 14 * row, "x": x, "right": right, "justify": True,
                          "text": f"{column} {row} {words[column]}"})
        lines.append({"page": 1, "y": 142, "x": x, "text": f"{column} ends."})
    return lines


def test_two_column_page_reads_column_by_column() -> None:
    doc = normalize(make_pdf(_two_columns()), path="columns.pdf")
    assert [b.text for b in doc.blocks] == [
        "Two Column Report",
        " ".join(f"left {row} alpha beta gamma delta epsilon zeta" for row in range(3)) + " left ends.",
        " ".join(f"right {row} one two three four five six seven" for row in range(3)) + " right ends.",
    ]
