"""`pressline --version` reports the installed package's metadata, and pipeline/version.py without one."""

from __future__ import annotations

from importlib import metadata

import pytest
from click.testing import CliRunner

from pipeline import version
from pipeline.cli.app import cli


def test_the_version_comes_from_the_package_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metadata, "version", lambda name: "9.8.7" if name == "pressline" else "?")
    for flag in ("--version", "-V"):
        result = CliRunner().invoke(cli, [flag])
        assert result.exit_code == 0 and result.output == "pressline, version 9.8.7\n"


def test_without_metadata_the_version_is_pipeline_version(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    assert version.installed() == version.__version__
    assert CliRunner().invoke(cli, ["--version"]).output == f"pressline, version {version.__version__}\n"


def test_the_installed_metadata_matches_the_source() -> None:
    # the editable install of the checkout was made from pipeline/version.py
    assert version.installed() == version.__version__
