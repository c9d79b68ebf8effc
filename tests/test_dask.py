"""`pressline build --executor dask`: documents sent to a Dask cluster (a LocalCluster of worker processes
here) through its concurrent.futures interface. Same bytes as a local build, the same summary and incremental
state, a failing document reported while the others are built, a worker killed mid-build reported and its
document retried. Kept light: one cluster of two single-threaded workers for the whole module, small documents."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.build import cluster
from pipeline.build import run as build_mod
from pipeline.cli.app import cli

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.dask

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
PRELOAD = ROOT / "tests" / "fixtures" / "dask" / "kill_once.py"
DOCS = {"law": "dev-law-chechuanshui-a5", "mix": "dev-mix-trplzh-install", "news": "dev-news-20241111"}
FORMATS = ("text", "docx", "pdf", "epub")
EPOCH = 1704931200
KILL_ENV = "PRESSLINE_TEST_KILL_ONCE"


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory):
    """Two worker processes, one thread each; every worker loads the kill-once preload (inert until the
    environment names a marker file, which worker processes read when they build)."""
    marker = tmp_path_factory.mktemp("kill") / "killed-once"
    os.environ[KILL_ENV] = str(marker)
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                      preload=[str(PRELOAD)], silence_logs=40) as local:
            yield local.scheduler_address, marker
    finally:
        os.environ.pop(KILL_ENV, None)


def corpus(folder: Path, names: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for slug, case in names.items():
        shutil.copy(CORPUS / case / "raw.txt", folder / f"{slug}.txt")
    return folder


def options(out: Path) -> build_mod.BuildOptions:
    return build_mod.BuildOptions(out_dir=out, formats=FORMATS, source_date_epoch=EPOCH)


def test_the_cluster_writes_the_bytes_a_local_build_writes(scheduler, tmp_path: Path) -> None:
    address, _ = scheduler
    source = corpus(tmp_path / "source", DOCS)
    local = build_mod.build_all([source], options(tmp_path / "local"), jobs=1)
    remote = build_mod.build_all([source], options(tmp_path / "dask"), executor="dask", scheduler=address, jobs=2)
    assert [r.status for r in local] == [r.status for r in remote] == [build_mod.BUILT] * len(DOCS)
    assert [r.pages for r in remote] == [r.pages for r in local]
    for result in local:
        for path in result.outputs:
            assert (tmp_path / "dask" / path.name).read_bytes() == path.read_bytes(), path.name
    # the workers wrote the stamps: the next build, local or on the cluster, has nothing to do
    again = build_mod.build_all([source], options(tmp_path / "dask"), executor="dask", scheduler=address)
    assert [r.status for r in again] == [build_mod.UP_TO_DATE] * len(DOCS)
    assert {r.status for r in build_mod.build_all([source], options(tmp_path / "dask"))} == {build_mod.UP_TO_DATE}


def test_a_failing_document_is_reported_and_the_others_are_built(scheduler, tmp_path: Path) -> None:
    address, _ = scheduler
    source = corpus(tmp_path / "source", {"law": DOCS["law"], "news": DOCS["news"]})
    (source / "blank.txt").write_text("\n  \n\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(tmp_path / "out"), "--formats", "text,epub",
                                      "--executor", "dask", "--scheduler", address])
    assert result.exit_code == 1
    assert "2 built, 0 up to date, 1 failed" in result.output
    assert "blank.txt: no text to publish" in result.output
    assert (tmp_path / "out" / "law.epub").is_file() and (tmp_path / "out" / "news.epub").is_file()
    assert not (tmp_path / "out" / "blank.epub").exists()


def test_a_worker_killed_mid_build_is_reported_and_its_document_retried(scheduler, tmp_path: Path) -> None:
    address, marker = scheduler
    source = corpus(tmp_path / "source", {"victim": DOCS["mix"], "law": DOCS["law"]})
    results = build_mod.build_all([source], options(tmp_path / "out"), executor="dask", scheduler=address)
    assert marker.is_file(), "the first attempt at victim.txt killed its worker"
    by_slug = {r.source.slug: r for r in results}
    assert by_slug["victim"].status == build_mod.BUILT
    assert by_slug["victim"].warnings[0] == cluster.RETRIED
    assert cluster.RETRIED not in by_slug["law"].warnings
    # the retry wrote what an undisturbed build writes
    reference = build_mod.build_all([source / "victim.txt"], options(tmp_path / "reference"), jobs=1)[0]
    for path in reference.outputs:
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes()
    assert not list((tmp_path / "out" / ".pressline").glob("*.building")), "no marker left behind"


def test_without_dask_installed_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import builtins

    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):  # noqa: ANN001, ANN202
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    source = corpus(tmp_path / "source", {"law": DOCS["law"]})
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(tmp_path / "out"), "--executor", "dask"])
    assert result.exit_code == 1
    assert "pip install 'pressline[dask]'" in result.output


def test_relative_paths_reach_the_workers_as_absolute_ones(scheduler, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    address, _ = scheduler
    corpus(tmp_path / "source", {"law": DOCS["law"]})
    monkeypatch.chdir(tmp_path)  # the workers' working folder is not this one
    [result] = build_mod.build_all([Path("source")], build_mod.BuildOptions(out_dir=Path("out"), formats=("text",)),
                                   executor="dask", scheduler=address)
    assert result.status == build_mod.BUILT, result.failures
    assert result.source.path == Path("source/law.txt") and result.outputs == [Path("out/law.txt")]
    assert (tmp_path / "out" / "law.txt").is_file()


def test_a_scheduler_without_the_dask_executor_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2 and "--executor dask" in result.output
