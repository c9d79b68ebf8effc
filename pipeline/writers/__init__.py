"""Writer registry: every format is one module with `write(doc, template, options) -> bytes`.

`common` holds what the published writers share (the template style of each block kind); `text` writes text,
JSON and Markdown; `docx/`, `pdf/` and `epub/` the published formats; `archive` and `glossary_table` are parts
several of them use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from pipeline.errors import OptionError
from pipeline.model import Document
from pipeline.options import WriteOptions
from pipeline.templates import Template

LAYOUTS = ("source", "parallel", "interleaved")
# editions: the source alone, the source with its translation (in each bilingual layout), the translation alone
EDITIONS = ("source", "bilingual", "translation")


Writer = Callable[[Document, Template, WriteOptions], bytes]

# format name -> (module, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("pipeline.writers.text", "txt"),
    "json": ("pipeline.writers.text", "json"),
    "markdown": ("pipeline.writers.text", "md"),
}
PUBLISHED = ("docx", "pdf", "epub")
for _name in PUBLISHED:
    FORMATS[_name] = (f"pipeline.writers.{_name}.writer", _name)


# a format may also be named by its file extension, as the build's summary table shows it
ALIASES = {ext: fmt for fmt, (_, ext) in FORMATS.items() if ext != fmt}


def check(fmt: str) -> str:
    """The format `fmt` names (`txt` is `text`, `md` is `markdown`); an OptionError listing them if none."""
    fmt = ALIASES.get(fmt, fmt)
    if fmt not in FORMATS:
        raise OptionError(f"unknown format {fmt!r}", hint=f"formats: {', '.join(FORMATS)} (or txt, md)")
    return fmt


def get(fmt: str) -> Writer:
    """The writer function for a format; heavy libraries load only when a format is used."""
    fmt = check(fmt)
    module = importlib.import_module(FORMATS[fmt][0])
    return getattr(module, f"write_{fmt}", None) or module.write


def extension(fmt: str) -> str:
    return FORMATS[check(fmt)][1]


def output_name(slug: str, fmt: str, layout: str) -> str:
    """The file a format and layout (or the translation edition) of document `slug` is written to:
    `<slug>.pdf`, `<slug>.parallel.pdf`, `<slug>.translation.epub`, ..."""
    suffix = "" if layout == "source" or fmt not in PUBLISHED else f".{layout}"
    return f"{slug}{suffix}.{extension(fmt)}"

