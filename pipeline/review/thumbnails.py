"""Thumbnails of the first pages of built PDFs, as PNG bytes for data: URIs."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

THUMB_PAGES = 2
THUMB_WIDTH_PX = 360  # rendered width; the page shows it at half size, so it stays sharp on dense screens
THUMB_COLORS = 32  # a small palette keeps the page light enough to attach to an email; text stays legible


@dataclass(frozen=True)
class Thumb:
    png: bytes
    width: int
    height: int


@dataclass
class PdfThumbs:
    path: Path
    pages: int = 0
    thumbs: list[Thumb] = field(default_factory=list)
    error: str = ""


def render(path: Path, pages: int = THUMB_PAGES, width_px: int = THUMB_WIDTH_PX) -> PdfThumbs:
    """The first `pages` pages of the PDF at `path`; a file that cannot be read gives an error, not an exception."""
    import pypdfium2 as pdfium

    result = PdfThumbs(path=path)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        result.error = str(exc) or type(exc).__name__
        return result
    try:
        result.pages = len(pdf)
        for index in range(min(pages, result.pages)):
            page = pdf[index]
            width_pt, _ = page.get_size()
            image = page.render(scale=width_px / width_pt).to_pil().quantize(THUMB_COLORS)
            page.close()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            result.thumbs.append(Thumb(buffer.getvalue(), image.width, image.height))
    finally:
        pdf.close()
    return result
