"""English words: a spelling list (SCOWL, shipped in templates/words/) to tell a real hyphen from a line-break
hyphen when the document's own words give no evidence."""

from __future__ import annotations

import functools
import gzip

from pipeline import resources

WORDS_FILE = resources.data_dir() / "words" / "english.txt.gz"


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The lower-case words of the list, loaded once per process on first use."""
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as f:
        return frozenset(f.read().split())
