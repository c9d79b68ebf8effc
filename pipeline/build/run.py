"""The batch build: source → Document → every requested format, written atomically, incrementally, in parallel.

`build_all` plans the run in the calling process (discovery, shard, fingerprints, what is up to date) and
builds the rest one document per task, in a pool of worker processes when `jobs > 1`. Workers live for the
whole run, so jieba's dictionary and the fonts load once per worker, not once per document. A failure in one
document or one format is recorded in its result; the others are still built.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from pipeline import atomic, resources, templates, writers
from pipeline.bilingual import glossary, load
from pipeline.bilingual.segments import segment
from pipeline.build import state as buildstate
from pipeline.errors import InputError, PipelineError, UsageError
from pipeline.model import Document
from pipeline.normalize import normalize_input
from pipeline.options import EXECUTORS, BuildOptions, GlossaryRow, WriteOptions
from pipeline.read.decode import read_input
from pipeline.sources import Source, discover, translations_of
from pipeline.text import words
from pipeline.typeset import fonts
from pipeline.writers import EDITIONS, LAYOUTS, translated

BUILT, UP_TO_DATE, FAILED = "built", "up to date", "failed"
TRANSLATION_EDITION = "translation"  # the output name's suffix, used like a layout's


@dataclass(frozen=True)
class Failure:
    """One document-level (`fmt == ""`) or format-level failure; `detail` holds the stack of a bug."""

    fmt: str
    message: str  # names the file
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.message} (writing {self.fmt})" if self.fmt else self.message


@dataclass
class BuildResult:
    source: Source
    status: str = BUILT
    outputs: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None  # of the PDF in the source layout, when one was built
    seconds: float = 0.0


def load_document(source: Source, options: BuildOptions) -> Document:
    """The document of `source`: a saved model (`.json`, checked) as it is, else the text repaired."""
    if source.settings_error is not None:
        raise source.settings_error
    if source.path.suffix.lower() == ".json":
        doc = Document.from_json(read_input(source.path).decode("utf-8", "replace"), path=str(source.path))
        return _with_settings(doc, source)
    doc = normalize_input(read_input(source.path), path=str(source.path), options=options.normalize)
    if not doc.blocks:
        removed = len(doc.report.removed_lines)
        raise InputError("no text to publish" + (f" ({removed} page-marker or header line(s) removed)" if removed
                                                 else " (the file is empty or holds only white space)"),
                         path=str(source.path))
    # the file name, not the path, so outputs do not depend on where the build runs
    doc = replace(doc, source_name=source.path.name)
    return _with_settings(doc, source)


def _with_settings(doc: Document, source: Source) -> Document:
    meta = {k: v for k, v in source.settings.items() if k in ("title", "author", "subject", "date", "language")}
    if "keywords" in source.settings:
        meta["keywords"] = tuple(source.settings["keywords"])
    return doc.with_metadata(**meta) if meta else doc


def find_translation(source: Source, options: BuildOptions) -> Path | None:
    if options.translation is not None:
        if not options.translation.is_file():
            raise InputError("translation file not found", path=str(options.translation))
        return options.translation
    for candidate in translations_of(source.path):
        return candidate
    return None


def load_translations(doc: Document, source: Source, options: BuildOptions) -> load.Translation | None:
    """The document's translation (XLIFF, PO or plain text), checked against it, if it has one."""
    path = find_translation(source, options)
    return None if path is None else load.read_translation(doc, path, doc.report)


def write_options(doc: Document, options: BuildOptions, translation: load.Translation | None) -> WriteOptions:
    """What the writers get: block id → translated text, its language and, with `--glossary`, the table."""
    rows: tuple[GlossaryRow, ...] = ()
    if options.glossary:
        pairs = translation.pairs if translation is not None else []
        user, units = user_glossary(options), segment(doc)
        found = glossary.terms(units)
        found = glossary.with_translations(found + glossary.user_terms(units, user, found), pairs, user)
        rows = tuple(GlossaryRow(t.text, t.translation, t.frequency, t.found) for t in found)
    # without SOURCE_DATE_EPOCH an ad-hoc build is dated now (the incremental state keeps `None`, so
    # the date alone never makes a document out of date)
    epoch = options.source_date_epoch if options.source_date_epoch is not None else int(time.time())
    return WriteOptions(
        source_date_epoch=epoch, embed_fonts=options.embed_fonts, glossary=rows, ids=options.ids,
        translations=load.block_texts(doc, translation) if translation is not None else {},
        sentence_pairs=load.sentence_pairs(doc, translation) if translation is not None else {},
        translation_language=translation.language if translation is not None else WriteOptions.translation_language)


def user_glossary(options: BuildOptions) -> dict[str, str]:
    """The user's glossary file (term → translation), which wins over what the document's units suggest."""
    if options.glossary_file is None:
        return {}
    if not options.glossary_file.is_file():
        raise InputError("glossary file not found", path=str(options.glossary_file))
    return glossary.read_user_glossary(options.glossary_file)


def template_name(source: Source, options: BuildOptions) -> str:
    return options.template or source.settings.get("template", "official")


def layouts_of(source: Source, options: BuildOptions) -> tuple[str, ...]:
    """What each published format is written in: the layouts (`--layout`, else the toml's `layout`, else the
    source alone); with `--edition`, the source for `source`, those layouts that are bilingual (else
    interleaved) for `bilingual`, and `translation` for the translation edition."""
    setting = options.layouts or source.settings.get("layout", "source")
    layouts = tuple(setting) if isinstance(setting, (list, tuple)) else (setting,)
    if not options.editions:
        return layouts
    chosen = []
    if "source" in options.editions:
        chosen.append("source")
    if "bilingual" in options.editions:
        chosen += [layout for layout in layouts if layout != "source"] or ["interleaved"]
    if "translation" in options.editions:
        chosen.append(TRANSLATION_EDITION)
    return tuple(dict.fromkeys(chosen))


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF written by reportlab (its page objects are never in compressed object streams)."""
    return len(re.findall(rb"/Type\s*/Page\b", data))


def inputs_of(source: Source, options: BuildOptions, listing: list[Path] | None = None) -> list[Path]:
    """The files a document's build reads: the document, its `<slug>.toml`, its translation(s) (`listing`:
    the files of the document's folder, when listed already)."""
    found = [source.path, source.path.with_suffix(".toml")]
    if options.translation is not None:
        found.append(options.translation)
    found.extend(translations_of(source.path, listing))
    return found


def outputs_of(source: Source, options: BuildOptions) -> list[tuple[str, str, Path]]:
    """(format, layout, file) of every output of one document, the review page last (format "review")."""
    found = [(fmt, layout, options.out_dir / writers.output_name(source.slug, fmt, layout))
             for fmt in options.formats
             for layout in (layouts_of(source, options) if fmt in writers.PUBLISHED else ("source",))]
    if options.review:
        found.append(("review", "source", options.out_dir / f"{source.slug}.review.html"))
    return found


def fingerprint(source: Source, options: BuildOptions) -> str:
    settings = {
        "formats": list(options.formats), "layouts": list(layouts_of(source, options)),
        "embed_fonts": options.embed_fonts, "normalize": asdict(options.normalize),
        "source_date_epoch": options.source_date_epoch, "review": options.review,
        "template": template_name(source, options),
    }
    settings["normalize"]["skip"] = sorted(options.normalize.skip)
    if options.glossary:  # only when set, so stamps of builds without it stay valid
        settings["glossary"] = True
    if options.ids:
        settings["ids"] = True
    toml = source.path.with_suffix(".toml")
    inputs = [source.path, toml if toml.is_file() else None, find_translation(source, options),
              options.glossary_file if options.glossary else None]
    folder = templates.folder(template_name(source, options), options.templates_dir)
    # a template may use the files beside its folder (the shared EPUB stylesheet)
    inputs += sorted(p for p in folder.parent.iterdir() if p.is_file())
    folders = [folder]
    if options.review:
        folders.append(resources.data_dir() / "review")
    if TRANSLATION_EDITION in layouts_of(source, options):
        edition = templates.load(template_name(source, options), options.templates_dir).translation_template
        folders += [templates.folder(edition, options.templates_dir)] if edition else []
    return buildstate.fingerprint(inputs, folders, settings)


def _failure(source: Source, fmt: str, exc: Exception) -> Failure:
    if isinstance(exc, PipelineError):
        return Failure(fmt, str(_with_path(exc, source)))
    return Failure(fmt, f"{source.path}: internal error: {type(exc).__name__}: {exc}", traceback.format_exc())


def _write(fmt: str, doc: Document, template: templates.Template, options: WriteOptions) -> bytes:
    """Run a writer; its Python warnings (missing glyphs, ...) go into the document's report."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        data = writers.get(fmt)(doc, template, options)
    for warning in caught:
        if issubclass(warning.category, UserWarning):
            doc.report.warn(f"{fmt}: {warning.message}")
    return data


def build_one(source: Source, options: BuildOptions, expected: str = "") -> BuildResult:
    """Build one document into every requested format; a stamp records a fully successful build."""
    started = time.perf_counter()
    result = BuildResult(source=source)
    out = options.out_dir
    try:
        doc = load_document(source, options)
        _stage(options, source, f"repaired into {len(doc.blocks)} blocks", started)
        template = templates.load(template_name(source, options), options.templates_dir)
        to_writers = write_options(doc, options, load_translations(doc, source, options))
    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the batch
        result.failures.append(_failure(source, "", exc))
        return _finish(result, started)
    pdfs: list[Path] = []
    planned = outputs_of(source, options)
    for _, _, target in planned:
        atomic.remove_leftovers(target)  # temporary files of a build that was killed
    for fmt, layout, target in planned:
        if fmt == "review":
            _write_review(result, doc, source, pdfs, target)
            continue
        try:
            began = time.perf_counter()
            if layout == TRANSLATION_EDITION:
                data = _write(fmt, *_translation_edition(doc, template, to_writers, options))
            else:
                data = _write(fmt, doc, template, replace(to_writers, layout=layout))
            atomic.write_bytes(target, data)
            _stage(options, source, f"{target.name} written", began)
        except Exception as exc:  # noqa: BLE001
            result.failures.append(_failure(source, fmt if layout == "source" else f"{fmt} ({layout})", exc))
            continue
        result.outputs.append(target)
        if fmt == "pdf":
            pdfs.append(target)
            if layout == "source" or result.pages is None:
                result.pages = pdf_page_count(data)
    result.warnings = [w.message if w.level == "warning" else f"{w.level}: {w.message}" for w in doc.report.warnings]
    if result.failures:
        buildstate.forget(out, source.slug)
    elif expected:
        try:
            buildstate.write_stamp(out, source.slug, buildstate.Stamp(
                fingerprint=expected, source=str(source.path), source_sha256=buildstate.sha256_file(source.path),
                formats=list(options.formats), outputs={p.name: buildstate.sha256_file(p) for p in result.outputs},
                pages=result.pages, warnings=result.warnings))
        except PipelineError as exc:  # a full disk: the outputs are complete, the next build redoes them
            buildstate.forget(out, source.slug)
            result.failures.append(_failure(source, "build state", exc))
    return _finish(result, started)


def _translation_edition(doc: Document, template: templates.Template, options: WriteOptions,
                         build: BuildOptions) -> tuple[Document, templates.Template, WriteOptions]:
    """The document in its translation, the template of the translation's typography, plain options."""
    if not options.translations:
        raise InputError("the translation edition needs a translation", hint="give --translation FILE or put "
                         "<slug>.<lang>.xlf|.po|.txt beside the document")
    translated_doc, untranslated = translated.translated_document(doc, options.translations,
                                                                  options.translation_language)
    if untranslated and not any("translation edition" in w.message for w in doc.report.warnings):
        doc.report.warn(f"translation edition: {len(untranslated)} block(s) without a translation keep their "
                        f"source text: {', '.join(untranslated[:5])}" + (" ..." if len(untranslated) > 5 else ""))
    edition = template.translation_template
    edition_template = templates.load(edition, build.templates_dir) if edition else template
    return translated_doc, edition_template, replace(options, layout="source", translations={},
                                                     sentence_pairs={}, glossary=())


def _stage(options: BuildOptions, source: Source, what: str, since: float) -> None:
    if options.stages:
        print(f"  {source.slug}: {what} in {time.perf_counter() - since:.1f} s", file=sys.stderr, flush=True)


def _with_path(exc: Exception, source: Source) -> Exception:
    if isinstance(exc, PipelineError) and not exc.path:
        exc.path = str(source.path)
    return exc


def _write_review(result: BuildResult, doc: Document, source: Source, pdfs: list[Path], target: Path) -> None:
    from pipeline.read import source_text
    from pipeline.review.page import review_page

    try:
        raw = source_text(read_input(source.path), str(source.path))
        atomic.write_bytes(target, review_page(doc, raw, pdfs))
    except Exception as exc:  # noqa: BLE001
        result.failures.append(_failure(source, "review", exc))
        return
    result.outputs.append(target)


def _finish(result: BuildResult, started: float) -> BuildResult:
    result.status = FAILED if result.failures else BUILT
    result.seconds = time.perf_counter() - started
    return result


def parse_shard(text: str) -> tuple[int, int]:
    """`I/N` (1 ≤ I ≤ N) → (I, N)."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise InputError(f"shard must be I/N with 1 ≤ I ≤ N, not {text!r}", hint="e.g. --shard 2/4")
    return int(match.group(1)), int(match.group(2))


def in_shard(slug: str, shard: tuple[int, int]) -> bool:
    """Stable across runs, machines and corpus changes: a document's shard depends on its slug only."""
    index, count = shard
    return int(hashlib.sha256(slug.encode("utf-8")).hexdigest()[:12], 16) % count == index - 1


def plan(paths: list[Path], options: BuildOptions, shard: tuple[int, int] | None = None) -> list[Source]:
    for layout in options.layouts:
        if layout not in LAYOUTS:
            raise InputError(f"unknown layout {layout!r}", hint=f"choose from {', '.join(LAYOUTS)}")
    for edition in options.editions:
        if edition not in EDITIONS:
            raise InputError(f"unknown edition {edition!r}", hint=f"choose from {', '.join(EDITIONS)}")
    sources = discover(paths)
    if not sources:
        where = ", ".join(str(p) for p in paths) or "source/"
        raise InputError("no documents found (nothing to build)", path=where,
                         hint="a document is a <name>.txt file; name files or folders")
    # no output may replace an input, of this document or another one
    # each folder listed once, only the names a translation can have (<slug>.<lang>.<exchange suffix>)
    listings = {folder: [p for p in folder.iterdir() if p.suffix.lower() in load.EXCHANGE_SUFFIXES
                         and len(p.suffixes) >= 2] for folder in {source.path.parent for source in sources}}
    atomic.refuse_inputs((path for source in sources for _, _, path in outputs_of(source, options)),
                         [path for source in sources for path in inputs_of(source, options,
                                                                           listings[source.path.parent])])
    by_slug: dict[str, Source] = {}
    for source in sources:
        # names that differ only in case are one file on macOS and Windows (and in a zip bundle)
        key = source.slug.casefold()
        if key in by_slug:
            raise UsageError(f"same output name {source.slug!r} as {by_slug[key].path}"
                             + (" (the names differ only in case)" if source.slug != by_slug[key].slug else ""),
                             path=str(source.path), hint="rename one of the documents")
        by_slug[key] = source
    return [s for s in sources if shard is None or in_shard(s.slug, shard)]


def build_all(
    paths: list[Path], options: BuildOptions, progress: Callable[[BuildResult], None] | None = None,
    *, jobs: int = 1, shard: tuple[int, int] | None = None, force: bool = False, executor: str = "local",
    scheduler: str | None = None,
) -> list[BuildResult]:
    """Build every document under `paths` (default: source/); results in discovery order."""
    return build_sources(plan(paths, options, shard), options, progress, jobs=jobs, force=force, executor=executor,
                         scheduler=scheduler)


def build_sources(
    sources: list[Source], options: BuildOptions, progress: Callable[[BuildResult], None] | None = None,
    *, jobs: int = 1, force: bool = False, executor: str = "local", scheduler: str | None = None,
) -> list[BuildResult]:
    """Build what is not up to date, `jobs` documents at a time; `progress` sees each result as it comes.

    `executor="dask"` sends each document to a Dask cluster (`scheduler`, else a LocalCluster of `jobs`
    processes) instead of this machine's process pool; results, failures and stamps are the same."""
    if executor not in EXECUTORS:
        raise InputError(f"unknown executor {executor!r}", hint=f"choose from {', '.join(EXECUTORS)}")
    results: dict[Path, BuildResult] = {}
    todo: list[tuple[Source, str]] = []
    for source in sources:
        try:
            expected = fingerprint(source, options)
        except PipelineError as exc:
            result = BuildResult(source=source, status=FAILED, failures=[_failure(source, "", exc)])
            results[source.path] = _report(result, progress)
            continue
        stamp = None if force else buildstate.up_to_date(options.out_dir, source.slug, expected)
        if stamp is None:
            todo.append((source, expected))
            continue
        result = BuildResult(source=source, status=UP_TO_DATE, outputs=[options.out_dir / n for n in stamp.outputs],
                             warnings=stamp.warnings, pages=stamp.pages)
        results[source.path] = _report(result, progress)
    if executor == "dask":
        from pipeline.build import cluster

        done = cluster.run(todo, options, scheduler, jobs)
    else:
        done = _run(todo, options, jobs)
    for result in done:
        results[result.source.path] = _report(result, progress)
    return [results[s.path] for s in sources]


def _report(result: BuildResult, progress: Callable[[BuildResult], None] | None) -> BuildResult:
    if progress is not None:
        progress(result)
    return result


def _pool(workers: int, formats: tuple[str, ...]) -> ProcessPoolExecutor:
    if sys.platform != "linux":
        return ProcessPoolExecutor(max_workers=workers)
    # forked workers inherit what the parent loaded once: writers, jieba's dictionary, the fonts
    for fmt in formats:
        writers.get(fmt)
    words.keywords("预热")
    words.protected_spans("张三在北京")
    fonts.register_all(fonts.ROLES)
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))


def _run(todo: list[tuple[Source, str]], options: BuildOptions, jobs: int) -> Iterator[BuildResult]:
    workers = min(max(jobs, 1), len(todo))
    if workers <= 1:
        for source, expected in todo:
            yield build_one(source, options, expected)
        return
    with _pool(workers, options.formats) as pool:
        futures = {pool.submit(build_one, source, options, expected): source for source, expected in todo}
        try:
            for future in as_completed(futures):
                try:
                    yield future.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died (killed, out of memory)
                    yield worker_failed(futures[future], exc)
        except BaseException:  # Ctrl-C: the documents not started yet are not started
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def worker_failed(source: Source, exc: BaseException) -> BuildResult:
    """The result of a document whose worker died or could not run it."""
    return BuildResult(source=source, status=FAILED, failures=[
        Failure("", f"{source.path}: worker failed: {type(exc).__name__}: {exc}")])

