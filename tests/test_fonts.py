"""The committed fonts: present, TrueType, licensed, covering what Chinese documents use (cost: bench/font_cost.py)."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from pipeline.typeset import fonts

GB2312_HANZI = {bytes((hi, lo)).decode("gb2312") for hi in range(0xB0, 0xF8) for lo in range(0xA1, 0xFF)
                if not (hi == 0xD7 and lo > 0xF9)}


@pytest.mark.parametrize("role", fonts.ROLES)
def test_each_role_is_a_committed_truetype_font(role: str) -> None:
    path = fonts.font_file(role)
    assert path.is_file()
    font = TTFont(path, lazy=True)
    assert "glyf" in font and "CFF " not in font
    assert font["OS/2"].fsType & 0x0002 == 0  # embedding allowed
    assert "Pressline" in font["name"].getDebugName(1)


def test_licences_and_readme_ship_with_the_fonts() -> None:
    readme = (fonts.FONTS_DIR / "README.md").read_text(encoding="utf-8")
    for name in ("OFL-1.1.txt", "ARPHIC-PUBLIC-LICENSE.txt", "DEJAVU-LICENSE.txt"):
        assert (fonts.FONTS_DIR / name).stat().st_size > 1000
        assert name in readme
    for file in fonts.FILES.values():
        assert file in readme


def test_total_size_stays_reasonable() -> None:
    total = sum(fonts.font_file(role).stat().st_size for role in fonts.ROLES)
    assert total < 25_000_000


@pytest.mark.parametrize("role", ["serif", "serif-bold", "sans", "sans-bold", "kai"])
def test_cjk_roles_cover_gb2312(role: str) -> None:
    missing = fonts.covers(role, "".join(GB2312_HANZI))
    # AR PL UKai lacks a handful of GB 2312 ideographs; the fallback chain draws them
    assert len(missing) <= (20 if role == "kai" else 0), sorted(missing)
    for ch in missing:
        assert fonts.role_for(ch, role) is not None


def test_covers_names_missing_characters_and_ignores_whitespace() -> None:
    assert fonts.covers("serif", "中文 Latin\n１２３“”《》") == set()
    assert fonts.covers("serif", "表情😀") == {"😀"}


def test_fallback_splits_runs_by_font() -> None:
    runs, missing = fonts.split_by_coverage("生僻字𠮷和表情😀也", "kai")
    assert missing == set()
    assert "".join(text for _, text in runs) == "生僻字𠮷和表情😀也"
    assert dict((text, role) for role, text in runs)["😀"] == "symbols"


def test_unknown_role_is_refused() -> None:
    with pytest.raises(KeyError):
        fonts.font_file("fangsong")
