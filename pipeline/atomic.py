"""Atomic file writes: a temporary file in the target folder, renamed over the target on success."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import PipelineError, UsageError


def refuse_inputs(outputs: Iterable[Path], inputs: Iterable[Path]) -> None:
    """A usage error when writing any of `outputs` would replace one of `inputs`: the same resolved path, or
    (for an existing file) the same inode (hard and symbolic links, a case-insensitive file system)."""
    by_path: dict[Path, Path] = {}
    by_inode: dict[tuple[int, int], Path] = {}
    for source in inputs:
        by_path.setdefault(source.resolve(), source)
        try:
            info = source.stat()
        except OSError:
            continue
        by_inode.setdefault((info.st_dev, info.st_ino), source)
    for output in outputs:
        source = by_path.get(output.resolve())
        if source is None:
            try:
                info = output.stat()
            except OSError:
                continue
            source = by_inode.get((info.st_dev, info.st_ino))
        if source is not None:
            raise UsageError(f"an input, and {output} would overwrite it", path=str(source),
                             hint="choose another output folder or file")


def remove_leftovers(path: Path) -> None:
    """Remove the temporary files a killed process left while writing `path`."""
    if path.parent.is_dir():
        for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:  # a read-only folder: the write that follows says so
                pass


def write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once: a reader (or a crash) sees the old file or the new one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise PipelineError(f"cannot write here: {exc.strerror or exc}", path=str(path.parent)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise PipelineError(f"cannot write: {exc.strerror or exc}", path=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
