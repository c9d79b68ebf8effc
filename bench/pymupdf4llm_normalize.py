#!/usr/bin/env python3
"""pymupdf4llm as a `normalize` command, to score it beside Pressline with the same corpus scorer.

Not a project dependency (PyMuPDF is AGPL): run it from a scratch virtual environment outside the repository:

    python3 -m venv /tmp/p4llm && /tmp/p4llm/bin/pip install 'pymupdf>=2' pymupdf4llm
    python3 ../shared/tools/corpus_eval.py --input document.pdf \
        --cmd '/tmp/p4llm/bin/python bench/pymupdf4llm_normalize.py {in} {out}' ../shared/corpus/dev2

Its Markdown becomes the corpus form: one block per line, blocks separated by a blank line (heading marks,
emphasis and list bullets taken off; the lines of a Markdown paragraph joined with a space, as Markdown reads them).
"""

import re
import sys

_MARKUP = [
    (re.compile(r"<!--.*?-->|<br>"), " "),  # its own notes around text found in pictures
    (re.compile(r"^#{1,6}\s+"), ""),  # headings
    (re.compile(r"^\s*(?:[-*+]|\d+\.)\s+"), ""),  # list bullets
    (re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`"), ""),  # emphasis and code marks
]


def to_blocks(markdown: str) -> str:
    blocks = []
    for part in re.split(r"\n\s*\n", markdown):
        lines = []
        for line in part.split("\n"):
            line = line.strip()
            if not line or re.fullmatch(r"[-*_]{3,}|\|.*\||-{3,}.*", line):
                continue
            for pattern, repl in _MARKUP:
                line = pattern.sub(repl, line)
            lines.append(line)
        if lines:
            blocks.append(" ".join(lines))
    return "\n\n".join(blocks) + "\n"


def main() -> None:
    import pymupdf4llm

    source, target = sys.argv[1], sys.argv[2]
    markdown = pymupdf4llm.to_markdown(source)
    with open(target, "w", encoding="utf-8") as out:
        out.write(to_blocks(markdown))


if __name__ == "__main__":
    main()
