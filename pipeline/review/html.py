"""Small HTML helpers for the review page: escaping that keeps every character visible, elements, diffs."""

from __future__ import annotations

import difflib
import html
import re

from pipeline import report

# lone surrogates cannot be encoded; C0/C1 controls are parse errors in HTML and invisible anyway
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
DIFF_CONTEXT = 10


def _picture(match: re.Match[str]) -> str:
    """The Unicode control picture (␌ for a form feed), so a control character shows where it was."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def esc(text: str) -> str:
    """Text as literal HTML: markup-like text stays text, controls become visible symbols."""
    text = _CONTROL.sub(_picture, _SURROGATE.sub("\ufffd", text))
    return html.escape(text, quote=True)


def el(tag: str, content: str = "", /, **attrs: object) -> str:
    """An element; `content` is already HTML, attribute values are escaped. `class_` means `class`."""
    parts = [tag]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(name if value is True else f'{name}="{esc(str(value))}"')
    return f"<{' '.join(parts)}>{content}</{tag}>"


def void(tag: str, **attrs: object) -> str:
    """A void element such as <img> or <meta>."""
    return el(tag, **attrs)[: -len(f"</{tag}>")]


def table(headers: list[str], rows: list[str], class_: str) -> str:
    """A table (rows already <tr>) in a box that scrolls sideways on a narrow screen."""
    head = el("tr", "".join(el("th", esc(h)) for h in headers))
    return el("div", el("table", el("thead", head) + el("tbody", "".join(rows)), class_=class_), class_="scroll")


def _clip(text: str, keep: int, where: str) -> str:
    if len(text) <= 2 * keep + 1:
        return esc(text)
    if where == "start":
        return "…" + esc(text[-keep:])
    if where == "end":
        return esc(text[:keep]) + "…"
    return esc(text[:keep]) + "…" + esc(text[-keep:])


def _shown(text: str) -> str:
    """Removed or added whitespace alone would be invisible: show it as ␣."""
    return esc(text) if text.strip() else esc(text.replace(" ", "␣").replace("\u3000", "␣␣"))


def diff(before: str, after: str, context: int = DIFF_CONTEXT) -> str:
    """Character diff of `before` → `after` as <del>/<ins>, unchanged stretches clipped to some context."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    opcodes = matcher.get_opcodes()
    clipped = _clipped_tail(before, after, opcodes)
    if clipped:
        opcodes = opcodes[:-1]
    out = []
    for i, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "equal":
            where = "start" if i == 0 else "end" if i == len(opcodes) - 1 else "middle"
            out.append(_clip(before[a1:a2], context, where))
            continue
        if a2 > a1:
            out.append(el("del", _shown(before[a1:a2])))
        if b2 > b1:
            out.append(el("ins", _shown(after[b1:b2])))
    shown = "".join(out)
    return shown + "…" if clipped and not shown.endswith("…") else shown


def _clipped_tail(before: str, after: str, opcodes: list[tuple[str, int, int, int, int]]) -> bool:
    """The report cuts long texts to the same length, so a tail that only one side has is the cut, not a change."""
    if len(before) != len(after) or len(opcodes) < 2:
        return False
    op, a1, a2, b1, b2 = opcodes[-1]
    return op in ("insert", "delete") and a2 == len(before) and b2 == len(after)


def line_range(lines: tuple[int, ...]) -> str:
    return report.line_range(lines, dash="–", none="whole document")
