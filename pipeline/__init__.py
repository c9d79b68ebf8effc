"""Pressline: repair text extracted from PDFs into a document model and publish it."""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.model import Document
    from pipeline.normalize import NormalizeOptions


def normalize(data: bytes | str, path: str = "<input>", options: NormalizeOptions | None = None) -> Document:
    """Repair raw extracted text (bytes are decoded first) into a Document with its report."""
    from pipeline.normalize import normalize_input

    return normalize_input(data, path=path, options=options)


def build(*args, **kwargs):
    """Build documents into publishable files; see `pipeline.build.build_all`."""
    from pipeline.build import build_all

    return build_all(*args, **kwargs)


__all__ = ["__version__", "normalize", "build"]
