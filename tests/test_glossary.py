"""Glossary: jieba terms with frequency and first occurrence, as OmegaT tab text, CSV and TBX-Basic."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from translate.storage import tbx as tt_tbx

from pipeline.bilingual import glossary, tbx
from pipeline.bilingual.segments import segment
from pipeline.cli.app import cli
from pipeline.model import Document

MODELS = Path(__file__).parent / "fixtures" / "models"
SEED = Path(__file__).parent.parent / "source" / "education-work-conference-2024.txt"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def seed_terms() -> list[glossary.Term]:
    return glossary.terms(segment(Document.from_json((MODELS / "seed.json").read_text(encoding="utf-8"))), 30)


@pytest.fixture(scope="module")
def sample() -> Document:
    return Document.from_json((MODELS / "sample.json").read_text(encoding="utf-8"))


def test_terms_are_multi_character_ranked_and_located(seed_terms: list[glossary.Term]) -> None:
    doc = Document.from_json((MODELS / "seed.json").read_text(encoding="utf-8"))
    units = {u.id: u for u in segment(doc)}
    assert len(seed_terms) == 30
    assert all(len(t.text) >= 2 for t in seed_terms)
    assert [t.score for t in seed_terms] == sorted((t.score for t in seed_terms), reverse=True)
    texts = [t.text for t in seed_terms]
    assert texts[0] == "教育"
    assert {"习近平", "教育强国", "高质量发展"} <= set(texts)  # a name and recurring compounds
    for term in seed_terms:
        first = units[term.first_unit]
        assert term.text in first.source and first.block + 1 == term.first_block
        # no earlier unit holds the term
        assert all(term.text not in u.source for u in units.values() if u.block < first.block)
        assert 1 <= term.frequency <= doc.text().count(term.text)


def test_names_and_latin_acronyms_count_but_urls_and_running_words_do_not(sample: Document) -> None:
    texts = [t.text for t in glossary.terms(segment(sample), 50)]
    # "春节假期" occurs only inside the longer term "春节假期安全工作", which takes its place
    assert {"欧阳修", "Python", "ISO", "春节假期安全工作"} <= set(texts) and "春节假期" not in texts
    assert not {"https", "example", "notice", "looks", "stays"} & set(texts)
    found = {t.text: t for t in glossary.terms(segment(sample), 50)}
    assert found["欧阳修"].part_of_speech == "properNoun" and found["春节假期安全工作"].frequency == 3


def test_the_same_document_gives_the_same_glossary(seed_terms: list[glossary.Term]) -> None:
    doc = Document.from_json((MODELS / "seed.json").read_text(encoding="utf-8"))
    assert glossary.terms(segment(doc), 30) == seed_terms


def test_tab_separated_is_omegat_glossary(seed_terms: list[glossary.Term]) -> None:
    lines = glossary.tab_separated(seed_terms).decode("utf-8").splitlines()
    assert len(lines) == len(seed_terms)
    source, target, comment = lines[0].split("\t")
    assert (source, target) == ("教育", "") and comment.startswith(f"{seed_terms[0].frequency}× from block 1")


def test_csv_has_language_columns(seed_terms: list[glossary.Term]) -> None:
    rows = list(csv.reader(io.StringIO(glossary.comma_separated(seed_terms, "zh-CN", "en").decode("utf-8"))))
    assert rows[0][:2] == ["zh-CN", "en"]
    assert [r[0] for r in rows[1:]] == [t.text for t in seed_terms]
    assert rows[1][3] == str(seed_terms[0].frequency)


def test_tbx_basic_reads_back_with_translate_toolkit(seed_terms: list[glossary.Term]) -> None:
    data = tbx.write_tbx(seed_terms, "zh-CN", "en", "2024年全国教育工作会议召开")
    store = tt_tbx.tbxfile.parsestring(data)
    assert [u.source for u in store.units] == [t.text for t in seed_terms]
    root = etree.fromstring(data)
    assert (root.tag, root.get("type"), root.get(XML_LANG)) == ("martif", "TBX-Basic", "en")
    assert {ls.get(XML_LANG) for ls in root.iter("langSet")} == {"zh-CN"}
    assert root.findtext(".//termNote[@type='partOfSpeech']") == "noun"


def test_tbx_carries_translations_when_terms_have_them() -> None:
    term = glossary.Term("教育", "vn", 3, 1.0, 1, "p1.1", translation="education <&>")
    store = tt_tbx.tbxfile.parsestring(tbx.write_tbx([term], "zh-CN", "en", "t"))
    assert (store.units[0].source, store.units[0].target) == ("教育", "education <&>")


@pytest.mark.parametrize(("fmt", "check"), [
    ("tab", lambda out: out.count("\n") == 5 and "\t" in out),
    ("csv", lambda out: out.startswith("zh-CN,en,")),
    ("tbx", lambda out: 'type="TBX-Basic"' in out and out.count("<termEntry") == 5),
])
def test_glossary_command(tmp_path: Path, fmt: str, check) -> None:
    result = CliRunner().invoke(cli, ["glossary", str(SEED), "--format", fmt, "-n", "5"])
    assert result.exit_code == 0, result.output
    assert check(result.stdout)
    out = tmp_path / f"glossary.{fmt}"
    assert CliRunner().invoke(cli, ["glossary", str(SEED), "-f", fmt, "-n", "5", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == result.stdout
