"""The repair: raw extracted text → Document, as a literal, ordered list of small named passes.

Line passes drop or mark lines; block passes build and refine blocks. The order below is the documentation;
the runner (runner.py) names every change after the pass that made it, records which passes ran and which
were skipped, and repeats the passes over their own output until it settles.
"""

from __future__ import annotations

from pipeline.errors import InputError
from pipeline.model import Document
from pipeline.normalize.blank_lines import blank_lines
from pipeline.normalize.dehyphenate import dehyphenate
from pipeline.normalize.evidence import evidence
from pipeline.normalize.geometry import geometry_breaks, geometry_kinds, page_furniture
from pipeline.normalize.implicit_pages import implicit_pages
from pipeline.normalize.labels import labels
from pipeline.normalize.language import language
from pipeline.normalize.letter_spacing import letter_spacing
from pipeline.normalize.lines import Line
from pipeline.normalize.lookalikes import lookalikes
from pipeline.normalize.measure import measure
from pipeline.normalize.page_markers import page_markers
from pipeline.normalize.runner import check_skip, run_lines_to_fixed_point, run_to_fixed_point
from pipeline.normalize.running_headers import running_headers
from pipeline.normalize.spacing import spacing
from pipeline.normalize.state import Pass
from pipeline.normalize.structure import structure
from pipeline.normalize.unwrap import unwrap
from pipeline.options import NormalizeOptions
from pipeline.read.decode import DEFAULT_MAX_BYTES, clean_text, decode
from pipeline.read.pdf import is_pdf, read_pdf
from pipeline.report import Change, Report

PASSES: list[Pass] = [
    # line passes
    Pass("lookalikes", lookalikes, "line", "chars"),
    Pass("letter-spacing", letter_spacing, "line", "spacing"),
    # PDF input: running headers, footers and page numbers from positions repeated across pages
    Pass("page-furniture", page_furniture, "line", "removed", removes="running header/footer line(s)"),
    Pass("page-markers", page_markers, "line", "removed", removes="page number(s)"),
    Pass("running-headers", running_headers, "line", "removed", removes="running header/footer line(s)"),
    Pass("blank-lines", blank_lines, "line", "page", scope="document"),
    Pass("implicit-pages", implicit_pages, "line", "page"),
    Pass("labels", labels, "line", "structure"),
    Pass("measure", measure, "line", "page", scope="document", skippable=False),
    # PDF input: where paragraphs start, from indents, line ends, spacing and type
    Pass("geometry-breaks", geometry_breaks, "line", "join", scope="document"),
    # block passes
    Pass("unwrap", unwrap, "block", "join", skippable=False),
    Pass("dehyphenate", dehyphenate, "block", "hyphen"),
    Pass("spacing", spacing, "block", "spacing"),
    Pass("structure", structure, "block", "structure", scope="block"),
    # PDF input: titles and headings from type size and weight
    Pass("geometry-kinds", geometry_kinds, "block", "structure", scope="block"),
    Pass("language", language, "block", "other", scope="document", skippable=False),
    Pass("evidence", evidence, "block", "other", scope="document"),
]
PASS_NAMES = [p.name for p in PASSES]
# the name decoding's changes are recorded under (characters no output can hold)
DECODE = "decode"

__all__ = ["DECODE", "NormalizeOptions", "PASSES", "PASS_NAMES", "Pass", "check_skip", "normalize_input",
           "normalize_pdf", "normalize_text"]


def normalize_input(data: bytes | str, path: str = "<input>", options: NormalizeOptions | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Decode (when given bytes) and repair; the report records what decoding removed."""
    options = options or NormalizeOptions()
    if isinstance(data, bytes) and is_pdf(path, data):
        return normalize_pdf(data, path, options, max_bytes)
    report = Report()
    if isinstance(data, bytes):
        decoded = decode(data, path=path, max_bytes=max_bytes)
        text = decoded.text
        report.encoding = decoded.encoding
        for line_no, _ch, name in decoded.removed:
            report.add(_decode_change(line_no, name))
        if decoded.undecodable:
            offsets = ", ".join(str(o) for o in decoded.undecodable[:10])
            report.warn(f"{len(decoded.undecodable)} invalid byte sequence(s) dropped at byte offset(s) {offsets}")
    else:
        text, removed = clean_text(data)
        for line_no, _ch, name in removed:
            report.add(_decode_change(line_no, name))
    return normalize_text(text, options, report, source_name=path)


def _decode_change(line_no: int, name: str) -> Change:
    return Change(DECODE, "remove-character", (line_no,), before=name, reason="cannot be represented in output")


def normalize_text(text: str, options: NormalizeOptions | None = None, report: Report | None = None,
                   source_name: str = "") -> Document:
    """Repair decoded text into a Document (see runner.run_to_fixed_point)."""
    return run_to_fixed_point(PASSES, text, options or NormalizeOptions(), report or Report(), source_name)


def normalize_pdf(data: bytes, path: str = "<input>", options: NormalizeOptions | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a PDF's lines with their geometry and repair them. Line numbers count the PDF's lines in reading
    order (`pipeline.read.source_text` shows them); each line's geometry names its page and its line there."""
    options = options or NormalizeOptions()
    if len(data) > max_bytes:
        raise InputError(f"input is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit",
                         path=path, hint="raise it with --max-size")
    lines: list[Line] = []
    for no, pdf_line in enumerate(read_pdf(path, data), start=1):
        page = pdf_line.geometry.page
        lines.append(Line(no=no, text=pdf_line.text, page=page, page_start=bool(lines) and lines[-1].page != page,
                          geometry=pdf_line.geometry))
    report = Report()
    report.encoding = "PDF"
    return run_lines_to_fixed_point(PASSES, lines, options, report, path)
