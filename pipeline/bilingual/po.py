"""gettext PO: one entry per unit, the unit id as `msgctxt` (so repeated sentences stay distinct)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.bilingual.segments import Entry, Imported, Unit
from pipeline.errors import TranslationError
from pipeline.model import Document
from pipeline.version import __version__

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f",
              "v": "\v"}
_ESCAPE = re.compile(r'[\\"\n\t\r]')
_UNESCAPE = re.compile(r'\\(?:([\\"ntrabfv])|([0-7]{1,3})|x([0-9A-Fa-f]{1,2}))')
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")


def quote(text: str) -> str:
    return '"' + _ESCAPE.sub(lambda m: _ESCAPES[m.group()], text) + '"'


def write_po(doc: Document, units: list[Unit], target_language: str, source_language: str) -> bytes:
    header = (
        f"Project-Id-Version: {doc.title}\n"
        f"Language: {target_language}\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        f"X-Generator: Pressline {__version__}\n"
        f"X-Source-Language: {source_language}\n"
    )
    out = [f"# Translation units of {doc.source_name or doc.title}", 'msgid ""', "msgstr " + _lines(header), ""]
    for unit in units:
        _check(unit)
        out.append(f"#. {unit.note}")
        if doc.source_name and unit.line is not None:
            out.append(f"#: {doc.source_name.replace(' ', '_')}:{unit.line}")
        out += [f"msgctxt {quote(unit.id)}", f"msgid {quote(unit.source)}", 'msgstr ""', ""]
    return "\n".join(out).encode("utf-8")


def _lines(text: str) -> str:
    """A multi-line string in the usual PO form: an empty first line, then one line per text line."""
    return '""\n' + "\n".join(quote(line) for line in text.splitlines(keepends=True))


def _check(unit: Unit) -> None:
    try:
        unit.source.encode("utf-8")
    except UnicodeEncodeError:
        raise TranslationError(f"unit {unit.id}: the source holds an unpaired surrogate",
                               hint="PO files are UTF-8") from None


def unquote(literal: str, path: str, line: int) -> str:
    body = literal[1:-1]
    if re.search(r'(?<!\\)(?:\\\\)*"', body):
        raise TranslationError("unescaped quote in a PO string", path=path, line=line)

    def replace(m: re.Match[str]) -> str:
        if m.group(1):
            return _UNESCAPES[m.group(1)]
        return chr(int(m.group(2), 8) if m.group(2) else int(m.group(3), 16))

    return _UNESCAPE.sub(replace, body)


@dataclass
class _Message:
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def read(data: bytes, path: str = "") -> Imported:
    """The units of a PO file: msgctxt is the unit id, `#, fuzzy` marks a unit for review."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TranslationError(f"PO file is not UTF-8 ({exc.reason})", path=path) from None
    messages = _parse(text, path)
    header = next((m for m in messages if m.fields.get("msgid") == "" and "msgctxt" not in m.fields), None)
    meta = _header_fields(header.fields.get("msgstr", "") if header else "")
    entries = []
    for m in messages:
        if m is header:
            continue
        if "msgid_plural" in m.fields:
            raise TranslationError("plural forms are not translation units", path=path, line=m.line)
        if "msgctxt" not in m.fields:
            raise TranslationError(f"entry without msgctxt (msgid {m.fields.get('msgid', '')[:30]!r})",
                                   path=path, line=m.line, hint="msgctxt holds the unit id; keep it")
        entries.append(Entry(id=m.fields["msgctxt"], source=m.fields.get("msgid", ""),
                             target=m.fields.get("msgstr", m.fields.get("msgstr[0]", "")),
                             state="fuzzy" if "fuzzy" in m.flags else "",
                             review="fuzzy" in m.flags, line=m.line))
    return Imported(meta.get("X-Source-Language", ""), meta.get("Language", ""), entries)


def _parse(text: str, path: str) -> list[_Message]:
    messages: list[_Message] = []
    current: _Message | None = None
    last_key = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if current is not None and current.fields:
                messages.append(current)
                current = None
            current = current or _Message(number)
            if line.startswith("#,"):
                current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith('"'):
            if current is None or not last_key:
                raise TranslationError("string continuation without a keyword", path=path, line=number)
            current.fields[last_key] += unquote(line, path, number)
            continue
        match = _KEYWORD.match(line)
        if match is None:
            raise TranslationError(f"not a PO line: {line[:40]!r}", path=path, line=number)
        key, literal = match.groups()
        if current is not None and (key in current.fields or (key in ("msgctxt", "msgid") and "msgstr" in
                                                                current.fields)):
            messages.append(current)
            current = None
        current = current or _Message(number)
        current.fields[key] = unquote(literal, path, number)
        last_key = key
    if current is not None and current.fields:
        messages.append(current)
    return messages


def _header_fields(msgstr: str) -> dict[str, str]:
    pairs = (line.split(":", 1) for line in msgstr.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}
