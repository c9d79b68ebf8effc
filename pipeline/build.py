"""The per-document pipeline: source → Document → every requested format, written atomically."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import atomic, templates, writers
from pipeline.bilingual import plain
from pipeline.errors import InputError, PipelineError
from pipeline.model import Document
from pipeline.normalize import NormalizeOptions, normalize_input
from pipeline.sources import Source, discover
from pipeline.writers import LAYOUTS, WriteOptions

DEFAULT_FORMATS = ("text", "json", "docx", "pdf", "epub")


def source_date_epoch() -> int | None:
    """The one place the build reads SOURCE_DATE_EPOCH (reproducible timestamps)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise InputError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}")
    return int(value)


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path = Path("build")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    template: str | None = None
    layouts: tuple[str, ...] = ("source",)
    translation: Path | None = None
    embed_fonts: bool = False
    normalize: NormalizeOptions = field(default_factory=NormalizeOptions)
    source_date_epoch: int | None = None


@dataclass
class BuildResult:
    source: Source
    outputs: list[Path] = field(default_factory=list)
    document: Document | None = None
    error: PipelineError | None = None


def default_formats() -> tuple[str, ...]:
    """Every format whose writer is installed."""
    present = set(writers.available())
    return tuple(f for f in DEFAULT_FORMATS if f in present)


def load_document(source: Source, options: BuildOptions) -> Document:
    doc = normalize_input(source.path.read_bytes(), path=str(source.path), options=options.normalize)
    meta = {k: v for k, v in source.settings.items() if k in ("title", "author", "subject", "date", "language")}
    if "keywords" in source.settings:
        meta["keywords"] = tuple(source.settings["keywords"])
    return doc.with_metadata(**meta) if meta else doc


def find_translation(source: Source, options: BuildOptions) -> Path | None:
    if options.translation is not None:
        if not options.translation.is_file():
            raise InputError("translation file not found", path=str(options.translation))
        return options.translation
    for candidate in source.translation_candidates:
        return candidate
    return None


def output_name(slug: str, fmt: str, layout: str) -> str:
    suffix = "" if layout == "source" or fmt not in ("pdf",) else f".{layout}"
    return f"{slug}{suffix}.{writers.extension(fmt)}"


def build_one(source: Source, options: BuildOptions) -> BuildResult:
    result = BuildResult(source=source)
    try:
        doc = load_document(source, options)
        result.document = doc
        template = templates.load(options.template or source.settings.get("template", "official"))
        write_options = WriteOptions(source_date_epoch=options.source_date_epoch,
                                     embed_fonts=options.embed_fonts)
        translation = find_translation(source, options)
        if translation is not None:
            write_options = replace(write_options, translations=plain.attach(doc, translation, doc.report))
        layouts = options.layouts or (source.settings.get("layout", "source"),)
        for fmt in options.formats:
            write = writers.get(fmt)
            for layout in layouts if fmt == "pdf" else ("source",):
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    data = write(doc, template, replace(write_options, layout=layout))
                for warning in caught:
                    doc.report.warn(f"{fmt}: {warning.message}")
                target = options.out_dir / output_name(source.slug, fmt, layout)
                atomic.write_bytes(target, data)
                result.outputs.append(target)
    except PipelineError as exc:
        if not exc.path:
            exc.path = str(source.path)
        result.error = exc
    return result


def build_all(
    paths: list[Path], options: BuildOptions, progress: Callable[[BuildResult], None] | None = None
) -> list[BuildResult]:
    for layout in options.layouts:
        if layout not in LAYOUTS:
            raise InputError(f"unknown layout {layout!r}", hint=f"choose from {', '.join(LAYOUTS)}")
    results = []
    for source in discover(paths):
        result = build_one(source, options)
        results.append(result)
        if progress is not None:
            progress(result)
    return results
