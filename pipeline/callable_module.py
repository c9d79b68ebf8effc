"""`pipeline.normalize` and `pipeline.build` name both a module and the public function: each module makes itself
callable, so importing the module anywhere cannot shadow the function."""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    entry = ""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(self, self.entry)(*args, **kwargs)


def make_callable(module_name: str, entry: str) -> None:
    """Calling the module calls its function `entry`."""
    sys.modules[module_name].__class__ = type(f"Callable_{entry}", (_CallableModule,), {"entry": entry})
