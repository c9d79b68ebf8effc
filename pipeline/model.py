"""The document model every writer reads: blocks with provenance, metadata and the repair report (`report.py`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from pipeline.errors import InputError
from pipeline.report import Change, Notice, Report

# a saved model says what it is: `pressline normalize --format json` writes these two keys first
MODEL_FORMAT = "pressline-document"
MODEL_VERSION = 1

TITLE = "title"
HEADING = "heading"
PARAGRAPH = "paragraph"
SIGNOFF = "signoff"
# an author line under the title (`·鲁迅·`, `作者：…`): centred, not a heading, not in the table of contents
BYLINE = "byline"
BLOCK_KINDS = (TITLE, HEADING, PARAGRAPH, SIGNOFF, BYLINE)


@dataclass(frozen=True)
class SourceSpan:
    """An inclusive range of 1-based source line numbers."""

    start: int
    end: int

    def lines(self) -> range:
        return range(self.start, self.end + 1)


@dataclass(frozen=True)
class Block:
    """One unit of the repaired document: a title, a heading (level 1-4), a paragraph or a sign-off line."""

    kind: str
    text: str
    level: int = 0
    spans: tuple[SourceSpan, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")

    @property
    def source_lines(self) -> list[int]:
        return [n for span in self.spans for n in span.lines()]


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    author: str = ""
    subject: str = ""
    date: str = ""
    language: str = "zh-CN"
    keywords: tuple[str, ...] = ()


@dataclass
class Document:
    blocks: list[Block]
    metadata: Metadata = field(default_factory=Metadata)
    report: Report = field(default_factory=Report)
    source_name: str = ""

    @property
    def title(self) -> str:
        if self.metadata.title:
            return self.metadata.title
        for block in self.blocks:
            if block.kind == TITLE:
                return block.text
        return self.source_name

    def block_ids(self) -> list[str]:
        """Stable ids: position and a hash of the text, so an unchanged block keeps its id."""
        return [
            f"b{i + 1:04d}-{hashlib.sha1(b.text.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
            for i, b in enumerate(self.blocks)
        ]

    def with_metadata(self, **changes: Any) -> Document:
        return replace(self, metadata=replace(self.metadata, **changes))

    def text(self) -> str:
        """The plain-text interchange form: one block per line, blocks separated by one blank line."""
        return "\n\n".join(b.text for b in self.blocks) + ("\n" if self.blocks else "")

    def to_dict(self) -> dict[str, Any]:
        report = asdict(self.report)
        report["removed_lines"] = {str(k): v for k, v in sorted(self.report.removed_lines.items())}
        return {
            "format": MODEL_FORMAT,
            "version": MODEL_VERSION,
            "source_name": self.source_name,
            "metadata": asdict(self.metadata),
            "blocks": [
                {"id": bid, **asdict(b)} for bid, b in zip(self.block_ids(), self.blocks)
            ],
            "report": report,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        meta = dict(data.get("metadata", {}))
        meta["keywords"] = tuple(meta.get("keywords", ()))
        blocks = [
            Block(
                kind=b["kind"],
                text=b["text"],
                level=b.get("level", 0),
                spans=tuple(SourceSpan(s["start"], s["end"]) for s in b.get("spans", ())),
            )
            for b in data["blocks"]
        ]
        rep = data.get("report", {})
        report = Report(
            encoding=rep.get("encoding", "utf-8"),
            line_width=rep.get("line_width", 0.0),
            pages=rep.get("pages", 1),
            changes=[Change(**{**c, "lines": tuple(c["lines"])}) for c in rep.get("changes", ())],
            warnings=[Notice(**{**w, "lines": tuple(w["lines"])}) for w in rep.get("warnings", ())],
            removed_lines={int(k): v for k, v in rep.get("removed_lines", {}).items()},
            ran=list(rep.get("ran", ())),
            skipped=list(rep.get("skipped", ())),
        )
        return cls(blocks=blocks, metadata=Metadata(**meta), report=report,
                   source_name=data.get("source_name", ""))

    @classmethod
    def from_json(cls, text: str, path: str = "") -> Document:
        """A saved model, recognised by its format marker and version and checked; anything else is an
        InputError naming `path`."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InputError(f"not a Pressline document model: not JSON ({exc})", path=path) from None
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise InputError(f'not a Pressline document model (no "format": "{MODEL_FORMAT}")', path=path,
                             hint="write one with `pressline normalize --format json`")
        version = data.get("version")
        if not isinstance(version, int) or not 1 <= version <= MODEL_VERSION:
            raise InputError(f"document model version {version!r} is not one this Pressline reads "
                             f"(1 to {MODEL_VERSION})", path=path, hint="write it again with this Pressline")
        blocks = data.get("blocks")
        if not isinstance(blocks, list):
            raise InputError('malformed document model: "blocks" is not a list', path=path)
        for n, block in enumerate(blocks, 1):
            if not isinstance(block, dict) or not isinstance(block.get("text"), str) \
                    or block.get("kind") not in BLOCK_KINDS or not isinstance(block.get("level", 0), int):
                raise InputError(f"malformed document model: block {n} is not a block with a known kind, "
                                 "a text and a level", path=path)
        try:
            return cls.from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"malformed document model: {type(exc).__name__}: {exc}", path=path) from None
