"""jieba behind one lazy entry point: words, protected spans, keywords, sentences and counts."""

from __future__ import annotations

import bisect
import functools
import logging
import marshal
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable

from pipeline.text import wordindex
from pipeline.text.cjk import is_han

log = logging.getLogger(__name__)

_NUMBER_WITH_UNIT = re.compile(
    r"[+-]?\d[\d,.]*(?:\s?(?:%|‰|℃|°|[年月日时分秒号个件条款项章节页次元万亿千百人家所岁米克吨度倍])"
    r"|\s?[A-Za-z]{1,4}\b)?"
)
_LATIN_RUN = re.compile(r"(?:https?://|www\.)[!-~]+|[A-Za-z0-9][A-Za-z0-9._\-+/@#%&'’]*[A-Za-z0-9]|[A-Za-z0-9]")
# what jieba.posseg tags as one unit (its `re_han_internal`)
_TAGGED_RUN = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._]+")
_WHITESPACE = re.compile(r"\s+")
# jieba.analyse's default stop words
_TFIDF_STOP_WORDS = frozenset((
    "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are", "by", "be", "as", "on", "with", "can",
    "if", "from", "which", "you", "it", "this", "then", "at", "have", "all", "not", "one", "has", "or",
))


class _Dictionary:
    """jieba's segmenter and tagger, on every entry of its tables (loaded whole, about 0.8 s)."""

    def __init__(self) -> None:
        jieba = wordindex.import_jieba()
        jieba.initialize()
        self.tokenizer = jieba.dt
        self.pos = wordindex.import_posseg().dt

    def prepare(self, text: str) -> None:
        """Make sure the entries that segmenting `text` needs are loaded."""

    def idf(self, words: Iterable[str]) -> dict[str, float]:
        table, median = _idf_table()
        return {w: table.get(w, median) for w in words}


class _IndexedDictionary(_Dictionary):
    """jieba's segmenter and tagger on the entries of `wordindex` that the texts given so far need."""

    def __init__(self, index: wordindex.WordIndex) -> None:
        self.index = index
        self.tokenizer = wordindex.tokenizer()
        self.tokenizer.FREQ, self.tokenizer.total = index.freq, index.total
        self.tokenizer.initialized = True
        self.pos = wordindex.tagger(self.tokenizer, index.tags)

    def prepare(self, text: str) -> None:
        self.index.prepare(text)

    def idf(self, words: Iterable[str]) -> dict[str, float]:
        return self.index.idf(words)


_dictionary: _Dictionary | None = None


def _jieba(text: str) -> _Dictionary:
    """The dictionary, ready for `text`: the index when it can be had, else jieba's whole tables."""
    global _dictionary
    if _dictionary is None:
        index = wordindex.open_index()
        _dictionary = _IndexedDictionary(index) if index is not None else _Dictionary()
    try:
        _dictionary.prepare(text)
    except sqlite3.Error as exc:
        log.debug("word index failed, jieba's own tables used instead: %s", exc)
        _dictionary = _Dictionary()
    return _dictionary


def words(text: str) -> list[str]:
    """jieba's words (precise mode), in order; joining them gives back `text`."""
    return list(_jieba(text).tokenizer.cut(text, HMM=True))


def tagged(text: str) -> list[tuple[str, str]]:
    """jieba's words with their part-of-speech flags (`n` noun, `nr` person, `ns` place, `eng` Latin ...)."""
    return [(pair.word, pair.flag) for pair in _jieba(text).pos.cut(text)]


@functools.lru_cache(maxsize=1)
def _idf_table() -> tuple[dict[str, float], float]:
    """jieba's IDF table and its median, read once per process (when the word index cannot be used).

    `import jieba.analyse` would also build its TextRank and part-of-speech tables (about 0.5 s); the
    parsed table is kept in a marshal file in the temporary folder, as jieba keeps its dictionary.
    """
    source = wordindex.sources()[1]
    stat = os.stat(source)
    cache = os.path.join(tempfile.gettempdir(), f"pressline-jieba-idf-{stat.st_size}-{stat.st_mtime_ns}.marshal")
    try:
        with open(cache, "rb") as f:
            return marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    loaded = wordindex.read_idf()
    try:
        with tempfile.NamedTemporaryFile(dir=os.path.dirname(cache), delete=False) as f:
            marshal.dump(loaded, f)
        os.replace(f.name, cache)
    except OSError:
        pass
    return loaded


def idf(word: str) -> float:
    """jieba's inverse document frequency of a word (its median for words it does not know)."""
    return _jieba("").idf((word,))[word]


def protected_spans(text: str, names: bool = True) -> list[tuple[int, int]]:
    """Half-open ranges that a line breaker must keep on one line.

    Numbers with their units, Latin words and URLs, and (when `names`) personal names (jieba `nr`).
    """
    spans = [m.span() for m in _NUMBER_WITH_UNIT.finditer(text)]
    spans += [m.span() for m in _LATIN_RUN.finditer(text)]
    if names:
        spans += name_spans(text)
    return _merge(spans)


def name_spans(text: str, gaps: Iterable[int] | None = None) -> list[tuple[int, int]]:
    """Personal names (jieba `nr`, two or more Han characters) as half-open ranges.

    With `gaps` (positions between `text[p - 1]` and `text[p]`), only the runs of text around those
    gaps are tagged. jieba tags each run of Han letters and digits on its own, so the names found in
    a run are the same as when the whole text is tagged, and a line breaker that asks only about the
    places where its lines end tags a fraction of the text.
    """
    if not any(is_han(ch) for ch in text):
        return []
    if gaps is None:
        runs = [(0, len(text))]
    else:
        wanted = sorted(set(gaps))
        runs = [m.span() for m in _TAGGED_RUN.finditer(text)
                if bisect.bisect_right(wanted, m.start()) < bisect.bisect_left(wanted, m.end())]
    spans = []
    for start, stop in runs:
        spans += _names_in(text, start, stop)
    return spans


def _names_in(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """The names jieba tags in the run `text[start:stop]`, as ranges of `text`."""
    spans = []
    pos = start
    run = text[start:stop]
    for pair in _jieba(run).pos.cut(run):
        end = pos + len(pair.word)
        if pair.flag.startswith("nr") and len(pair.word) > 1 and all(is_han(c) for c in pair.word):
            spans.append((pos, end))
        pos = end
    return spans


class Names:
    """The personal names of one text, looked up where they are asked about: each run is tagged once.

    A line breaker that asks only about the places where its lines end tags a fraction of the text,
    and the same names as `name_spans` finds in the runs around those places.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        han = any(is_han(ch) for ch in text)
        self.runs = [m.span() for m in _TAGGED_RUN.finditer(text)] if han else []
        self.starts = [start for start, _ in self.runs]
        self.tagged: dict[int, list[tuple[int, int]]] = {}

    def around(self, gap: int) -> list[tuple[int, int]]:
        """The names in the run that the position between `text[gap - 1]` and `text[gap]` is inside."""
        k = bisect.bisect_left(self.starts, gap) - 1
        if k < 0 or gap >= self.runs[k][1]:
            return []
        if k not in self.tagged:
            self.tagged[k] = _names_in(self.text, *self.runs[k])
        return self.tagged[k]


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
    # whitespace only separates jieba's words, so texts that differ in it share one computation
    return list(_keywords(_WHITESPACE.sub(" ", text), count))


@functools.lru_cache(maxsize=4)
def _keywords(text: str, count: int) -> tuple[str, ...]:
    # every writer asks for the keywords of the same document
    if not text.strip():
        return ()
    text = re.sub(r"(?:https?://|www\.)[!-~]+", " ", text)
    ranked = sorted(_extract_tags(text, count * 3), key=lambda pair: (-round(pair[1], 9), pair[0]))
    wordlike = [w for w, _ in ranked if len(w) > 1 and any(is_han(c) or c.isalpha() for c in w)]
    return tuple(wordlike[:count])


def _extract_tags(text: str, top: int) -> list[tuple[str, float]]:
    """`jieba.analyse.extract_tags(text, topK=top, withWeight=True)`, on the table of `_idf_table`."""
    freq: dict[str, float] = {}
    dictionary = _jieba(text)
    for word in dictionary.tokenizer.cut(text):
        if len(word.strip()) >= 2 and word.lower() not in _TFIDF_STOP_WORDS:
            freq[word] = freq.get(word, 0.0) + 1.0
    total = sum(freq.values())
    idf_of = dictionary.idf(freq)
    weighted = {word: n * (idf_of[word] / total) for word, n in freq.items()}
    return sorted(weighted.items(), key=lambda pair: pair[1], reverse=True)[:top]


__all__ = ["words", "tagged", "idf", "protected_spans", "name_spans", "Names", "keywords"]
