"""Running headers and footers: lines repeated at the top or bottom of most pages."""

from __future__ import annotations

import re
from collections import Counter

from pipeline.normalize.layout import percentile
from pipeline.normalize.lines import Line, text_width
from pipeline.normalize.pages import page_groups, signature
from pipeline.normalize.state import State
from pipeline.text.cjk import PARAGRAPH_END, SENTENCE_END, is_cjk

# a page may carry several header or footer lines (a date, a title, a URL) in any order
EDGE_LINES = 3
_GAP = re.compile(r"\S\s{2,}\S")


def running_headers(state: State) -> None:
    """Remove lines repeated at the top or bottom of most pages (also when they carry a page number).

    The line at the very edge counts when it repeats on most pages; a line further in (under a date, above a
    URL) only when it repeats on every page. A line is content, whatever its place, when the same text also
    stands in the body away from the page edges, or when it runs on in a sentence with the lines around it;
    lines that differ from page to page only in their digits (`第1节`, `第3节`) must be at the edge of nearly
    every page.
    """
    running = _RunningText(state.lines)
    first = running.kept[0] if running.kept else None
    displaced: list[Line] = []
    for _ in range(2):  # a second round finds the second line of a two-line header
        pages = [page for page in page_groups(state.lines) if len(page) > 1]
        if len(pages) < 2:
            return
        sides = [(top, *_candidates(pages, top)) for top in (True, False)]
        furniture = {sig for _, _, near in sides for sig in near}
        body = _body_occurrences(pages, furniture, displaced)
        for top, found, _ in sides:
            where = "top" if top else "bottom"
            for sig, (lines, count) in found.items():
                if body[sig]:
                    state.record("uncertain-keep", lines[0].nos, before=lines[0].content,
                                 reason=f"repeated at the {where} of {count} pages, but also in the body")
                    continue
                if any(running.continues(ln) for ln in lines):
                    state.record("uncertain-keep", lines[0].nos, before=lines[0].content,
                                 reason=f"repeated at the {where} of {count} pages, but runs on in a sentence")
                    continue
                for line in lines + [ln for ln in displaced if signature(ln.content) == sig]:
                    if (line is first and top and state.layout.first_page_number > 1
                            and _title_like(line, pages[0], lines)):
                        continue  # the document's title, repeated as the header of the later pages
                    if not line.removed:
                        state.remove(line, f"repeated at the {where} of {count} pages")


def _title_like(line: Line, page: list[Line], repeats: list[Line]) -> bool:
    """The first line of a document whose first page is unnumbered (so likely without the header too), once
    on its page, the same on every page and not a layout-padded header: a title."""
    sig = signature(line.content)
    return len({ln.content for ln in repeats}) == 1 and sum(
        1 for ln in page[:EDGE_LINES] if signature(ln.content) == sig) == 1 and not _GAP.search(
        line.content) and "://" not in line.content


def _candidates(pages: list[list[Line]], top: bool) -> tuple[dict[str, tuple[list[Line], int]], set[str]]:
    """Signatures repeated at one edge of the pages (the line of each page that carries it, and on how many
    pages it stands near the edge), and all signatures near that edge on several pages."""
    edges = [page[:EDGE_LINES] if top else page[::-1][:EDGE_LINES] for page in pages]
    at_edge = Counter(signature(edge[0].content) for edge in edges)
    # each signature once per page, in page order (a set's order changes with the hash seed, and with it
    # the order of the removals in the report and the model's JSON)
    near_edge = Counter(sig for edge in edges for sig in dict.fromkeys(signature(ln.content) for ln in edge))
    near = {sig for sig, count in near_edge.items() if count >= max(2, 0.6 * len(pages)) and len(sig) <= 80}
    found = {}
    for sig, count in near_edge.items():
        # on most pages, and on every page of a two-page text
        often = at_edge[sig] >= max(2, 0.6 * len(pages))
        everywhere = (count == len(pages) and all(len(page) > 2 * EDGE_LINES for page in pages)
                      and sig[-1:] not in SENTENCE_END)
        if not (often or everywhere) or len(sig) > 80:
            continue
        lines = [next(ln for ln in edge if signature(ln.content) == sig) for edge in edges
                 if any(signature(ln.content) == sig for ln in edge)]
        if "#" in sig and len({ln.content for ln in lines}) > 1 and at_edge[sig] < 0.9 * len(pages):
            continue  # numbered lines that change from page to page: headings, unless on nearly every page
        found[sig] = (lines, count)
    return found, near


def _body_occurrences(pages: list[list[Line]], furniture: set[str], displaced: list[Line]) -> Counter:
    """How often each signature stands inside a page, away from its edges. A line that stands there only once,
    beside another such line of the page furniture, is not body text: it joins `displaced` (a header block
    where one page break went unnoticed)."""
    inside = [(page, i) for page in pages for i in range(EDGE_LINES, len(page) - EDGE_LINES)]
    body = Counter(signature(page[i].content) for page, i in inside if page[i] not in displaced)

    def lone_furniture(line: Line) -> bool:
        sig = signature(line.content)
        return sig in furniture and body[sig] == 1

    for page, i in inside:
        line = page[i]
        if line not in displaced and lone_furniture(line) and (lone_furniture(page[i - 1])
                                                                or lone_furniture(page[i + 1])):
            displaced.append(line)
    for line in displaced:
        body[signature(line.content)] = 0
    return body


class _RunningText:
    """Whether a line is part of a sentence that runs across it: a full-width line of prose that the line
    before runs into, or that runs on into the line after."""

    def __init__(self, lines: list[Line]) -> None:
        self.kept = [ln for ln in lines if not ln.removed and not ln.blank]
        self.index = {id(ln): i for i, ln in enumerate(self.kept)}
        widths = [text_width(ln.content) for ln in self.kept]
        self.width = percentile(widths, 0.9) if widths else 0.0

    def _full(self, line: Line) -> bool:
        text = line.content
        return text_width(text) >= 0.85 * self.width and not _GAP.search(text) and _prose(text)

    def continues(self, line: Line) -> bool:
        i = self.index.get(id(line))
        if i is None or not self._full(line):
            return False
        before = self.kept[i - 1] if i else None
        after = self.kept[i + 1] if i + 1 < len(self.kept) else None
        runs_on = after is not None and _open_end(line.content) and _continuation(after.content)
        runs_in = before is not None and self._full(before) and _open_end(before.content)
        return runs_on or runs_in


def _prose(text: str) -> bool:
    """Sentence punctuation inside the line, or mostly lower-case words: text, not a title or a label."""
    if any(ch in "，、；：。,;:" for ch in text[:-1]):
        return True
    words = re.findall(r"[A-Za-z]+", text)
    return len(words) >= 6 and sum(w[0].islower() for w in words) > len(words) / 2


def _open_end(text: str) -> bool:
    """The line stops inside a sentence: after a Chinese character, a comma, or a Latin word."""
    last = text[-1:]
    return bool(last) and last not in PARAGRAPH_END and last not in ".”’」』）)》" and (
        is_cjk(last) or last.isalnum() or last in "，、,")


def _continuation(text: str) -> bool:
    first = text[:1]
    return bool(first) and (is_cjk(first) and first not in "（《「『“‘【〔" or first.islower())
