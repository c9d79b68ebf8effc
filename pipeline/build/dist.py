"""The release bundle: the published files of every built document, `manifest.json` and `SHA256SUMS`.

`python -m pipeline.build.dist [--build build] [--out dist] [PATHS...]` collects what `pressline build` wrote for
the documents under PATHS (default: source/); it refuses documents whose build is missing or stale.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline import atomic, writers
from pipeline.build import state as buildstate
from pipeline.errors import InputError, PipelineError
from pipeline.options import source_date_epoch
from pipeline.sources import Source, discover
from pipeline.version import __version__

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
PUBLISHED_EXTENSIONS = tuple(f".{writers.extension(fmt)}" for fmt in writers.PUBLISHED)


def collect(paths: list[Path], build_dir: Path) -> list[tuple[Source, buildstate.Stamp, list[str]]]:
    """Each document's stamp and its published files, checked against the sources and the files on disk."""
    found = []
    for source in discover(paths):
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
        found.append((source, stamp, files))
    return found


def manifest(documents: list[tuple[Source, buildstate.Stamp, list[str]]]) -> dict:
    return {
        "pressline": __version__,
        "source_date_epoch": source_date_epoch(),
        "documents": [
            {"document": source.slug, "source": source.path.name,
             "source_sha256": stamp.source_sha256, "formats": sorted({Path(n).suffix[1:] for n in files}),
             "files": files, "pages": stamp.pages, "version": stamp.version}
            for source, stamp, files in documents
        ],
    }


def make_dist(paths: list[Path], build_dir: Path, out_dir: Path) -> list[Path]:
    """Write the bundle into a fresh `out_dir`; returns the files written, SHA256SUMS last."""
    documents = collect(paths, build_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    written = []
    for _source, _stamp, files in documents:
        for name in files:
            atomic.write_bytes(out_dir / name, (build_dir / name).read_bytes())
            written.append(out_dir / name)
    text = json.dumps(manifest(documents), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    atomic.write_bytes(out_dir / MANIFEST, text.encode("utf-8"))
    written.append(out_dir / MANIFEST)
    sums = "".join(f"{buildstate.sha256_file(p)}  {p.name}\n" for p in sorted(written, key=lambda p: p.name))
    atomic.write_bytes(out_dir / SUMS, sums.encode("utf-8"))
    return [*written, out_dir / SUMS]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.build.dist", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="documents or folders (default: source/)")
    parser.add_argument("--build", type=Path, default=Path("build"), help="where pressline build wrote")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="the bundle folder (replaced)")
    args = parser.parse_args(argv)
    try:
        written = make_dist(args.paths, args.build, args.out)
    except PipelineError as exc:
        print(f"pressline: error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.out}/: {len(written) - 2} file(s), {MANIFEST}, {SUMS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
