"""Small PDFs for tests, drawn with reportlab from a list of positioned lines (data, like the pass fixtures)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

RIGHT = 523.0  # the column's right edge when a line is justified to it


def make_pdf(lines: list[dict], pages: int | None = None) -> bytes:
    """`lines`: {page (1), x (72), y: points from the top, size (11), text, bold, justify (to `right`, RIGHT)}."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    count = pages if pages is not None else max((ln.get("page", 1) for ln in lines), default=0)
    for page in range(1, count + 1):
        for line in (ln for ln in lines if ln.get("page", 1) == page):
            font = "Helvetica-Bold" if line.get("bold") else "Helvetica"
            size = line.get("size", 11)
            x = line.get("x", 72)
            text = c.beginText(x, A4[1] - line["y"])
            text.setFont(font, size)
            spaces = line["text"].count(" ")
            if line.get("justify") and spaces:
                right = line.get("right", RIGHT)
                text.setWordSpace((right - x - stringWidth(line["text"], font, size)) / spaces)
            text.textLine(line["text"])
            c.drawText(text)
        c.showPage()
    c.save()
    return out.getvalue()
