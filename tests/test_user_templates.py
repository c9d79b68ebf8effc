"""Where templates and data files come from: Pressline's own (inside the package once installed), a user's own
folder first (`--templates DIR`, PRESSLINE_TEMPLATES), and incremental builds that notice a change in either."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import resources, templates
from pipeline.build import run as build_mod
from pipeline.cli.app import cli
from pipeline.errors import TemplateError
from pipeline.sources import discover
from pipeline.typeset import fonts

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "education-work-conference-2024.txt"


@pytest.fixture
def own(tmp_path: Path) -> Path:
    """A user's templates folder: a copy of `official` with another description, and the shared stylesheet."""
    folder = tmp_path / "mytemplates"
    shutil.copytree(templates.TEMPLATES_DIR / "official", folder / "official")
    shutil.copy(templates.TEMPLATES_DIR / "epub-base.css", folder / "epub-base.css")
    style = folder / "official" / "style.toml"
    text = style.read_text(encoding="utf-8")
    style.write_text(text.replace('description = "', 'description = "Ours: ', 1), encoding="utf-8")
    return folder


def test_the_data_files_are_found_in_the_checkout() -> None:
    data = resources.data_dir()
    assert data == ROOT / "templates"  # a source checkout has no pipeline/data/
    assert (data / "official" / "style.toml").is_file() and (data / "review" / "review.css").is_file()
    assert fonts.FONTS_DIR == data / "fonts"
    for role in fonts.ROLES:
        assert fonts.font_file(role).is_file() and fonts.license_file(role).is_file()


def test_a_users_template_comes_before_pressline_s_own(own: Path) -> None:
    assert templates.load("official", own).description.startswith("Ours: ")
    assert templates.load("official", own).directory == own / "official"
    # what the user's folder lacks still comes from Pressline
    assert templates.load("reading", own).directory == templates.TEMPLATES_DIR / "reading"
    assert templates.available(own) == templates.available()
    assert {"official", "reading", "english"} <= set(templates.available())
    assert not templates.load("official").description.startswith("Ours: ")


def test_a_missing_templates_folder_or_template_is_one_error(tmp_path: Path, own: Path) -> None:
    with pytest.raises(TemplateError, match="templates folder not found"):
        templates.load("official", tmp_path / "nowhere")
    with pytest.raises(TemplateError, match="no template named 'mine'.*available: english, official, reading"):
        templates.load("mine", own)


def test_the_cli_takes_the_folder_from_the_option_or_the_environment(own: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["templates", "--templates", str(own)])
    assert result.exit_code == 0 and "Ours: " in result.output
    result = CliRunner().invoke(cli, ["templates"], env={"PRESSLINE_TEMPLATES": str(own)})
    assert result.exit_code == 0 and "Ours: " in result.output
    # the build writes with the user's template: its EPUB stylesheet shows in the EPUB
    css = own / "official" / "epub.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* ours */\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(out), "--formats", "epub", "--jobs", "1",
                                      "--templates", str(own)])
    assert result.exit_code == 0, result.output
    import zipfile

    with zipfile.ZipFile(out / f"{SEED.stem}.epub") as book:
        styles = [book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".css")]
    assert any("/* ours */" in s for s in styles)


def test_a_change_to_a_users_template_or_its_shared_stylesheet_rebuilds(own: Path) -> None:
    source = discover([SEED])[0]
    options = build_mod.BuildOptions(templates_dir=own)
    first = build_mod.fingerprint(source, options)
    assert first != build_mod.fingerprint(source, build_mod.BuildOptions())
    shared = own / "epub-base.css"
    shared.write_text(shared.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    second = build_mod.fingerprint(source, options)
    assert second != first
    (own / "official" / "epub.css").write_text("/* replaced */\n", encoding="utf-8")
    assert build_mod.fingerprint(source, options) not in (first, second)


def test_a_change_to_the_word_list_the_repair_consults_rebuilds(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.text import english

    words = tmp_path / "words"
    shutil.copytree(english.WORDS_FILE.parent, words)
    monkeypatch.setattr(english, "WORDS_FILE", words / english.WORDS_FILE.name)
    source = discover([SEED])[0]
    before = build_mod.fingerprint(source, build_mod.BuildOptions())
    english.WORDS_FILE.write_bytes(english.WORDS_FILE.read_bytes() + b"\0")
    assert build_mod.fingerprint(source, build_mod.BuildOptions()) != before
