"""style.toml is read into typed sections: defaults live in the dataclasses, a misspelt key is an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import templates
from pipeline.errors import TemplateError

ROOT = Path(__file__).resolve().parent.parent


def template_with(tmp_path: Path, edit) -> Path:
    """A copy of the official template whose style.toml text went through `edit`; returns the templates folder."""
    shutil.copytree(ROOT / "templates" / "official", tmp_path / "official")
    style = tmp_path / "official" / "style.toml"
    style.write_text(edit(style.read_text(encoding="utf-8")), encoding="utf-8")
    return tmp_path


def error_of(base: Path) -> str:
    with pytest.raises(TemplateError) as info:
        templates.load("official", base)
    return str(info.value)


def test_shipped_templates_load_into_typed_sections() -> None:
    for name in templates.available():
        template = templates.load(name)
        assert len(template.glossary.columns) == len(template.glossary.column_shares)
    official = templates.load("official")
    assert official.epub.split_min_chars == 3000
    assert official.pdf.slot.label == "[{n}]" and official.pdf.latin_face == {"kai": "serif"}
    assert official.docx.off_grid == ("title", "translation")


@pytest.mark.parametrize(("old", "new", "named"), [
    ("[pdf.slot]\n", "[pdf.slot]\nlable = \"x\"\n", "'lable' in [pdf.slot]"),
    ("split_min_chars = 3000", "split_min_char = 3000", "'split_min_char' in [epub]"),
    ("glossary_table_style =", "glossary_tablestyle =", "'glossary_tablestyle' in [docx]"),
    ("snap_to_grid = true", "snap_to_grid = true\nsnap_to_grit = false", "'snap_to_grit' in [pdf]"),
    ("[styles.body]\n", "[styles.body]\nsize = 3\n", "'size' in [styles.body]"),
    ("[page]\n", "[pages]\nwidth_mm = 1\n[page]\n", "'pages'"),
])
def test_a_misspelt_key_is_an_error_naming_the_file_and_the_key(tmp_path: Path, old: str, new: str,
                                                                named: str) -> None:
    base = template_with(tmp_path, lambda text: text.replace(old, new, 1))
    message = error_of(base)
    assert str(base / "official" / "style.toml") in message and named in message


@pytest.mark.parametrize(("old", "new", "named"), [
    ("split_min_chars = 3000", "split_min_chars = \"3000\"", "epub.split_min_chars must be int"),
    ("snap_to_grid = true", "snap_to_grid = 1", "pdf.snap_to_grid must be bool"),
    ("off_grid = [\"title\", \"translation\"]", "off_grid = \"title\"", "docx.off_grid must be a list"),
    ("gutter_mm = 8", "gutter_mm = \"8mm\"", "pdf.parallel.gutter_mm must be float"),
])
def test_a_value_of_the_wrong_type_is_an_error_naming_the_key(tmp_path: Path, old: str, new: str,
                                                              named: str) -> None:
    assert old in (ROOT / "templates" / "official" / "style.toml").read_text(encoding="utf-8")
    assert named in error_of(template_with(tmp_path, lambda text: text.replace(old, new, 1)))


def test_a_missing_required_key_is_named(tmp_path: Path) -> None:
    base = template_with(tmp_path, lambda text: text.replace("width_mm = 210\n", ""))
    assert "[page] needs width_mm" in error_of(base)


def test_an_omitted_section_takes_the_defaults(tmp_path: Path) -> None:
    def drop_epub(text: str) -> str:
        start = text.index("[epub]")
        return text[:start] + text[text.index("\n[", start + 1):]

    template = templates.load("official", template_with(tmp_path, drop_epub))
    assert template.epub == templates.EpubSection()
    assert template.epub.stylesheets == templates.load("official").epub.stylesheets
