"""What the passes share: the lines, the blocks being built, the layout learnt from the document, the report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.normalize.lines import Line
from pipeline.options import NormalizeOptions
from pipeline.report import Change, Report


@dataclass
class Draft:
    """A block being built: its text, the source lines it came from, its kind and heading level."""

    text: str
    nos: list[int]
    parts: list[str] = field(default_factory=list)  # the joined lines as unwrap joined them
    joins: list[tuple[int, ...]] = field(default_factory=list)  # source lines at the joint before parts[i + 1]
    kind: str = "paragraph"
    level: int = 0
    lines: int = 1


@dataclass
class Layout:
    """What the document's own lines tell about its typesetting."""

    width: float = 0.0  # full line width in display columns
    grid: bool = False  # characters on a fixed grid: full lines all have the same width
    wrapped: bool = True  # hard-wrapped at a page width (else one line per block already)
    blank_artifacts: bool = False  # blank lines are extraction noise, not paragraph breaks
    blank_separated: bool = False  # blank lines mark every paragraph break
    base_indent: float = 0.0  # indent every line shares (layout-mode extraction)
    lost_indent: float = 0.0  # columns a paragraph's first line is short by when its indent was dropped
    explicit_indents: bool = False  # paragraphs start with a visible indent
    cjk: bool = True
    first_page_number: int = 0  # the number of the first page marker found (2: the first page is unnumbered)


@dataclass
class State:
    lines: list[Line]
    report: Report
    options: NormalizeOptions
    layout: Layout = field(default_factory=Layout)
    drafts: list[Draft] = field(default_factory=list)
    language: str = ""
    running: str = ""  # the pass the runner is running: every change is recorded under its name

    def record(self, action: str, lines, before: str = "", after: str = "", reason: str = "") -> None:
        self.report.add(Change(self.running, action, tuple(lines), before, after, reason))

    def remove(self, line: Line, reason: str) -> None:
        line.removed = self.running
        self.report.removed_lines[line.no] = line.text
        self.record("remove-line", line.nos, before=line.text, reason=reason)


@dataclass(frozen=True)
class Pass:
    """One repair step as the runner sees it.

    `stage`: "line" passes drop or mark lines, "block" passes build and refine blocks. `effect` is what its
    changes do (join, hyphen, removed, spacing, chars, page, structure, other), `scope` what they concern (a
    source line, a whole block, or the whole document); `removes` names the lines it drops as page furniture.
    """

    name: str
    run: Callable[[State], None]
    stage: str
    effect: str
    scope: str = "line"
    removes: str = ""
    skippable: bool = True
