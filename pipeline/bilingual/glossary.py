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
import re
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.bilingual.load import REVIEW_MARKER, Pair
from pipeline.bilingual.segments import Unit
from pipeline.errors import TranslationError
from pipeline.text import words
from pipeline.text.cjk import URL, is_han

NOUNS = {"n", "nz", "vn", "l", "i", "eng", "nrt", "nrfg"}
NAMES = {"nr", "ns", "nt", "nz", "nrt", "nrfg"}
NAME_BOOST = 1.5
LENGTH_BOOST = 0.1
# adjacent words that recur together form a term ("教育" + "强国", "立德" + "树" + "人"), up to this many words
# and characters; function words (particles, prepositions, conjunctions, pronouns, numbers, adverbs) never
# belong to one, and a term starts with no verb or adjective and ends with a noun
MAX_PARTS = 8
MAX_COMPOUND = 16
FUNCTION_FLAGS = {"u", "uj", "ul", "uz", "uv", "ug", "ud", "p", "c", "r", "m", "mq", "q", "d", "x", "w", "y",
                  "e", "o", "f", "zg", "t"}
NOT_FIRST = {"v", "a", "ad", "vd", "an"}
# a single word less specific than this (jieba's IDF) is common Chinese, not a term of the document
MIN_IDF = 5.0
# words of any document: stop words in both languages (Latin ones compared in lower case)
STOP_WORDS = frozenset(
    "工作 发展 中国 我国 国家 问题 方面 情况 进行 要求 会议 全面 重要 加强 推进 推动 坚持 建设 实施 提高 水平 "
    "能力 方向 时代 我们 他们 有关 相关 主要 部门 单位 同志 领导 活动 任务 措施 意见 思想 精神 部署 领悟 负责人".split()
    + "a an and are as at be been but by can for from had has have he her his i if in into is it its may more "
      "no not of on or our she so such than that the their them then there these they this those to was we were "
      "what when which who will with would you through into over under about after before between during "
      "without within across also both each every up out past must first second third".split())
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
# TBX-Basic partOfSpeech picklist
PART_OF_SPEECH = {"nr": "properNoun", "ns": "properNoun", "nt": "properNoun", "nz": "properNoun",
                  "nrt": "properNoun", "nrfg": "properNoun", "vn": "noun", "n": "noun"}
# how a term's translation was found
FROM_GLOSSARY, FROM_ALIGNMENT, FROM_UNIT = "glossary", "aligned", "unit"


@dataclass(frozen=True)
class Term:
    text: str
    flag: str
    frequency: int
    score: float
    first_block: int  # 1-based
    first_unit: str
    translation: str = ""
    found: str = ""  # FROM_GLOSSARY, FROM_ALIGNMENT or FROM_UNIT when there is a translation

    @property
    def part_of_speech(self) -> str:
        return PART_OF_SPEECH.get(self.flag, "other")

    @property
    def comment(self) -> str:
        how = f"; translation {self.found}" if self.translation and self.found else ""
        return f"{self.frequency}× from block {self.first_block} ({self.first_unit}){how}"


def terms(units: list[Unit], count: int = 50) -> list[Term]:
    """The `count` best terms, best first; ties in order of first occurrence.

    A word or a recurring run of words is a candidate (see the constants above); a candidate that occurs only
    inside a longer one ("时代" inside "习近平新时代中国特色社会主义思想") gives way to it. The score is the
    frequency times jieba's IDF (a run's: its words' mean), boosted for names and length.
    """
    frequency: dict[str, int] = {}
    flags: dict[str, str] = {}
    first: dict[str, Unit] = {}
    specificity: dict[str, float] = {}
    runs: set[str] = set()
    for unit in units:
        tagged = words.tagged(URL.sub(" ", unit.source))
        found = [(word, flag) for word, flag in tagged if _candidate(word, flag)]
        for i, j in _runs(tagged):
            text = "".join(word for word, _ in tagged[i:j])
            runs.add(text)
            found.append((text, "n"))
            specificity.setdefault(text, sum(words.idf(w) for w, _ in tagged[i:j]) / (j - i))
        for word, flag in found:
            frequency[word] = frequency.get(word, 0) + 1
            flags.setdefault(word, flag)
            first.setdefault(word, unit)
    for word in runs:
        if frequency[word] < 2:
            del frequency[word]
    longer = sorted((w for w in frequency if w in runs), key=len, reverse=True)
    inside = {word for word in frequency if any(
        len(other) > len(word) and word in other and frequency[other] >= frequency[word] for other in longer)}
    frequency = {word: freq for word, freq in frequency.items() if word not in inside}
    order = {word: n for n, word in enumerate(first)}
    scored = [(freq * specificity.get(word, words.idf(word)) * (NAME_BOOST if flags[word] in NAMES else 1.0)
               * (1 + LENGTH_BOOST * (len(word) - 2)), word) for word, freq in frequency.items()]
    scored.sort(key=lambda pair: (-round(pair[0], 9), order[pair[1]]))
    return [Term(word, flags[word], frequency[word], round(score, 4), first[word].block + 1, first[word].id)
            for score, word in scored[:count]]


def user_terms(units: list[Unit], user: dict[str, str], listed: list[Term]) -> list[Term]:
    """The terms of the user's glossary that occur in the document but are not `listed`, in order of first
    occurrence: a term the user cares about is always in the table."""
    have = {term.text for term in listed}
    extra = []
    for text in user:
        if text in have:
            continue
        hits = [unit for unit in units if text in unit.source]
        if hits:
            count = sum(unit.source.count(text) for unit in hits)
            extra.append(Term(text, "n", count, 0.0, hits[0].block + 1, hits[0].id))
    order = {unit.id: n for n, unit in enumerate(units)}
    return sorted(extra, key=lambda term: order[term.first_unit])


def _runs(tagged: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """(start, end) of every run of 2 to MAX_PARTS Chinese content words that may form a term."""
    found = []
    for i, (word, flag) in enumerate(tagged):
        if flag in FUNCTION_FLAGS or flag in NOT_FIRST or not _han(word):
            continue
        length = len(word)
        for j in range(i + 1, min(i + MAX_PARTS, len(tagged))):
            part, part_flag = tagged[j]
            length += len(part)
            if part_flag in FUNCTION_FLAGS or not _han(part) or length > MAX_COMPOUND:
                break
            if part_flag in NOUNS or part_flag in NAMES:
                found.append((i, j + 1))
    return found


def with_translations(found: list[Term], pairs: list[Pair], user: dict[str, str] | None = None) -> list[Term]:
    """Terms with translations: from the user's glossary (`user`, term → translation), which always wins; else
    the target of a unit that is the term alone (a heading, a name on its own line); else the words of the
    targets that come with the term across the aligned sentence pairs (`aligned_translation`). A translation
    found in units that need review is marked as such. Other terms keep an empty translation."""
    user = user or {}
    evident: dict[str, str] = {}
    for pair in pairs:
        evident.setdefault(pair.source.strip(), (REVIEW_MARKER if pair.review else "") + pair.target.strip())
    targets = _target_phrases(pairs) if pairs else None
    result = []
    for term in found:
        if user.get(term.text):
            result.append(replace(term, translation=user[term.text], found=FROM_GLOSSARY))
        elif term.text in evident:
            result.append(replace(term, translation=evident[term.text], found=FROM_UNIT))
        elif targets is not None and (aligned := aligned_translation(term.text, pairs, targets)):
            result.append(replace(term, translation=aligned, found=FROM_ALIGNMENT))
        else:
            result.append(term)
    return result


# an aligned translation comes with the term in at least this many sentence pairs and in this share of them
MIN_PAIRS = 2
MIN_DICE = 0.6
MAX_WORDS = 12
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")  # "Jinping's" gives "Jinping"
# Chinese characters per English word, for the length a translation is expected to have
CHARS_PER_WORD = 1.2
LENGTH_PENALTY = 0.03
_CLAUSE = re.compile(r"[,;:.!?()“”\"()\[\]—]")


def _target_phrases(pairs: list[Pair]) -> list[set[str]]:
    """For each pair, the phrases of its target: runs of 1 to MAX_WORDS words inside a clause that neither
    start nor end with a stop word."""
    phrases = []
    for pair in pairs:
        found: set[str] = set()
        for clause in _CLAUSE.split(pair.target):
            tokens = _LATIN_WORD.findall(clause)
            for i in range(len(tokens)):
                if tokens[i].lower() in STOP_WORDS:
                    continue
                for j in range(i + 1, min(i + MAX_WORDS, len(tokens)) + 1):
                    if tokens[j - 1].lower() not in STOP_WORDS:
                        found.add(" ".join(tokens[i:j]))
        phrases.append(found)
    return phrases


def aligned_translation(term: str, pairs: list[Pair], phrases: list[set[str]]) -> str:
    """The target phrase that comes with `term` most consistently: a Dice coefficient over sentence pairs of at
    least MIN_DICE in at least MIN_PAIRS pairs, less LENGTH_PENALTY for each word more or fewer than the
    term's length leads to expect; "" when none does."""
    with_term = [n for n, pair in enumerate(pairs) if term in pair.source]
    if len(with_term) < MIN_PAIRS:
        return ""
    together: dict[str, int] = {}
    for n in with_term:
        for phrase in phrases[n]:
            together[phrase] = together.get(phrase, 0) + 1
    expected = max(1, round(len(term) / CHARS_PER_WORD)) if _han(term) else len(term.split())
    best, best_key = "", (-1.0, 0, "")
    for phrase, both in together.items():
        if both < MIN_PAIRS:
            continue
        alone = sum(1 for found in phrases if phrase in found)
        dice = 2 * both / (len(with_term) + alone)
        key = (round(dice - LENGTH_PENALTY * abs(len(phrase.split()) - expected), 6), both, phrase)
        if dice >= MIN_DICE and key > best_key:
            best, best_key = phrase, key
    return best


def _han(word: str) -> bool:
    return all(is_han(ch) for ch in word)


def _candidate(word: str, flag: str) -> bool:
    if len(word) < 2 or not (flag in NOUNS or flag in NAMES):
        return False
    if word.lower() in STOP_WORDS:
        return False
    if flag == "eng" and word.islower():  # running English words are not terms; names and acronyms are
        return False
    if _han(word) and words.idf(word) < MIN_IDF:
        return False
    return any(ch.isalpha() for ch in word) and not word.isdigit()


def read_user_glossary(path: Path) -> dict[str, str]:
    """A glossary the user gives: term and translation per line, tab-separated (OmegaT's format; a third
    column is a comment; `#` starts a comment line) or comma-separated (.csv; a first row naming languages,
    as `pressline glossary -f csv` writes it, is a header)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TranslationError(f"glossary file is not UTF-8 ({exc.reason})", path=str(path)) from None
    rows = list(csv.reader(io.StringIO(text))) if path.suffix.lower() == ".csv" else \
        [line.split("\t") for line in text.splitlines()]
    entries: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        if not row or not row[0].strip() or row[0].startswith("#"):
            continue
        if number == 1 and path.suffix.lower() == ".csv" and _LANGUAGE_TAG.fullmatch(row[0].strip()):
            continue  # the header `pressline glossary -f csv` writes: the two languages
        if len(row) < 2 or not row[1].strip():
            raise TranslationError("a glossary line needs a term and its translation", path=str(path),
                                   line=number, hint="term<TAB>translation (or term,translation in .csv)")
        entries.setdefault(row[0].strip(), row[1].strip())
    return entries


def tab_separated(found: list[Term]) -> bytes:
    """OmegaT's glossary file: source, target and comment, one term a line."""
    lines = [f"{t.text}\t{t.translation}\t{t.comment}" for t in found]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def comma_separated(found: list[Term], source_language: str, target_language: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([source_language, target_language, "part of speech", "frequency", "first block",
                     "first unit", "translation found"])
    for t in found:
        writer.writerow([t.text, t.translation, t.part_of_speech, t.frequency, t.first_block, t.first_unit,
                         t.found if t.translation else ""])
    return out.getvalue().encode("utf-8")
