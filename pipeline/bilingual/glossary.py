"""Key terms of a document for a termbase: TF-IDF over jieba's tagged words, names and longer terms first.

Candidates are nouns, names, verbal nouns, idioms and Latin names or acronyms (not URLs, not lower-case
running words) of two characters or more, and pairs of adjacent Chinese nouns that occur at least twice.
A term's score is its frequency in the document times jieba's IDF, times `NAME_BOOST` for personal, place and
organisation names and other proper nouns, times `LENGTH_BOOST` for each character past two.
Written as tab-separated text (OmegaT's glossary format: source, target, comment), CSV or TBX-Basic.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace

from pipeline.bilingual.load import REVIEW_MARKER, Pair
from pipeline.bilingual.segments import Unit
from pipeline.text import words
from pipeline.text.cjk import URL, is_han

NOUNS = {"n", "nz", "vn", "l", "i", "eng", "nrt", "nrfg"}
NAMES = {"nr", "ns", "nt", "nz", "nrt", "nrfg"}
NAME_BOOST = 1.5
LENGTH_BOOST = 0.1
# two adjacent nouns that recur form a compound term ("教育" + "强国"), up to this many characters
MAX_COMPOUND = 6
# TBX-Basic partOfSpeech picklist
PART_OF_SPEECH = {"nr": "properNoun", "ns": "properNoun", "nt": "properNoun", "nz": "properNoun",
                  "nrt": "properNoun", "nrfg": "properNoun", "vn": "noun", "n": "noun"}


@dataclass(frozen=True)
class Term:
    text: str
    flag: str
    frequency: int
    score: float
    first_block: int  # 1-based
    first_unit: str
    translation: str = ""

    @property
    def part_of_speech(self) -> str:
        return PART_OF_SPEECH.get(self.flag, "other")

    @property
    def comment(self) -> str:
        return f"{self.frequency}× from block {self.first_block} ({self.first_unit})"


def terms(units: list[Unit], count: int = 50) -> list[Term]:
    """The `count` best terms, best first; ties in order of first occurrence."""
    frequency: dict[str, int] = {}
    flags: dict[str, str] = {}
    first: dict[str, Unit] = {}
    compounds: set[str] = set()
    for unit in units:
        tagged = words.tagged(URL.sub(" ", unit.source))
        pairs = [(a + b, "n") for (a, fa), (b, fb) in zip(tagged, tagged[1:])
                 if _candidate(a, fa) and _candidate(b, fb) and len(a + b) <= MAX_COMPOUND and _han(a + b)]
        compounds.update(word for word, _ in pairs)
        for word, flag in [*tagged, *pairs]:
            if not _candidate(word, flag):
                continue
            frequency[word] = frequency.get(word, 0) + 1
            flags.setdefault(word, flag)
            first.setdefault(word, unit)
    for word in compounds:
        if frequency[word] < 2:
            del frequency[word]
    order = {word: n for n, word in enumerate(first)}
    scored = [(freq * words.idf(word) * (NAME_BOOST if flags[word] in NAMES else 1.0)
               * (1 + LENGTH_BOOST * (len(word) - 2)), word) for word, freq in frequency.items()]
    scored.sort(key=lambda pair: (-round(pair[0], 9), order[pair[1]]))
    return [Term(word, flags[word], frequency[word], round(score, 4), first[word].block + 1, first[word].id)
            for score, word in scored[:count]]


def with_translations(found: list[Term], pairs: list[Pair]) -> list[Term]:
    """Terms with the translation the aligned units make evident: the target of a unit that is the term alone
    (a heading, a name on its own line), marked as in the document when it needs review; other terms keep an
    empty translation."""
    evident: dict[str, str] = {}
    for pair in pairs:
        evident.setdefault(pair.source.strip(), (REVIEW_MARKER if pair.review else "") + pair.target.strip())
    return [replace(t, translation=evident.get(t.text, t.translation)) for t in found]


def _han(word: str) -> bool:
    return all(is_han(ch) for ch in word)


def _candidate(word: str, flag: str) -> bool:
    if len(word) < 2 or not (flag in NOUNS or flag in NAMES):
        return False
    if flag == "eng" and word.islower():  # running English words are not terms; names and acronyms are
        return False
    return any(ch.isalpha() for ch in word) and not word.isdigit()


def tab_separated(found: list[Term]) -> bytes:
    """OmegaT's glossary file: source, target and comment, one term a line."""
    lines = [f"{t.text}\t{t.translation}\t{t.comment}" for t in found]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def comma_separated(found: list[Term], source_language: str, target_language: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([source_language, target_language, "part of speech", "frequency", "first block",
                     "first unit"])
    for t in found:
        writer.writerow([t.text, t.translation, t.part_of_speech, t.frequency, t.first_block, t.first_unit])
    return out.getvalue().encode("utf-8")
