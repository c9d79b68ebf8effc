"""`pressline segments` (export, tmx, stats) and `pressline glossary`: the translation team's commands."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.model import Document

IN_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
OUT_FILE = click.Path(dir_okay=False, path_type=Path)
EXPORT_FORMATS = ("xliff", "po", "xliff2")


def read_document(path: Path) -> Document:
    """A saved model (`.json`, checked) as it is, else the source text normalized as `pressline build` does it."""
    from pipeline import sources
    from pipeline.build import run as build
    from pipeline.options import BuildOptions

    return build.load_document(sources.discover([path])[0], BuildOptions())


def emit(data: bytes, output: Path | None, inputs: list[Path]) -> None:
    """To `output` (atomically, never over one of `inputs`), else to standard output."""
    from pipeline import atomic

    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        atomic.refuse_inputs([output], inputs)
        atomic.write_bytes(output, data)


def warn(doc: Document, start: int = 0) -> None:
    for warning in doc.report.warnings[start:]:
        click.echo(f"pressline: {warning.level}: {warning.message}", err=True)


@click.group()
def segments() -> None:
    """Translation units: export them for a CAT tool, build a translation memory, count them.

    \b
    Examples:
      pressline segments export source/report.txt -o report.en.xlf
      pressline segments tmx source/report.txt --translation report.en.xlf -o report.tmx
      pressline segments stats source/report.txt
    """


@segments.command()
@click.argument("infile", type=IN_FILE)
@click.option("-f", "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="xliff", show_default=True,
              help="xliff: XLIFF 1.2 (every CAT tool); po: gettext; xliff2: XLIFF 2.1.")
@click.option("-o", "--output", type=OUT_FILE, help="Write here (atomically) instead of standard output.")
@click.option("--target-lang", default="en", show_default=True, metavar="LANG", help="Target language code.")
def export(infile: Path, fmt: str, output: Path | None, target_lang: str) -> None:
    """Write the translation units of INFILE (a source text or a saved .json model).

    \b
    Examples:
      pressline segments export source/report.txt -o source/report.en.xlf
      pressline segments export source/report.txt --format po -o source/report.en.po
      pressline segments export model.json --format xliff2 --target-lang fr
    """
    from pipeline.bilingual import po, xliff
    from pipeline.bilingual.segments import segment

    doc = read_document(infile)
    units = segment(doc)
    if fmt == "po":
        data = po.write_po(doc, units, target_lang, xliff.source_language(doc))
    else:
        data = (xliff.write_xliff2 if fmt == "xliff2" else xliff.write_xliff12)(doc, units, target_lang)
    emit(data, output, [infile])


@segments.command()
@click.argument("infile", type=IN_FILE)
@click.option("--translation", type=IN_FILE, required=True,
              help="The translation: .xlf/.xliff, .po or paragraph-aligned .txt.")
@click.option("-o", "--output", type=OUT_FILE, help="Write here (atomically) instead of standard output.")
def tmx(infile: Path, translation: Path, output: Path | None) -> None:
    """Write INFILE and its translation as a TMX 1.4b translation memory.

    \b
    Example:
      pressline segments tmx source/report.txt --translation source/report.en.xlf -o report.tmx
    """
    from pipeline.bilingual import load, xliff
    from pipeline.bilingual.tmx import write_tmx

    doc = read_document(infile)
    start = len(doc.report.warnings)
    pairs = load.read_translation(doc, translation, doc.report)
    warn(doc, start)
    emit(write_tmx(pairs, xliff.source_language(doc)), output, [infile, translation])


@segments.command()
@click.argument("infile", type=IN_FILE)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(infile: Path, as_json: bool) -> None:
    """Count INFILE's units, Chinese characters and jieba words, new and repeated.

    \b
    Examples:
      pressline segments stats source/report.txt
      pressline segments stats source/report.txt --json
    """
    from pipeline.bilingual import stats as stats_mod
    from pipeline.bilingual.segments import segment

    figures = stats_mod.compute(segment(read_document(infile)))
    if as_json:
        click.echo(json.dumps(figures.as_dict(), indent=1))
    else:
        click.echo(stats_mod.format_table(figures), nl=False)


@click.command()
@click.argument("infile", type=IN_FILE)
@click.option("-f", "--format", "fmt", type=click.Choice(["tab", "csv", "tbx"]), default="tab", show_default=True,
              help="tab: OmegaT glossary (source, target, comment); csv; tbx: TBX-Basic.")
@click.option("-n", "count", type=click.IntRange(min=1), default=50, show_default=True, help="How many terms.")
@click.option("--target-lang", default="en", show_default=True, metavar="LANG", help="Target language code.")
@click.option("--translation", type=IN_FILE, default=None,
              help="The document's translation (XLIFF, PO, aligned .txt): fills each term's translation from the "
                   "sentence pairs.")
@click.option("--glossary-file", type=IN_FILE, default=None,
              help="Your glossary (term<TAB>translation per line, or .csv): its translations win.")
@click.option("-o", "--output", type=OUT_FILE, help="Write here (atomically) instead of standard output.")
def glossary(infile: Path, fmt: str, count: int, target_lang: str, translation: Path | None,
             glossary_file: Path | None, output: Path | None) -> None:
    """List INFILE's key terms (jieba TF-IDF) for a termbase, with frequency and first occurrence, and with
    their translations marked by how they were found (glossary, unit, aligned) when a translation is given.

    \b
    Examples:
      pressline glossary source/report.txt -o report-glossary.txt
      pressline glossary source/report.txt --translation report.en.xlf --glossary-file terms.tsv -f csv
      pressline glossary source/report.txt --format tbx -n 100 -o report.tbx
    """
    from pipeline.bilingual import glossary as glossary_mod
    from pipeline.bilingual import xliff
    from pipeline.bilingual.segments import segment
    from pipeline.bilingual.tbx import write_tbx

    doc = read_document(infile)
    found = glossary_mod.terms(segment(doc), count)
    if translation is not None or glossary_file is not None:
        from pipeline.bilingual import load

        pairs = load.read_translation(doc, translation).pairs if translation is not None else []
        user = glossary_mod.read_user_glossary(glossary_file) if glossary_file is not None else {}
        found += glossary_mod.user_terms(segment(doc), user, found)
        found = glossary_mod.with_translations(found, pairs, user)
    source_lang = xliff.source_language(doc)
    if fmt == "tbx":
        data = write_tbx(found, source_lang, target_lang, doc.title)
    elif fmt == "csv":
        data = glossary_mod.comma_separated(found, source_lang, target_lang)
    else:
        data = glossary_mod.tab_separated(found)
    emit(data, output, [infile])
