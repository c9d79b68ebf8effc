"""Load `templates/<name>/style.toml` into one typed, read-only Template shared by every writer."""

from __future__ import annotations

import sys
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

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
T = TypeVar("T")


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


# --- the per-format sections: every key with its default, in one place ------------------------------------------


@dataclass(frozen=True)
class GlossarySection:
    """`[glossary]`: the table `pressline build --glossary` appends to the DOCX and the PDF."""

    heading: str = "术语表 Glossary"
    columns: tuple[str, ...] = ("术语", "Translation", "次数")  # header row: term, translation, occurrences
    column_shares: tuple[float, ...] = (0.36, 0.5, 0.14)  # each column's share of the type width
    size_pt: float = 12
    line_pitch_pt: float = 18


@dataclass(frozen=True)
class EpubSection:
    """`[epub]`."""

    stylesheets: tuple[str, ...] = ("../epub-base.css", "epub.css")  # relative to the template's folder, in order
    split_min_chars: int = 3000  # longer documents get one content document per top-level heading
    toc_title: str = "目录"  # headings of the navigation document
    landmarks_title: str = "导览"


@dataclass(frozen=True)
class DocxSection:
    """`[docx]`."""

    off_grid: tuple[str, ...] = ("title", "translation")  # styles that do not snap to Word's document grid
    latin_language: str = "en-US"  # w:lang of Latin-script text inside Chinese paragraphs
    glossary_table_style: str = "Table Grid"  # Word table style of the glossary table
    hyphenation: bool = False  # Word hyphenates automatically (w:autoHyphenation)


@dataclass(frozen=True)
class PdfParallel:
    """`[pdf.parallel]`: two columns, source | translation."""

    gutter_mm: float = 8
    # the source's share of the width, chosen between the limits from the measured length of both sides
    # (source_share when they balance anyway)
    source_share: float = 0.5
    min_source_share: float = 0.35
    max_source_share: float = 0.65
    # inside a block, a sentence pair starts level in both columns where that leaves at most this many body lines
    # blank in the shorter column
    align_gap_lines: float = 1.5


@dataclass(frozen=True)
class PdfSlot:
    """`[pdf.slot]`: the blank, ruled slot left for a missing translation, labelled with the block number."""

    label: str = "[{n}]"
    style: str = "translation"
    size_pt: float = 8
    rule_color: str = "#AAAAAA"
    label_color: str = "#777777"


@dataclass(frozen=True)
class PdfGlossary:
    """`[pdf.glossary]`: the rules of the glossary table."""

    padding_pt: float = 3  # between a cell's text and its rules
    space_before_pt: float = 6  # between the heading and the table
    rule_color: str = "#000000"  # the header's rules and the last one
    row_rule_color: str = "#BBBBBB"  # the others


@dataclass(frozen=True)
class PdfSection:
    """`[pdf]`."""

    snap_to_grid: bool = True  # full-width characters advance by the grid pitch in full-width columns
    latin_face: dict[str, str] = field(default_factory=dict)  # role → role drawing its Latin letters and digits
    parallel: PdfParallel = field(default_factory=PdfParallel)
    slot: PdfSlot = field(default_factory=PdfSlot)
    glossary: PdfGlossary = field(default_factory=PdfGlossary)


@dataclass(frozen=True)
class ConventionsSection:
    """`[conventions]`: conventions of the document type, shared by the DOCX and PDF writers."""

    metadata: str = ""  # "signoff": the metadata's author and date become the sign-off when the text has none


@dataclass(frozen=True)
class Grid:
    """`[grid]`: the document grid (0: none)."""

    lines_per_page: int = 0
    chars_per_line: int = 0


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
    glossary: GlossarySection = field(default_factory=GlossarySection)
    epub: EpubSection = field(default_factory=EpubSection)
    docx: DocxSection = field(default_factory=DocxSection)
    pdf: PdfSection = field(default_factory=PdfSection)
    conventions: ConventionsSection = field(default_factory=ConventionsSection)
    translation_template: str = ""  # the template of the translation edition (default: this one)

    def style(self, name: str) -> Style:
        return self.styles[name]

    def face_of(self, style_name: str) -> Face:
        return self.faces[self.styles[style_name].face]

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
    """The template `name` (see `folder`); a TemplateError names the file and the key it cannot use."""
    path = folder(name, user_dir) / "style.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return _parse(name, path.parent, data)
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise TemplateError(f"malformed template: {exc}", path=str(path)) from None


TOP_LEVEL = ("name", "description", "language", "page", "grid", "faces", "styles", "page_number", "glossary", "epub",
             "docx", "pdf", "conventions", "translation_template")


def _parse(name: str, directory: Path, data: dict[str, Any]) -> Template:
    unknown = [key for key in data if key not in TOP_LEVEL]
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r} (known: {', '.join(TOP_LEVEL)})")
    faces = {key: _typed(Face, f, f"faces.{key}", name=key) for key, f in _table(data, "faces").items()}
    given = dict(_table(data, "styles"))
    if "body" in given:
        # a template written before bylines had their own style sets them as centred body text
        given.setdefault("byline", {**given["body"], "align": "center", "first_line_indent_chars": 0})
    unknown = [key for key in given if key not in STYLE_NAMES]
    if unknown:
        raise ValueError(f"unknown style [styles.{unknown[0]}] (styles: {', '.join(STYLE_NAMES)})")
    missing = [key for key in STYLE_NAMES if key not in given]
    if missing:
        raise ValueError(f"missing [styles.{missing[0]}]")
    styles = {key: _typed(Style, given[key], f"styles.{key}", name=key) for key in STYLE_NAMES}
    for style in styles.values():
        if style.face not in faces:
            raise ValueError(f"style {style.name!r} uses unknown face {style.face!r}")
    number = _typed(PageNumber, _table(data, "page_number"), "page_number")
    if number.face not in faces:
        raise ValueError(f"page_number uses unknown face {number.face!r}")
    grid = _typed(Grid, data.get("grid", {}), "grid")
    return Template(
        name=_value(str, data.get("name", name), "name"),
        description=_value(str, data.get("description", ""), "description"),
        language=_value(str, data.get("language", "zh-CN"), "language"),
        directory=directory,
        page=_typed(Page, _table(data, "page"), "page"),
        lines_per_page=grid.lines_per_page,
        chars_per_line=grid.chars_per_line,
        faces=faces,
        styles=styles,
        page_number=number,
        glossary=_typed(GlossarySection, data.get("glossary", {}), "glossary"),
        epub=_typed(EpubSection, data.get("epub", {}), "epub"),
        docx=_typed(DocxSection, data.get("docx", {}), "docx"),
        pdf=_typed(PdfSection, data.get("pdf", {}), "pdf"),
        conventions=_typed(ConventionsSection, data.get("conventions", {}), "conventions"),
        translation_template=_value(str, data.get("translation_template", ""), "translation_template"),
    )


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    if key not in data:
        raise ValueError(f"missing [{key}]")
    return data[key]


def _typed(cls: type[T], data: Any, where: str, **given: Any) -> T:
    """The TOML table `data` (at `[where]`) as a `cls`: every key must be a field of the type the field says."""
    if not isinstance(data, dict):
        raise ValueError(f"{where} must be a table")
    hints = get_type_hints(cls)
    names = [f.name for f in fields(cls) if f.name not in given]
    values = dict(given)
    for key, value in data.items():
        if key not in names:
            raise ValueError(f"unknown key {key!r} in [{where}] (known: {', '.join(names)})")
        values[key] = _value(hints[key], value, f"{where}.{key}")
    missing = [f.name for f in fields(cls) if f.name not in values
               and f.default is MISSING and f.default_factory is MISSING]
    if missing:
        raise ValueError(f"[{where}] needs {', '.join(missing)}")
    return cls(**values)


def _value(hint: Any, value: Any, where: str) -> Any:
    """`value` checked against the type `hint` (a list becomes a tuple; an int is a float, as in Python)."""
    if is_dataclass(hint):
        return _typed(hint, value, where)
    origin, args = get_origin(hint), get_args(hint)
    if origin is tuple and isinstance(value, list):
        return tuple(_value(args[0], item, where) for item in value)
    if origin is dict and isinstance(value, dict):
        return {key: _value(args[1], item, f"{where}.{key}") for key, item in value.items()}
    if hint is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if hint in (str, bool) and isinstance(value, hint):
        return value
    kind = {tuple: "a list", dict: "a table"}.get(origin, getattr(hint, "__name__", str(hint)))
    raise ValueError(f"{where} must be {kind}, not {value!r}")
