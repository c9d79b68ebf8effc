"""The fast paths of the word tools give exactly what jieba's own slower entry points give."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model import Document
from pipeline.text import words

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = [
    "",
    "Pressline 把 PDF 里的文字修好。see https://example.org/a?b=1 for 3.5% more",
    "1月11日，2024年全国教育工作会议在北京召开。中央教育工作领导小组秘书组组长、教育部党组书记、部长怀进鹏出席会议并讲话。",
]


def _texts() -> list[str]:
    seed = Document.from_json((FIXTURES / "models" / "seed.json").read_text(encoding="utf-8"))
    sample = Document.from_json((FIXTURES / "models" / "sample.json").read_text(encoding="utf-8"))
    return SAMPLES + ["\n".join(b.text for b in seed.blocks), "\n".join(b.text for b in sample.blocks)]


@pytest.mark.parametrize("text", _texts())
def test_extract_tags_equals_jieba_analyse(text: str) -> None:
    import jieba.analyse

    assert words._extract_tags(text, 24) == jieba.analyse.extract_tags(text, topK=24, withWeight=True)


def test_idf_equals_jieba_analyse() -> None:
    import jieba.analyse

    table = jieba.analyse.default_tfidf
    for word in ("教育", "会议", "怀进鹏", "Pressline", "的"):
        assert words.idf(word) == table.idf_freq.get(word, table.median_idf)


def test_keywords_are_computed_once_per_text() -> None:
    text = _texts()[3]
    first = words.keywords(text)
    first.append("changed by the caller")
    assert words.keywords(text) == first[:-1]
    assert words._keywords.cache_info().hits >= 1


@pytest.mark.parametrize("text", _texts())
def test_names_around_gaps_are_the_names_of_the_whole_text(text: str) -> None:
    every = words.name_spans(text)
    gaps = range(1, len(text))
    assert sorted(words.name_spans(text, gaps)) == sorted(every)
    names = words.Names(text)
    for gap in range(1, len(text), 7):
        inside = [span for span in every if span[0] < gap < span[1]]
        assert set(inside) <= set(words.name_spans(text, [gap]))
        assert names.around(gap) == words.name_spans(text, [gap])


@pytest.mark.parametrize("chars_per_line", [5, 9, 17, 28])
def test_pdf_lines_never_end_inside_a_name(chars_per_line: int) -> None:
    from pipeline.typeset import linebreak
    from pipeline.writers.pdf import layout as pdflayout

    def width(_i: int) -> float:
        return 10.0 * chars_per_line

    for text in _texts():
        if not text:
            continue
        advances = [10.0] * len(text)
        everything = pdflayout._protected(text)
        expected = linebreak.break_lines(text, advances, width, everything)
        cheap = pdflayout._protected(text, names=False)
        lines = pdflayout._break_keeping_names(text, advances, width, cheap)
        assert lines == expected


@pytest.mark.parametrize("text", _texts())
def test_whitespace_does_not_change_the_tags(text: str) -> None:
    spaced = text.replace("\n", "\n\n \t").replace("，", "， ")
    assert words._extract_tags(spaced, 24) == words._extract_tags(" ".join(spaced.split()), 24)


_HAN_SAMPLE = "".join(sorted(set("".join(_texts()[3:]) + "欧阳修鲁迅怀进鹏龘齉爨")))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from([c for c in _HAN_SAMPLE if "\u4e00" <= c <= "\u9fd5"]),
               min_size=1, max_size=24))
def test_viterbi_equals_jiebas(text: str) -> None:
    import jieba.posseg as posseg
    from jieba.posseg.viterbi import viterbi as jieba_viterbi

    from pipeline.text.viterbi import viterbi

    tables = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
    assert viterbi(text, *tables) == jieba_viterbi(text, *tables)


def test_names_are_tagged_with_the_fast_decoder() -> None:
    text = "".join(_texts()[3:])
    words.tagged(text)  # the dictionary is ready
    import jieba.posseg as posseg

    from pipeline.text import wordindex

    tagger = words._jieba(text).pos
    assert type(tagger).__name__ == "Tagger"
    plain = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    plain.tokenizer, plain.word_tag_tab = tagger.tokenizer, tagger.word_tag_tab
    for run in words._TAGGED_RUN.findall(text):
        assert list(tagger.cut(run)) == list(plain.cut(run))
    assert wordindex.viterbi.__name__ == "pipeline.text.viterbi"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_HAN_SAMPLE)), min_size=1, max_size=40))
def test_dictionary_walk_equals_jiebas(text: str) -> None:
    import jieba

    from pipeline.text import wordindex

    ours = words._jieba(text).tokenizer
    plain = jieba.Tokenizer()
    plain.FREQ, plain.total, plain.initialized = ours.FREQ, ours.total, True
    dag = plain.get_DAG(text)
    assert ours.get_DAG(text) == dag
    route: dict = {}
    expected: dict = {}
    ours.calc(text, dag, route)
    plain.calc(text, dag, expected)
    assert route == expected
    assert type(ours) is wordindex._tokenizer_class() or type(ours) is type(jieba.dt)
