"""jieba's dictionary as an on-disk index, so that a text loads only the entries it can use.

jieba segments a run of text with a table of every dictionary word and every prefix of one (prefixes
have frequency 0), walking from each position while the piece it has read is in the table. It never
asks about anything but pieces of the text, so a table holding only the entries that are pieces of the
text — found level by level, one character longer each time, from the positions whose shorter piece was
an entry — gives the same words. The same holds for jieba.posseg's word→tag table and for the IDF table
of keywords. A seed-sized document reads a few thousand rows instead of parsing half a million twice.

The index is an SQLite file built once per machine (per jieba version and dictionary files) in the
cache folder, written to a temporary name and renamed into place.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import math
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.text import viterbi

log = logging.getLogger(__name__)

FORMAT = 1
_BATCH = 500  # rows asked for per query, well under SQLite's limit on parameters


def cache_folder() -> Path:
    """`$XDG_CACHE_HOME/pressline`, else the temporary folder (where jieba keeps its own cache)."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "pressline" if xdg else Path(tempfile.gettempdir())


def import_jieba() -> Any:
    """`jieba`, imported without `pkg_resources` (about 0.07 s), which it only uses to open its own files.

    When the import of `pkg_resources` fails, jieba opens the same files from its folder.
    """
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def sources() -> tuple[str, str]:
    """jieba's dictionary and IDF files."""
    jieba = import_jieba()
    folder = os.path.dirname(jieba.__file__)
    return os.path.join(folder, "dict.txt"), os.path.join(folder, "analyse", "idf.txt")


def index_path() -> Path:
    """Where the index of the installed jieba lives; its name changes with jieba's version and files."""
    jieba = import_jieba()
    stamp = [str(FORMAT), jieba.__version__]
    for source in sources():
        stat = os.stat(source)
        stamp += [str(stat.st_size), str(stat.st_mtime_ns)]
    key = hashlib.sha256(" ".join(stamp).encode()).hexdigest()[:16]
    return cache_folder() / f"pressline-words-{jieba.__version__}-{key}.sqlite"


def import_posseg() -> Any:
    """`jieba.posseg`, without the part-of-speech table its import would parse from `dict.txt`.

    The module builds its global `dt` tagger on import, reading the whole dictionary (a quarter of a
    second). Here that read sees an empty file, and the global tagger is replaced by one that reads
    the table the first time something asks for it, so `jieba.posseg.cut` still tags as before.
    """
    jieba = import_jieba()
    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    jieba.dt.get_dict_file = lambda: io.BytesIO()
    try:
        import jieba.posseg as posseg
    finally:
        del jieba.dt.get_dict_file
    posseg.dt = tagger(jieba.dt)
    posseg.initialize = posseg.dt.initialize
    return posseg


def tagger(tokenizer: Any, tags: dict[str, str] | None = None) -> Any:
    """A `jieba.posseg.POSTokenizer` on `tokenizer` with the word→tag table `tags`.

    Without `tags`, the tokenizer's dictionary file is read the first time the table is needed
    (the class's own constructor reads it at once).
    """
    return _tagger_class()(tokenizer, tags)


@functools.lru_cache(maxsize=1)
def _tagger_class() -> type:
    posseg = import_posseg()

    class Tagger(posseg.POSTokenizer):
        def __init__(self, tokenizer: Any, tags: dict[str, str] | None) -> None:
            self.tokenizer = tokenizer
            if tags is not None:
                self.word_tag_tab = tags

        def __getattr__(self, name: str) -> Any:
            if name == "word_tag_tab":
                self.load_word_tag(self.tokenizer.get_dict_file())
                return self.word_tag_tab
            return super().__getattr__(name)

        def _POSTokenizer__cut(self, sentence: str) -> Iterator[Any]:  # noqa: N802 - jieba's private name
            # `POSTokenizer.__cut`, with the same decoder rewritten (pipeline.text.viterbi)
            _, pos_list = viterbi.viterbi(sentence, posseg.char_state_tab_P, posseg.start_P, posseg.trans_P,
                                          posseg.emit_P)
            begin, nexti = 0, 0
            for i, char in enumerate(sentence):
                pos = pos_list[i][0]
                if pos == "B":
                    begin = i
                elif pos == "E":
                    yield posseg.pair(sentence[begin:i + 1], pos_list[i][1])
                    nexti = i + 1
                elif pos == "S":
                    yield posseg.pair(char, pos_list[i][1])
                    nexti = i + 1
            if nexti < len(sentence):
                yield posseg.pair(sentence[nexti:], pos_list[nexti][1])

    return Tagger


def tokenizer() -> Any:
    """A `jieba.Tokenizer` (dictionary not loaded) whose dictionary walk gives jieba's answers faster."""
    return _tokenizer_class()()


@functools.lru_cache(maxsize=1)
def _tokenizer_class() -> type:
    jieba = import_jieba()

    class Tokenizer(jieba.Tokenizer):
        """`get_DAG` and `calc` as jieba writes them, with the score of each word computed once."""

        def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 - jieba's name
            self.check_initialized()
            freq = self.FREQ
            dag = {}
            n = len(sentence)
            for k in range(n):
                ends = []
                i = k
                frag = sentence[k]
                while i < n and frag in freq:
                    if freq[frag]:
                        ends.append(i)
                    i += 1
                    frag = sentence[k:i + 1]
                dag[k] = ends or [k]
            return dag

        def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict[int, tuple[float, int]]) -> None:  # noqa: N803
            # jieba: route[idx] = max((log(FREQ.get(word) or 1) - log(total) + route[x + 1][0], x) for x in DAG[idx])
            freq = self.FREQ
            logtotal = math.log(self.total)
            scores = self.__dict__.setdefault("_scores", {})
            if self.__dict__.setdefault("_scores_total", self.total) != self.total:
                scores.clear()
                self._scores_total = self.total
            n = len(sentence)
            route[n] = (0, 0)
            for idx in range(n - 1, -1, -1):
                best = None
                for x in DAG[idx]:
                    word = sentence[idx:x + 1]
                    score = scores.get(word)
                    if score is None:
                        found = freq.get(word)
                        score = math.log(found or 1) - logtotal
                        if found is not None:  # a word not loaded yet may be loaded later
                            scores[word] = score
                    candidate = (score + route[x + 1][0], x)
                    if best is None or candidate > best:
                        best = candidate
                route[idx] = best

    return Tokenizer


def read_idf() -> tuple[dict[str, float], float]:
    """jieba.analyse's IDF table and its median, parsed as `jieba.analyse.TFIDF` parses them."""
    with open(sources()[1], "rb") as f:
        fields = f.read().decode("utf-8").split()
    table = dict(zip(fields[::2], map(float, fields[1::2])))
    return table, sorted(table.values())[len(table) // 2]


def build(path: Path) -> None:
    """Write the index: every entry of jieba's prefix table with its tag, the IDF table, the totals."""
    # an unwritable folder fails here, before a second is spent parsing the dictionary
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        jieba = import_jieba()
        freq, total = jieba.Tokenizer.gen_pfdict(jieba.get_dict_file())
        tags: dict[str, str] = tagger(jieba.Tokenizer()).word_tag_tab
        idf, median = read_idf()
        db = sqlite3.connect(temporary)
        try:
            db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                "CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER NOT NULL, tag TEXT) WITHOUT ROWID;"
                "CREATE TABLE idf (word TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID;"
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
            )
            db.executemany("INSERT INTO words VALUES (?, ?, ?)",
                           ((word, n, tags.get(word)) for word, n in freq.items()))
            db.executemany("INSERT INTO idf VALUES (?, ?)", idf.items())
            db.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("total", total), ("idf_median", median), ("jieba", jieba.__version__), ("format", FORMAT),
            ])
            db.commit()
        finally:
            db.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class WordIndex:
    """A read-only connection to the index, with what this process has looked up so far.

    `freq` and `tags` are the entries of jieba's tables that are pieces of the texts `prepare` was
    given; a jieba Tokenizer and POSTokenizer built on them segment and tag those texts as jieba does.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid = -1
        self._db: sqlite3.Connection | None = None
        self._inherited: list[sqlite3.Connection] = []
        meta = dict(self._query("SELECT key, value FROM meta", ()))
        if meta.get("format") != FORMAT or "total" not in meta:
            raise sqlite3.DatabaseError(f"{path} is not a word index of format {FORMAT}")
        self.total: int = meta["total"]
        self.idf_median: float = meta["idf_median"]
        self.freq: dict[str, int] = {}
        self.tags: dict[str, str] = {}
        self._absent: set[str] = set()
        self._prepared: set[str] = set()  # short texts already prepared (a document's runs repeat)
        self._idf: dict[str, float] = {}

    def _connection(self) -> sqlite3.Connection:
        # a connection must not be used across fork(): a forked worker opens its own and leaves the
        # inherited one open (closing it could disturb the parent's)
        if self._db is None or self._pid != os.getpid():
            if self._db is not None:
                self._inherited.append(self._db)
            self._db = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def _query(self, sql: str, args: tuple[str, ...]) -> list[tuple[Any, ...]]:
        return self._connection().execute(sql, args).fetchall()

    def _rows(self, table: str, columns: str, keys: list[str]) -> Iterable[tuple[Any, ...]]:
        for i in range(0, len(keys), _BATCH):
            chunk = tuple(keys[i:i + _BATCH])
            marks = ",".join("?" * len(chunk))
            yield from self._query(f"SELECT {columns} FROM {table} WHERE word IN ({marks})", chunk)

    def prepare(self, text: str) -> None:
        """Load every entry of jieba's prefix table that is a piece of `text`."""
        if text in self._prepared:
            return
        freq, absent, end = self.freq, self._absent, len(text)
        starts: list[int] = list(range(end))
        size = 1
        while starts:
            todo = [p for p in {text[k:k + size] for k in starts} if p not in freq and p not in absent]
            if todo:
                for word, n, tag in self._rows("words", "word, freq, tag", todo):
                    freq[word] = n
                    if tag is not None:
                        self.tags[word] = tag
                absent.update(p for p in todo if p not in freq)
            starts = [k for k in starts if k + size < end and text[k:k + size] in freq]
            size += 1
        if end < 10_000:
            self._prepared.add(text)

    def idf(self, words: Iterable[str]) -> dict[str, float]:
        """jieba's IDF of each word (the median for words it does not know)."""
        wanted = set(words)
        todo = [w for w in wanted if w not in self._idf]
        if todo:
            for word in todo:
                self._idf[word] = self.idf_median
            self._idf.update(self._rows("idf", "word, value", todo))
        return {w: self._idf[w] for w in wanted}


def open_index() -> WordIndex | None:
    """The index of the installed jieba, built if missing or unreadable; None when it cannot be had."""
    try:
        path = index_path()
        if path.exists():
            try:
                return WordIndex(path)
            except sqlite3.Error as exc:
                log.debug("word index %s unreadable, rebuilt: %s", path, exc)
        build(path)
        return WordIndex(path)
    except (OSError, sqlite3.Error) as exc:
        log.debug("no word index: %s", exc)
        return None
