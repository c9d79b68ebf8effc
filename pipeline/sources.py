"""Source discovery: documents, their `<slug>.toml` metadata and their translations."""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import InputError, PipelineError, UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SOURCE_DIR = Path("source")
# `<slug>.<lang>.txt` files are translations, not documents
_TRANSLATION_NAME = re.compile(r"\.[a-z]{2}(?:-[A-Za-z]{2,4})?\.txt$")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
METADATA_KEYS = {"title", "author", "subject", "date", "language", "keywords", "template", "layout"}


@dataclass(frozen=True)
class Source:
    path: Path
    slug: str
    settings: dict[str, Any]
    # a malformed `<slug>.toml`: this document fails with it, the others are still built
    settings_error: PipelineError | None = None


def slugify(name: str) -> str:
    """A safe file-name stem: no separators, no dot files, no reserved device names."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"[\\/:*?\"'`<>|\s\x00-\x1f]+", "-", text).strip(".-")
    text = re.sub(r"-{2,}", "-", text)[:100]
    if not text or text.lower().split(".")[0] in _RESERVED:
        text = f"doc-{text}" if text else "document"
    return text


def discover(paths: list[Path]) -> list[Source]:
    """Documents named on the command line (files or folders); by default every `source/*.txt` and `*.pdf` (a
    PDF beside a text file of the same name is taken to be where that text came from: the text is used)."""
    if not paths:
        paths = [SOURCE_DIR]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            texts = [p for p in sorted(path.glob("*.txt")) if not _TRANSLATION_NAME.search(p.name)]
            stems = {p.stem for p in texts}
            pdfs = [p for p in path.glob("*.pdf") if p.stem not in stems]
            found.extend(sorted(texts + pdfs))
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError("no such file or folder", path=str(path))
    seen: set[Path] = set()
    sources = []
    for path in found:
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        try:
            settings, error = read_settings(path), None
        except InputError as exc:
            settings, error = {}, exc
        sources.append(Source(path=path, slug=slugify(path.stem), settings=settings, settings_error=error))
    return sources


def read_settings(path: Path) -> dict[str, Any]:
    """`<doc>.toml` beside the document: metadata and per-document defaults."""
    toml_path = path.with_suffix(".toml")
    if not toml_path.is_file():
        return {}
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"malformed metadata: {exc}", path=str(toml_path)) from None
    unknown = set(data) - METADATA_KEYS
    if unknown:
        raise InputError(
            f"unknown metadata key(s): {', '.join(sorted(unknown))}", path=str(toml_path),
            hint=f"known keys: {', '.join(sorted(METADATA_KEYS))}",
        )
    return data
