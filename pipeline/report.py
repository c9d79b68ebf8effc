"""The repair report: every change a pass made, the warnings, what was learnt about the input; the --explain text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.model import Document


@dataclass(frozen=True)
class Change:
    """What one repair pass did at one place: `lines` are source line numbers."""

    pass_name: str
    action: str
    lines: tuple[int, ...]
    before: str = ""
    after: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Notice:
    """A warning (or note) of the repair, with the source lines it is about."""

    level: str
    message: str
    lines: tuple[int, ...] = ()


@dataclass
class Report:
    """The record of a normalization: every change, warnings and what was learnt about the input."""

    encoding: str = "utf-8"
    line_width: float = 0.0
    pages: int = 1
    changes: list[Change] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    removed_lines: dict[int, str] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)  # the repair passes that ran, in order
    skipped: list[str] = field(default_factory=list)  # the passes the options skipped

    def add(self, change: Change) -> None:
        self.changes.append(change)

    def warn(self, message: str, lines: tuple[int, ...] = (), level: str = "warning") -> None:
        self.warnings.append(Notice(level, message, lines))

    def by_pass(self) -> dict[str, list[Change]]:
        grouped: dict[str, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.pass_name, []).append(change)
        return grouped


def _clip(text: str, width: int = 40) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= width else text[: width - 1] + "…"


def format_explain(doc: Document) -> str:
    report = doc.report
    out = [f"encoding: {report.encoding}; line width: {report.line_width:g} columns; pages: {report.pages}; "
           f"blocks: {len(doc.blocks)}; changes: {len(report.changes)}"]
    changed = set(report.by_pass())
    unchanged = [name for name in report.ran if name not in changed]
    if unchanged:
        out.append(f"no change: {', '.join(unchanged)}")
    if report.skipped:
        out.append(f"skipped: {', '.join(report.skipped)}")
    for name, changes in report.by_pass().items():
        out.append(f"\n[{name}] {len(changes)} change(s)")
        for c in changes:
            where = ("whole text" if not c.lines else f"line {c.lines[0]}" if len(c.lines) == 1
                     else f"lines {c.lines[0]}-{c.lines[-1]}")
            detail = f"{_clip(c.before)!r} -> {_clip(c.after)!r}" if c.before or c.after else ""
            out.append(f"  {where}: {c.action} {detail}" + (f" ({c.reason})" if c.reason else ""))
    for w in report.warnings:
        out.append(f"{w.level}: {w.message}")
    return "\n".join(out) + "\n"
