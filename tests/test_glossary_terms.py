"""A glossary worth handing to a translator: specific terms (no generic words of either language), multi-word terms
and names whole, translations from the aligned sentence pairs of the seed's English translation or from the user's
glossary (which wins), marked with how they were found; glossary tables with no page holding a single row."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import docx
import pytest

from pipeline import templates
from pipeline.bilingual import glossary, load
from pipeline.bilingual.segments import segment
from pipeline.errors import TranslationError
from pipeline.model import Block, Document
from pipeline.options import GlossaryRow, WriteOptions
from pipeline.templates import MM
from pipeline.writers import get
from pipeline.writers.pdf.layout import Layout, Run
from pipeline.writers.pdf.table import lay_out_glossary

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def seed() -> Document:
    return Document.from_json((FIXTURES / "models" / "seed.json").read_text(encoding="utf-8"))


@cache
def pairs() -> list[load.Pair]:
    return load.read_translation(seed(), FIXTURES / "seed.en.xlf").pairs


@cache
def seed_terms() -> list[glossary.Term]:
    return glossary.terms(segment(seed()), 50)


def test_generic_words_of_both_languages_are_not_terms() -> None:
    texts = {t.text for t in seed_terms()}
    assert not {"工作", "发展", "中国", "会议", "时代"} & texts
    doc = Document(blocks=[Block("paragraph", "This Python 工作 The Python 发展。The ISO 标准 This ISO 中国。")])
    found = {t.text for t in glossary.terms(segment(doc))}
    assert {"Python", "ISO"} <= found and not {"This", "The", "工作", "发展", "中国"} & found


def test_multi_word_terms_and_names_are_kept_whole() -> None:
    texts = [t.text for t in seed_terms()]
    assert {"习近平新时代中国特色社会主义思想", "中央教育工作领导小组", "中国式现代化", "立德树人根本任务",
            "习近平", "产教融合"} <= set(texts)
    # a fragment that occurs only inside a longer term gives way to it
    assert not {"时代中国", "特色社会主义思想", "新时代"} & set(texts)


def test_translations_come_from_the_aligned_sentence_pairs() -> None:
    found = {t.text: t for t in glossary.with_translations(seed_terms(), pairs())}
    expected = {
        "教育": "education",
        "习近平": "Xi Jinping",
        "中国式现代化": "Chinese modernisation",
        "高质量发展": "high-quality development",
        "中央教育工作领导小组": "Central Leading Group for Education Work",
        "习近平新时代中国特色社会主义思想":
            "Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era",
    }
    for term, translation in expected.items():
        assert (found[term].translation, found[term].found) == (translation, glossary.FROM_ALIGNMENT), term
    # a term met in one sentence pair only has no evidence to align on
    single = [t for t in found.values() if sum(t.text in p.source for p in pairs()) < glossary.MIN_PAIRS]
    assert single and all(t.translation == "" for t in single)


def test_the_users_glossary_wins_and_its_terms_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    path.write_text("教育\tEDU\n# a comment\n教育部党组\tLeading Party Members' Group of the MOE\tcomment\n"
                    "不在文中\tabsent\n", encoding="utf-8")
    user = glossary.read_user_glossary(path)
    units = segment(seed())
    listed = glossary.terms(units, 5)
    extra = glossary.user_terms(units, user, listed)
    assert [t.text for t in extra] == (["教育部党组"] if "教育部党组" not in {t.text for t in listed} else [])
    found = {t.text: t for t in glossary.with_translations(listed + extra, pairs(), user)}
    assert (found["教育"].translation, found["教育"].found) == ("EDU", glossary.FROM_GLOSSARY)
    assert "不在文中" not in found
    tab = glossary.tab_separated(list(found.values())).decode()
    assert "教育\tEDU\t62× from block 1 (t2eaeb9d889.1); translation glossary" in tab.splitlines()


def test_a_glossary_line_without_a_translation_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    path.write_text("教育\teducation\n强国\n", encoding="utf-8")
    with pytest.raises(TranslationError, match="needs a term and its translation") as raised:
        glossary.read_user_glossary(path)
    assert raised.value.line == 2
    csv_path = tmp_path / "terms.csv"
    csv_path.write_text("zh-CN,en\n教育,education\n", encoding="utf-8")
    assert glossary.read_user_glossary(csv_path) == {"教育": "education"}


def rows(n: int) -> tuple[GlossaryRow, ...]:
    return tuple(GlossaryRow(f"term{k}", f"translation {k}", k, glossary.FROM_ALIGNMENT) for k in range(1, n + 1))


def rows_per_page(n: int) -> list[int]:
    template = templates.load("official")
    layout = Layout(template.page.type_width_mm * MM, template.page.type_height_mm * MM)
    layout.page(0)
    lay_out_glossary(layout, template, rows(n))
    return [sum(1 for item in page if isinstance(item, Run) and item.text.startswith("term"))
            for page in layout.pages[1:]]


def test_no_glossary_page_of_the_pdf_holds_a_single_row() -> None:
    counts = {n: rows_per_page(n) for n in range(20, 60)}
    assert any(len(pages) > 1 for pages in counts.values())
    for n, pages in counts.items():
        assert sum(pages) == n and min(pages) >= 2, (n, pages)


def test_the_last_rows_of_the_docx_glossary_keep_together() -> None:
    options = WriteOptions(glossary=rows(40))
    word = docx.Document(io.BytesIO(get("docx")(seed(), templates.load("official"), options)))
    table = word.tables[-1]
    keep = [all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs) for row in table.rows]
    assert keep[-2] and not keep[-1] and not any(keep[1:-2])
    assert [c.text for c in table.rows[1].cells] == ["term1", "translation 1", glossary.FROM_ALIGNMENT, "1"]
