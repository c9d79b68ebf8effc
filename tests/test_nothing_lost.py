"""Nothing lost, nothing silent: no output replaces an input, a wrong file is refused in one line, one bad
document fails alone, and every way a run ends has its exit status (the table in README.md)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEED

from pipeline import writers
from pipeline.bilingual import load, xliff
from pipeline.bilingual.segments import segment
from pipeline.errors import TranslationError
from pipeline.model import Document

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "fixtures" / "models"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def pressline(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, **kwargs)


def one_line_error(result: subprocess.CompletedProcess, code: int = 1) -> str:
    """The run failed with `code` and said why in one line, without a traceback."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("pressline: error: ")]
    assert len(errors) == 1, result.stderr
    return errors[0]


# --- no output may replace an input -----------------------------------------------------------------------

def test_building_into_the_input_folder_keeps_the_input(tmp_path: Path) -> None:
    """The report's case: `cd x; pressline build doc.txt -o .` replaced the raw text with the repaired text."""
    folder = tmp_path / "x"
    folder.mkdir()
    shutil.copy(SEED, folder / "doc.txt")
    result = pressline("build", "doc.txt", "-o", ".", "--formats", "text,json", cwd=folder)
    line = one_line_error(result, 2)
    assert "doc.txt" in line and "would overwrite" in line
    assert (folder / "doc.txt").read_bytes() == SEED.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["doc.txt"]


OUTPUT_NAMES = sorted({(fmt, layout) for fmt in writers.FORMATS for layout in writers.LAYOUTS
                       if fmt == "pdf" or layout == "source"})


@pytest.mark.parametrize(("fmt", "layout"), OUTPUT_NAMES, ids=[f"{f}-{ly}" for f, ly in OUTPUT_NAMES])
def test_no_format_or_layout_name_overwrites_an_input(tmp_path: Path, fmt: str, layout: str) -> None:
    """doc.txt's output named like another input of the same batch (doc.docx, doc.parallel.pdf, ...)."""
    shutil.copy(SEED, tmp_path / "doc.txt")
    victim = tmp_path / writers.output_name("doc", fmt, layout)
    if victim.name != "doc.txt":
        victim.write_text("另一份文件的原文，不可覆盖。\n", encoding="utf-8")
    before = victim.read_bytes()
    result = pressline("build", str(tmp_path / "doc.txt"), str(victim), "-o", str(tmp_path), "--formats", fmt,
                       "--layout", layout)
    assert "would overwrite" in one_line_error(result, 2)
    assert victim.read_bytes() == before


def test_a_hard_link_or_symbolic_link_to_an_input_is_the_input(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(SEED, source / "doc.txt")
    for kind in ("hard", "symbolic"):
        out = tmp_path / kind
        out.mkdir()
        if kind == "hard":
            os.link(source / "doc.txt", out / "doc.txt")
        else:
            (out / "doc.txt").symlink_to(source / "doc.txt")
        result = pressline("build", str(source / "doc.txt"), "-o", str(out), "--formats", "text")
        assert "would overwrite" in one_line_error(result, 2)
        assert (source / "doc.txt").read_bytes() == SEED.read_bytes()


@pytest.mark.parametrize("command", [["normalize", "{in}", "-o", "{in}"],
                                     ["normalize", "{in}", "--format", "json", "-o", "{link}"],
                                     ["segments", "export", "{in}", "-o", "{in}"],
                                     ["glossary", "{in}", "-o", "{in}"],
                                     ["review", "{in}", "-o", "{in}"]],
                         ids=["normalize", "normalize-symlink", "segments-export", "glossary", "review"])
def test_single_file_commands_refuse_to_write_over_their_input(tmp_path: Path, command: list[str]) -> None:
    doc = tmp_path / "doc.txt"
    shutil.copy(SEED, doc)
    (tmp_path / "link.json").symlink_to(doc)
    args = [a.replace("{in}", str(doc)).replace("{link}", str(tmp_path / "link.json")) for a in command]
    assert "would overwrite" in one_line_error(pressline(*args), 2)
    assert doc.read_bytes() == SEED.read_bytes()


# --- a JSON file is a document model, checked, or refused in one line --------------------------------------

NOT_MODELS = {
    "not-json": "{\"blocks\": [",
    "a-list": "[1, 2, 3]\n",
    "other-json": json.dumps({"name": "package.json", "version": "1.0.0", "dependencies": {}}),
    "blocks-without-marker": json.dumps({"blocks": [{"kind": "paragraph", "text": "一段。"}]}),
    "future-version": json.dumps({"format": "pressline-document", "version": 99, "blocks": []}),
    "bad-block": json.dumps({"format": "pressline-document", "version": 1, "blocks": [{"kind": "poem"}]}),
    "bad-metadata": json.dumps({"format": "pressline-document", "version": 1, "metadata": {"colour": "red"},
                                "blocks": [{"kind": "paragraph", "text": "一段。"}]}),
}
COMMANDS = {
    "segments-export": ["segments", "export", "{in}"],
    "segments-stats": ["segments", "stats", "{in}"],
    "segments-tmx": ["segments", "tmx", "{in}", "--translation", "{tr}"],
    "glossary": ["glossary", "{in}"],
    "build": ["build", "{in}", "-o", "{out}", "--formats", "text"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("content", sorted(NOT_MODELS))
def test_a_json_file_that_is_not_a_model_is_refused_in_one_line(tmp_path: Path, command: str,
                                                                  content: str) -> None:
    """Failed before: KeyError, AttributeError or JSONDecodeError tracebacks, or (build) the JSON published
    as prose."""
    model = tmp_path / "model.json"
    model.write_text(NOT_MODELS[content], encoding="utf-8")
    (tmp_path / "model.en.txt").write_text("A paragraph.\n", encoding="utf-8")
    args = [a.replace("{in}", str(model)).replace("{tr}", str(tmp_path / "model.en.txt"))
            .replace("{out}", str(tmp_path / "out")) for a in COMMANDS[command]]
    line = one_line_error(pressline(*args))
    assert str(model) in line and "model" in line
    assert not (tmp_path / "out" / "model.txt").exists()


def test_a_saved_model_builds_as_the_document_it_holds(tmp_path: Path) -> None:
    model = tmp_path / "sample.json"
    shutil.copy(MODELS / "sample.json", model)
    result = pressline("build", str(model), "-o", str(tmp_path / "out"), "--formats", "text")
    assert result.returncode == 0, result.stderr
    doc = Document.from_json(model.read_text(encoding="utf-8"))
    assert (tmp_path / "out" / "sample.txt").read_text(encoding="utf-8") == doc.text()


def test_a_model_round_trips_with_its_marker(tmp_path: Path) -> None:
    result = pressline("normalize", str(SEED), "--format", "json", "-o", str(tmp_path / "seed.json"))
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "seed.json").read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("pressline-document", 1)
    stats = pressline("segments", "stats", str(tmp_path / "seed.json"), "--json")
    assert stats.returncode == 0, stats.stderr


# --- a translation of another document says whose it is ----------------------------------------------------

@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_another_documents_xliff_names_that_document(tmp_path: Path, fmt: str) -> None:
    """Failed before: "the document changed since the export", though it was another document's file."""
    seed = Document.from_json((MODELS / "seed.json").read_text(encoding="utf-8"))
    sample = Document.from_json((MODELS / "sample.json").read_text(encoding="utf-8"))
    write = xliff.write_xliff2 if fmt == "xliff2" else xliff.write_xliff12
    path = tmp_path / "sample.en.xlf"
    path.write_bytes(write(seed, segment(seed), "en"))
    with pytest.raises(TranslationError) as caught:
        load.read_translation(sample, path)
    message = str(caught.value)
    assert f"exported from {seed.source_name!r}, not 'sample.txt'" in message
    assert "changed since the export" not in message


def test_a_renamed_document_still_takes_its_own_xliff(tmp_path: Path) -> None:
    sample = Document.from_json((MODELS / "sample.json").read_text(encoding="utf-8"))
    path = tmp_path / "renamed.en.xlf"
    path.write_bytes(xliff.write_xliff12(sample, segment(sample), "en"))
    renamed = Document(blocks=sample.blocks, metadata=sample.metadata, source_name="renamed.txt")
    assert load.read_translation(renamed, path).missing  # read, nothing translated yet


# --- one bad <slug>.toml fails only its document -----------------------------------------------------------

def test_a_bad_toml_fails_only_its_document(tmp_path: Path) -> None:
    """Failed before: the whole batch stopped at the first bad `<slug>.toml`."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("good", "malformed", "misspelt"):
        shutil.copy(CORPUS / "dev-news-20241111" / "raw.txt", source / f"{name}.txt")
    (source / "malformed.toml").write_text('title = "unterminated\n', encoding="utf-8")
    (source / "misspelt.toml").write_text('autor = "教育部"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = pressline("build", str(source), "-o", str(out), "--formats", "text", "--jobs", "2")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (out / "good.txt").is_file()
    assert not (out / "malformed.txt").exists() and not (out / "misspelt.txt").exists()
    errors = [line for line in result.stderr.splitlines() if line.startswith("pressline: error: ")]
    assert any("malformed.toml: malformed metadata" in line for line in errors)
    assert any("misspelt.toml: unknown metadata key(s): autor" in line for line in errors)
    check = pressline("check", str(source / "misspelt.txt"))
    assert "unknown metadata key(s): autor" in one_line_error(check)


# --- exit statuses --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["build", str(SEED), "--template", "nonesuch"],
                                  ["check", str(SEED), "--template", "nonesuch"],
                                  ["build", "no-such-file.txt"],
                                  ["build", "no-such-folder/"]],
                         ids=["build-template", "check-template", "build-missing-file", "build-missing-folder"])
def test_usage_errors_exit_two(tmp_path: Path, args: list[str]) -> None:
    """Failed before: an unknown template or a missing path was a document failure (1)."""
    result = pressline(*args, "-o", str(tmp_path / "out")) if args[0] == "build" else pressline(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_nothing_to_build_exits_one_and_says_so(tmp_path: Path) -> None:
    """Failed before: exit 0 and a table with no rows."""
    (tmp_path / "empty").mkdir()
    line = one_line_error(pressline("build", str(tmp_path / "empty"), "-o", str(tmp_path / "out")))
    assert "no documents found" in line and str(tmp_path / "empty") in line


def test_ctrl_c_exits_130_and_leaves_no_half_written_file(tmp_path: Path) -> None:
    """Failed before: click's "Aborted!" with status 1, and the queued documents were still built."""
    source = tmp_path / "source"
    source.mkdir()
    for n in range(12):
        (source / f"doc{n:02d}.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", str(source), "-o", str(out), "--jobs", "2",
         "--formats", "text,docx,epub"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    while process.poll() is None and not list(out.glob("*.docx")):  # until the first document is done
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    _, stderr = process.communicate()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    assert not [p.name for p in out.rglob("*.tmp")]
    built = sorted(out.glob("*.docx"))
    assert len(built) < 12  # the documents not started were not built
    for docx in built:
        assert (out / f"{docx.stem}.txt").read_bytes().startswith("2024年全国教育工作会议召开".encode())


# --- normalize reads standard input and writes standard output with "-" --------------------------------------

def test_normalize_dash_is_standard_input_and_output(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "normalize", "-", "-o", "-"],
                            input=SEED.read_bytes(), capture_output=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == pressline("normalize", str(SEED)).stdout.encode("utf-8")
    too_big = subprocess.run([sys.executable, "-m", "pipeline", "normalize", "-", "--max-size", "1"],
                             input=b"a" * 1_000_001, capture_output=True, text=False)
    assert too_big.returncode == 1 and b"over the 1 MB limit" in too_big.stderr
