"""Pressline: repair text extracted from PDFs into a document model and publish it.

Public API: `pipeline.normalize(data, path, options) -> Document` and `pipeline.build(paths, options)`.
"""

from __future__ import annotations

import importlib
import types
from typing import Any

__version__ = "0.1.0"


class _CallablePackage(types.ModuleType):
    """`pipeline.normalize` names both the repair package and the public function, so the package is
    callable: importing `pipeline.normalize` anywhere cannot shadow the function."""

    def __call__(self, data: bytes | str, path: str = "<input>", options: Any = None) -> Any:
        """Repair raw extracted text (bytes are decoded first) into a Document with its report."""
        return self.normalize_input(data, path=path, options=options)


normalize = importlib.import_module("pipeline.normalize")
normalize.__class__ = _CallablePackage


def build(*args: Any, **kwargs: Any) -> Any:
    """Build documents into publishable files; see `pipeline.build.build_all`."""
    from pipeline.build import build_all

    return build_all(*args, **kwargs)


__all__ = ["__version__", "normalize", "build"]
