"""The batch build: incremental rebuilds, failures that do not stop the batch, shards, the summary, check, dist."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.build import dist
from pipeline.build import run as build_mod
from pipeline.build import state as buildstate
from pipeline.cli.app import cli
from pipeline.sources import discover

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "education-work-conference-2024.txt"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SEED_EN = ROOT / "tests" / "fixtures" / "seed.en.txt"  # one translated block per block of the seed
FAST = ["--formats", "text,json", "--jobs", "1"]


def runner() -> CliRunner:
    """Standard output and error apart (the default from click 8.2; an option before)."""
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()


def build(*args: str) -> tuple[int, str, str]:
    result = runner().invoke(cli, ["build", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A source folder with the seed (plus metadata and a translation) and a second document."""
    folder = tmp_path / "source"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "seed.toml").write_text('author = "教育部"\n', encoding="utf-8")
    shutil.copy(SEED_EN, folder / "seed.en.txt")
    shutil.copy(CORPUS / "dev-news-20241111" / "raw.txt", folder / "news.txt")
    return folder


def test_second_build_rebuilds_nothing_and_says_so(docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = build(str(docs), "-o", str(out), "--formats", "text,json,pdf", "--jobs", "1")
    assert code == 0
    assert "2 built, 0 up to date, 0 failed" in stdout
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}
    code, stdout, _ = build(str(docs), "-o", str(out), "--formats", "text,json,pdf", "--jobs", "1")
    assert code == 0
    assert stdout == "nothing to rebuild: 2 documents are up to date (--force rebuilds)\n"
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()} == before


@pytest.mark.parametrize("change", ["input", "metadata", "translation", "options", "output deleted",
                                    "output edited", "force"])
def test_a_change_rebuilds_only_its_document(change: str, docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(str(docs), "-o", str(out), *FAST)[0] == 0
    extra: list[str] = []
    if change == "input":
        with (docs / "seed.txt").open("a", encoding="utf-8") as handle:
            handle.write("\n补充的一段。\n")
        with (docs / "seed.en.txt").open("a", encoding="utf-8") as handle:
            handle.write("\nA paragraph added.\n")
    elif change == "metadata":
        (docs / "seed.toml").write_text('author = "教育部办公厅"\n', encoding="utf-8")
    elif change == "translation":
        (docs / "seed.en.txt").write_text(SEED_EN.read_text(encoding="utf-8").replace("National", "The national"),
                                          encoding="utf-8")
    elif change == "options":
        extra = ["--cjk-spacing", "keep"]
    elif change == "output deleted":
        (out / "seed.json").unlink()
    elif change == "output edited":
        (out / "seed.txt").write_text("edited by hand\n", encoding="utf-8")
    elif change == "force":
        extra = ["--force"]
    code, stdout, _ = build(str(docs), "-o", str(out), *FAST, *extra, "-v")
    assert code == 0
    expected = "2 built, 0 up to date" if change in ("options", "force") else "1 built, 1 up to date"
    assert expected in stdout
    assert (out / "seed.txt").read_text(encoding="utf-8").startswith("2024")


def test_fingerprint_covers_template_and_review() -> None:
    source = discover([SEED])[0]
    base = build_mod.BuildOptions()
    prints = {build_mod.fingerprint(source, o) for o in (
        base, build_mod.BuildOptions(template="reading"), build_mod.BuildOptions(review=True),
        build_mod.BuildOptions(source_date_epoch=1), build_mod.BuildOptions(layouts=("parallel",)))}
    assert len(prints) == 5
    assert build_mod.fingerprint(source, base) == build_mod.fingerprint(source, build_mod.BuildOptions())


def test_one_failing_document_does_not_stop_the_others(docs: Path, tmp_path: Path) -> None:
    (docs / "news.toml").write_text('template = "no-such-template"\n', encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = build(str(docs), "-o", str(out), *FAST)
    assert code == 1
    assert (out / "seed.txt").is_file() and not (out / "news.txt").exists()
    assert "no template named 'no-such-template'" in stderr
    assert "1 of 2 document(s) failed" in stderr and "news.txt" in stderr
    assert "1 built, 0 up to date, 1 failed" in stdout
    # the failed document has no stamp, so the next run tries it again
    code, stdout, _ = build(str(docs), "-o", str(out), *FAST)
    assert code == 1 and "0 built, 1 up to date, 1 failed" in stdout


def test_one_failing_format_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = build_mod._write

    def broken_json(fmt, doc, template, options):
        if fmt == "json":
            raise RuntimeError("simulated bug")
        return real(fmt, doc, template, options)

    monkeypatch.setattr(build_mod, "_write", broken_json)
    options = build_mod.BuildOptions(out_dir=tmp_path, formats=("text", "json", "markdown"))
    [result] = build_mod.build_all([SEED], options)
    assert result.status == build_mod.FAILED
    assert [p.name for p in result.outputs] == [f"{SEED.stem}.txt", f"{SEED.stem}.md"]
    [failure] = result.failures
    assert failure.fmt == "json"
    assert "internal error: RuntimeError: simulated bug" in str(failure) and "(writing json)" in str(failure)
    assert "Traceback" in failure.detail
    assert buildstate.read_stamp(tmp_path, SEED.stem) is None


def test_shards_partition_the_documents_stably(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        (folder / f"doc{i:02d}.txt").write_text(f"第{i}段。\n", encoding="utf-8")
    options = build_mod.BuildOptions(out_dir=tmp_path / "out")
    shards = [{s.slug for s in build_mod.plan([folder], options, (i, 3))} for i in (1, 2, 3)]
    assert set.union(*shards) == {f"doc{i:02d}" for i in range(30)}
    assert sum(len(s) for s in shards) == 30
    assert all(shards), "30 documents in 3 shards: none empty"
    # a document's shard does not depend on which other documents exist
    (folder / "doc00.txt").unlink()
    assert {s.slug for s in build_mod.plan([folder], options, (2, 3))} == shards[1] - {"doc00"}


@pytest.mark.parametrize("args", [["--shard", "0/2"], ["--shard", "3/2"], ["--shard", "half"], ["--jobs", "0"],
                                  ["--layout", "sideways"], ["--formats", "rtf"]])
def test_usage_errors_exit_two(args: list[str], tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", str(SEED), "-o", str(tmp_path), *args],
                            capture_output=True, text=True)
    assert result.returncode == 2, result.stderr


def test_same_slug_twice_is_refused(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "doc.txt").write_text("一段。\n", encoding="utf-8")
    code, _, stderr = build(str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out"))
    assert code == 2
    assert "same output name 'doc'" in stderr


def test_summary_table_and_plain_progress_lines(docs: Path, tmp_path: Path) -> None:
    code, stdout, _ = build(str(docs / "seed.txt"), "-o", str(tmp_path), "--formats", "text,pdf",
                            "--layout", "source,parallel", "--jobs", "1")
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0].startswith(f"built {docs / 'seed.txt'} (txt pdf parallel.pdf; ")
    header = lines[1].split()
    assert header == ["document", "formats", "pages", "warnings", "time"]
    row = lines[2].split()
    assert row[:4] == ["seed", "txt", "pdf", "parallel.pdf"]
    pages = int(row[4])
    assert pages == len(__import__("pypdf").PdfReader(tmp_path / "seed.pdf").pages)
    assert lines[-1].startswith(f"1 built, 0 up to date, 0 failed: 3 file(s), {pages} page(s), ")


def test_quiet_prints_nothing_and_verbose_lists_up_to_date(docs: Path, tmp_path: Path) -> None:
    assert build(str(docs), "-o", str(tmp_path), *FAST, "-q")[1:] == ("", "")
    _, stdout, _ = build(str(docs), "-o", str(tmp_path), *FAST, "-v")
    assert f"up to date {docs / 'seed.txt'}" in stdout
    assert "seed " in stdout and "news " in stdout  # table rows for up-to-date documents


def test_progress_bar_on_a_terminal(docs: Path, tmp_path: Path) -> None:
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "pipeline", "build", str(docs), "-o", str(tmp_path), *FAST],
                                stdout=subprocess.PIPE, stderr=follower, text=True)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert result.returncode == 0
    assert b"building" in shown and b"100%" in shown
    assert "built " not in result.stdout.splitlines()[0]  # no per-document lines under a bar
    assert "2 built" in result.stdout


def test_parallel_workers_build_what_one_process_builds(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # without it each build is dated when it runs
    for jobs in ("1", "2"):
        assert build(str(docs), "-o", str(tmp_path / jobs), "--formats", "text,json,docx", "--jobs", jobs)[0] == 0
    names = sorted(p.name for p in (tmp_path / "1").iterdir() if p.is_file())
    assert names == sorted(p.name for p in (tmp_path / "2").iterdir() if p.is_file())
    for name in names:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_check_reports_what_the_repair_found(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(SEED)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "encoding        utf-8" in out
    assert "line width      56 columns" in out
    assert "pages           5" in out
    assert "line 35: '2 / 5' (page number 2)" in out
    assert "missing glyphs  none (template official)" in out


def test_check_lists_the_uncertain_joins_and_breaks_of_the_unwrap_pass() -> None:
    import pipeline

    raw = CORPUS / "dev-mix-trplzh-install" / "raw.txt"
    uncertain = [c for c in pipeline.normalize(raw.read_bytes(), path=str(raw)).report.changes
                 if c.action in ("uncertain-join", "uncertain-break")]
    assert uncertain, "this case has line boundaries decided on weak evidence"
    out = CliRunner().invoke(cli, ["check", str(raw), "-v"]).output
    assert f"ambiguous       {len(uncertain)} line boundar" in out and "worth a human look" in out
    for change in uncertain:
        kind = change.action.removeprefix("uncertain-")
        assert f"lines {change.lines[0]}-{change.lines[-1]}: {kind} …{change.before}|{change.after}…" in out


def test_check_lists_characters_no_font_draws(tmp_path: Path) -> None:
    doc = tmp_path / "glyphs.txt"
    doc.write_text("标题\n\n正文里有一个古埃及文字\U00013000和一个私用区字符\ue000。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(doc)])
    assert result.exit_code == 0, result.output
    assert "missing glyphs  2 character(s)" in result.output
    assert "U+13000" in result.output and "U+E000" in result.output


def test_check_of_undecodable_input_is_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 16)
    result = subprocess.run([sys.executable, "-m", "pipeline", "check", str(bad)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("pressline: error: ") and str(bad) in result.stderr


def test_dist_bundle_verifies_with_sha256sum(docs: Path, tmp_path: Path) -> None:
    out, bundle = tmp_path / "build", tmp_path / "dist"
    assert build(str(docs), "-o", str(out), "--formats", "text,json,docx,pdf,epub", "--jobs", "1")[0] == 0
    assert dist.main([str(docs), "--build", str(out), "--out", str(bundle)]) == 0
    names = sorted(p.name for p in bundle.iterdir())
    assert names == sorted(["SHA256SUMS", "manifest.json", *(f"{slug}.{ext}" for slug in ("news", "seed")
                                                              for ext in ("docx", "pdf", "epub"))])
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=bundle, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK") == 7
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    seed = next(d for d in manifest["documents"] if d["document"] == "seed")
    assert seed["formats"] == ["docx", "epub", "pdf"]
    assert seed["source_sha256"] == buildstate.sha256_file(docs / "seed.txt")
    assert seed["pages"] == len(__import__("pypdf").PdfReader(bundle / "seed.pdf").pages)
    assert manifest["pressline"] == __import__("pipeline").__version__


def test_dist_refuses_a_stale_build(docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert build(str(docs), "-o", str(out), *FAST)[0] == 0
    (docs / "news.txt").write_text("改过的文字。\n", encoding="utf-8")
    assert dist.main([str(docs), "--build", str(out), "--out", str(tmp_path / "dist")]) == 1
    assert not (tmp_path / "dist").exists()


def test_review_page_is_built_beside_the_outputs(docs: Path, tmp_path: Path) -> None:
    code, stdout, _ = build(str(docs / "seed.txt"), "-o", str(tmp_path), "--formats", "pdf", "--review",
                            "--jobs", "1")
    assert code == 0
    page = (tmp_path / "seed.review.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "seed.txt" in page
    assert "(pdf review.html; " in stdout
    # the review page is one of the recorded outputs: without it the document is not up to date
    (tmp_path / "seed.review.html").unlink()
    assert "1 built" in build(str(docs / "seed.txt"), "-o", str(tmp_path), "--formats", "pdf", "--review",
                              "--jobs", "1")[1]


def test_without_source_date_epoch_a_build_is_dated_now(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import time

    import docx
    from pypdf import PdfReader

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = tmp_path / "source"
    folder.mkdir()
    shutil.copy(CORPUS / "dev-news-20241111" / "raw.txt", folder / "news.txt")
    before = time.gmtime(time.time() - 5)
    code, _, _ = build(str(folder), "-o", str(tmp_path / "out"), "--formats", "docx,pdf", "--jobs", "1")
    assert code == 0
    created = docx.Document(io.BytesIO((tmp_path / "out" / "news.docx").read_bytes())).core_properties.created
    assert created.year == before.tm_year and created.timetuple()[:3] >= before[:3]
    stamp = PdfReader(tmp_path / "out" / "news.pdf").metadata["/CreationDate"]
    assert stamp.startswith(f"D:{before.tm_year:04d}")
    # the date alone does not make the document out of date
    code, stdout, _ = build(str(folder), "-o", str(tmp_path / "out"), "--formats", "docx,pdf", "--jobs", "1")
    assert "0 built, 1 up to date" in stdout or "nothing to rebuild" in stdout
