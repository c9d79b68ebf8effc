"""Translation units: titles, headings and sign-offs whole, paragraphs cut into sentences.

Chinese sentences end at 。！？… (and their ASCII forms), closing quotes and brackets staying with the
sentence they close; a quote or bracket that holds sentences of dialogue is not cut until it closes.
English sentences end at . ! ? followed by a space and a word that does not continue the sentence:
abbreviations ("Mr.", "e.g.", "No. 3"), initials ("J. K.") and decimals ("3.14") do not end one.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.bilingual.ids import unit_ids
from pipeline.model import HEADING, PARAGRAPH, Document

FULL_STOPS = set("。！？…!?")
LATIN_STOP = "."
OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "【": "】", "〔": "〕"}
CLOSERS = set(OPENERS.values()) | {'"'}
# words that end in a full stop without ending the sentence (compared in lower case, without the stop)
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st mt vol vols fig figs pp para ed eds rev gen col lt "
    "capt sgt gov sen rep inc ltd co corp dept univ approx cf vs jan feb mar apr jun jul aug sep sept oct "
    "nov dec e.g i.e a.m p.m u.s u.k u.n ph.d".split()
)
# abbreviations only before a number: "No. 3", "p. 12", "Art. 5", but "said no. Then" ends a sentence
BEFORE_NUMBERS = frozenset("no nos p art sec ch".split())


@dataclass(frozen=True)
class Unit:
    """One translation unit: `block` is the 0-based block index, `index` the 1-based sentence in it."""

    id: str
    block: int
    block_id: str
    kind: str
    level: int
    index: int
    count: int
    source: str
    line: int | None = None

    @property
    def note(self) -> str:
        return note(self.block, self.kind, self.level, self.index, self.count)


def note(block: int, kind: str, level: int, index: int = 1, count: int = 1) -> str:
    """Context for translators: block number and kind (and sentence position in a paragraph)."""
    where = f"block {block + 1}, " + (f"heading level {level}" if kind == HEADING else kind)
    return f"{where}, sentence {index} of {count}" if count > 1 else where


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph, Chinese or English or mixed, stripped of surrounding space."""
    cuts = _cuts(text, follow_quotes=True)
    if cuts is None:  # a quote that never closes: cut as if there were no quotes
        cuts = _cuts(text, follow_quotes=False) or []
    pieces, start = [], 0
    for end in [*cuts, len(text)]:
        piece = text[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    return pieces


def _cuts(text: str, follow_quotes: bool) -> list[int] | None:
    """Offsets where a sentence starts (after the first); None when quotes do not balance."""
    cuts: list[int] = []
    expected: list[str] = []  # the closers of the open quotes and brackets, innermost last
    stopped = False  # the last significant character ended a sentence
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        if _is_stop(text, i):
            stopped = True
            continue
        if follow_quotes and expected and ch == expected[-1]:
            expected.pop()
            continue
        if ch in CLOSERS and ch != '"' or ch == "'":
            continue
        if stopped and not expected:
            cuts.append(i)
        stopped = False
        if follow_quotes and (ch in OPENERS or ch == '"'):
            expected.append(OPENERS.get(ch, '"'))
    if expected and follow_quotes:
        return None
    return cuts


def _is_stop(text: str, i: int) -> bool:
    ch = text[i]
    if ch == LATIN_STOP:
        return _ends_latin_sentence(text, i)
    return ch in FULL_STOPS and (ch not in "!?" or _latin_boundary(text, i))


def _latin_boundary(text: str, i: int) -> bool:
    """ASCII ! and ? end a sentence only before a space, a closer, another mark or the end."""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    return not nxt or nxt.isspace() or nxt in CLOSERS or nxt in FULL_STOPS or not nxt.isascii()


_AFTER_STOP = "”’\"')]）」』"
_LATIN_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# longer than any abbreviation: a word before a stop is looked for this far back only (each stop
# reading the whole text before it made a long English paragraph quadratic)
_WORD_REACH = 16


def _ends_latin_sentence(text: str, i: int) -> bool:
    n = len(text)
    j = i + 1
    while j < n and text[j] in _AFTER_STOP:
        j += 1
    if j < n and not text[j].isspace():
        # "3.14", "example.gov", "e.g" inside a token; a following Han character still ends the sentence
        return not (text[j].isascii() and (text[j].isalnum() or text[j] in "./-_"))
    while j < n and text[j].isspace():
        j += 1
    following = text[j] if j < n else ""
    word = _word_before(text, i).lower()
    if word in ABBREVIATIONS or (word in BEFORE_NUMBERS and following.isdigit()):
        return False
    if len(word) == 1 and text[i - 1].isupper():  # an initial: "J. K. Rowling"
        return False
    return not following or not following.islower()


def _word_before(text: str, i: int) -> str:
    """The letters and stops just before `text[i]`, from the first letter: what `[A-Za-z][A-Za-z.]*$` finds
    in `text[:i]` (`$` also matches before a final line break)."""
    if i > 0 and text[i - 1] == "\n":
        i -= 1
    start = i
    while start > 0 and (text[start - 1] in _LATIN_LETTERS or text[start - 1] == "."):
        start -= 1
        if i - start > _WORD_REACH and text[start] != ".":
            return text[start:i]  # longer than any abbreviation or initial, whatever precedes it
    while start < i and text[start] == ".":
        start += 1
    return text[start:i]


def segment(doc: Document) -> list[Unit]:
    """Every unit of the document, in reading order, with stable ids."""
    block_ids = doc.block_ids()
    texts = [sentences(b.text) if b.kind == PARAGRAPH else [b.text.strip()] for b in doc.blocks]
    texts = [t or [b.text.strip()] for t, b in zip(texts, doc.blocks)]
    ids = unit_ids(doc, [len(t) for t in texts])
    units = []
    for n, (block, pieces) in enumerate(zip(doc.blocks, texts)):
        line = block.spans[0].start if block.spans else None
        for k, piece in enumerate(pieces):
            units.append(Unit(ids[n][k], n, block_ids[n], block.kind, block.level, k + 1, len(pieces),
                              piece, line))
    return [u for u in units if u.source]


@dataclass(frozen=True)
class Entry:
    """One unit read back from an exchange file; `line` locates it there, `review` flags fuzzy states."""

    id: str
    source: str
    target: str
    state: str = ""
    review: bool = False
    line: int | None = None


@dataclass(frozen=True)
class Imported:
    """What an exchange file holds: its languages and its units, in file order."""

    source_language: str
    target_language: str
    entries: list[Entry]
    original: str = ""  # the document the file was exported from (XLIFF `original`), when it says
