"""Implicit page starts in text with a blank line after every line."""

from __future__ import annotations

from pipeline.normalize.state import State


def implicit_pages(state: State) -> None:
    """In text with a blank line after every line, a line that follows another directly starts a new page."""
    if not state.layout.blank_artifacts:
        return
    lines = [ln for ln in state.lines if not ln.removed]
    for prev, line in zip(lines, lines[1:]):
        if not prev.blank and not line.blank and not line.page_start:
            line.page_start = True
            if line.text[:1].isspace():
                line.indent_artifact = True
            state.record("page-start", line.nos, before=line.text,
                         reason="no blank line before it where every other line has one")
