"""The word index: jieba on the entries a text needs gives exactly what jieba on its whole tables gives."""

from __future__ import annotations

import json
import logging
import multiprocessing
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.model import Document
from pipeline.text import wordindex, words

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


def _model_text(name: str) -> str:
    doc = Document.from_json((FIXTURES / "models" / name).read_text(encoding="utf-8"))
    return "\n".join(b.text for b in doc.blocks)


SEED = _model_text("seed.json")
TEXTS = {
    "seed": SEED,
    "sample": _model_text("sample.json"),
    "mixed": "Pressline 把 PDF 里的文字修好。see https://example.org/a?b=1 for 3.5% more，C++ 与 C# 的 a_b.c",
    "empty": "",
    **{p.parent.name: p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "corpus").glob("*/expected.txt"))},
}


@pytest.fixture(scope="module")
def index_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cache") / "words.sqlite"
    wordindex.build(path)
    return path


@pytest.fixture(scope="module")
def full() -> words._Dictionary:
    return words._Dictionary()


@contextmanager
def _using(dictionary: words._Dictionary) -> Iterator[None]:
    saved = words._dictionary
    words._dictionary = dictionary
    words._keywords.cache_clear()
    try:
        yield
    finally:
        words._dictionary = saved
        words._keywords.cache_clear()


def _everything(dictionary: words._Dictionary, text: str) -> dict[str, Any]:
    with _using(dictionary):
        return {
            "words": words.words(text),
            "tagged": words.tagged(text),
            "names": words.name_spans(text),
            "names around gaps": words.name_spans(text, range(3, len(text), 11)),
            "protected": words.protected_spans(text),
            "keywords": words.keywords(text),
            "tags with weights": words._extract_tags(text, 24),
            "idf": [words.idf(w) for w in words.words(text)[:200]] + [words.idf("不是一个词吧")],
            "dictionary": type(words._dictionary).__name__,
        }


def _indexed(path: Path) -> words._IndexedDictionary:
    # a fresh one each time, so that no entry loaded for an earlier text can hide a missing one
    return words._IndexedDictionary(wordindex.WordIndex(path))


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_index_gives_what_the_whole_dictionary_gives(name: str, index_file: Path, full: words._Dictionary) -> None:
    text = TEXTS[name]
    expected = _everything(full, text)
    got = _everything(_indexed(index_file), text)
    assert expected.pop("dictionary") == "_Dictionary"
    assert got.pop("dictionary") == "_IndexedDictionary"
    assert got == expected


def test_the_seed_loads_a_small_part_of_the_dictionary(index_file: Path, full: words._Dictionary) -> None:
    dictionary = _indexed(index_file)
    _everything(dictionary, SEED)
    assert 0 < len(dictionary.index.freq) < len(full.tokenizer.FREQ) / 100
    assert dictionary.index.total == full.tokenizer.total


_PIECES = sorted({SEED[i:i + n] for n in (1, 2, 3, 4, 6) for i in range(0, len(SEED) - n, 5)})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.one_of(
    st.sampled_from(_PIECES),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5),
    st.sampled_from(list("，。、：；“”《》 \n\t0123456789abcXYZ%-.+#&_")),
), max_size=80).map("".join))
def test_index_gives_what_the_whole_dictionary_gives_on_any_text(
    text: str, index_file: Path, full: words._Dictionary,
) -> None:
    expected = _everything(full, text)
    got = _everything(_indexed(index_file), text)
    assert got.pop("dictionary") != expected.pop("dictionary")
    assert got == expected


def test_index_is_built_when_missing_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full: words._Dictionary,
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = wordindex.index_path()
    assert path.parent == tmp_path / "pressline" and not path.exists()
    first = wordindex.open_index()
    assert first is not None and path.is_file()
    built = path.stat().st_mtime_ns
    assert wordindex.open_index() is not None
    assert path.stat().st_mtime_ns == built
    path.unlink()
    monkeypatch.setattr(words, "_dictionary", None)
    assert words.words(SEED) == _everything(full, SEED)["words"]
    assert path.is_file() and isinstance(words._dictionary, words._IndexedDictionary)
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_broken_index_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = wordindex.index_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database" * 100)
    index = wordindex.open_index()
    assert index is not None and index.total > 0
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM meta")
    assert wordindex.open_index() is not None


def test_without_a_cache_folder_jieba_is_used_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, full: words._Dictionary,
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(words, "_dictionary", None)
    with caplog.at_level(logging.DEBUG, logger="pipeline.text.wordindex"):
        assert words.tagged(SEED) == _everything(full, SEED)["tagged"]
    assert type(words._dictionary) is words._Dictionary
    assert "no word index" in caplog.text
    assert not any(r.levelno > logging.DEBUG for r in caplog.records)


def test_index_failing_in_use_falls_back(index_file: Path, monkeypatch: pytest.MonkeyPatch,
                                         full: words._Dictionary) -> None:
    dictionary = _indexed(index_file)

    def fail(_text: str) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(dictionary.index, "prepare", fail)
    monkeypatch.setattr(words, "_dictionary", dictionary)
    assert words.name_spans(SEED) == _everything(full, SEED)["names"]
    assert type(words._dictionary) is words._Dictionary


def test_forked_workers_use_the_index_of_their_parent(index_file: Path, full: words._Dictionary) -> None:
    news = TEXTS["dev-news-20241111"]
    with _using(_indexed(index_file)):
        words.words("预热")
        with multiprocessing.get_context("fork").Pool(2) as pool:
            got = pool.map(words.tagged, [news, SEED])
        assert words.tagged(SEED) == got[1]
    assert got == [_everything(full, news)["tagged"], _everything(full, SEED)["tagged"]]


_COLD = """
import json, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
from pipeline.text import words
text = sys.argv[1]
result = {"tagged": words.tagged(text), "keywords": words.keywords(text)}
result["read"] = sorted({p.rsplit("/", 1)[-1] for p in opened if p.endswith((".txt", ".cache", ".marshal"))})
import jieba.posseg
result["posseg"] = [tuple(p) for p in jieba.posseg.lcut(text)]
print(json.dumps(result, ensure_ascii=False))
"""


def test_a_cold_process_reads_none_of_jiebas_tables(tmp_path: Path, full: words._Dictionary) -> None:
    text = TEXTS["dev-news-20241111"][:600]
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", "from pipeline.text import wordindex; wordindex.open_index()"],
                   cwd=ROOT, env=env, check=True)
    out = subprocess.run([sys.executable, "-c", _COLD, text], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)
    result = json.loads(out.stdout)
    expected = _everything(full, text)
    assert [tuple(p) for p in result["tagged"]] == expected["tagged"]
    assert result["keywords"] == expected["keywords"]
    # jieba.posseg's own tagger, whose table the import no longer reads, still tags as jieba does
    assert [tuple(p) for p in result["posseg"]] == expected["tagged"]
    assert result["read"] == []
