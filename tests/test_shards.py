"""A corpus split across machines: each shard built and bundled on its own, the bundles merged into one that is
byte-identical to one machine's bundle (`pressline build --shard I/N`, `pressline dist --shard`, `--merge`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.build import dist
from pipeline.cli.app import cli

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
EPOCH = "1704931200"
SHARDS = 3
DOCS = ("dev-law-chechuanshui-a5", "dev-mix-trplzh-install", "dev-news-20241111", "seed")


def pressline(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    return result.output


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "source"
    folder.mkdir()
    for name in DOCS:
        shutil.copy(CORPUS / name / "raw.txt", folder / f"{name}.txt")
    return folder


@pytest.fixture(scope="module")
def single(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One machine: build everything, bundle it."""
    work = tmp_path_factory.mktemp("single")
    pressline("build", corpus, "-o", work / "build", "--formats", "docx,pdf,epub", "--jobs", "1")
    pressline("dist", corpus, "--build", work / "build", "--out", work / "dist")
    return work / "dist"


@pytest.fixture(scope="module")
def shards(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """SHARDS machines: each builds and bundles its shard into its own folders."""
    bundles = []
    for index in range(1, SHARDS + 1):
        work = tmp_path_factory.mktemp(f"shard{index}")
        shard = f"{index}/{SHARDS}"
        pressline("build", corpus, "-o", work / "build", "--formats", "docx,pdf,epub", "--jobs", "1",
                  "--shard", shard)
        pressline("dist", corpus, "--build", work / "build", "--out", work / "dist", "--shard", shard)
        bundles.append(work / "dist")
    return bundles


def test_the_merged_bundle_is_byte_identical_to_one_machine_s(single: Path, shards: list[Path],
                                                                tmp_path: Path) -> None:
    counts = [len(json.loads((s / "manifest.json").read_text(encoding="utf-8"))["documents"]) for s in shards]
    assert sum(counts) == len(DOCS) and sum(1 for c in counts if c) > 1, "the shards split the corpus"
    pressline("dist", "--merge", *shards, "--out", tmp_path / "merged")
    assert files(tmp_path / "merged") == files(single)
    manifest = json.loads((single / "manifest.json").read_text(encoding="utf-8"))
    assert [d["document"] for d in manifest["documents"]] == sorted(DOCS)
    assert manifest["source_date_epoch"] == int(EPOCH)
    # the order the shards come in does not matter
    pressline("dist", "--merge", *reversed(shards), "--out", tmp_path / "reversed")
    assert files(tmp_path / "reversed") == files(single)


def test_included_files_are_published_and_checksummed(shards: list[Path], tmp_path: Path) -> None:
    wheel = tmp_path / "pressline-0-py3-none-any.whl"
    wheel.write_bytes(b"not really a wheel")
    pressline("dist", "--merge", *shards, "--out", tmp_path / "merged", "--include", wheel)
    sums = (tmp_path / "merged" / "SHA256SUMS").read_text(encoding="utf-8")
    assert f"  {wheel.name}\n" in sums and (tmp_path / "merged" / wheel.name).read_bytes() == wheel.read_bytes()


def test_a_damaged_or_missing_shard_is_refused(shards: list[Path], tmp_path: Path) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(next(s for s in shards if any(s.glob("*.pdf"))), damaged)
    pdf = next(damaged.glob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"\n")
    assert dist.main(["--merge", str(damaged), "--out", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()
    assert dist.main(["--merge", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 1


def test_shards_of_different_builds_are_refused(shards: list[Path], tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(shards[0], other)
    manifest = json.loads((other / "manifest.json").read_text(encoding="utf-8"))
    manifest["source_date_epoch"] = 1
    (other / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    lines = [line for line in (other / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
             if not line.endswith("manifest.json")]
    (other / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert dist.main(["--merge", str(other), *map(str, shards[1:]), "--out", str(tmp_path / "out")]) == 1
