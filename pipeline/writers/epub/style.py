"""The EPUB stylesheet (the template's epub.css with its font stacks filled in) and embedded font subsets."""

from __future__ import annotations

import io
import string
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.errors import TemplateError
from pipeline.model import Document
from pipeline.templates import Template
from pipeline.writers.common import style_role

GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
FONT_FOLDER = "fonts"


@dataclass(frozen=True)
class EmbeddedFont:
    role: str
    family: str
    file_name: str
    data: bytes


def family_name(role: str) -> str:
    """The CSS family an embedded role font is declared under; no installed font has this name."""
    return f"Pressline {role}"


def quote_family(name: str) -> str:
    if name in GENERIC_FAMILIES:
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def stylesheet(template: Template, embedded: Iterable[EmbeddedFont] = ()) -> str:
    """The template's stylesheets (`[epub] stylesheets`) with every `$face_<name>` replaced by that face's
    stack (embedded fonts lead each stack) and every `$color_<style>` by that style's colour."""
    fonts = list(embedded)
    families = {font.role: font.family for font in fonts}
    stacks = {}
    for name, face in template.faces.items():
        lead = [families[face.role]] if face.role in families else []
        lead += [f.family for f in fonts if f.role != face.role]
        stacks[f"face_{name}"] = ", ".join(quote_family(n) for n in [*lead, *face.css])
    stacks.update({f"color_{name}": style.color for name, style in template.styles.items()})
    parts = []
    for name in template.epub.stylesheets:
        path = template.asset(name)
        try:
            parts.append(string.Template(path.read_text(encoding="utf-8")).substitute(stacks))
        except (OSError, KeyError, ValueError) as exc:
            raise TemplateError(f"cannot fill in the EPUB stylesheet: {exc!r}", path=str(path)) from None
    css = "\n".join(parts)
    faces = "".join(
        f'@font-face {{\n  font-family: {quote_family(f.family)};\n  src: url("{f.file_name}");\n}}\n\n'
        for f in fonts
    )
    return faces + css


def text_by_role(doc: Document, template: Template, translations: Iterable[str],
                 extra: Iterable[str]) -> dict[str, set[str]]:
    """The characters each embedded font role has to draw, by the face of the style each block uses."""
    chars: dict[str, set[str]] = {}

    def add(style: str, text: str) -> None:
        chars.setdefault(template.face_of(style).role, set()).update(text)

    for block in doc.blocks:
        add(style_role(block), block.text)
    for text in translations:
        add("translation", text)
    for text in extra:
        add("body", text)
        add("title", text)
    return chars


def embed(doc: Document, template: Template, translations: Iterable[str],
          extra: Iterable[str]) -> list[EmbeddedFont]:
    """Subsets of the template's role fonts holding only the characters the document needs from each;
    a character a role's font lacks goes to the first font in its fallback chain that has it."""
    from pipeline.typeset import fonts

    wanted: dict[str, set[str]] = {}
    for role, chars in text_by_role(doc, template, translations, extra).items():
        for ch in chars:
            if ch.isspace():
                continue
            found = fonts.role_for(ch, role)
            if found is not None:
                wanted.setdefault(found, set()).add(ch)
    return [
        EmbeddedFont(role, family_name(role), f"{FONT_FOLDER}/{role}.ttf",
                     subset(fonts.font_file(role).read_bytes(), wanted[role]))
        for role in sorted(wanted)
    ]


def licenses(embedded: Iterable[EmbeddedFont]) -> list[tuple[str, bytes]]:
    """The licence texts of the embedded fonts, placed next to them."""
    from pipeline.typeset import fonts

    paths = sorted({fonts.license_file(font.role) for font in embedded})
    return [(f"{FONT_FOLDER}/{path.name}", path.read_bytes()) for path in paths]


def subset(font_data: bytes, chars: Iterable[str]) -> bytes:
    """A TrueType subset with only these characters; the original timestamps are kept (reproducible)."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = TTFont(io.BytesIO(font_data), recalcTimestamp=False)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(ch) for ch in chars}))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
