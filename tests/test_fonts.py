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
    have = fonts.codepoints(role)
    missing = {ch for ch in GB2312_HANZI if ord(ch) not in have}
    # AR PL UKai lacks a handful of GB 2312 ideographs; the fallback chain draws them
    assert len(missing) <= (20 if role == "kai" else 0), sorted(missing)
    for ch in missing:
        assert fonts.role_for(ch, role) is not None


def test_the_fallback_chain_draws_what_a_role_lacks() -> None:
    assert all(fonts.role_for(ch, "kai") is not None for ch in "生僻字𠮷和表情😀也")
    assert fonts.role_for("😀", "kai") == "symbols"


def test_unknown_role_is_refused() -> None:
    with pytest.raises(KeyError):
        fonts.font_file("fangsong")
