"""Running headers and footers: lines repeated at the top or bottom of most pages."""

from __future__ import annotations

from collections import Counter

from pipeline.normalize.pages import page_groups, signature
from pipeline.normalize.state import State
from pipeline.text.cjk import SENTENCE_END

# a page may carry several header or footer lines (a date, a title, a URL) in any order
EDGE_LINES = 3


def running_headers(state: State) -> None:
    """Remove lines repeated at the top or bottom of most pages (also when they carry a page number).

    The line at the very edge counts when it repeats on most pages; a line further in (under a date, above a
    URL) only when it repeats on every page.
    """
    pages = [page for page in page_groups(state.lines) if len(page) > 1]
    if len(pages) < 2:
        return
    for top in (True, False):
        edges = [page[:EDGE_LINES] if top else page[::-1][:EDGE_LINES] for page in pages]
        at_edge = Counter(signature(edge[0].content) for edge in edges)
        near_edge = Counter(sig for edge in edges for sig in {signature(ln.content) for ln in edge})
        for sig, count in near_edge.items():
            # on most pages, and on every page of a two-page text
            often = at_edge[sig] >= max(2, 0.6 * len(pages))
            everywhere = (count == len(pages) and all(len(page) > 2 * EDGE_LINES for page in pages)
                          and sig[-1:] not in SENTENCE_END)
            if not (often or everywhere) or len(sig) > 80:
                continue
            for edge in edges:
                line = next((ln for ln in edge if signature(ln.content) == sig and not ln.removed), None)
                if line is not None:
                    where = "top" if top else "bottom"
                    state.remove(line, f"repeated at the {where} of {count} pages")
