"""The glossary table of the PDF: a Heading 1 and ruled rows laid out by `pipeline.writers.pdf.layout`, on a new page
after the document, the header row repeated on every page the table runs onto."""

from __future__ import annotations

from pipeline.model import HEADING, Block
from pipeline.options import GlossaryRow
from pipeline.templates import Style, Template
from pipeline.writers.glossary_table import cells, settings
from pipeline.writers.pdf.layout import Box, Cursor, Layout, Rule, Setter, place, shift, source_boxes


def lay_out_glossary(layout: Layout, template: Template, rows: tuple[GlossaryRow, ...]) -> None:
    table = settings(template)
    spec = template.pdf.glossary
    padding = float(spec.padding_pt)
    dark, light = spec.rule_color, spec.row_rule_color
    setter = Setter(template, layout)
    widths = [share * layout.width for share in table.shares]
    header_styles = [table.cell_style(template, bold=True, align=align)
                     for align in ("left", "left", "left", "right")]
    header = _row(setter, table.columns, header_styles, widths, padding, dark)
    header.items.insert(0, Rule(0.0, 0.0, layout.width, dark))
    header.before = float(spec.space_before_pt)
    styles = [table.cell_style(template), template.style("translation"), template.style("translation"),
              table.cell_style(template, align="right")]
    body = [_row(setter, cells(row), styles, widths, padding, light) for row in rows]
    if body:
        body[-1].items[-1] = Rule(0.0, body[-1].height, layout.width, dark)
    heading = source_boxes(setter, Block(HEADING, table.heading, level=1), layout.width)
    cursor = place(layout, heading, Cursor(len(layout.pages), 0.0), 0.0)
    _place_rows(layout, header, body, cursor)


def _row(setter: Setter, texts: tuple[str, ...], styles: list[Style], widths: list[float], padding: float,
         rule_color: str) -> Box:
    """One table row: each cell's lines stacked inside the padding, a rule along the bottom (the last item)."""
    items = []
    height = 0.0
    x = 0.0
    for text, style, width in zip(texts, styles, widths):
        y = padding
        for line in setter.boxes(text, style, width - 2 * padding, protect=False):
            items.extend(shift(item, x + padding, y) for item in line.items)
            y += line.height
        height = max(height, y + padding)
        x += width
    return Box(height, [*items, Rule(0.0, height, x, rule_color)])


def _place_rows(layout: Layout, header: Box, rows: list[Box], start: Cursor) -> None:
    """The rows under the header, the header again on each new page; the last page of the table never holds
    a single row: when it would, the row before it moves over too."""
    breaks = _page_breaks(layout, header, rows, start)
    if breaks and breaks[-1] == len(rows) - 1 > 1 and breaks[-2:-1] != [len(rows) - 2]:
        breaks[-1] -= 1
    cursor = place(layout, [header], start, 0.0)
    for n, row in enumerate(rows):
        if n in breaks:
            cursor = place(layout, [header], Cursor(cursor.page + 1, 0.0), 0.0)
        cursor = place(layout, [row], cursor, 0.0)


def _page_breaks(layout: Layout, header: Box, rows: list[Box], start: Cursor) -> list[int]:
    """The indices of the rows that start a new page when rows are placed as long as they fit."""
    y = start.y + (header.before if start.y > 0 else 0.0) + header.height
    breaks = []
    for n, row in enumerate(rows):
        if y + row.height > layout.height + 0.01:
            breaks.append(n)
            y = header.height
        y += row.height
    return breaks
