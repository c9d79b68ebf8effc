"""The pass runner: runs the passes in order, names each change after its pass, records which passes ran,
and runs them again over their own output until it settles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.errors import OptionError
from pipeline.model import Block, Document, Metadata, SourceSpan
from pipeline.normalize.lines import Line, split_lines
from pipeline.normalize.state import Draft, Pass, State
from pipeline.options import NormalizeOptions
from pipeline.report import Report

# rounds over the repair's own output before the runner gives up on a fixed point
MAX_ROUNDS = 6


def check_skip(passes: Sequence[Pass], skip: frozenset[str] | set[str]) -> None:
    """An unknown pass name, or one the repair cannot do without, is an error naming it."""
    known = {p.name: p for p in passes}
    for name in sorted(skip):
        if name not in known:
            raise OptionError(f"unknown pass {name!r}; passes: {', '.join(known)}")
        if not known[name].skippable:
            skippable = ", ".join(p.name for p in passes if p.skippable)
            raise OptionError(f"pass {name!r} cannot be skipped; passes that can: {skippable}")


def run_to_fixed_point(passes: Sequence[Pass], text: str, options: NormalizeOptions, report: Report,
                       source_name: str) -> Document:
    """Repair, then repair the result again until it stops changing (normalizing the output once more is
    guaranteed to change nothing); later rounds map their line numbers back to the source lines."""
    check_skip(passes, options.skip)
    originals = {n: line for n, line in enumerate(text.split("\n"), start=1)}
    doc = run_once(passes, text, options, report, source_name)
    for _ in range(MAX_ROUNDS):
        again = run_once(passes, doc.text(), options, Report(), source_name)
        if again.text() == doc.text() and [b.kind for b in again.blocks] == [b.kind for b in doc.blocks]:
            break
        doc = _compose(doc, again, originals)
    else:
        doc.report.warn(f"the repair did not settle after {MAX_ROUNDS} rounds over its own output: "
                        "normalizing the result again may change it")
    return doc


def run_lines_to_fixed_point(passes: Sequence[Pass], lines: list[Line], options: NormalizeOptions,
                             report: Report, source_name: str) -> Document:
    """Repair lines that carry their geometry (a PDF's). The first round decides from geometry; later rounds
    see the repaired text only: they may refine a block's text but never move a boundary the geometry
    decided, and the kinds geometry decided stay. Running headers are left to the geometry (page-furniture):
    positions repeated across pages are better evidence than repeated text."""
    check_skip(passes, options.skip)
    originals = {line.no: line.text for line in lines}
    first = replace(options, skip=options.skip | {"running-headers"})
    doc = run_once(passes, "", first, report, source_name, lines=lines)
    for _ in range(MAX_ROUNDS):
        again = run_once(passes, doc.text(), options, Report(), source_name)
        if again.text() == doc.text() or len(again.blocks) != len(doc.blocks):
            break
        doc = _compose(doc, again, originals)
    return doc


def run_once(passes: Sequence[Pass], text: str, options: NormalizeOptions, report: Report,
             source_name: str, lines: list[Line] | None = None) -> Document:
    state = State(lines=split_lines(text) if lines is None else lines, report=report, options=options)
    report.ran, report.skipped = [], []
    for step in passes:
        if step.name in options.skip:
            report.skipped.append(step.name)
            continue
        state.running = step.name
        step.run(state)
        report.ran.append(step.name)
    state.running = ""
    report.pages = 1 + sum(1 for ln in state.lines if ln.page_start)
    blocks = [_to_block(d) for d in state.drafts if d.text.strip()]
    return Document(blocks=blocks, metadata=Metadata(title=_title(blocks), language=state.language),
                    report=report, source_name=source_name)


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
