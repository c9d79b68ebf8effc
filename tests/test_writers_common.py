"""The three published writers set each block kind in one style, and all refuse what has none."""

from __future__ import annotations

import pytest

from pipeline import templates, writers
from pipeline.errors import WriterError
from pipeline.model import HEADING, PARAGRAPH, SIGNOFF, TITLE, Block, Document
from pipeline.options import WriteOptions
from pipeline.writers.common import style_role


def test_each_kind_has_one_style_role() -> None:
    assert [style_role(Block(kind, "x", level)) for kind, level in
            [(TITLE, 0), (HEADING, 1), (HEADING, 4), (PARAGRAPH, 0), (SIGNOFF, 0)]] == [
        "title", "heading1", "heading4", "body", "signoff"]
    for role in ("title", "heading1", "heading4", "body", "signoff"):
        assert role in templates.STYLE_NAMES


def test_an_unknown_kind_fails_loudly() -> None:
    block = Block(PARAGRAPH, "旁注")
    object.__setattr__(block, "kind", "aside")  # a kind the model might gain before the writers know it
    with pytest.raises(WriterError, match="no style for block kind 'aside'"):
        style_role(block)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "epub"])
@pytest.mark.parametrize("level", [0, 5])
def test_every_writer_refuses_a_heading_level_the_template_has_no_style_for(fmt: str, level: int) -> None:
    doc = Document(blocks=[Block(TITLE, "标题"), Block(HEADING, "第五级标题", level), Block(PARAGRAPH, "正文。")])
    with pytest.raises(WriterError, match=f"heading level {level} is outside 1-4"):
        writers.get(fmt)(doc, templates.load("official"), WriteOptions(source_date_epoch=0))
