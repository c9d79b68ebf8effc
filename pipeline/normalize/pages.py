"""Pages: which lines start a page, the kept lines of each page, page furniture with its number taken out."""

from __future__ import annotations

import re

from pipeline.normalize.lines import Line


def mark_next_page_start(lines: list[Line], marker: Line) -> None:
    """The first kept text line after `marker` starts a page (lines stand at index `no - 1`)."""
    start = marker.no if marker.no <= len(lines) and lines[marker.no - 1] is marker else lines.index(marker) + 1
    for index in range(start, len(lines)):
        if not lines[index].removed and not lines[index].blank:
            lines[index].page_start = True
            return


def page_groups(lines: list[Line]) -> list[list[Line]]:
    """The kept lines of each page (a page starts at a marked line, even one removed since)."""
    pages: list[list[Line]] = [[]]
    for line in lines:
        if line.page_start and pages[-1]:
            pages.append([])
        if not line.removed and not line.blank:
            pages[-1].append(line)
    return pages


def signature(text: str) -> str:
    """A header with its page number taken out and its spacing folded (a layout-preserving extractor pads the
    gap between a left and a centred part differently on each page), so `Report 3` and `Report 4` repeat."""
    return re.sub(r"\s+", " ", re.sub(r"\d+|[ivxlcdm]+(?=\s*$)", "#", text.strip(), flags=re.I))
