"""Load `templates/<name>/style.toml` into one typed, read-only Template shared by every writer."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.errors import TemplateError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# the templates that ship with Pressline; a user's own folder (`--templates DIR`) is searched first
TEMPLATES_DIR = resources.data_dir()
MM = 72 / 25.4
STYLE_NAMES = ("body", "title", "heading1", "heading2", "heading3", "heading4", "signoff", "byline", "translation")


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    mirror: bool = False

    @property
    def type_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def type_height_mm(self) -> float:
        return self.height_mm - self.margin_top_mm - self.margin_bottom_mm


@dataclass(frozen=True)
class Face:
    """A typeface role: word-processor names, a CSS stack and the embedded font family (`role`)."""

    name: str
    east_asia: str
    latin: str
    css: tuple[str, ...]
    role: str


@dataclass(frozen=True)
class Style:
    name: str
    face: str
    size_pt: float
    line_pitch_pt: float
    bold: bool = False
    align: str = "justify"
    first_line_indent_chars: float = 0
    right_indent_chars: float = 0
    space_before_pt: float = 0
    space_after_pt: float = 0
    space_after_lines: float = 0
    language: str = ""
    color: str = "#000000"


@dataclass(frozen=True)
class PageNumber:
    format: str
    face: str
    size_pt: float
    position: str  # outer | center | right
    offset_mm: float = 7
    edge_indent_chars: float = 0

    def label(self, n: int) -> str:
        return self.format.format(n=n)


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    language: str
    directory: Path
    page: Page
    lines_per_page: int
    chars_per_line: int
    faces: dict[str, Face]
    styles: dict[str, Style]
    page_number: PageNumber
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    translation_template: str = ""  # the template of the translation edition (default: this one)

    def style(self, name: str) -> Style:
        return self.styles[name]

    def face_of(self, style_name: str) -> Face:
        return self.faces[self.styles[style_name].face]

    def section(self, name: str) -> dict[str, Any]:
        """A format's own settings (`[docx]`, `[pdf]`, `[epub]` in style.toml)."""
        return self.sections.get(name, {})

    def asset(self, relative: str) -> Path:
        return self.directory / relative


def search_path(user_dir: Path | None = None) -> list[Path]:
    """Where templates are looked for, first match wins: the user's folder, then Pressline's own."""
    return [user_dir, TEMPLATES_DIR] if user_dir is not None else [TEMPLATES_DIR]


def available(user_dir: Path | None = None) -> list[str]:
    return sorted({p.parent.name for base in search_path(user_dir) for p in base.glob("*/style.toml")})


def folder(name: str, user_dir: Path | None = None) -> Path:
    """The folder of the template `name`: the user's own when it has one, else the one Pressline ships."""
    if user_dir is not None and not user_dir.is_dir():
        raise TemplateError("templates folder not found", path=str(user_dir))
    for base in search_path(user_dir):
        if (base / name / "style.toml").is_file():
            return base / name
    raise TemplateError(f"no template named {name!r}", hint=f"available: {', '.join(available(user_dir))}")


def load(name: str, user_dir: Path | None = None) -> Template:
    path = folder(name, user_dir) / "style.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return _parse(name, path.parent, data)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise TemplateError(f"malformed template: {exc}", path=str(path)) from None


def _parse(name: str, directory: Path, data: dict[str, Any]) -> Template:
    faces = {
        key: Face(name=key, east_asia=f["east_asia"], latin=f["latin"], css=tuple(f["css"]), role=f["role"])
        for key, f in data["faces"].items()
    }
    spec = dict(data["styles"])
    # a template written before bylines had their own style sets them as centred body text
    spec.setdefault("byline", {**spec["body"], "align": "center", "first_line_indent_chars": 0})
    styles = {key: Style(name=key, **spec[key]) for key in STYLE_NAMES}
    for style in styles.values():
        if style.face not in faces:
            raise ValueError(f"style {style.name!r} uses unknown face {style.face!r}")
    number = PageNumber(**data["page_number"])
    if number.face not in faces:
        raise ValueError(f"page_number uses unknown face {number.face!r}")
    known = {"name", "description", "language", "page", "grid", "faces", "styles", "page_number",
             "translation_template"}
    return Template(
        name=data.get("name", name),
        description=data.get("description", ""),
        language=data.get("language", "zh-CN"),
        directory=directory,
        page=Page(**data["page"]),
        lines_per_page=int(data.get("grid", {}).get("lines_per_page", 0)),
        chars_per_line=int(data.get("grid", {}).get("chars_per_line", 0)),
        faces=faces,
        styles=styles,
        page_number=number,
        sections={k: v for k, v in data.items() if k not in known and isinstance(v, dict)},
        translation_template=str(data.get("translation_template", "")),
    )
