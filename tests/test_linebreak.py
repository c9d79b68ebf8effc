"""The clreq line breaker, with one advance per character (full width 1.0, Latin 0.5)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import words
from pipeline.text.cjk import NO_LINE_END, NO_LINE_START, is_cjk
from pipeline.typeset.linebreak import break_allowed, break_lines, justify_weights, positions


def advances(text: str) -> list[float]:
    return [1.0 if is_cjk(ch) or ch in "“”‘’" else 0.5 for ch in text]


def lines_of(text: str, width: float, protected=()) -> list[str]:
    return [text[line.start:line.end] for line in break_lines(text, advances(text), width, protected)]


def test_reportlab_counterexamples_are_broken_correctly() -> None:
    # reportlab's wordWrap='CJK' starts lines with ，！？；：》” and ends them with （《“, and splits 欧阳|修
    text = "我们认为欧阳修，是《醉翁亭记》的作者（北宋）！“庐陵”人；字永叔：号醉翁。"
    protected = words.protected_spans(text)
    for width in range(5, 20):  # 欧阳修， is four characters that cannot be parted
        lines = lines_of(text, width, protected)
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in NO_LINE_START, (width, lines)
        for line in lines[:-1]:
            assert line[-1] not in NO_LINE_END, (width, lines)
        assert not any(line.endswith(("欧", "欧阳")) for line in lines[:-1]), (width, lines)


def test_full_lines_hold_exactly_the_grid() -> None:
    text = "一二三四五六七八九十" * 6
    lines = break_lines(text, [15.79] * len(text), 15.79 * 28)
    assert [line.end - line.start for line in lines] == [28, 28, 4]
    assert lines[-1].last and not lines[0].last


def test_closing_punctuation_pushes_the_previous_character_down() -> None:
    text = "一二三四五，六七"
    assert lines_of(text, 5) == ["一二三四", "五，六七"]


def test_opening_punctuation_moves_to_the_next_line() -> None:
    text = "一二三四（五六）"
    assert lines_of(text, 5) == ["一二三四", "（五六）"]


def test_latin_words_break_only_at_spaces_and_spaces_at_breaks_vanish() -> None:
    text = "alpha beta gamma delta"
    assert lines_of(text, 3) == ["alpha", "beta", "gamma", "delta"]


def test_numbers_with_units_stay_together() -> None:
    text = "今年增长了16.4%，温度达到35℃以上"
    protected = words.protected_spans(text)
    for width in range(4, 12):
        for line in lines_of(text, width, protected):
            assert not line.endswith(("16", "16.", "16.4", "35")), (width, line)


def test_a_unit_longer_than_the_line_is_cut_after_a_separator() -> None:
    text = "详见https://www.example.gov.cn/notice/2025。"
    lines = lines_of(text, 12, [(2, len(text) - 1)])
    assert "".join(lines) == text
    assert lines[0].startswith("详见")  # not pushed down, leaving 详见 alone on a stretched line
    assert all(line[-1] in "/." for line in lines[:-1]), lines


def test_justification_fills_the_line_between_chinese_characters_only() -> None:
    text = "中文Python中文"
    line = break_lines(text, advances(text), 100)[0]
    assert justify_weights(text, line.start, line.end) == [1, 1, 0, 0, 0, 0, 0, 1, 1]
    offsets = positions(text, line, advances(text), slack=4.0)
    end = offsets[-1] + advances(text)[-1]
    assert end == pytest.approx(line.width + 4.0)
    assert offsets[3] - offsets[2] == pytest.approx(0.5)  # inside "Python": no added space


def test_no_break_inside_protected_span() -> None:
    allowed = break_allowed("一二三四五", [(1, 4)])
    assert allowed == [False, True, False, False, True, False]


def test_advances_must_match_the_text() -> None:
    with pytest.raises(ValueError):
        break_lines("一二", [1.0], 5)


ALPHABET = st.sampled_from(list("中文排版规则测试欧阳修") + list("，。、；：？！）》”") + list("（《“")
                           + list("abc 123"))


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, min_size=1, max_size=80), st.integers(min_value=6, max_value=30))
def test_properties(text: str, width: int) -> None:
    lines = break_lines(text, advances(text), width)
    # nothing but spaces at line breaks is lost, order kept
    assert "".join(text[line.start:line.end] for line in lines).replace(" ", "") == text.replace(" ", "")
    allowed = break_allowed(text)
    for line, following in zip(lines, lines[1:]):
        if not allowed[following.start]:
            continue  # a cut forced by a run with no allowed break that is wider than the line
        assert line.width <= width + 1e-6
        assert text[line.end - 1] not in NO_LINE_END
        assert text[following.start] not in NO_LINE_START
    assert lines[-1].width <= width + 1e-6 or not any(allowed)
