"""The review page: one self-contained HTML file showing what the repair did, for an editor to check.

Summary first, then the boundaries decided on weak evidence, the removed material, and every block side by side
with the source lines it came from, each change marked where it happened.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pipeline.model import BYLINE, HEADING, PARAGRAPH, SIGNOFF, TITLE, Block, Document
from pipeline.report import Change
from pipeline.resources import data_dir
from pipeline.review.html import diff, el, esc, line_range, table, void
from pipeline.review.placement import KINDS, Layout, Row, Section, is_uncertain, kind, layout
from pipeline.review.thumbnails import PdfThumbs, render
from pipeline.version import __version__

CSS_PATH = data_dir() / "review" / "review.css"
# no network at all: only inline styles and data: images
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_SYMBOL = {"join": "↩", "break": "¶"}
_KIND_NAMES = {TITLE: "title", HEADING: "heading", PARAGRAPH: "paragraph", SIGNOFF: "sign-off", BYLINE: "byline"}


@lru_cache(maxsize=1)
def _css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def built_pdfs(out_dir: Path, slug: str) -> list[Path]:
    """The PDFs a build wrote for `slug` into `out_dir`, one per layout, in the order of the layouts."""
    from pipeline.writers import LAYOUTS, output_name

    candidates = (out_dir / output_name(slug, "pdf", layout) for layout in LAYOUTS)
    return [path for path in candidates if path.is_file()]


def review_page(doc: Document, raw_text: str, pdf_paths: Iterable[Path] = ()) -> bytes:
    """The review page of `doc`, repaired from `raw_text` (decoded, so its line numbers match the report)."""
    placed = layout(doc, raw_text)
    page = _Page(doc, raw_text.split("\n"))
    body = "".join([
        el("header", el("h1", "Review: " + esc(doc.title or doc.source_name or "untitled"))
           + el("p", esc(doc.source_name), class_="source")),
        page.summary([render(Path(p)) for p in pdf_paths]),
        page.uncertain(),
        page.removed(),
        page.document_wide(placed),
        page.blocks(placed),
        el("footer", f"Pressline {esc(__version__)}"),
    ])
    head = "".join([
        '<meta charset="utf-8">',
        void("meta", http_equiv="Content-Security-Policy", content=_POLICY),
        void("meta", name="viewport", content="width=device-width, initial-scale=1"),
        el("title", "Review: " + esc(doc.title or doc.source_name)),
        el("style", _css()),
    ])
    html = "<!DOCTYPE html>\n" + el("html", el("head", head) + el("body", el("main", body)), lang="en") + "\n"
    return html.encode("utf-8")


class _Page:
    """The sections of the page, sharing the document, its raw lines and how each change is drawn."""

    def __init__(self, doc: Document, raw: list[str]) -> None:
        self.doc = doc
        self.raw = raw
        self.changes = doc.report.changes
        self.lang = doc.metadata.language or None

    def raw_line(self, n: int) -> str:
        return self.raw[n - 1] if 0 < n <= len(self.raw) else self.doc.report.removed_lines.get(n, "")

    # one element per change: id c<index>, its pass and action as data, the pass and reason on hover
    def change(self, index: int, content: str, tag: str = "span", extra: str = "") -> str:
        change = self.changes[index]
        reason = f" — {change.reason}" if change.reason else ""
        classes = f"chg k-{kind(change)}" + (" uncertain" if is_uncertain(change) else "") + extra
        return el(tag, content, id=f"c{index}", class_=classes, data_change=index, data_pass=change.pass_name,
                  data_action=change.action,
                  title=f"{change.pass_name} · {change.action}{reason} ({line_range(change.lines)})")

    def tag(self, change: Change) -> str:
        return el("span", esc(f"{change.pass_name} · {change.action}"), class_="tag")

    # --- summary ---------------------------------------------------------------------------------------------
    def summary(self, pdfs: list[PdfThumbs]) -> str:
        doc, report = self.doc, self.doc.report
        kinds = Counter(b.kind for b in doc.blocks)
        uncertain = sum(1 for c in self.changes if is_uncertain(c))
        facts = [
            ("Encoding", esc(report.encoding)),
            ("Line width", f"{report.line_width:g} columns" if report.line_width else "not measured"),
            ("Pages", str(report.pages)),
            ("Blocks", str(len(doc.blocks))),
            ("Title and headings", f"{kinds[TITLE]} + {kinds[HEADING]}"),
            ("Paragraphs", str(kinds[PARAGRAPH])),
            ("Sign-off lines", str(kinds[SIGNOFF])),
            ("Changes", str(len(self.changes))),
            ("Uncertain", el("a", f"{uncertain} to check", href="#uncertain", class_="alert" if uncertain else None)),
            ("Removed lines", el("a", str(len(report.removed_lines)), href="#removed")),
            ("Warnings", el("span", str(len(report.warnings)), class_="alert" if report.warnings else None)),
        ]
        dl = el("dl", "".join(el("div", el("dt", k) + el("dd", v)) for k, v in facts), class_="facts")
        return el("section", el("h2", "Summary") + dl + self.kinds_table() + self.warnings() + _thumbnails(pdfs),
                  id="summary")

    def kinds_table(self) -> str:
        counts = Counter((kind(c), c.pass_name, c.action) for c in self.changes)
        order = list(KINDS)
        rows = []
        for (k, pass_name, action), count in sorted(counts.items(), key=lambda kv: (order.index(kv[0][0]), kv[0])):
            label, meaning = KINDS[k]
            swatch = el("span", esc(_SYMBOL.get(k, "")), class_=f"swatch k-{k}")
            rows.append(el("tr", el("td", swatch + esc(label), title=meaning) + el("td", esc(pass_name))
                           + el("td", esc(action)) + el("td", str(count), class_="num")))
        if not rows:
            return el("p", "The repair changed nothing.", class_="none")
        legend = "".join(el("li", el("span", esc(_SYMBOL.get(k, "")), class_=f"swatch k-{k}")
                                + el("b", esc(label)) + " " + esc(meaning))
                         for k, (label, meaning) in KINDS.items() if k in {key[0] for key in counts})
        return (el("h3", "Changes by kind") + table(["Kind", "Pass", "Action", "Count"], rows, "kinds")
                + el("ul", legend, class_="legend"))

    def warnings(self) -> str:
        items = [el("li", el("b", esc(w.level)) + " " + esc(w.message)
                    + (f" ({esc(line_range(w.lines))})" if w.lines else ""))
                 for w in self.doc.report.warnings]
        body = el("ul", "".join(items), class_="warnings") if items else el("p", "No warnings.", class_="none")
        return el("h3", "Warnings") + body

    # --- boundaries to check ----------------------------------------------------------------------------------
    def uncertain(self) -> str:
        items = []
        for index, change in enumerate(self.changes):
            if not is_uncertain(change):
                continue
            decision = "kept apart" if kind(change) == "break" else "joined"
            context = "".join(el("div", el("span", str(n), class_="ln") + el("span", esc(self.raw_line(n)),
                                                                              class_="text"), class_="ctx")
                              for n in change.lines)
            items.append(el("li", el("a", esc(line_range(change.lines)), href=f"#c{index}") + " "
                            + el("b", decision) + " " + self.tag(change) + _reason(change) + context))
        intro = ("Line boundaries decided on weak evidence: check that each is right."
                 if items else "None: every join and break was decided on clear evidence.")
        return el("section", el("h2", f"To check ({len(items)})") + el("p", intro)
                  + (el("ol", "".join(items), class_="uncertain-list") if items else ""), id="uncertain")

    # --- removed material -------------------------------------------------------------------------------------
    def removed(self) -> str:
        by_line: dict[int, list[int]] = {}
        for index, change in enumerate(self.changes):
            if change.action in ("remove-line", "remove-character"):
                for n in change.lines[:1]:
                    by_line.setdefault(n, []).append(index)
        lines = sorted(set(self.doc.report.removed_lines) | set(by_line))
        rows = []
        for n in lines:
            what = []
            for index in by_line.get(n, []):
                change = self.changes[index]
                detail = change.before if change.action == "remove-character" else ""
                what.append(esc(change.pass_name) + (": " + esc(detail) if detail else "") + _reason(change))
            text = self.doc.report.removed_lines.get(n)
            rows.append(el("tr", el("td", str(n), class_="num")
                           + el("td", esc(text) if text is not None else el("i", "a character on this line"),
                                class_="text", lang=self.lang)
                           + el("td", "<br>".join(what) or "removed")))
        listing = (table(["Line", "Removed", "By"], rows, "removed-list") if rows
                   else el("p", "Nothing was removed.", class_="none"))
        return el("section", el("h2", f"Removed ({len(rows)})")
                  + el("p", "Everything the repair dropped from the source; nothing else is missing.") + listing,
                  id="removed")

    # --- whole-document decisions -----------------------------------------------------------------------------
    def document_wide(self, placed: Layout) -> str:
        if not placed.document_wide:
            return ""
        items = "".join(el("li", self.change(i, self.tag(self.changes[i]) + " "
                                             + esc(line_range(self.changes[i].lines)) + _reason(self.changes[i])))
                        for i in placed.document_wide)
        return el("section", el("h2", "Whole-document decisions") + el("ul", items), id="document")

    # --- blocks side by side ----------------------------------------------------------------------------------
    def blocks(self, placed: Layout) -> str:
        ids = self.doc.block_ids()
        heads = el("div", el("div", "Source lines") + el("div", "Repaired text"), class_="pair heads")
        parts = [self.section(s, ids) for s in placed.sections]
        return el("section", el("h2", "Blocks") + heads + "".join(parts), id="blocks")

    def section(self, section: Section, ids: list[str]) -> str:
        source = el("div", "".join(self.row(r) for r in section.rows) or el("p", "no source lines recorded",
                                                                          class_="none"),
                    class_="src", lang=self.lang)
        if section.block is None:
            out = el("div", el("p", "Removed between blocks: not in the output.", class_="none"), class_="out")
            return el("div", source + out, class_="pair gap")
        block = self.doc.blocks[section.block]
        tags = "".join(self.change(i, self.tag(self.changes[i])) for i in section.tags)
        meta = el("div", el("span", esc(_describe(block)), class_="kind") + " "
                  + el("a", esc(ids[section.block]), href=f"#{ids[section.block]}", class_="bid") + " " + tags,
                  class_="meta")
        level = f" level{block.level}" if block.kind == HEADING else ""
        text = el("p", esc(block.text), id=ids[section.block], class_=f"text k-{block.kind}{level}", lang=self.lang)
        return el("div", source + el("div", meta + text, class_="out"), class_="pair", id=f"s{section.block}")

    def row(self, row: Row) -> str:
        before = "".join(self.change(i, self.tag(self.changes[i]) + " page starts here", "div", " pagebreak")
                         for i in row.before)
        removals = "".join(self.change(i, self.tag(self.changes[i]), extra=" removal") for i in row.removals)
        marks = "".join(self.mark(i) for i in row.marks)
        line = el("div", el("span", str(row.number), class_="ln")
                  + el("span", esc(row.text), class_="text") + removals + marks,
                  id=f"L{row.number}", class_="line removed" if row.removed else "line")
        return before + line + "".join(self.note(i) for i in row.notes)

    def mark(self, index: int) -> str:
        change = self.changes[index]
        symbol = esc(_SYMBOL.get(kind(change), "•"))
        if is_uncertain(change):
            decision = "kept apart?" if kind(change) == "break" else "joined?"
            return self.change(index, f"{symbol} {decision}", extra=" mark")
        return self.change(index, symbol, extra=" mark")

    def note(self, index: int) -> str:
        change = self.changes[index]
        if change.action == "remove-character":
            shown = "removed " + esc(change.before)
        else:
            shown = el("span", diff(change.before, change.after), class_="diff")
        why = el("span", esc(change.reason), class_="why") if change.reason else ""
        return self.change(index, self.tag(change) + " " + shown + " " + why, "div", " note")


def _reason(change: Change) -> str:
    return " — " + esc(change.reason) if change.reason else ""


def _describe(block: Block) -> str:
    name = _KIND_NAMES.get(block.kind, block.kind)
    return f"{name} {block.level}" if block.kind == HEADING else name


def _thumbnails(pdfs: list[PdfThumbs]) -> str:
    if not pdfs:
        return ""
    figures = []
    for pdf in pdfs:
        images = "".join(
            void("img", src="data:image/png;base64," + base64.b64encode(t.png).decode("ascii"),
                    width=t.width // 2, height=t.height // 2, alt=f"{pdf.path.name}, page {n}")
            for n, t in enumerate(pdf.thumbs, start=1))
        caption = esc(pdf.path.name) + (f" — cannot render: {esc(pdf.error)}" if pdf.error
                                        else f" — {pdf.pages} page(s)")
        figures.append(el("figure", el("div", images, class_="pages") + el("figcaption", caption)))
    return el("h3", "Built PDFs") + el("div", "".join(figures), class_="thumbs")
