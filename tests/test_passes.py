"""Each pass over its own fixture file of small cases, including cases no pass may touch."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipeline.normalize import PASS_NAMES, NormalizeOptions, normalize_pdf, normalize_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PASS_FIXTURES = Path(__file__).parent / "fixtures" / "passes"


def _cases():
    for path in sorted(PASS_FIXTURES.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            yield pytest.param(path.stem, case, id=f"{path.stem}: {case['name']}")


def test_every_pass_has_a_fixture_file() -> None:
    have = {p.stem for p in PASS_FIXTURES.glob("*.toml")}
    assert set(PASS_NAMES) - have == set()


@pytest.mark.parametrize(("pass_name", "case"), list(_cases()))
def test_pass_case(pass_name: str, case: dict) -> None:
    assert pass_name in PASS_NAMES
    options = NormalizeOptions(cjk_spacing=case.get("policy", "remove"))
    if "lines" in case:  # a PDF drawn from positioned lines
        from pdfgen import make_pdf

        doc = normalize_pdf(make_pdf(case["lines"]), f"{case['name']}.pdf", options)
    else:
        doc = normalize_text(case["input"], options)
    ran = {c.pass_name for c in doc.report.changes}
    if "blocks" in case:
        assert [b.text for b in doc.blocks] == case["blocks"]
    if "kinds" in case:
        assert [f"{b.kind}:{b.level}" for b in doc.blocks] == case["kinds"]
    if "removed" in case:
        assert sorted(doc.report.removed_lines.values()) == sorted(case["removed"])
    for name in case.get("changes", []):
        assert name in ran, f"{name} did not report a change"
    for name in case.get("absent", []):
        assert name not in ran, f"{name} changed something it should leave alone"
