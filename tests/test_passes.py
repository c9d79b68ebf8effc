"""Each pass over its own fixture file of small cases, including cases no pass may touch."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from pipeline.normalize import PASS_NAMES, normalize_pdf, normalize_text
from pipeline.options import NormalizeOptions

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
    if "line_width" in case:
        assert doc.report.line_width == case["line_width"]
    if "language" in case:
        assert doc.metadata.language == case["language"]
    if "warnings" in case:
        messages = [w.message for w in doc.report.warnings]
        assert len(messages) == len(case["warnings"])
        for expected, message in zip(case["warnings"], messages):
            assert expected in message
    for name in case.get("changes", []):
        assert name in ran, f"{name} did not report a change"
    for name in case.get("absent", []):
        assert name not in ran, f"{name} changed something it should leave alone"


SEED_RAW = Path(__file__).parent / "fixtures" / "corpus" / "seed" / "raw.txt"


def test_every_change_names_a_pass_of_the_list() -> None:
    from pipeline.normalize import DECODE

    doc = normalize_text(SEED_RAW.read_text(encoding="utf-8"))
    assert doc.report.changes
    assert {c.pass_name for c in doc.report.changes} <= {*PASS_NAMES, DECODE}


def test_the_runner_records_which_passes_ran() -> None:
    doc = normalize_text("一二三四五六七八九十\n完。", NormalizeOptions(skip=frozenset({"running-headers"})))
    assert doc.report.skipped == ["running-headers"]
    assert doc.report.ran == [name for name in PASS_NAMES if name != "running-headers"]


def test_explain_tells_a_skipped_pass_from_one_that_changed_nothing() -> None:
    from pipeline.report import format_explain

    doc = normalize_text("一二三四五六七八九十\n完。", NormalizeOptions(skip=frozenset({"running-headers"})))
    text = format_explain(doc)
    assert "skipped: running-headers" in text
    assert "page-markers" in text.split("no change:", 1)[1].splitlines()[0]


def test_hidden_steps_are_passes_of_their_own() -> None:
    from pipeline.normalize import PASSES

    stages = {p.name: p.stage for p in PASSES}
    assert {"measure", "dehyphenate", "language"} <= set(stages)
    assert set(stages.values()) == {"line", "block"}
    names = [p.name for p in PASSES]
    assert names.index("measure") < names.index("unwrap") < names.index("dehyphenate")


@pytest.mark.parametrize("name", ["unwrap", "measure", "language", "nonsense"])
def test_skipping_an_unknown_or_essential_pass_is_an_error(name: str) -> None:
    from pipeline.errors import PipelineError

    with pytest.raises(PipelineError, match=repr(name)):
        normalize_text("一行。", NormalizeOptions(skip=frozenset({name})))


def test_a_repair_that_does_not_settle_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pass that changes its own output every time: the runner stops after its rounds and warns."""
    from pipeline.normalize.state import Pass, State

    normalize = importlib.import_module("pipeline.normalize")  # `pipeline.normalize` the attribute is the API

    def grow(state: State) -> None:
        state.drafts[0].text += "。"

    assert not normalize.normalize_text("一行").report.warnings
    monkeypatch.setattr(normalize, "PASSES", [*normalize.PASSES, Pass("grow", grow, "block", "other")])
    doc = normalize.normalize_text("一行")
    assert any("did not settle" in w.message for w in doc.report.warnings)


def test_explain_shows_a_change_that_concerns_no_source_line() -> None:
    """A later round's decision about the blank lines between blocks maps to no source line."""
    from pipeline.model import Document
    from pipeline.report import Change, Report, format_explain

    report = Report(changes=[Change("blank-lines", "ignore-blank-lines", (), reason="61 of 62 lines ...")])
    assert "  whole text: ignore-blank-lines" in format_explain(Document(blocks=[], report=report))
