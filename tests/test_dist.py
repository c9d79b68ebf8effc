"""The package as a user gets it: wheel and sdist built with `python -m build`, both pass `twine check`, the
wheel installed into a fresh venv outside the checkout builds the seed into DOCX, PDF and EPUB from a
temporary folder (the same bytes as the checkout builds), and incremental builds work when installed.

Slow (a build, a venv, an install): marked `slow` and `dist`; `make test-dist` runs these alone, and CI runs
them with the other slow tests (`make test PYTEST_ARGS=`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.build import run as build_mod
from pipeline.typeset import fonts
from pipeline.version import __version__

pytestmark = [pytest.mark.slow, pytest.mark.dist]

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "education-work-conference-2024.txt"
EPOCH = 1704931200
FORMATS = ("docx", "pdf", "epub")
MAX_WHEEL_MB = 16  # the fonts are 21 MB on disk, about 12 MB compressed; everything else is small


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", out, ROOT, cwd=ROOT)
    [wheel] = out.glob("*.whl")
    [sdist] = out.glob("*.tar.gz")
    print(f"\nwheel {wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB; sdist {sdist.stat().st_size / 1e6:.1f} MB")
    return {"wheel": wheel, "sdist": sdist}


def test_twine_accepts_the_wheel_and_the_sdist(dists: dict[str, Path]) -> None:
    output = run(sys.executable, "-m", "twine", "check", "--strict", dists["wheel"], dists["sdist"], cwd=ROOT)
    assert output.count("PASSED") == 2


def test_the_wheel_carries_every_data_file(dists: dict[str, Path]) -> None:
    wheel = dists["wheel"]
    assert wheel.name == f"pressline-{__version__}-py3-none-any.whl"
    assert wheel.stat().st_size < MAX_WHEEL_MB * 1e6
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"pipeline/data/{p.relative_to(ROOT / 'templates').as_posix()}"
               for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert shipped <= names, sorted(shipped - names)
    for role in fonts.ROLES:  # every font with its licence
        assert f"pipeline/data/fonts/{fonts.FILES[role]}" in names
        assert f"pipeline/data/fonts/{fonts.LICENSES[role]}" in names
    packages = {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "pipeline").rglob("*.py")}
    assert {f"{folder}/__init__.py" for folder in packages} <= names, "a subpackage left out of the wheel"
    assert not any(n.startswith(("tests/", "templates/", "source/")) for n in names)


def test_the_sdist_holds_the_templates_and_the_build_script(dists: dict[str, Path]) -> None:
    import tarfile

    with tarfile.open(dists["sdist"]) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    assert {"setup.py", "pyproject.toml", "README.md", "templates/official/style.toml",
            "templates/fonts/OFL-1.1.txt", "templates/review/review.css"} <= names


def test_the_installed_wheel_builds_the_seed_outside_the_checkout(dists: dict[str, Path], tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", dists["wheel"], cwd=tmp_path)
    work = tmp_path / "project"
    (work / "source").mkdir(parents=True)
    shutil.copy(SEED, work / "source" / SEED.name)
    # nothing of the checkout on the path: the installed package and its data only
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PRESSLINE_TEMPLATES")}
    env["SOURCE_DATE_EPOCH"] = str(EPOCH)
    pressline = venv / "bin" / "pressline"
    assert run(pressline, "--version", cwd=work, env=env).strip() == f"pressline, version {__version__}"
    where = run(python, "-c", "import pipeline.resources as r; print(r.data_dir())", cwd=work, env=env).strip()
    assert where.startswith(str(venv)) and where.endswith("pipeline/data")

    output = run(pressline, "build", "--formats", ",".join(FORMATS), "--jobs", "2", cwd=work, env=env)
    assert "1 built, 0 up to date, 0 failed" in output
    built = {fmt: (work / "build" / f"{SEED.stem}.{fmt}").read_bytes() for fmt in FORMATS}
    # the same bytes as the checkout writes: the installed templates and fonts are the committed ones
    options = build_mod.BuildOptions(out_dir=tmp_path / "checkout", formats=FORMATS, source_date_epoch=EPOCH)
    [result] = build_mod.build_all([SEED], options, jobs=1)
    assert result.status == build_mod.BUILT
    for fmt in FORMATS:
        assert built[fmt] == (tmp_path / "checkout" / f"{SEED.stem}.{fmt}").read_bytes(), fmt
    # incremental when installed: nothing to do, then a changed input rebuilds
    output = run(pressline, "build", "--formats", ",".join(FORMATS), cwd=work, env=env)
    assert "nothing to rebuild" in output
    with (work / "source" / SEED.name).open("a", encoding="utf-8") as handle:
        handle.write("\n补充的一段。\n")
    output = run(pressline, "build", "--formats", ",".join(FORMATS), cwd=work, env=env)
    assert "1 built, 0 up to date" in output
    # the review page's stylesheet is found too
    run(pressline, "review", f"source/{SEED.name}", "-o", "review.html", cwd=work, env=env)
    assert "<style>" in (work / "review.html").read_text(encoding="utf-8")
