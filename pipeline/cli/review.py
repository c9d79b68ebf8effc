"""`pressline review`: the review page of one document, to check the repair before publishing."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("infile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="Write here ('-' for standard output) instead of <build-dir>/<slug>.review.html.")
@click.option("--pdf", "pdfs", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Show thumbnails of this PDF's first pages (repeatable; default: <slug>*.pdf in the build dir).")
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Where built PDFs are looked for and the page is written by default.")
@click.option("--cjk-spacing", type=click.Choice(["remove", "keep", "add"]), default="remove", show_default=True,
              help="Spaces between Chinese and Latin letters or digits.")
def review(infile: Path, output: Path | None, pdfs: tuple[Path, ...], build_dir: Path, cjk_spacing: str) -> None:
    """Write a review page for INFILE: every block beside the source lines it came from, every change marked.

    One self-contained HTML file (no network), to open in any browser or attach to an email.

    \b
    Examples:
      pressline review source/report.txt                  writes build/report.review.html
      pressline review raw.txt -o raw.review.html --pdf build/raw.pdf
      pressline review raw.txt -o - > review.html
    """
    from pipeline import atomic
    from pipeline.build.run import load_document
    from pipeline.options import BuildOptions, NormalizeOptions
    from pipeline.read import source_text
    from pipeline.read.decode import read_input
    from pipeline.review.page import built_pdfs, review_page
    from pipeline.sources import discover

    source = discover([infile])[0]
    doc = load_document(source, BuildOptions(normalize=NormalizeOptions(cjk_spacing=cjk_spacing)))
    raw = source_text(read_input(infile), str(infile))
    data = review_page(doc, raw, list(pdfs) or built_pdfs(build_dir, source.slug))
    if output is not None and str(output) == "-":
        click.get_binary_stream("stdout").write(data)
        return
    target = output or build_dir / f"{source.slug}.review.html"
    atomic.refuse_inputs([target], [infile, *pdfs])
    atomic.write_bytes(target, data)
    click.echo(f"wrote {target}")
