"""Where Pressline's own data files are: the templates, the fonts with their licences, the review page's CSS.

The repository keeps them in the top-level `templates/` folder; the wheel carries the same files inside the
package as `pipeline/data/` (setup.py maps the folder into the package), found with `importlib.resources`.
A source checkout (an editable install, or `python -m pipeline` from the repository) has no `pipeline/data/`
and reads `templates/` beside the package instead.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

PACKAGE = "pipeline"
DATA = "data"


@functools.cache
def data_dir() -> Path:
    """The folder holding every template folder, `fonts/`, `review/` and the shared stylesheets."""
    packaged = resources.files(PACKAGE) / DATA
    # installed wheels are unpacked on the file system, so the traversable is a real folder
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"
