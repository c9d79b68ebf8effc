"""Human-readable forms of the repair report."""

from __future__ import annotations

from pipeline.model import Document


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
