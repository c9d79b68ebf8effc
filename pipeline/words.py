"""jieba behind one lazy entry point: words, protected spans, keywords, sentences and counts."""

from __future__ import annotations

import functools
import logging
import re

from pipeline.cjk import CLOSING_QUOTES, SENTENCE_END, is_han

_NUMBER_WITH_UNIT = re.compile(
    r"[+-]?\d[\d,.]*(?:\s?(?:%|‰|℃|°|[年月日时分秒号个件条款项章节页次元万亿千百人家所岁米克吨度倍])"
    r"|\s?[A-Za-z]{1,4}\b)?"
)
_LATIN_RUN = re.compile(r"(?:https?://|www\.)[!-~]+|[A-Za-z0-9][A-Za-z0-9._\-+/@#%&'’]*[A-Za-z0-9]|[A-Za-z0-9]")
_SENTENCE = re.compile(
    r"[^。！？!?…]*(?:[。！？!?]+|…+)[”’」』）)》]*|[^。！？!?…]+$"
)


@functools.lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@functools.lru_cache(maxsize=1)
def _posseg():
    _jieba()
    import jieba.posseg

    return jieba.posseg


def words(text: str) -> list[str]:
    """jieba's words (precise mode), in order; joining them gives back `text`."""
    return list(_jieba().cut(text, HMM=True))


def tagged(text: str) -> list[tuple[str, str]]:
    """jieba's words with their part-of-speech flags (`n` noun, `nr` person, `ns` place, `eng` Latin ...)."""
    return [(pair.word, pair.flag) for pair in _posseg().cut(text)]


def idf(word: str) -> float:
    """jieba's inverse document frequency of a word (its median for words it does not know)."""
    _jieba()
    import jieba.analyse

    table = jieba.analyse.default_tfidf
    return table.idf_freq.get(word, table.median_idf)


def protected_spans(text: str, names: bool = True) -> list[tuple[int, int]]:
    """Half-open ranges that a line breaker must keep on one line.

    Numbers with their units, Latin words and URLs, and (when `names`) personal names (jieba `nr`).
    """
    spans = [m.span() for m in _NUMBER_WITH_UNIT.finditer(text)]
    spans += [m.span() for m in _LATIN_RUN.finditer(text)]
    if names and any(is_han(ch) for ch in text):
        pos = 0
        for pair in _posseg().cut(text):
            end = pos + len(pair.word)
            if pair.flag.startswith("nr") and len(pair.word) > 1 and all(is_han(c) for c in pair.word):
                spans.append((pos, end))
            pos = end
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] - s[0] > 1):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def keywords(text: str, count: int = 8) -> list[str]:
    """The most characteristic words of a text (jieba TF-IDF), ties broken alphabetically."""
    if not text.strip():
        return []
    _jieba()
    import jieba.analyse

    text = re.sub(r"(?:https?://|www\.)[!-~]+", " ", text)
    weighted = jieba.analyse.extract_tags(text, topK=count * 3, withWeight=True)
    ranked = sorted(weighted, key=lambda pair: (-round(pair[1], 9), pair[0]))
    wordlike = [w for w, _ in ranked if len(w) > 1 and any(is_han(c) or c.isalpha() for c in w)]
    return wordlike[:count]


def sentences(text: str) -> list[str]:
    """Chinese sentences: closing quotes and brackets stay with the sentence they close."""
    return [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def count_words(text: str) -> int:
    """Han characters count one each (the Chinese convention); Latin words count one each."""
    han = sum(1 for ch in text if is_han(ch))
    latin = len(re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?", text))
    return han + latin


__all__ = ["words", "tagged", "idf", "protected_spans", "keywords", "sentences", "count_words", "SENTENCE_END",
           "CLOSING_QUOTES"]
