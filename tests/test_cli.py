"""The `pressline` command line: output, explanations, errors as one line, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, SEED

from pipeline import __version__
from pipeline.cli.app import cli


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True)


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_normalize_writes_the_interchange_text(tmp_path: Path) -> None:
    out = tmp_path / "clean.txt"
    result = CliRunner().invoke(cli, ["normalize", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (CORPUS / "seed" / "expected.txt").read_text(encoding="utf-8")


def test_normalize_json_and_markdown() -> None:
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["normalize", str(SEED), "--format", "json"]).output)
    assert data["blocks"][0]["kind"] == "title"
    assert data["blocks"][1]["spans"][0]["start"] == 3
    markdown = runner.invoke(cli, ["normalize", str(SEED), "--format", "markdown"]).output
    assert markdown.startswith("# 2024年全国教育工作会议召开\n\n1月11日")


def test_explain_lists_changes_by_pass() -> None:
    result = CliRunner().invoke(cli, ["normalize", str(SEED), "--explain", "-o", "/dev/null"])
    assert "[page-markers] 1 change(s)" in result.output
    assert "'2 / 5'" in result.output
    assert "[spacing]" in result.output


def test_cjk_spacing_policy_and_skip(tmp_path: Path) -> None:
    runner = CliRunner()
    kept = runner.invoke(cli, ["normalize", str(SEED), "--cjk-spacing", "keep"]).output
    assert "1 月 11 日" in kept
    skipped = runner.invoke(cli, ["normalize", str(SEED), "--skip", "page-markers"]).output
    assert "2 / 5" in skipped


def test_unknown_pass_is_a_usage_error() -> None:
    result = run("normalize", str(SEED), "--skip", "nonsense")
    assert result.returncode == 2
    assert "unknown pass 'nonsense'" in result.stderr


def test_skipping_a_pass_the_repair_cannot_do_without_is_a_usage_error() -> None:
    result = run("normalize", str(SEED), "--skip", "unwrap")
    assert result.returncode == 2
    assert "'unwrap' cannot be skipped" in result.stderr


def test_bad_input_is_one_line_without_traceback(tmp_path: Path) -> None:
    image = tmp_path / "scan.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)
    result = run("normalize", str(image), "-o", str(tmp_path / "out.txt"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"pressline: error: {image}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.txt").exists()


def test_traceback_flag_shows_the_stack(tmp_path: Path) -> None:
    image = tmp_path / "scan.txt"
    image.write_bytes(bytes(range(256)) * 16)
    result = run("--traceback", "normalize", str(image))
    assert "Traceback" in result.stderr


def test_missing_file_is_a_usage_error() -> None:
    result = run("normalize", "no-such-file.txt")
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_help_teaches_with_examples() -> None:
    for command in ([], ["normalize"], ["build"]):
        result = CliRunner().invoke(cli, [*command, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output


def test_build_writes_text_and_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(tmp_path), "--formats", "text,json"])
    assert result.exit_code == 0, result.output
    slug = SEED.stem
    assert (tmp_path / f"{slug}.txt").read_text(encoding="utf-8").startswith("2024年全国教育工作会议召开\n")
    assert json.loads((tmp_path / f"{slug}.json").read_text(encoding="utf-8"))["metadata"]["title"]


def test_build_failure_exits_one_and_keeps_building_others(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 16)
    good = tmp_path / "good.txt"
    good.write_text("一段文字。\n", encoding="utf-8")
    result = run("build", str(bad), str(good), "-o", str(tmp_path / "out"), "--formats", "text")
    assert result.returncode == 1
    assert (tmp_path / "out" / "good.txt").exists()
    assert "bad.txt" in result.stderr


@pytest.mark.parametrize("formats", ["nonsense", "docx,nonsense"])
def test_unknown_format_is_a_usage_error(formats: str, tmp_path: Path) -> None:
    result = run("build", str(SEED), "-o", str(tmp_path), "--formats", formats)
    assert result.returncode == 2


def test_verbose_build_reports_each_stage(tmp_path: Path) -> None:
    result = run("build", str(SEED), "-o", str(tmp_path), "--formats", "text,docx", "-v")
    assert result.returncode == 0, result.stderr
    assert f"{SEED.stem}: repaired into 7 blocks in" in result.stderr
    assert f"{SEED.stem}: {SEED.stem}.docx written in" in result.stderr
