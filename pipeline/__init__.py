"""Pressline: repair text extracted from PDFs into a document model and publish it.

Public API:
    pipeline.normalize(data, path="<input>", options=None) -> Document    repair raw extracted text
    pipeline.build(paths, options, progress=None, ...) -> list[BuildResult]  build documents into files
"""

from __future__ import annotations

from typing import Any

# Importing a subpackage binds its name on this package, so both subpackages are imported before the public
# functions of the same names are bound (pipeline.build itself is light: its modules load when called).
import pipeline.build  # noqa: E402, F401
from pipeline.normalize import normalize_input as normalize  # noqa: E402
from pipeline.version import __version__


def build(*args: Any, **kwargs: Any) -> Any:
    """Build documents into files (`pipeline.build.run.build_all`); the writers load only when called."""
    from pipeline.build.run import build_all

    return build_all(*args, **kwargs)


__all__ = ["__version__", "normalize", "build"]
