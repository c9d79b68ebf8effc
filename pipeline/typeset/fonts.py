"""The embedded fonts: committed TrueType subsets under templates/fonts/ (`pipeline/data/fonts/` once
installed), one file per role.

Roles are what `role = ...` in a template's faces names: `serif`, `serif-bold`, `sans`, `kai`, plus
`symbols`, the last fallback for characters the CJK faces lack. The files are made once from system
fonts by `python -m pipeline.typeset.fonts build` (see templates/fonts/README.md) and committed, so every
machine embeds the same bytes and no document pays for font conversion.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline import resources

FONTS_DIR = resources.data_dir() / "fonts"

# role -> committed file name
FILES: dict[str, str] = {
    "serif": "PresslineSerifSC-Regular.ttf",
    "serif-bold": "PresslineSerifSC-Bold.ttf",
    "sans": "PresslineSansSC-Regular.ttf",
    "sans-bold": "PresslineSansSC-Bold.ttf",
    "kai": "PresslineKaiSC-Regular.ttf",
    "symbols": "PresslineSymbols-Regular.ttf",
}
ROLES = tuple(FILES)
# role -> the licence its file is distributed under (shipped beside any copy of the font)
LICENSES: dict[str, str] = {
    "serif": "OFL-1.1.txt",
    "serif-bold": "OFL-1.1.txt",
    "sans": "OFL-1.1.txt",
    "sans-bold": "OFL-1.1.txt",
    "kai": "ARPHIC-PUBLIC-LICENSE.txt",
    "symbols": "DEJAVU-LICENSE.txt",
}
# where a role looks for a character it lacks, in order, before giving up
FALLBACKS: dict[str, tuple[str, ...]] = {
    "serif": ("serif-bold", "sans", "kai", "symbols"),
    "serif-bold": ("serif", "sans-bold", "sans", "kai", "symbols"),
    "sans": ("sans-bold", "serif", "kai", "symbols"),
    "sans-bold": ("sans", "serif-bold", "serif", "kai", "symbols"),
    "kai": ("serif", "sans", "symbols"),
    "symbols": ("serif", "sans", "kai"),
}


def license_file(role: str) -> Path:
    """The licence text that must travel with a role's font."""
    return FONTS_DIR / LICENSES[role]


def font_file(role: str) -> Path:
    """The committed TrueType file of a role."""
    try:
        return FONTS_DIR / FILES[role]
    except KeyError:
        raise KeyError(f"unknown font role {role!r}; known: {', '.join(ROLES)}") from None


@functools.cache
def codepoints(role: str) -> frozenset[int]:
    """Every code point the role's font maps to a glyph (read from the reportlab registration)."""
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(register(role)).face.charToGlyph)


def covers(role: str, text: str) -> set[str]:
    """The characters of `text` (whitespace and controls aside) that the role's font lacks."""
    have = codepoints(role)
    return {ch for ch in text if ord(ch) not in have and not _invisible(ch)}


def _invisible(ch: str) -> bool:
    return ch.isspace() or ord(ch) < 0x20 or 0x200B <= ord(ch) <= 0x200F or ch == "\ufeff"


def role_for(ch: str, role: str) -> str | None:
    """The first role in `role`'s fallback chain that draws `ch`; None when no embedded font does."""
    cp = ord(ch)
    for candidate in (role, *FALLBACKS[role]):
        if cp in codepoints(candidate):
            return candidate
    return None


def split_by_coverage(text: str, role: str) -> tuple[list[tuple[str, str]], set[str]]:
    """Runs `(role, text)` so that every character is drawn by a font that has it.

    Characters no embedded font has stay in the requested role's run and are returned as missing.
    """
    runs: list[tuple[str, str]] = []
    missing: set[str] = set()
    for ch in text:
        found = role if _invisible(ch) else role_for(ch, role)
        if found is None:
            missing.add(ch)
            found = role
        if runs and runs[-1][0] == found:
            runs[-1] = (found, runs[-1][1] + ch)
        else:
            runs.append((found, ch))
    return runs, missing


def reportlab_name(role: str) -> str:
    return f"Pressline-{role}"


@functools.cache
def register(role: str) -> str:
    """Register the role's font with reportlab once per process; returns the reportlab font name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = reportlab_name(role)
    pdfmetrics.registerFont(TTFont(name, str(font_file(role))))
    return name


def register_all(roles: Iterable[str]) -> dict[str, str]:
    return {role: register(role) for role in roles}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] != ["build"]:
        print("usage: python -m pipeline.typeset.fonts build [ROLE ...]", file=sys.stderr)
        return 2
    from pipeline.typeset import fontbuild

    for role in args[1:] or ROLES:
        path = font_file(role)
        fontbuild.build(role, path)
        print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
