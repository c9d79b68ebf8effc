"""Writer registry: every format is one module with `write(doc, template, options) -> bytes`."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable

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


def get(fmt: str) -> Writer:
    """The writer function for a format; heavy libraries load only when a format is used."""
    module = importlib.import_module(FORMATS[fmt][0])
    return getattr(module, f"write_{fmt}", None) or module.write


def extension(fmt: str) -> str:
    return FORMATS[fmt][1]


def output_name(slug: str, fmt: str, layout: str) -> str:
    """The file a format and layout (or the translation edition) of document `slug` is written to:
    `<slug>.pdf`, `<slug>.parallel.pdf`, `<slug>.translation.epub`, ..."""
    suffix = "" if layout == "source" or fmt not in PUBLISHED else f".{layout}"
    return f"{slug}{suffix}.{extension(fmt)}"


def available() -> list[str]:
    found = []
    for fmt, (module, _) in FORMATS.items():
        if importlib.util.find_spec(module) is not None:
            found.append(fmt)
    return found
