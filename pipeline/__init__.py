"""Pressline: repair text extracted from PDFs into a document model and publish it.

Public API: `pipeline.normalize(data, path, options) -> Document` and `pipeline.build(paths, options)`.
"""

from __future__ import annotations

import importlib
import types
from typing import Any

__version__ = "0.1.0"


class _CallableModule(types.ModuleType):
    """`pipeline.normalize` and `pipeline.build` name both a module and the public function, so the module
    itself is callable: importing the module anywhere cannot shadow the function."""

    entry = ""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(self, self.entry)(*args, **kwargs)


def _callable(module_name: str, entry: str) -> types.ModuleType:
    module = importlib.import_module(module_name)
    module.__class__ = type(f"Callable{entry}", (_CallableModule,), {"entry": entry})
    return module


# normalize(data, path="<input>", options=None) -> Document: repair raw extracted text (bytes are decoded)
normalize = _callable("pipeline.normalize", "normalize_input")
# build(paths, options, progress=None) -> list[BuildResult]: build documents into publishable files
build = _callable("pipeline.build", "build_all")


__all__ = ["__version__", "normalize", "build"]
