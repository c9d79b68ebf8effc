"""The frozen option objects each stage takes, and the one place `SOURCE_DATE_EPOCH` is read.

Options flow one way: code defaults (here) < `source/<slug>.toml` < command-line flags, merged by the CLI.
`NormalizeOptions` is what the repair passes take, `WriteOptions` what a writer takes besides the document and
the template, `BuildOptions` what a batch build takes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError

DEFAULT_FORMATS = ("text", "json", "docx", "pdf", "epub")
CJK_SPACING = ("remove", "keep", "add")  # the policies for spaces between Chinese and Latin; the first is the default
EXECUTORS = ("local", "dask")  # where documents are built: this machine's process pool, or a Dask cluster


def source_date_epoch() -> int | None:
    """The one place Pressline reads SOURCE_DATE_EPOCH (reproducible timestamps); None when it is not set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise InputError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}")
    return int(value)


@dataclass(frozen=True)
class NormalizeOptions:
    cjk_spacing: str = CJK_SPACING[0]  # remove | keep | add
    skip: frozenset[str] = frozenset()


@dataclass(frozen=True)
class GlossaryRow:
    """One row of the glossary table appended to the bilingual DOCX and PDF."""

    term: str
    translation: str = ""  # empty when the document's translation does not make it evident
    occurrences: int = 0
    found: str = ""  # how the translation was found: glossary (the user's), aligned, unit


@dataclass(frozen=True)
class WriteOptions:
    """Everything a writer may depend on besides the document and the template.

    Writers never read the clock, the environment or argv: `source_date_epoch` is the only time.
    `translations` maps block ids (`Document.block_ids()`) to translated text; `sentence_pairs` maps the
    id of a block whose every unit is translated to its (source sentence, translated sentence) pairs, in order
    (the parallel PDF aligns them). A non-empty `glossary` is appended to the DOCX and the PDF as a table
    after the last block.
    """

    source_date_epoch: int | None = None
    translations: dict[str, str] = field(default_factory=dict)
    sentence_pairs: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    translation_language: str = "en-US"
    layout: str = "source"
    embed_fonts: bool = False
    ids: bool = False  # the block id beside each block of a bilingual table (the parallel DOCX)
    glossary: tuple[GlossaryRow, ...] = ()


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path = Path("build")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    template: str | None = None  # default: the document's toml, else "official"
    layouts: tuple[str, ...] = ()  # DOCX/PDF/EPUB layouts; default: the document's toml, else ("source",)
    editions: tuple[str, ...] = ()  # source, bilingual, translation; default: the layouts alone
    translation: Path | None = None
    embed_fonts: bool = False
    normalize: NormalizeOptions = field(default_factory=NormalizeOptions)
    source_date_epoch: int | None = None
    review: bool = False
    stages: bool = False  # report each stage of each document on stderr (long documents, -v)
    glossary: bool = False  # append the glossary table to the DOCX and the PDF
    ids: bool = False  # block ids in the parallel DOCX table
    glossary_file: Path | None = None  # the user's term → translation list for the glossary table
    templates_dir: Path | None = None  # the user's own templates, searched before the ones Pressline ships
