"""Packaging beyond what pyproject.toml can declare: the top-level templates/ folder (templates, fonts with their
licences, the review page's CSS) ships inside the package as `pipeline/data/`, where `pipeline.resources` finds
it with importlib.resources. The repository keeps templates/ at the top level, so the folder is mapped into the
package rather than moved or copied by a build step; its sub-folders are listed as data-only packages so that
setuptools takes every file in them."""

from pathlib import Path

from setuptools import find_packages, setup

DATA = "templates"
data_packages = ["pipeline.data"] + [
    "pipeline.data." + ".".join(folder.relative_to(DATA).parts)
    for folder in sorted(Path(DATA).rglob("*")) if folder.is_dir() and folder.name != "__pycache__"
]

setup(
    packages=[*find_packages(include=["pipeline", "pipeline.*"]), *data_packages],
    package_dir={"pipeline.data": DATA},
    package_data={name: ["*"] for name in data_packages},
)
