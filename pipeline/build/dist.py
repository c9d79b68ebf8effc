"""The release bundle: the published files of every built document, `manifest.json` and `SHA256SUMS`.

`pressline dist [--build build] [--out dist] [PATHS...]` (also `python -m pipeline.build.dist`) collects what
`pressline build` wrote for the documents under PATHS (default: source/); it refuses documents whose build is
missing or stale. `--shard I/N` collects one shard's documents (what `pressline build --shard I/N` built);
`--merge DIR...` joins the bundles of every shard into one, the same bytes as one machine's bundle.
`--include FILE` adds other files (Pressline's wheel and sdist) to the bundle and its checksums.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import atomic, writers
from pipeline.build import state as buildstate
from pipeline.build.run import in_shard, parse_shard
from pipeline.errors import InputError, PipelineError
from pipeline.options import source_date_epoch
from pipeline.sources import discover
from pipeline.version import __version__

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
PUBLISHED_EXTENSIONS = tuple(f".{writers.extension(fmt)}" for fmt in writers.PUBLISHED)


@dataclass(frozen=True)
class Entry:
    """One document of the bundle: its manifest record and the folder its files are copied from."""

    record: dict[str, Any]
    folder: Path

    @property
    def files(self) -> list[str]:
        return self.record["files"]


def collect(paths: list[Path], build_dir: Path, shard: tuple[int, int] | None = None) -> list[Entry]:
    """Each document's manifest record, checked against the sources, its stamp and the files on disk."""
    found = []
    for source in discover(paths):
        if shard is not None and not in_shard(source.slug, shard):
            continue
        stamp = buildstate.read_stamp(build_dir, source.slug)
        if stamp is None:
            raise InputError("not built", path=str(source.path), hint=f"run `pressline build -o {build_dir}` first")
        if stamp.source_sha256 != buildstate.sha256_file(source.path):
            raise InputError("changed since it was built", path=str(source.path), hint="build again")
        files = sorted(name for name in stamp.outputs if name.endswith(PUBLISHED_EXTENSIONS))
        for name in files:
            path = build_dir / name
            if not path.is_file() or buildstate.sha256_file(path) != stamp.outputs[name]:
                raise InputError("missing or changed since the build", path=str(path), hint="build again")
        found.append(Entry({
            "document": source.slug, "source": source.path.name, "source_sha256": stamp.source_sha256,
            "formats": sorted({Path(n).suffix[1:] for n in files}), "files": files, "pages": stamp.pages,
            "version": stamp.version}, build_dir))
    return found


def manifest(entries: list[Entry], epoch: int | None) -> dict[str, Any]:
    """Documents in the order of their names, so that a bundle does not depend on how the build was split."""
    return {"pressline": __version__, "source_date_epoch": epoch,
            "documents": [e.record for e in sorted(entries, key=lambda e: e.record["document"])]}


def write_bundle(entries: list[Entry], epoch: int | None, out_dir: Path, include: Sequence[Path] = ()) -> list[Path]:
    """Write the bundle into a fresh `out_dir`; returns the files written, SHA256SUMS last."""
    names: dict[str, Path] = {}
    for name, origin in [(n, e.folder / n) for e in entries for n in e.files] + [(p.name, p) for p in include]:
        if name in names and names[name] != origin:
            raise InputError(f"two files named {name!r} in the bundle", path=str(origin), hint=f"and {names[name]}")
        if not origin.is_file():
            raise InputError("no such file", path=str(origin))
        names[name] = origin
    if MANIFEST in names or SUMS in names:
        raise InputError(f"a file may not be named {MANIFEST} or {SUMS}")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    written = []
    for name, origin in names.items():
        atomic.write_bytes(out_dir / name, origin.read_bytes())
        written.append(out_dir / name)
    text = json.dumps(manifest(entries, epoch), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    atomic.write_bytes(out_dir / MANIFEST, text.encode("utf-8"))
    written.append(out_dir / MANIFEST)
    sums = "".join(f"{buildstate.sha256_file(p)}  {p.name}\n" for p in sorted(written, key=lambda p: p.name))
    atomic.write_bytes(out_dir / SUMS, sums.encode("utf-8"))
    return [*written, out_dir / SUMS]


def make_dist(paths: list[Path], build_dir: Path, out_dir: Path, shard: tuple[int, int] | None = None,
              include: Sequence[Path] = ()) -> list[Path]:
    """The bundle of what `pressline build` wrote into `build_dir` for the documents under `paths`."""
    return write_bundle(collect(paths, build_dir, shard), source_date_epoch(), out_dir, include)


def read_bundle(folder: Path) -> tuple[dict[str, Any], list[Entry]]:
    """A bundle's manifest and documents, every file checked against its SHA256SUMS."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        sums = (folder / SUMS).read_text(encoding="utf-8").splitlines()
        documents = data["documents"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"not a bundle ({exc})", path=str(folder), hint="the output of `pressline dist`") from None
    expected = dict(reversed(line.split("  ", 1)) for line in sums if "  " in line)
    for name, digest in expected.items():
        path = folder / name
        if not path.is_file() or buildstate.sha256_file(path) != digest:
            raise InputError("missing or does not match SHA256SUMS", path=str(path))
    entries = [Entry(record, folder) for record in documents]
    for entry in entries:
        for name in entry.files:
            if name not in expected:
                raise InputError("listed in the manifest but not in SHA256SUMS", path=str(folder / name))
    return data, entries


def merge(folders: Sequence[Path], out_dir: Path, include: Sequence[Path] = ()) -> list[Path]:
    """One bundle from the bundles of the shards of one build: the same bytes as one machine's bundle."""
    if not folders:
        raise InputError("nothing to merge", hint="give the bundle folder of every shard")
    entries: dict[str, Entry] = {}
    first: dict[str, Any] | None = None
    for folder in folders:
        data, found = read_bundle(folder)
        if first is None:
            first = data
        for key in ("pressline", "source_date_epoch"):
            if data.get(key) != first.get(key):
                raise InputError(f"{key} {data.get(key)!r} differs from {first.get(key)!r} of {folders[0]}",
                                 path=str(folder), hint="every shard must come from the same build")
        for entry in found:
            slug = entry.record["document"]
            if slug in entries and entries[slug].record != entry.record:
                raise InputError(f"document {slug!r} differs from the one in {entries[slug].folder}",
                                 path=str(folder))
            entries.setdefault(slug, entry)
    assert first is not None
    if first.get("pressline") != __version__:
        raise InputError(f"built by Pressline {first.get('pressline')}, not {__version__}", path=str(folders[0]))
    return write_bundle(list(entries.values()), first.get("source_date_epoch"), out_dir, include)


def main(argv: Sequence[str] | None = None, prog: str = "python -m pipeline.build.dist") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="documents or folders (default: source/)")
    parser.add_argument("--build", type=Path, default=Path("build"), help="where pressline build wrote")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="the bundle folder (replaced)")
    parser.add_argument("--shard", default=None, metavar="I/N", help="only the documents of this shard")
    parser.add_argument("--merge", nargs="+", type=Path, default=None, metavar="DIR",
                        help="join these bundles (one per shard) instead of collecting a build")
    parser.add_argument("--include", action="extend", nargs="+", type=Path, default=[], metavar="FILE",
                        help="also publish these files (Pressline's wheel and sdist)")
    args = parser.parse_args(argv)
    try:
        if args.merge is not None:
            if args.paths or args.shard:
                raise InputError("--merge takes bundles, not documents or --shard")
            written = merge(args.merge, args.out, args.include)
        else:
            shard = parse_shard(args.shard) if args.shard else None
            written = make_dist(args.paths, args.build, args.out, shard, args.include)
    except PipelineError as exc:
        print(f"pressline: error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.out}/: {len(written) - 2} file(s), {MANIFEST}, {SUMS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
