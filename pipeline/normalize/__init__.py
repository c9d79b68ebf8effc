"""The repair: raw extracted text → Document, as a literal, ordered list of small named passes.

Line passes drop or mark lines; block passes build and refine blocks. The order below is the documentation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pipeline.errors import InputError
from pipeline.model import Block, Document, Metadata, Report, SourceSpan
from pipeline.normalize.chars import lookalikes
from pipeline.normalize.geometry import geometry_breaks, geometry_kinds, page_furniture
from pipeline.normalize.layout import blank_lines, measure
from pipeline.normalize.lines import Line, split_lines
from pipeline.normalize.pages import implicit_pages, page_markers, running_headers
from pipeline.normalize.spacing import letter_spacing, spacing
from pipeline.normalize.state import Draft, NormalizeOptions, State
from pipeline.normalize.structure import labels, structure
from pipeline.normalize.unwrap import unwrap
from pipeline.read.decode import DEFAULT_MAX_BYTES, decode
from pipeline.read.pdf import is_pdf, read_pdf
from pipeline.text.cjk import cjk_ratio

Pass = Callable[[State], None]

PASSES: list[tuple[str, Pass]] = [
    # line passes
    ("lookalikes", lookalikes),
    ("letter-spacing", letter_spacing),
    ("page-furniture", page_furniture),  # PDF input: from positions repeated across pages
    ("page-markers", page_markers),
    ("running-headers", running_headers),
    ("blank-lines", blank_lines),
    ("implicit-pages", implicit_pages),
    ("labels", labels),
    ("geometry-breaks", geometry_breaks),  # PDF input: paragraph starts from indents, line ends, type
    # block passes
    ("unwrap", unwrap),
    ("spacing", spacing),
    ("structure", structure),
    ("geometry-kinds", geometry_kinds),  # PDF input: headings from type size and weight
]
PASS_NAMES = [name for name, _ in PASSES] + ["dehyphenate"]

__all__ = ["NormalizeOptions", "PASSES", "PASS_NAMES", "normalize_input", "normalize_pdf", "normalize_text"]


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
        from pipeline.read.decode import clean_text

        text, removed = clean_text(data)
        for line_no, _ch, name in removed:
            report.add(_decode_change(line_no, name))
    return normalize_text(text, options, report, source_name=path)


def _decode_change(line_no: int, name: str):
    from pipeline.model import Change

    return Change("decode", "remove-character", (line_no,), before=name, reason="cannot be represented in output")


MAX_ROUNDS = 6


def normalize_text(text: str, options: NormalizeOptions | None = None, report: Report | None = None,
                   source_name: str = "") -> Document:
    """Repair decoded text into a Document.

    The passes run again over their own output until it stops changing, so normalizing the result once more
    is guaranteed to change nothing; later rounds map their line numbers back to the source lines.
    """
    options = options or NormalizeOptions()
    originals = {n: line for n, line in enumerate(text.split("\n"), start=1)}
    doc = _run(text, options, report or Report(), source_name)
    for _ in range(MAX_ROUNDS):
        again = _run(doc.text(), options, Report(), source_name)
        if again.text() == doc.text() and [b.kind for b in again.blocks] == [b.kind for b in doc.blocks]:
            break
        doc = _compose(doc, again, originals)
    return doc


def normalize_pdf(data: bytes, path: str = "<input>", options: NormalizeOptions | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a PDF's lines with their geometry and repair them; line numbers count the PDF's lines in reading
    order, and each line's geometry names its page and its line on the page."""
    options = options or NormalizeOptions()
    if len(data) > max_bytes:
        raise InputError(f"input is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit",
                         path=path, hint="raise it with --max-size")
    lines = []
    for no, pdf_line in enumerate(read_pdf(path, data), start=1):
        page = pdf_line.geometry.page
        lines.append(Line(no=no, text=pdf_line.text, page=page, page_start=bool(lines) and lines[-1].page != page,
                          geometry=pdf_line.geometry))
    originals = {line.no: line.text for line in lines}
    report = Report()
    report.encoding = "PDF"
    # positions repeated across pages (page-furniture) are better evidence of a running header than text alone
    doc = _run_lines(lines, replace(options, skip=options.skip | {"running-headers"}), report, path)
    for _ in range(MAX_ROUNDS):
        # later rounds see the repaired text only: they may refine a block's text, never move a boundary the
        # geometry decided, and the kinds geometry decided stay
        again = _run(doc.text(), options, Report(), path)
        if again.text() == doc.text() or len(again.blocks) != len(doc.blocks):
            break
        doc = _compose(doc, again, originals)
    return doc


def _run(text: str, options: NormalizeOptions, report: Report, source_name: str) -> Document:
    return _run_lines(split_lines(text), options, report, source_name)


def _run_lines(lines: list[Line], options: NormalizeOptions, report: Report, source_name: str) -> Document:
    state = State(lines=lines, report=report, options=options)
    for name, run in PASSES:
        if name == "unwrap":
            measure(state)
        if name in options.skip and name != "unwrap":
            continue
        run(state)
    state.report.pages = 1 + sum(1 for ln in state.lines if ln.page_start)
    blocks = [_to_block(d) for d in state.drafts if d.text.strip()]
    language = "zh-CN" if cjk_ratio("".join(b.text for b in blocks[:50])[:20000]) >= 0.2 or not blocks else "en"
    return Document(blocks=blocks, metadata=Metadata(title=_title(blocks), language=language),
                    report=state.report, source_name=source_name)


def _compose(first: Document, again: Document, originals: dict[int, str]) -> Document:
    """Express a later round in source line numbers: output line 2k-1 holds block k of the round before."""

    def source(n: int) -> list[int]:
        k = (n + 1) // 2 - 1
        return first.blocks[k].source_lines if n % 2 and 0 <= k < len(first.blocks) else []

    report = first.report
    for change in again.report.changes:
        lines = tuple(s for n in change.lines for s in source(n))
        report.add(replace(change, lines=lines))
    for n in again.report.removed_lines:
        for s in source(n):
            report.removed_lines[s] = originals.get(s, "")
    blocks = [replace(b, spans=_spans([s for n in b.source_lines for s in source(n)])) for b in again.blocks]
    return Document(blocks=blocks, metadata=again.metadata, report=report, source_name=first.source_name)


def _to_block(draft: Draft) -> Block:
    return Block(kind=draft.kind, text=draft.text.strip(), level=draft.level, spans=_spans(draft.nos))


def _spans(nos: list[int]) -> tuple[SourceSpan, ...]:
    spans: list[SourceSpan] = []
    for n in sorted(set(nos)):
        if spans and n == spans[-1].end + 1:
            spans[-1] = SourceSpan(spans[-1].start, n)
        else:
            spans.append(SourceSpan(n, n))
    return tuple(spans)


def _title(blocks: list[Block]) -> str:
    return next((b.text for b in blocks if b.kind == "title"), "")

