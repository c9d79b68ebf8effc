"""`pressline check`: what the repair learnt and did, and what deserves a human look, without building."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline import templates
from pipeline.normalize import PASSES, normalize_input
from pipeline.options import NormalizeOptions
from pipeline.read.decode import read_input
from pipeline.report import Change
from pipeline.sources import Source

# the passes that remove page furniture, and what they call the lines they remove
REMOVING_PASSES = {p.name: p.removes for p in PASSES if p.removes}
UNCERTAIN = ("uncertain-join", "uncertain-break", "uncertain-keep")


@dataclass
class Diagnosis:
    path: str
    encoding: str
    line_width: float
    pages: int
    blocks: int
    template: str
    removed: dict[str, list[Change]] = field(default_factory=dict)  # pass name -> remove-line changes
    dropped_characters: list[Change] = field(default_factory=list)
    ambiguous: list[Change] = field(default_factory=list)
    missing_glyphs: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def diagnose(source: Source, template: str | None = None, options: NormalizeOptions | None = None,
             templates_dir: Path | None = None) -> Diagnosis:
    from pipeline.writers.pdf.writer import missing_glyphs

    if source.settings_error is not None:
        raise source.settings_error
    doc = normalize_input(read_input(source.path), path=str(source.path), options=options)
    name = template or source.settings.get("template", "official")
    report = doc.report
    return Diagnosis(
        path=str(source.path), encoding=report.encoding, line_width=report.line_width, pages=report.pages,
        blocks=len(doc.blocks), template=name,
        removed={p: [c for c in report.changes if c.pass_name == p and c.action == "remove-line"]
                 for p in REMOVING_PASSES},
        dropped_characters=[c for c in report.changes if c.action == "remove-character"],
        ambiguous=[c for c in report.changes if c.action in UNCERTAIN],
        missing_glyphs=missing_glyphs(doc, templates.load(name, templates_dir)),
        warnings=[w.message for w in report.warnings],
    )


def _where(change: Change) -> str:
    lines = change.lines
    return f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"


def format_diagnosis(d: Diagnosis, limit: int = 10) -> str:
    """The human-readable form; `limit` caps the examples listed under each heading (0: no cap)."""

    def listed(items: list[str]) -> list[str]:
        shown = items if not limit else items[:limit]
        more = [f"    ... and {len(items) - len(shown)} more"] if len(shown) < len(items) else []
        return [f"    {item}" for item in shown] + more

    out = [d.path,
           f"  encoding        {d.encoding}",
           f"  line width      {d.line_width:g} columns",
           f"  pages           {d.pages}",
           f"  blocks          {d.blocks}"]
    removed = [c for changes in d.removed.values() for c in changes]
    counts = ", ".join(f"{len(d.removed[p])} {label}" for p, label in REMOVING_PASSES.items())
    out.append(f"  removed         {counts}")
    out += listed([f"{_where(c)}: {c.before!r} ({c.reason})" for c in sorted(removed, key=lambda c: c.lines)])
    if d.dropped_characters:
        out.append(f"  dropped         {len(d.dropped_characters)} character(s) no output format can hold")
        out += listed([f"{_where(c)}: {c.before}" for c in d.dropped_characters])
    out.append(f"  ambiguous       {len(d.ambiguous)} line boundar{'y' if len(d.ambiguous) == 1 else 'ies'}"
               + (" worth a human look" if d.ambiguous else ""))
    out += listed([f"{_where(c)}: {c.action.removeprefix('uncertain-')} …{c.before}|{c.after}… ({c.reason})"
                   for c in d.ambiguous])
    if d.missing_glyphs:
        chars = sorted(d.missing_glyphs)
        out.append(f"  missing glyphs  {len(chars)} character(s) no embedded font draws "
                   f"(template {d.template}): " + " ".join(f"{c} U+{ord(c):04X}" for c in chars))
    else:
        out.append(f"  missing glyphs  none (template {d.template})")
    out.append(f"  warnings        {len(d.warnings) or 'none'}")
    out += listed(d.warnings)
    return "\n".join(out) + "\n"
