"""Same input and SOURCE_DATE_EPOCH → byte-identical DOCX, PDF and EPUB, whatever the process, hash seed,
working directory, input location or number of workers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "education-work-conference-2024.txt"
NEWS = ROOT / "tests" / "fixtures" / "corpus" / "dev-news-20241111" / "raw.txt"
EPOCH = "1704931200"  # 2024-01-11
PUBLISHED = (".docx", ".pdf", ".epub")


def place_sources(folder: Path) -> Path:
    """The same documents (one with metadata and a translation) in `folder`/source."""
    source = folder / "source"
    source.mkdir(parents=True)
    shutil.copy(SEED, source / "seed.txt")
    (source / "seed.toml").write_text('author = "教育部"\nkeywords = ["教育", "会议"]\n', encoding="utf-8")
    shutil.copy(ROOT / "tests" / "fixtures" / "seed.en.txt", source / "seed.en.txt")
    shutil.copy(NEWS, source / "news.txt")
    return source


def run_build(cwd: Path, source: str, out: str, seed: str, jobs: str, epoch: str = EPOCH) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", source, "-o", out, "--jobs", jobs,
         "--formats", "docx,pdf,epub", "--layout", "source,parallel", "--embed-fonts"],
        cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def published(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in PUBLISHED}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes], Path]:
    first = tmp_path_factory.mktemp("first")
    place_sources(first)
    # relative paths from the checkout-like folder, one process, one hash seed
    run_build(first, "source", "build", seed="1", jobs="1")
    # absolute paths from an unrelated folder, another input location, two workers, another hash seed
    second = tmp_path_factory.mktemp("second")
    elsewhere = place_sources(second / "deep" / "inputs")
    (second / "cwd").mkdir()
    run_build(second / "cwd", str(elsewhere), str(second / "out"), seed="2", jobs="2")
    return published(first / "build"), published(second / "out"), first


def test_two_builds_are_byte_identical(two_builds) -> None:
    first, second, _ = two_builds
    assert sorted(first) == [f"{slug}.{name}" for slug in ("news", "seed") for name in
                             ("docx", "epub", "parallel.docx", "parallel.epub", "parallel.pdf", "pdf")]
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"not reproducible: {differ}"


def test_the_epoch_is_in_the_bytes(two_builds, tmp_path: Path) -> None:
    """The comparison above could not pass by accident: another SOURCE_DATE_EPOCH changes every file."""
    first, _, _ = two_builds
    place_sources(tmp_path)
    run_build(tmp_path, "source", "build", seed="1", jobs="1", epoch="1700000000")
    other = published(tmp_path / "build")
    assert all(first[name] != other[name] for name in first)


def test_dist_checksums_are_reproducible(two_builds, tmp_path: Path) -> None:
    _, _, first = two_builds
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT)}
    sums = []
    for name in ("a", "b"):
        subprocess.run([sys.executable, "-m", "pipeline.build.dist", "--out", str(tmp_path / name)],
                       cwd=first, env=env, check=True, capture_output=True)
        sums.append((tmp_path / name / "SHA256SUMS").read_text(encoding="utf-8"))
    assert sums[0] == sums[1]
    assert "seed.pdf" in sums[0] and "manifest.json" in sums[0]


def test_the_model_does_not_depend_on_the_hash_seed() -> None:
    # running headers on four pages of a PDF extraction: their removals were recorded in a set's order,
    # so the model's JSON (and the PDF's /ID, made from it) changed with PYTHONHASHSEED
    raw = ROOT / "tests" / "fixtures" / "hashseed" / "c-en-pep0394-head2.txt"
    script = ("import sys, pipeline; sys.stdout.write(pipeline.normalize(open(sys.argv[1], 'rb').read(), "
              "path='raw.txt').to_json())")
    outputs = set()
    for seed in ("1", "3", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        result = subprocess.run([sys.executable, "-c", script, str(raw)], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1
