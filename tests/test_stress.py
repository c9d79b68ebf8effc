"""The promise under stress: hostile output folders (the input folder, read-only, a full disk, symbolic links,
names that differ only in case), builds killed at random moments, and random export → edit → import rounds
of translations. The next bug has to get past these."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import CORPUS, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_exchange import SUFFIX, export, fill

from pipeline import atomic
from pipeline.bilingual import load
from pipeline.bilingual.segments import segment
from pipeline.build import run as build_mod
from pipeline.build import state as buildstate
from pipeline.errors import TranslationError
from pipeline.model import BLOCK_KINDS, PARAGRAPH, Block, Document
from pipeline.report import Report

EPOCH = "1704931200"


def pressline(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, env=env,
                          **kwargs)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative name → bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def stamps_match_files(out: Path) -> None:
    """The incremental state is consistent: every stamp's outputs are on disk with the recorded content."""
    for stamp_file in (out / buildstate.STATE_DIR).glob("*.json"):
        stamp = json.loads(stamp_file.read_text(encoding="utf-8"))
        for name, digest in stamp["outputs"].items():
            assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, (stamp_file.name, name)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """Three documents, one with metadata and a translation."""
    folder = tmp_path / "source"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "seed.toml").write_text('author = "教育部"\n', encoding="utf-8")
    shutil.copy(Path(__file__).parent / "fixtures" / "seed.en.txt", folder / "seed.en.txt")
    shutil.copy(CORPUS / "dev-news-20241111" / "raw.txt", folder / "news.txt")
    shutil.copy(CORPUS / "dev-luxun-shexi-seedstyle" / "raw.txt", folder / "luxun.txt")
    return folder


# --- outputs into the input folder ------------------------------------------------------------------------------

def test_a_build_into_its_own_source_folder_never_touches_an_input(sources: Path) -> None:
    before = snapshot(sources)
    refused = pressline("build", str(sources), "-o", str(sources), "--formats", "text,docx")
    assert refused.returncode == 2 and "would overwrite" in refused.stderr
    assert snapshot(sources) == before  # nothing written at all
    beside = pressline("build", str(sources), "-o", str(sources), "--formats", "docx,epub", "--jobs", "1")
    assert beside.returncode == 0, beside.stderr
    after = snapshot(sources)
    assert {name: after[name] for name in before} == before
    assert {"seed.docx", "news.epub", "luxun.docx"} <= set(after)


# --- a read-only output folder ---------------------------------------------------------------------------------

@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Path, bool]]:
    """A folder with a previous build in it, then made read-only (chmod; as root, a read-only tmpfs)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = False
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)],
                                 capture_output=True).returncode == 0
        if not mounted:
            pytest.skip("running as root without mount: no way to make a read-only folder")
    yield folder, mounted
    if mounted:
        subprocess.run(["umount", str(folder)], check=True)
    else:
        folder.chmod(0o755)


def make_read_only(folder: Path, mounted: bool) -> None:
    if mounted:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        (folder / buildstate.STATE_DIR).chmod(0o555)


def test_a_read_only_output_folder_is_a_clear_error_and_changes_nothing(sources: Path, read_only) -> None:
    out, mounted = read_only
    first = pressline("build", str(sources), "-o", str(out), "--formats", "text,docx", "--jobs", "1")
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    make_read_only(out, mounted)
    result = pressline("build", str(sources), "-o", str(out), "--formats", "text,docx", "--force", "--jobs", "2")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for name in ("seed", "news", "luxun"):
        assert any(line.startswith("pressline: error: ") and str(out) in line
                   and ("Read-only file system" in line or "Permission denied" in line)
                   for line in result.stderr.splitlines()), (name, result.stderr)
    assert "3 of 3 document(s) failed" in result.stderr
    assert snapshot(out) == before


# --- a full disk --------------------------------------------------------------------------------------------------

def full_disk(full_from: int, fsync: Callable[[int], None]) -> Callable[[int], None]:
    """os.fsync, but from the `full_from`-th file on the disk is full."""
    writes = iter(range(1000))

    def fake(fd: int) -> None:
        if next(writes) >= full_from:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        fsync(fd)

    return fake


def test_a_full_disk_fails_the_documents_keeps_the_old_files_and_the_next_build_recovers(
        sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fake full disk: from the n-th write on, every write raises ENOSPC (also the build state's)."""
    out = tmp_path / "out"
    options = build_mod.BuildOptions(out_dir=out, formats=("text", "json", "docx"), source_date_epoch=int(EPOCH))
    first = build_mod.build_all([sources], options)
    assert [r.status for r in first] == [build_mod.BUILT] * 3
    old = snapshot(out)
    real_fsync = atomic.os.fsync
    for full_from in (0, 2, 4, 7, 9):  # every moment: before the first write, between formats, at the stamps
        monkeypatch.setattr(atomic.os, "fsync", full_disk(full_from, real_fsync))
        results = build_mod.build_all([sources], options, force=True)
        monkeypatch.setattr(atomic.os, "fsync", real_fsync)
        failed = [r for r in results if r.status == build_mod.FAILED]
        assert failed, full_from
        for result in failed:
            assert all("No space left on device" in str(f) for f in result.failures), result.failures
        assert leftovers(out) == []
        published = {name for name in old if not name.startswith(".")}
        now = snapshot(out)
        assert published <= set(now)  # every file is still there, complete (the builds are reproducible)
        assert {name: now[name] for name in published} == {name: old[name] for name in published}
        for result in failed:  # a failed document keeps no stamp: the next build rebuilds it
            assert not buildstate.stamp_path(out, result.source.slug).exists()
        stamps_match_files(out)
        again = build_mod.build_all([sources], options)  # the disk has space again
        assert all(r.status != build_mod.FAILED for r in again)
        assert snapshot(out) == old
        assert [r.status for r in build_mod.build_all([sources], options)] == [build_mod.UP_TO_DATE] * 3


def test_a_small_real_disk_fills_up_cleanly(sources: Path, tmp_path: Path) -> None:
    """A 200 kB tmpfs: the PDF and EPUB do not fit; every file there is complete, nothing is half-written."""
    out = tmp_path / "small"
    out.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(out)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (the fake full disk above still runs)")
    try:
        result = pressline("build", str(sources / "seed.txt"), "-o", str(out), "--jobs", "1", "--embed-fonts")
        assert result.returncode == 1
        assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
        assert leftovers(out) == []
        assert not (out / buildstate.STATE_DIR / "seed.json").exists()
        assert (out / "seed.txt").read_text(encoding="utf-8").startswith("2024年全国教育工作会议召开\n")
    finally:
        subprocess.run(["umount", str(out)], check=True)


# --- symbolic links where an output goes ---------------------------------------------------------------------

def test_a_symbolic_link_in_the_output_folder_is_replaced_never_followed(sources: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("victim.txt", "victim.docx", "victim.json"):
        (outside / name).write_text("a file outside the output folder\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / buildstate.STATE_DIR).mkdir(parents=True)
    (out / "news.txt").symlink_to(outside / "victim.txt")
    (out / "news.docx").symlink_to(outside / "victim.docx")
    (out / buildstate.STATE_DIR / "news.json").symlink_to(outside / "victim.json")
    (out / "dangling.txt").symlink_to(outside / "missing.txt")
    result = pressline("build", str(sources / "news.txt"), "-o", str(out), "--formats", "text,docx")
    assert result.returncode == 0, result.stderr
    assert {p.read_text(encoding="utf-8") for p in outside.iterdir()} == {"a file outside the output folder\n"}
    assert not (outside / "missing.txt").exists()
    for name in ("news.txt", "news.docx", f"{buildstate.STATE_DIR}/news.json"):
        assert not (out / name).is_symlink() and (out / name).stat().st_size > 100
    stamps_match_files(out)


# --- names that differ only in case ----------------------------------------------------------------------------

def test_documents_whose_names_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    """Failed before: Report.txt and report.txt were both built, and on macOS or Windows (or in the release zip)
    one document's files replaced the other's."""
    for name in ("Report.txt", "report.txt"):
        shutil.copy(SEED, tmp_path / name)
    result = pressline("build", str(tmp_path / "Report.txt"), str(tmp_path / "report.txt"), "-o",
                       str(tmp_path / "out"), "--formats", "text")
    assert result.returncode == 2
    assert "differ only in case" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# --- SIGKILL at random moments, then rebuilds ---------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_batch_killed_at_a_random_moment_leaves_old_or_new_files_and_recovers(
        sources: Path, tmp_path: Path, seed: int) -> None:
    """Every output is the old complete file or the new complete file; the rebuild makes exactly the new
    files and consistent stamps; a second rebuild does nothing."""
    args = ["--formats", "text,json,docx,pdf,epub", "--layout", "source,parallel", "--jobs", "2"]
    out = tmp_path / "out"
    assert pressline("build", str(sources), "-o", str(out), *args).returncode == 0
    old = snapshot(out)
    for path in sources.glob("*.txt"):  # a new version of every document (and of the translation)
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n新增的一段文字。\n" if ".en." not in path.name else "\nA new paragraph.\n")
    reference = tmp_path / "reference"
    started = time.monotonic()
    assert pressline("build", str(sources), "-o", str(reference), *args).returncode == 0
    duration = time.monotonic() - started
    new = snapshot(reference)

    delay = random.Random(seed).uniform(0.05, duration)
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "build", str(sources), "-o", str(out), *args],
                               env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    published = {name for name in new if not name.startswith(".")}
    for name, data in snapshot(out).items():
        if name in published:
            assert data in (old.get(name), new[name]), f"{name} is neither the old nor the new file"
    stamps_match_files(out)

    rebuild = pressline("build", str(sources), "-o", str(out), *args)
    assert rebuild.returncode == 0, rebuild.stderr
    assert leftovers(out) == []
    after = snapshot(out)
    assert {n: after[n] for n in published} == {n: new[n] for n in published}
    stamps_match_files(out)
    second = pressline("build", str(sources), "-o", str(out), *args)
    assert second.stdout.startswith("nothing to rebuild: 3 documents are up to date"), second.stdout


# --- random documents, random translations, export → edit → import ----------------------------------------------

ALPHABET = "会议教育工作北京中国人民发展要坚持。，、；：！？“”（）《》abcXYZ 0123456789.,!?-𠮷😀"
texts = st.text(alphabet=ALPHABET, min_size=1, max_size=60).map(lambda t: " ".join(t.split())).filter(bool)
blocks = st.builds(lambda kind, text, level: Block(kind, text, level if kind == "heading" else 0),
                   st.sampled_from(BLOCK_KINDS), texts, st.integers(1, 3))


def nonspace(text: str) -> str:
    return "".join(text.split())


def translate_round(doc: Document, fmt: str, choose: st.DataObject, memory: dict[str, str],
                    tmp_path: Path) -> dict[str, str]:
    """Export, translate some units (a tag naming the unit, or what the memory has for its source), import;
    check that every translation sits beside its own block. Returns the new memory (source → target)."""
    units = segment(doc)
    by_block: dict[int, str] = {}
    for unit in units:
        by_block[unit.block] = by_block.get(unit.block, "") + unit.source
    for n, block in enumerate(doc.blocks):  # no source character is lost in the units
        assert nonspace(by_block.get(n, "")) == nonspace(block.text)
    wanted = {u.id: choose.draw(st.sampled_from(["translate", "leave", "review"])) for u in units}
    targets = {u.id: memory.get(u.source, f"<{u.id}>") for u in units if wanted[u.id] != "leave"}
    review = {"xliff": "needs-review-translation", "xliff2": "initial", "po": "fuzzy"}[fmt]
    path = tmp_path / f"doc.en{SUFFIX[fmt]}"
    path.write_bytes(fill(fmt, export(doc, fmt), lambda uid, source: targets.get(uid),
                          lambda uid: review if wanted.get(uid) == "review" else None))
    translation = load.read_translation(doc, path, Report())
    expected: dict[str, list[str]] = {}
    ids = doc.block_ids()
    for unit in units:  # each block gets exactly its own units' translations, in order
        if unit.id in targets:
            expected.setdefault(ids[unit.block], []).append(targets[unit.id])
    assert load.block_texts(doc, translation, marker="") == {bid: " ".join(t) for bid, t in expected.items()}
    return {u.source: targets[u.id] for u in units if u.id in targets}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.lists(blocks, min_size=1, max_size=6), fmt=st.sampled_from(["xliff", "xliff2", "po"]),
       edits=st.lists(st.tuples(st.sampled_from(["change", "insert", "delete"]), st.integers(0, 10), texts),
                      max_size=3),
       choose=st.data())
def test_export_edit_import_never_loses_or_misplaces_text(tmp_path: Path, start: list[Block], fmt: str,
                                                          edits: list, choose: st.DataObject) -> None:
    doc = Document(blocks=list(start), source_name="doc.txt")
    memory = translate_round(doc, fmt, choose, {}, tmp_path)
    for action, where, text in edits:  # the document changes, the translation memory carries over
        items = list(doc.blocks)
        n = where % len(items)
        if action == "change":
            items[n] = Block(items[n].kind, text, items[n].level)
        elif action == "insert":
            items.insert(n, Block(PARAGRAPH, text))
        elif len(items) > 1:
            del items[n]
        doc = Document(blocks=items, source_name="doc.txt")
        memory = translate_round(doc, fmt, choose, memory, tmp_path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.lists(blocks, min_size=1, max_size=8), delta=st.integers(-2, 2))
def test_plain_text_translations_align_block_for_block_or_are_refused(tmp_path: Path, start: list[Block],
                                                                      delta: int) -> None:
    doc = Document(blocks=list(start), source_name="doc.txt")
    count = max(len(doc.blocks) + delta, 0)
    path = tmp_path / "doc.en.txt"
    path.write_text("\n\n".join(f"T{n}" for n in range(count)) + "\n", encoding="utf-8")
    if count != len(doc.blocks):
        with pytest.raises(TranslationError, match=f"translation has {count} blocks but the document has "
                                                   f"{len(doc.blocks)}"):
            load.read_translation(doc, path)
        return
    texts_by_block = load.block_texts(doc, load.read_translation(doc, path))
    assert texts_by_block == {bid: f"T{n}" for n, bid in enumerate(doc.block_ids())}
