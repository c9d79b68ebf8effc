"""The `pressline` command line: parse options, call the API, print, exit with a meaningful code."""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

import click

from pipeline.cli.options import cjk_spacing_option, templates_option, write_stdout
from pipeline.options import EXECUTORS
from pipeline.version import installed

# the exit statuses (the table in README.md)
EXIT_FAILED = 1  # a document or an input failed (the others were still built); nothing to build
EXIT_USAGE = 2  # the command cannot run as asked: unknown option value, template or path; an output on an input
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT); no half-written file is left
LONG_INPUT_BYTES = 1_000_000


class PresslineGroup(click.Group):
    """Turns the project's own errors into one line on stderr; `--traceback` shows the stack instead."""

    def invoke(self, ctx: click.Context):
        from pipeline.errors import PipelineError, UsageError

        try:
            return super().invoke(ctx)
        except PipelineError as exc:
            if ctx.params.get("traceback"):
                raise
            click.echo(f"pressline: error: {exc}", err=True)
            sys.exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILED)
        except KeyboardInterrupt:
            if ctx.params.get("traceback"):
                raise
            click.echo("\npressline: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except OSError as exc:
            if ctx.params.get("traceback"):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"pressline: error: {where}{exc.strerror or exc}", err=True)
            sys.exit(EXIT_FAILED)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"pressline, version {installed()}")
        ctx.exit()


def check_template(template: str | None, templates_dir: Path | None) -> None:
    """--template NAME: a usage error unless there is such a template (in --templates DIR or Pressline's)."""
    from pipeline import templates

    if template is not None and template not in templates.available(templates_dir):
        raise click.BadParameter(f"no template named {template!r}; templates: "
                                 f"{', '.join(templates.available(templates_dir))}", param_hint="--template")


@click.group(cls=PresslineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version (from the installed package's metadata) and exit.")
@click.option("--traceback", is_flag=True, help="Show the full stack on errors (for bug reports).")
def cli(traceback: bool) -> None:
    """Repair text extracted from PDFs and publish it as DOCX, PDF and EPUB.

    \b
    Examples:
      pressline normalize raw.txt -o clean.txt      repair one file
      pressline normalize report.pdf -o clean.txt   read the PDF itself (positions, type sizes)
      pressline normalize raw.txt --explain         show every change
      pressline build                               build every document in source/ into build/
      pressline check raw.txt                       diagnostics without building
      pressline review raw.txt                      a page showing every repair, for an editor
      pressline segments export raw.txt -o raw.xlf  translation units for a CAT tool
    """


@cli.command()
@click.argument("infile", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write here (atomically; '-' for standard output) instead of standard output.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="text: one block per line, blank-line separated; json: the model.")
@click.option("--explain", is_flag=True, help="Print every change, grouped by pass, to stderr.")
@cjk_spacing_option
@click.option("--skip", "skip", multiple=True, metavar="PASS", help="Do not run this pass (repeatable).")
@click.option("--fail-on-warning", is_flag=True, help="Exit non-zero when the repair reports warnings.")
@click.option("--max-size", type=click.IntRange(min=1), default=64, show_default=True, metavar="MB",
              help="Refuse inputs larger than this many megabytes.")
def normalize(infile: Path, output: Path | None, fmt: str, explain: bool, cjk_spacing: str,
              skip: tuple[str, ...], fail_on_warning: bool, max_size: int) -> None:
    """Repair INFILE (text extracted from a PDF; '-' for standard input) into clean blocks.

    \b
    Examples:
      pressline normalize raw.txt -o clean.txt
      pdftotext -layout scan.pdf - | pressline normalize - > clean.txt
      pressline normalize raw.txt --format json -o model.json
      pressline normalize raw.txt --explain --skip spacing
    """
    from pipeline import atomic, writers
    from pipeline.errors import OptionError
    from pipeline.normalize import PASSES, check_skip, normalize_input
    from pipeline.options import NormalizeOptions
    from pipeline.read.decode import read_input
    from pipeline.report import format_explain

    try:
        check_skip(PASSES, set(skip))
    except OptionError as exc:
        raise click.BadParameter(str(exc), param_hint="--skip") from None
    options = NormalizeOptions(cjk_spacing=cjk_spacing, skip=frozenset(skip))
    limit = max_size * 1_000_000
    from_stdin = str(infile) == "-"
    to_stdout = output is None or str(output) == "-"
    if not from_stdin and not to_stdout:
        atomic.refuse_inputs([output], [infile])
    # one byte over the limit is enough to refuse a too large standard input
    raw = sys.stdin.buffer.read(limit + 1) if from_stdin else read_input(infile, limit)
    name = "<stdin>" if from_stdin else str(infile)
    doc = normalize_input(raw, path=name, options=options, max_bytes=limit)
    data = writers.get(fmt)(doc, None, None)
    if to_stdout:
        write_stdout(data)
    else:
        atomic.write_bytes(output, data)
    if explain:
        click.echo(format_explain(doc), err=True, nl=False)
    for warning in doc.report.warnings:
        click.echo(f"pressline: {warning.level}: {name}: {warning.message}", err=True)
    if fail_on_warning and doc.report.warnings:
        sys.exit(EXIT_FAILED)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Output folder; files are named <slug>.<ext>.")
@click.option("--formats", default=None, metavar="LIST",
              help="Comma-separated formats: txt (or text),json,markdown,docx,pdf,epub (default: all but markdown).")
@click.option("--template", default=None, metavar="NAME",
              help="Template name (official, reading, or one in --templates); default from <doc>.toml, else "
                   "official.")
@templates_option
@click.option("--layout", "layouts", default=None, metavar="LIST",
              help="Layouts of the DOCX, PDF and EPUB, comma-separated: source, parallel, interleaved (default "
                   "from <doc>.toml, else source); <slug>.<layout>.<ext> beside <slug>.<ext>.")
@click.option("--edition", "editions", default=None, metavar="LIST",
              help="Editions, comma-separated: source (default), bilingual (in the bilingual --layout, else "
                   "interleaved), translation (<slug>.translation.<ext>, in the translation's typography).")
@click.option("--ids", is_flag=True, help="Block ids in a narrow first column of the parallel DOCX table.")
@click.option("--translation", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Translation: XLIFF, PO or paragraph-aligned text (default: <slug>.<lang>.xlf|.xliff|.po|.txt "
                   "beside the document, when there is one).")
@click.option("--embed-fonts", is_flag=True, help="Embed subset fonts in the EPUB.")
@click.option("--glossary", is_flag=True,
              help="Append the document's key terms (as `pressline glossary` lists them) as a table to the DOCX "
                   "and PDF.")
@click.option("--glossary-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Your glossary (term<TAB>translation per line, or .csv): its translations win in the glossary "
                   "table (implies --glossary).")
@cjk_spacing_option
@click.option("--review", is_flag=True, help="Also write <slug>.review.html, the repair side by side with the input.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Documents built in parallel processes (default: the number of cores).")
@click.option("--shard", default=None, metavar="I/N",
              help="Build only the I-th of N stable shards of the documents (split a corpus across machines).")
@click.option("--executor", type=click.Choice(EXECUTORS), default="local", show_default=True,
              help="Where documents are built: this machine's processes, or a Dask cluster (pressline[dask]).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="The Dask scheduler, e.g. tcp://HOST:8786 (default: a local cluster of --jobs processes). "
                   "Workers must see the sources and the output folder at the same paths.")
@click.option("--force", is_flag=True, help="Rebuild documents whose inputs did not change.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Also list up-to-date documents, every warning, stacks of bugs.")
def build(paths: tuple[Path, ...], out_dir: Path, formats: str | None, template: str | None,
          templates_dir: Path | None, layouts: str | None, editions: str | None, ids: bool,
          translation: Path | None, embed_fonts: bool, glossary: bool, glossary_file: Path | None, cjk_spacing: str,
          review: bool, jobs: int | None, shard: str | None, executor: str, scheduler: str | None, force: bool,
          quiet: bool, verbose: bool) -> None:
    """Build documents (default: every source/*.txt) into DOCX, PDF and EPUB.

    Documents whose input, metadata, translation, template, fonts, options and Pressline version did not
    change since the last build into the same folder are skipped. Exit status: 0 all built, 1 some
    documents failed (the others are still built) or none found, 2 usage error, 130 interrupted.

    \b
    Examples:
      pressline build                                  everything in source/ into build/
      pressline build source/report.txt -o out --formats docx,pdf
      pressline build --template reading --layout source,parallel
      pressline build --translation report.en.xlf --layout parallel --glossary
      pressline build --translation report.en.xlf --edition source,bilingual,translation
      pressline build corpus/ --jobs 8 --shard 1/4     a quarter of a large corpus, 8 at a time
      pressline build /shared/corpus -o /shared/out --executor dask --scheduler tcp://HOST:8786
    """
    import os

    from pipeline import writers
    from pipeline.build import run as build_mod
    from pipeline.build import summary
    from pipeline.errors import PipelineError
    from pipeline.options import DEFAULT_FORMATS, BuildOptions, NormalizeOptions, source_date_epoch

    check_template(template, templates_dir)
    chosen = tuple(f.strip() for f in formats.split(",") if f.strip()) if formats else DEFAULT_FORMATS
    try:
        chosen = tuple(writers.check(fmt) for fmt in chosen)
    except PipelineError as exc:
        raise click.BadParameter(str(exc), param_hint="--formats") from None
    layout_list = tuple(x.strip() for x in layouts.split(",") if x.strip()) if layouts else ()
    for layout in layout_list:
        if layout not in writers.LAYOUTS:
            raise click.BadParameter(f"unknown layout {layout!r}; layouts: {', '.join(writers.LAYOUTS)}",
                                     param_hint="--layout")
    edition_list = tuple(x.strip() for x in editions.split(",") if x.strip()) if editions else ()
    for edition in edition_list:
        if edition not in writers.EDITIONS:
            raise click.BadParameter(f"unknown edition {edition!r}; editions: {', '.join(writers.EDITIONS)}",
                                     param_hint="--edition")
    if scheduler and executor != "dask":
        raise click.BadParameter("a scheduler is for --executor dask", param_hint="--scheduler")
    try:
        shard_range = build_mod.parse_shard(shard) if shard else None
    except PipelineError as exc:
        raise click.BadParameter(exc.message, param_hint="--shard") from None
    options = BuildOptions(
        out_dir=out_dir, formats=chosen, template=template,
        layouts=layout_list, editions=edition_list, ids=ids,
        translation=translation, embed_fonts=embed_fonts, glossary=glossary or glossary_file is not None,
        glossary_file=glossary_file,
        normalize=NormalizeOptions(cjk_spacing=cjk_spacing), review=review,
        source_date_epoch=source_date_epoch(), templates_dir=templates_dir,
    )
    jobs = jobs or os.cpu_count() or 1
    started = time.perf_counter()
    sources = build_mod.plan(list(paths), options, shard_range)
    # long documents take a while: say what each stage has done (also with -v)
    if verbose or not quiet and any(s.path.stat().st_size > LONG_INPUT_BYTES for s in sources):
        options = dataclasses.replace(options, stages=True)
    bar_wanted = not quiet and not verbose and sys.stderr.isatty() and len(sources) > 1
    held: list[str] = []  # stderr messages printed after the progress bar, not through it

    def say(message: str) -> None:
        if bar_wanted:
            held.append(message)
        else:
            click.echo(message, err=True)

    def progress(result: build_mod.BuildResult) -> None:
        for failure in result.failures:
            say(f"pressline: error: {failure}")
            if verbose and failure.detail:
                say(failure.detail.rstrip())
        if not bar_wanted and (verbose or not quiet and result.status == build_mod.BUILT):
            click.echo(summary.line(result))
        if verbose or not quiet and result.status != build_mod.UP_TO_DATE:
            for warning in result.warnings:
                say(f"pressline: warning: {result.source.path}: {warning}")
        if bar is not None:
            bar.update(1, result.source.slug)

    bar = None
    if bar_wanted:
        with click.progressbar(length=len(sources), label="building", file=sys.stderr,
                               item_show_func=lambda slug: slug or "") as bar:
            results = build_mod.build_sources(sources, options, progress, jobs=jobs, force=force,
                                              executor=executor, scheduler=scheduler)
        for message in held:
            click.echo(message, err=True)
    else:
        results = build_mod.build_sources(sources, options, progress, jobs=jobs, force=force,
                                              executor=executor, scheduler=scheduler)
    if not quiet:
        click.echo(summary.table(results, time.perf_counter() - started, jobs, verbose), nl=False)
    failed = [r for r in results if r.status == build_mod.FAILED]
    if failed:
        click.echo(f"pressline: {len(failed)} of {len(results)} document(s) failed: "
                   + ", ".join(str(r.source.path) for r in failed), err=True)
        sys.exit(EXIT_FAILED)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--template", default=None, metavar="NAME",
              help="Template whose fonts are checked (default from <doc>.toml, else official).")
@templates_option
@cjk_spacing_option
@click.option("-v", "--verbose", is_flag=True, help="List every removed line and ambiguous boundary.")
def check(paths: tuple[Path, ...], template: str | None, templates_dir: Path | None, cjk_spacing: str,
          verbose: bool) -> None:
    """Diagnose documents without building: encoding, line width, pages, lines removed, ambiguous joins,
    characters the fonts lack.

    \b
    Examples:
      pressline check source/report.txt
      pressline check source/ --template reading -v
    """
    from pipeline.options import NormalizeOptions
    from pipeline.review.check import diagnose, format_diagnosis
    from pipeline.sources import discover

    check_template(template, templates_dir)
    options = NormalizeOptions(cjk_spacing=cjk_spacing)
    for index, source in enumerate(discover(list(paths))):
        text = format_diagnosis(diagnose(source, template, options, templates_dir), limit=0 if verbose else 10)
        click.echo(("\n" if index else "") + text, nl=False)


@cli.command(name="templates")
@templates_option
def list_templates(templates_dir: Path | None) -> None:
    """List the templates: your own (--templates) first, then the ones Pressline ships.

    \b
    Examples:
      pressline templates                          official (GB/T 9704-2012), reading
      pressline templates --templates my-templates
    """
    from pipeline import templates

    for name in templates.available(templates_dir):
        template = templates.load(name, templates_dir)
        click.echo(f"{name:10} {template.description}  ({template.directory})")


from pipeline.cli.review import review  # noqa: E402  (a command in its own module)

cli.add_command(review)

from pipeline.cli.dist import dist  # noqa: E402  (a command in its own module)

cli.add_command(dist)

from pipeline.cli.translate import glossary, segments  # noqa: E402  (commands in their own module)

cli.add_command(segments)
cli.add_command(glossary)


def main() -> None:
    cli(prog_name="pressline")
