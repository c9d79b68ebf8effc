"""Incremental builds: a content hash of everything a document's outputs depend on, kept in the build folder.

A document is rebuilt when its fingerprint changes (input bytes, `<slug>.toml`, translation, template files,
fonts, the word list the repair consults, Pressline's version and code, output options) or when an output
recorded in its stamp is missing or was changed since.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline import atomic
from pipeline.text import english
from pipeline.typeset import fonts
from pipeline.version import __version__

STATE_DIR = ".pressline"
PACKAGE_DIR = Path(__file__).resolve().parents[1]


@dataclass
class Stamp:
    """What the last successful build of a document produced."""

    fingerprint: str
    source: str
    source_sha256: str
    formats: list[str]
    outputs: dict[str, str]  # file name -> sha256
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    version: str = __version__


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@functools.cache
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    return sha256_file(path)


def tree_digest(folder: Path) -> str:
    """A hash of every file under `folder` (relative names and contents), cached while files are unchanged."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(folder).as_posix()}\0{_file_digest(path, stat.st_mtime_ns, stat.st_size)}\0"
                      .encode())
    return digest.hexdigest()


@functools.cache
def code_digest() -> str:
    """Pressline's version and the source of the package, so a code change rebuilds without a version bump."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(f"{path.relative_to(PACKAGE_DIR).as_posix()}\0".encode())
        stat = path.stat()
        digest.update(_file_digest(path, stat.st_mtime_ns, stat.st_size).encode())
    return digest.hexdigest()


def fingerprint(inputs: list[Path | None], folders: list[Path], options: dict[str, Any]) -> str:
    """The content hash of one document's build: input files (None for absent ones), folders of data
    (template; always the fonts and the word list), Pressline's code, options (JSON-serializable values)."""
    digest = hashlib.sha256()
    for path in inputs:
        digest.update(b"-\0" if path is None else f"{sha256_file(path)}\0".encode())
    for folder in (*folders, fonts.FONTS_DIR, english.WORDS_FILE.parent):
        digest.update(f"{folder.name}\0{tree_digest(folder)}\0".encode())
    digest.update(f"{code_digest()}\0".encode())
    digest.update(json.dumps(options, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def stamp_path(out_dir: Path, slug: str) -> Path:
    return out_dir / STATE_DIR / f"{slug}.json"


def read_stamp(out_dir: Path, slug: str) -> Stamp | None:
    try:
        data = json.loads(stamp_path(out_dir, slug).read_text(encoding="utf-8"))
        return Stamp(**data)
    except (OSError, ValueError, TypeError):
        return None


def write_stamp(out_dir: Path, slug: str, stamp: Stamp) -> None:
    text = json.dumps(asdict(stamp), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    atomic.write_bytes(stamp_path(out_dir, slug), text.encode("utf-8"))


def forget(out_dir: Path, slug: str) -> None:
    """Remove a document's stamp. Where it cannot be removed (a read-only folder) it stays harmless: an output
    it lists that was replaced no longer has the recorded hash, so the next build redoes the document."""
    try:
        stamp_path(out_dir, slug).unlink(missing_ok=True)
    except OSError:
        pass


def up_to_date(out_dir: Path, slug: str, expected: str) -> Stamp | None:
    """The stamp when the outputs on disk are exactly what a build with this fingerprint wrote, else None."""
    stamp = read_stamp(out_dir, slug)
    if stamp is None or stamp.fingerprint != expected:
        return None
    for name, digest in stamp.outputs.items():
        path = out_dir / name
        if not path.is_file() or sha256_file(path) != digest:
            return None
    return stamp
