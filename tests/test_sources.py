"""Which files are documents and which are translations: one rule, used by discovery and by translation lookup."""

from __future__ import annotations

from pathlib import Path

from pipeline import sources

NAMES = ("report.txt", "report.zh_TW.txt", "report.en.xlf", "report.fr.po", "report.zh-Hant.txt", "report.eng.txt",
         "report.en.xliff", "report.toml", "report.en.tmx", "other.en.xlf", "notes.en.txt", "my report.txt",
         "my report.de.txt")


def folder(tmp_path: Path) -> Path:
    for name in NAMES:
        (tmp_path / name).write_text("" if name.endswith(".toml") else "一。\n", encoding="utf-8")
    return tmp_path


def test_a_translation_is_not_built_as_a_document(tmp_path: Path) -> None:
    found = [s.path.name for s in sources.discover([folder(tmp_path)])]
    # notes.en.txt translates no document beside it: it is a document of its own, not text to drop
    assert found == ["my report.txt", "notes.en.txt", "report.txt"]


def test_every_translation_file_belongs_to_the_document_discovery_skipped_it_for(tmp_path: Path) -> None:
    base = folder(tmp_path)
    documents = sources.discover([base])
    translations = [p.name for s in documents for p in sources.translations_of(s.path)]
    assert sorted(translations) == sorted(["my report.de.txt", "report.en.xlf", "report.en.xliff", "report.eng.txt",
                                           "report.fr.po", "report.zh-Hant.txt", "report.zh_TW.txt"])
    skipped = {p.name for p in base.glob("*.txt")} - {s.path.name for s in documents}
    assert skipped == {n for n in translations if n.endswith(".txt")}
    assert all(sources.is_translation(base / name) for name in translations)
