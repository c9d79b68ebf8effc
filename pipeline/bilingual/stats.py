"""The figures a translation job is quoted on: units, Chinese characters, jieba words, repetitions."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from pipeline.bilingual.segments import Unit
from pipeline.text import words
from pipeline.text.cjk import is_han

_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


@dataclass(frozen=True)
class Counts:
    units: int = 0
    chinese_characters: int = 0
    jieba_words: int = 0
    latin_words: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(asdict(self).values(), asdict(other).values())))


@dataclass(frozen=True)
class Stats:
    """`total` = `new` + `repeated` (a unit whose text already occurred earlier in the document)."""

    blocks: int
    total: Counts
    new: Counts
    repeated: Counts

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def counts(text: str) -> Counts:
    tokens = [w for w in words.words(text) if any(ch.isalnum() for ch in w)]
    return Counts(units=1, chinese_characters=sum(1 for ch in text if is_han(ch)), jieba_words=len(tokens),
                  latin_words=len(_LATIN_WORD.findall(text)))


def compute(units: list[Unit]) -> Stats:
    seen: set[str] = set()
    new, repeated = Counts(), Counts()
    for unit in units:
        key = " ".join(unit.source.split())
        if key in seen:
            repeated += counts(unit.source)
        else:
            seen.add(key)
            new += counts(unit.source)
    return Stats(blocks=len({u.block for u in units}), total=new + repeated, new=new, repeated=repeated)


def format_table(stats: Stats) -> str:
    rows = [("", "total", "new", "repeated")]
    for name in ("units", "chinese_characters", "jieba_words", "latin_words"):
        rows.append((name.replace("_", " "), *(f"{getattr(c, name):,}" for c in
                                              (stats.total, stats.new, stats.repeated))))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [row[0].ljust(widths[0]) + "".join("  " + cell.rjust(w) for cell, w in zip(row[1:], widths[1:]))
             for row in rows]
    return "\n".join(line.rstrip() for line in lines) + f"\n({stats.blocks} blocks)\n"
