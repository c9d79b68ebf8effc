"""The glossary table's settings (`[glossary]` in style.toml) and cell texts, shared by the DOCX and PDF writers."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from pipeline.errors import TemplateError
from pipeline.options import GlossaryRow
from pipeline.templates import Style, Template

COLUMNS = 4  # term, translation, how the translation was found, occurrences


@dataclass(frozen=True)
class GlossaryTable:
    heading: str
    columns: tuple[str, ...]  # header row
    shares: tuple[float, ...]  # each column's share of the type width
    size_pt: float
    line_pitch_pt: float

    def cell_style(self, template: Template, *, bold: bool = False, align: str = "left") -> Style:
        """The body face at the table's size, without the body's indents and paragraph spacing."""
        return dataclasses.replace(
            template.style("body"), name="glossary", size_pt=self.size_pt, line_pitch_pt=self.line_pitch_pt,
            bold=bold, align=align, first_line_indent_chars=0, right_indent_chars=0, space_before_pt=0,
            space_after_pt=0, space_after_lines=0)


def settings(template: Template) -> GlossaryTable:
    spec = template.glossary
    table = GlossaryTable(heading=spec.heading, columns=spec.columns,
                          shares=tuple(float(s) for s in spec.column_shares),
                          size_pt=float(spec.size_pt), line_pitch_pt=float(spec.line_pitch_pt))
    if len(table.columns) != COLUMNS or len(table.shares) != COLUMNS:
        raise TemplateError(f"template {template.name!r}: [glossary] columns and column_shares need "
                            f"{COLUMNS} entries each")
    return table


def cells(row: GlossaryRow) -> tuple[str, str, str, str]:
    return row.term, row.translation, row.found if row.translation else "", str(row.occurrences)
