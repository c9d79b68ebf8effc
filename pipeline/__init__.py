"""Pressline: repair text extracted from PDFs into a document model and publish it.

Public API:
    pipeline.normalize(data, path="<input>", options=None) -> Document    repair raw extracted text
    pipeline.build(paths, options, progress=None, ...) -> list[BuildResult]  build documents into files
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

from pipeline import normalize  # noqa: E402  (callable: see pipeline.callable_module)


def __getattr__(name: str) -> Any:
    # the build brings the writers and a process pool: loaded only when asked for
    if name == "build":
        return importlib.import_module("pipeline.build")
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


__all__ = ["__version__", "normalize", "build"]
