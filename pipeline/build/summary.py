"""Human-readable lines and the closing summary table of a batch build."""

from __future__ import annotations

from pipeline.build.run import BUILT, FAILED, UP_TO_DATE, BuildResult

MAX_ROWS = 40


def formats_of(result: BuildResult) -> str:
    """Output files as their names after the slug (`txt json pdf parallel.pdf`), failed formats marked `!`."""
    prefix = f"{result.source.slug}."
    names = [p.name.removeprefix(prefix) for p in result.outputs]
    names += [f"!{f.fmt}" for f in result.failures if f.fmt]
    return " ".join(names) if names else "-"


def line(result: BuildResult) -> str:
    pages = "" if result.pages is None else f"; {result.pages} page{'s' if result.pages != 1 else ''}"
    if result.status == UP_TO_DATE:
        return f"up to date {result.source.path}"
    return f"{result.status} {result.source.path} ({formats_of(result)}{pages}) in {result.seconds:.1f} s"


def table(results: list[BuildResult], elapsed: float, jobs: int, verbose: bool = False) -> str:
    """One row per document built or failed (and up to date with `verbose`), then the totals."""
    rows = [r for r in results if verbose or r.status != UP_TO_DATE]
    counts = {status: sum(r.status == status for r in results) for status in (BUILT, UP_TO_DATE, FAILED)}
    out = []
    if rows and (verbose or len(rows) <= MAX_ROWS):
        width = max(len("document"), *(len(r.source.slug) for r in rows))
        fwidth = max(len("formats"), *(len(formats_of(r)) for r in rows))
        out.append(f"{'document':{width}}  {'formats':{fwidth}}  {'pages':>5}  {'warnings':>8}  {'time':>7}")
        for r in rows:
            pages = "-" if r.pages is None else str(r.pages)
            took = "-" if r.status == UP_TO_DATE else f"{r.seconds:.1f} s"
            out.append(f"{r.source.slug:{width}}  {formats_of(r):{fwidth}}  {pages:>5}  {len(r.warnings):>8}  "
                       f"{took:>7}")
        out.append("")
    if not counts[BUILT] and not counts[FAILED]:
        noun = "document is" if len(results) == 1 else "documents are"
        out.append(f"nothing to rebuild: {len(results)} {noun} up to date (--force rebuilds)" if results
                   else "no documents found")
        return "\n".join(out) + "\n"
    done = [r for r in results if r.status == BUILT]
    files = sum(len(r.outputs) for r in done)
    pages = sum(r.pages or 0 for r in done)
    warnings = sum(len(r.warnings) for r in done)
    out.append(f"{counts[BUILT]} built, {counts[UP_TO_DATE]} up to date, {counts[FAILED]} failed: "
               f"{files} file(s), {pages} page(s), {warnings} warning(s) in {elapsed:.1f} s "
               f"({jobs} job{'s' if jobs != 1 else ''})")
    return "\n".join(out) + "\n"
