"""The `pressline` command line: parse options, call the API, print, exit with a meaningful code."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from pipeline import __version__

EXIT_FAILED = 1
EXIT_USAGE = 2


class PresslineGroup(click.Group):
    """Turns the project's own errors into one line on stderr; `--traceback` shows the stack instead."""

    def invoke(self, ctx: click.Context):
        from pipeline.errors import PipelineError

        try:
            return super().invoke(ctx)
        except PipelineError as exc:
            if ctx.params.get("traceback"):
                raise
            click.echo(f"pressline: error: {exc}", err=True)
            sys.exit(EXIT_FAILED)
        except OSError as exc:
            if ctx.params.get("traceback"):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"pressline: error: {where}{exc.strerror or exc}", err=True)
            sys.exit(EXIT_FAILED)


@click.group(cls=PresslineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="pressline")
@click.option("--traceback", is_flag=True, help="Show the full stack on errors (for bug reports).")
def cli(traceback: bool) -> None:
    """Repair text extracted from PDFs and publish it as DOCX, PDF and EPUB.

    \b
    Examples:
      pressline normalize raw.txt -o clean.txt      repair one file
      pressline normalize raw.txt --explain         show every change
      pressline build                               build every document in source/ into build/
    """


@cli.command()
@click.argument("infile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (atomically) instead of standard output.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="text: one block per line, blank-line separated; json: the model.")
@click.option("--explain", is_flag=True, help="Print every change, grouped by pass, to stderr.")
@click.option("--cjk-spacing", type=click.Choice(["remove", "keep", "add"]), default="remove",
              show_default=True, help="Spaces between Chinese and Latin letters or digits.")
@click.option("--skip", "skip", multiple=True, metavar="PASS", help="Do not run this pass (repeatable).")
@click.option("--fail-on-warning", is_flag=True, help="Exit non-zero when the repair reports warnings.")
@click.option("--max-size", type=click.IntRange(min=1), default=64, show_default=True, metavar="MB",
              help="Refuse inputs larger than this many megabytes.")
def normalize(infile: Path, output: Path | None, fmt: str, explain: bool, cjk_spacing: str,
              skip: tuple[str, ...], fail_on_warning: bool, max_size: int) -> None:
    """Repair INFILE (text extracted from a PDF) into clean blocks.

    \b
    Examples:
      pressline normalize raw.txt -o clean.txt
      pressline normalize raw.txt --format json -o model.json
      pressline normalize raw.txt --explain --skip spacing
    """
    from pipeline import atomic, writers
    from pipeline.decode import read_input
    from pipeline.normalize import PASS_NAMES, NormalizeOptions, normalize_input
    from pipeline.report import format_explain

    unknown = [name for name in skip if name not in PASS_NAMES]
    if unknown:
        raise click.BadParameter(f"unknown pass {unknown[0]!r}; passes: {', '.join(PASS_NAMES)}",
                                 param_hint="--skip")
    options = NormalizeOptions(cjk_spacing=cjk_spacing, skip=frozenset(skip))
    limit = max_size * 1_000_000
    doc = normalize_input(read_input(infile, limit), path=str(infile), options=options, max_bytes=limit)
    data = writers.get(fmt)(doc, None, None)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        atomic.write_bytes(output, data)
    if explain:
        click.echo(format_explain(doc), err=True, nl=False)
    for warning in doc.report.warnings:
        click.echo(f"pressline: {warning.level}: {infile}: {warning.message}", err=True)
    if fail_on_warning and doc.report.warnings:
        sys.exit(EXIT_FAILED)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Output folder; files are named <slug>.<ext>.")
@click.option("--formats", default=None, metavar="LIST",
              help="Comma-separated formats: text,json,docx,pdf,epub (default: all installed).")
@click.option("--template", default=None, metavar="NAME",
              help="Template in templates/ (official, reading); default from <doc>.toml, else official.")
@click.option("--layout", "layouts", default="source", show_default=True, metavar="LIST",
              help="PDF layouts, comma-separated: source, parallel, interleaved.")
@click.option("--translation", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Paragraph-aligned translation (default: source/<slug>.en.txt when present).")
@click.option("--embed-fonts", is_flag=True, help="Embed subset fonts in the EPUB.")
@click.option("--cjk-spacing", type=click.Choice(["remove", "keep", "add"]), default="remove", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def build(paths: tuple[Path, ...], out_dir: Path, formats: str | None, template: str | None, layouts: str,
          translation: Path | None, embed_fonts: bool, cjk_spacing: str, quiet: bool) -> None:
    """Build documents (default: every source/*.txt) into DOCX, PDF and EPUB.

    \b
    Examples:
      pressline build                                  everything in source/ into build/
      pressline build source/report.txt -o out --formats docx,pdf
      pressline build --template reading --layout source,parallel
    """
    from pipeline import build as build_mod
    from pipeline import writers
    from pipeline.normalize import NormalizeOptions

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip()) if formats else build_mod.default_formats()
    for fmt in chosen:
        if fmt not in writers.FORMATS:
            raise click.BadParameter(f"unknown format {fmt!r}; formats: {', '.join(writers.FORMATS)}",
                                     param_hint="--formats")
    options = build_mod.BuildOptions(
        out_dir=out_dir, formats=chosen, template=template,
        layouts=tuple(x.strip() for x in layouts.split(",") if x.strip()),
        translation=translation, embed_fonts=embed_fonts,
        normalize=NormalizeOptions(cjk_spacing=cjk_spacing),
        source_date_epoch=build_mod.source_date_epoch(),
    )
    started = time.perf_counter()

    def progress(result: build_mod.BuildResult) -> None:
        if result.error is not None:
            click.echo(f"pressline: error: {result.error}", err=True)
        elif not quiet:
            names = ", ".join(p.name for p in result.outputs)
            click.echo(f"built {result.source.path} -> {out_dir}/ ({names})")

    results = build_mod.build_all(list(paths), options, progress=progress)
    failed = [r for r in results if r.error is not None]
    if not quiet:
        click.echo(f"{len(results) - len(failed)} of {len(results)} document(s) built "
                   f"in {time.perf_counter() - started:.2f} s")
    if failed:
        sys.exit(EXIT_FAILED)


@cli.command(name="templates")
def list_templates() -> None:
    """List the templates in templates/."""
    from pipeline import templates

    for name in templates.available():
        click.echo(f"{name:10} {templates.load(name).description}")


from pipeline.cli_review import review  # noqa: E402  (a command in its own module)

cli.add_command(review)


def main() -> None:
    cli(prog_name="pressline")
