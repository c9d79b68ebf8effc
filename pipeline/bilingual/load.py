"""Translations in any exchange format, checked against the document and attached to its blocks.

Formats by file name: `.xlf`/`.xliff` (XLIFF 1.2 or 2.x), `.po`, `.txt` (paragraph-aligned plain text).
Unknown unit ids and changed source text are errors naming the unit; units without a translation leave
their slot blank and are listed in a warning. Units whose state says the translation is not final
(XLIFF `needs-review-*`/`new`, XLIFF 2 `initial`, PO `fuzzy`) keep a visible marker: writers take plain
text per block, so the marker is a prefix of the unit's text (`REVIEW_MARKER`, configurable per call).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.bilingual import plain, po, xliff
from pipeline.bilingual.segments import Entry, Imported, note, segment
from pipeline.errors import TranslationError
from pipeline.model import Document
from pipeline.report import Report

REVIEW_MARKER = "⚑ "
EXCHANGE_SUFFIXES = (".xlf", ".xliff", ".po", ".txt")
# languages written without spaces between sentences
_UNSPACED = ("zh", "ja", "ko")
_LISTED = 20


@dataclass(frozen=True)
class Pair:
    """A source unit and its translation (`id` is a unit id, or a block id for plain text)."""

    id: str
    block: int
    source: str
    target: str
    note: str
    state: str = ""
    review: bool = False


@dataclass(frozen=True)
class Translation:
    language: str
    segtype: str  # "sentence" (exchange files) or "paragraph" (plain text), as TMX names them
    pairs: list[Pair]
    missing: list[str]


def read_translation(doc: Document, path: Path, report: Report | None = None) -> Translation:
    """The translated units of `path`, checked against `doc`; warnings go to `report`."""
    suffix = path.suffix.lower()
    if suffix not in EXCHANGE_SUFFIXES:
        raise TranslationError(f"unknown translation format {suffix or '(no suffix)'!r}", path=str(path),
                               hint="use .xlf/.xliff (XLIFF 1.2 or 2.1), .po or paragraph-aligned .txt")
    if suffix == ".txt":
        return _plain(doc, path)
    data = path.read_bytes()
    imported = po.read(data, str(path)) if suffix == ".po" else xliff.read(data, str(path))
    translation = _match(doc, imported, str(path))
    if report is not None:
        _warn(doc, imported, translation, report)
    return translation


def load_translation(doc: Document, path: Path, report: Report | None = None,
                     marker: str = REVIEW_MARKER) -> dict[str, str]:
    """Block id → translated text, the block's units joined in order."""
    return block_texts(doc, read_translation(doc, path, report), marker)


def block_texts(doc: Document, translation: Translation, marker: str = REVIEW_MARKER) -> dict[str, str]:
    joiner = "" if _primary(translation.language) in _UNSPACED else " "
    by_block: dict[int, list[str]] = {}
    for pair in translation.pairs:
        by_block.setdefault(pair.block, []).append(marker + pair.target if pair.review else pair.target)
    ids = doc.block_ids()
    return {ids[n]: joiner.join(parts) for n, parts in sorted(by_block.items())}


def sentence_pairs(doc: Document, translation: Translation,
                   marker: str = REVIEW_MARKER) -> dict[str, tuple[tuple[str, str], ...]]:
    """Block id → its (source sentence, translation) pairs, for the blocks whose every unit is translated
    (sentence units only: a paragraph-aligned translation has no sentences to align)."""
    if translation.segtype != "sentence":
        return {}
    missing = set(translation.missing)
    incomplete = {unit.block for unit in segment(doc) if unit.id in missing}
    by_block: dict[int, list[tuple[str, str]]] = {}
    for pair in translation.pairs:
        if pair.block not in incomplete:
            by_block.setdefault(pair.block, []).append(
                (pair.source, marker + pair.target if pair.review else pair.target))
    ids = doc.block_ids()
    return {ids[n]: tuple(pairs) for n, pairs in sorted(by_block.items())}


def candidates(folder: Path, slug: str, listing: Iterable[Path] | None = None) -> list[Path]:
    """`<slug>.<lang>.xlf|.xliff|.po|.txt` beside a document, in name order (`listing`: the folder's files,
    when the caller has listed it already)."""
    named = [p for p in (folder.iterdir() if listing is None else listing) if p.name.startswith(f"{slug}.")]
    if not named:
        return []
    pattern = re.compile(re.escape(slug) + r"\.[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*(?:\.xlf|\.xliff|\.po|\.txt)$")
    return sorted(p for p in named if pattern.fullmatch(p.name) and p.is_file())


def _primary(language: str) -> str:
    return re.split(r"[-_]", language.lower(), maxsplit=1)[0]


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _clip(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _match(doc: Document, imported: Imported, path: str) -> Translation:
    units = {u.id: u for u in segment(doc)}
    seen: set[str] = set()
    pairs = []
    for entry in imported.entries:
        unit = units.get(entry.id)
        if unit is None:
            _other_document(doc, imported, path, entry)
            raise TranslationError(f"unit {entry.id!r} is not in the document", path=path, line=entry.line,
                                   hint="the document changed since the export; export the segments again")
        if entry.id in seen:
            raise TranslationError(f"unit {entry.id!r} appears twice", path=path, line=entry.line)
        seen.add(entry.id)
        if _squeeze(entry.source) != _squeeze(unit.source):
            _other_document(doc, imported, path, entry)
            raise TranslationError(
                f"unit {entry.id!r}: source text {_clip(entry.source)!r} differs from the document's "
                f"{_clip(unit.source)!r}", path=path, line=entry.line,
                hint="translate the exported source text as it is")
        if entry.target.strip():
            pairs.append(Pair(entry.id, unit.block, unit.source, entry.target.strip(), unit.note,
                              entry.state, entry.review))
    order = {uid: n for n, uid in enumerate(units)}
    pairs.sort(key=lambda p: order[p.id])
    done = {p.id for p in pairs}
    missing = [uid for uid in units if uid not in done]
    return Translation(imported.target_language or "en", "sentence", pairs, missing)


def _other_document(doc: Document, imported: Imported, path: str, entry: Entry) -> None:
    """A unit that does not match: say so when the file names another document than this one."""
    if imported.original and doc.source_name and imported.original != doc.source_name:
        raise TranslationError(
            f"unit {entry.id!r} is not this document's: the file was exported from {imported.original!r}, "
            f"not {doc.source_name!r}", path=path, line=entry.line,
            hint=f"use it with {imported.original}, or export the segments of {doc.source_name}")


def _warn(doc: Document, imported: Imported, translation: Translation, report: Report) -> None:
    language = xliff.source_language(doc)
    if imported.source_language and _primary(imported.source_language) != _primary(language):
        report.warn(f"translation source language {imported.source_language} is not the document's {language}")
    if translation.missing:
        report.warn(f"{len(translation.missing)} unit(s) without a translation: {_list(translation.missing)}")
    review = [p.id for p in translation.pairs if p.review]
    if review:
        report.warn(f"{len(review)} unit(s) need review (marked {REVIEW_MARKER.strip()}): {_list(review)}")


def _list(ids: list[str]) -> str:
    more = f" and {len(ids) - _LISTED} more" if len(ids) > _LISTED else ""
    return ", ".join(ids[:_LISTED]) + more


def _plain(doc: Document, path: Path) -> Translation:
    texts = plain.attach(doc, path)
    ids = doc.block_ids()
    pairs = [
        Pair(bid, n, block.text, texts[bid], note(n, block.kind, block.level))
        for n, (bid, block) in enumerate(zip(ids, doc.blocks)) if texts.get(bid, "").strip()
    ]
    language = path.suffixes[-2].lstrip(".") if len(path.suffixes) >= 2 else "en"
    return Translation(language, "paragraph", pairs, [bid for bid in ids if bid not in texts])
