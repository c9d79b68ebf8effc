"""PDF input for `make bench`: pages per second and peak memory of `pressline normalize` on PDFs of 30, 300 and
1,000 pages, beside pymupdf4llm on the same files when a Python that has it is given.

The PDFs are made here: the bench's 300-page book typeset by Pressline itself (its PDF output), its first
tenth, and the book's pages repeated to 1,000 (PDFium copies the pages, so no other tool is needed).
pymupdf4llm (PyMuPDF is AGPL) is never a project dependency: point `--pymupdf4llm` (or PYMUPDF4LLM_PYTHON) at a
scratch virtual environment's python, e.g.

    python3 -m venv /tmp/p4llm && /tmp/p4llm/bin/pip install 'pymupdf>=2' pymupdf4llm
    python bench/run.py --only pdf --pymupdf4llm /tmp/p4llm/bin/python
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"tenth": 30, "book": 300, "thousand": 1000}


def make_pdfs(work: Path, book_txt: Path, build: list[str], env: dict[str, str]) -> dict[str, Path]:
    """{name: PDF} for the three sizes (made once; a later run reuses them)."""
    import pypdfium2 as pdfium

    folder = work / "pdf-in"
    folder.mkdir(parents=True, exist_ok=True)
    book = folder / "typeset.pdf"
    if not book.exists():
        out = work / "pdf-build"
        subprocess.run(build + [str(book_txt), "-o", str(out), "--formats", "pdf"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        (out / f"{book_txt.stem}.pdf").replace(book)
    made = {}
    source = pdfium.PdfDocument(book)
    for name, pages in SIZES.items():
        target = folder / f"{name}.pdf"
        made[name] = target
        if target.exists():
            continue
        doc = pdfium.PdfDocument.new()
        while len(doc) < pages:
            take = min(pages - len(doc), len(source))
            doc.import_pages(source, list(range(take)), index=len(doc))
        doc.save(target)
        doc.close()
    source.close()
    return made


def rows(pdfs: dict[str, Path], out: Path, pressline: list[str], row_type, p4llm: str | None) -> dict[str, list]:
    """The measured commands for each PDF: Pressline's normalize, and pymupdf4llm's when it is there."""
    table = {}
    for name, pdf in pdfs.items():
        found = [row_type("pressline", "normalize (PDF in)",
                          [pressline + ["normalize", str(pdf), "-o", str(out / f"{name}.txt")]], pressline=True)]
        if p4llm:
            found.append(row_type("pymupdf4llm", "to_markdown", [[p4llm, str(HERE / "pymupdf4llm_normalize.py"),
                                                                  str(pdf), str(out / f"{name}.p4llm.txt")]]))
        table[name] = found
    return table


def report(table: dict[str, list]) -> str:
    lines = ["### PDF input — pages per second (whole process, median of runs)", "",
             "| PDF | tool | job | median of runs | peak RSS | pages/s |", "|---|---|---|---|---|---|"]
    for name, found in table.items():
        for row in found:
            if row.error:
                lines.append(f"| {SIZES[name]} pages | {row.tool} | {row.job} | failed: "
                             f"{row.error.splitlines()[-1][:80]} | | |")
                continue
            median = row.median
            lines.append(f"| {SIZES[name]} pages | {row.tool} | {row.job} | {median:.2f} s ({len(row.times)}) | "
                         f"{row.rss_kb / 1024:.0f} MB | {SIZES[name] / median:.1f} |")
    ours = {name: next((r.median for r in found if r.pressline and r.times), None) for name, found in table.items()}
    if ours.get("book") and ours.get("thousand"):
        ratio = ours["thousand"] / ours["book"]
        lines += ["", f"- linear in pages: 1,000 pages take {ratio:.2f} × the time of 300 "
                      f"(linear: {1000 / 300:.2f}) — {'MET' if ratio <= 1.15 * 1000 / 300 else 'NOT MET'}"]
    return "\n".join(lines)


def pymupdf4llm_python(given: str | None) -> str | None:
    candidate = given or os.environ.get("PYMUPDF4LLM_PYTHON")
    return candidate if candidate and Path(candidate).exists() else None
