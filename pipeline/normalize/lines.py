"""Line records: the unit the line passes work on."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from pipeline.read.pdf import Geometry
from pipeline.text.cjk import char_width, is_cjk


@dataclass
class Line:
    """One source line; `no` is its 1-based line number in the input."""

    no: int
    text: str
    page: int = 1
    removed: str = ""  # why the line was dropped (a pass name), "" when kept
    page_start: bool = False  # first line of a page (after a marker or a detected implicit page break)
    indent_artifact: bool = False  # leading whitespace that is not a paragraph indent
    extra_nos: list[int] = field(default_factory=list)  # lines merged into this one
    spaced_width: float = 0.0  # display width before letter-spacing was removed
    geometry: Geometry | None = None  # where the line stands on its page (PDF input only)
    geometry_break: str | None = None  # from geometry: why a block starts here, "" to join, None undecided

    def __post_init__(self) -> None:
        # the stripped text is asked for at every boundary decision: keep it with the text
        self._content = self.text.strip()

    def set_text(self, text: str) -> None:
        self.text = text
        self._content = text.strip()

    @property
    def blank(self) -> bool:
        return not self._content

    @property
    def content(self) -> str:
        return self._content

    @property
    def nos(self) -> tuple[int, ...]:
        return (self.no, *self.extra_nos)

    def indent(self) -> float:
        """Leading whitespace in display columns (an ideographic space is two)."""
        cols = 0.0
        for ch in self.text:
            if ch == "\u3000":
                cols += 2
            elif ch == "\t":
                cols += 4
            elif ch.isspace():
                cols += 1
            else:
                break
        return cols


@functools.lru_cache(maxsize=65536)
def text_width(text: str) -> float:
    """Display columns of a line as typeset: a space next to CJK text was autospacing, worth half."""
    width = 0.0
    n = len(text)
    for i, ch in enumerate(text):
        if ch == " ":
            left = text[i - 1] if i else ""
            right = text[i + 1] if i + 1 < n else ""
            width += 0.5 if (left and is_cjk(left)) or (right and is_cjk(right)) else 1
        else:
            width += char_width(ch)
    return width


def split_lines(text: str) -> list[Line]:
    """Split on newlines; a form feed starts a new page."""
    lines = []
    page = 1
    for no, raw in enumerate(text.split("\n"), start=1):
        starts_page = False
        if "\f" in raw:
            before, _, raw = raw.rpartition("\f")
            page += 1 + before.count("\f")
            starts_page = no > 1
            if before.replace("\f", "").strip():
                raw = before.replace("\f", " ").strip() + " " + raw
        lines.append(Line(no=no, text=raw.rstrip(), page=page, page_start=starts_page))
    if lines and lines[-1].blank and lines[-1].no > 1:
        lines.pop()
    return lines


def content_lines(lines: list[Line]) -> list[Line]:
    return [ln for ln in lines if not ln.removed and not ln.blank]
