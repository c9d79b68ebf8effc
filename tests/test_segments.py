"""Translation units: sentence cutting, stable ids, the job statistics."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.bilingual import po, stats, xliff
from pipeline.bilingual.segments import segment, sentences
from pipeline.cli.app import cli
from pipeline.model import Block, Document

MODELS = Path(__file__).parent / "fixtures" / "models"
SEED = Path(__file__).parent.parent / "source" / "education-work-conference-2024.txt"

SENTENCE_CASES = [
    # closing quotes and brackets stay with their sentence
    ("他说：“我们走吧。”然后离开了。", ["他说：“我们走吧。”", "然后离开了。"]),
    ("会议强调（详见附件。）下一步怎么做？要抓落实！",
     ["会议强调（详见附件。）", "下一步怎么做？", "要抓落实！"]),
    # a quote holding several sentences of dialogue is one unit until it closes
    ("他说：“我们走吧。你来吗？天黑了！”大家都笑了。", ["他说：“我们走吧。你来吗？天黑了！”", "大家都笑了。"]),
    ("「好。」『行！』", ["「好。」", "『行！』"]),
    # a quote without a sentence end inside does not cut
    ("要深刻领悟“两个确立”的决定性意义。会议强调要坚持。", ["要深刻领悟“两个确立”的决定性意义。", "会议强调要坚持。"]),
    ("真的吗？！是的……我知道。", ["真的吗？！", "是的……", "我知道。"]),
    # Latin inside Chinese: decimals, versions and URLs do not end a sentence
    ("部署Python 3.13，详见https://www.example.gov.cn/a.html。增长16.4%。",
     ["部署Python 3.13，详见https://www.example.gov.cn/a.html。", "增长16.4%。"]),
    # English: abbreviations, initials, numbers
    ("Mr. Smith met Dr. J. K. Rowling at 3.5 p.m. today. See No. 3 and e.g. the U.S. report.",
     ["Mr. Smith met Dr. J. K. Rowling at 3.5 p.m. today.", "See No. 3 and e.g. the U.S. report."]),
    ("He said no. Then he left.", ["He said no.", "Then he left."]),
    ('He said "Go now." Then he left. "Go," she said.', ['He said "Go now."', "Then he left.", '"Go," she said.']),
    ("Is it? Yes! Version 2.0 ships in Jan. and Feb. only.",
     ["Is it?", "Yes!", "Version 2.0 ships in Jan. and Feb. only."]),
    ("Wait... what happened?", ["Wait... what happened?"]),
    # a quote that never closes falls back to cutting at every sentence end
    ("他说：“走吧。没有结束。", ["他说：“走吧。", "没有结束。"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def _doc(*blocks: Block) -> Document:
    return Document(blocks=list(blocks), source_name="t.txt")


def test_titles_headings_and_signoffs_are_units_of_their_own() -> None:
    doc = _doc(Block("title", "标题。副标题！"), Block("heading", "一、总体要求。二", level=1),
               Block("paragraph", "第一句。第二句。"), Block("signoff", "国务院办公厅。2025年"))
    units = segment(doc)
    assert [(u.kind, u.source) for u in units] == [
        ("title", "标题。副标题！"), ("heading", "一、总体要求。二"), ("paragraph", "第一句。"),
        ("paragraph", "第二句。"), ("signoff", "国务院办公厅。2025年")]
    assert [u.note for u in units] == [
        "block 1, title", "block 2, heading level 1", "block 3, paragraph, sentence 1 of 2",
        "block 3, paragraph, sentence 2 of 2", "block 4, signoff"]


def test_units_cover_every_block_and_ids_are_unique() -> None:
    doc = Document.from_json((MODELS / "sample.json").read_text(encoding="utf-8"))
    units = segment(doc)
    assert len({u.id for u in units}) == len(units)
    for n, block in enumerate(doc.blocks):
        pieces = [u.source for u in units if u.block == n]
        assert "".join("".join(pieces).split()) == "".join(block.text.split())


def test_identical_blocks_get_distinct_ids() -> None:
    doc = _doc(Block("paragraph", "同意。"), Block("paragraph", "不同。"), Block("paragraph", "同意。"))
    ids = [u.id for u in segment(doc)]
    assert len(set(ids)) == 3
    assert ids[2] == ids[0].replace(".1", "_2.1")


def test_exporting_the_seed_twice_gives_identical_files(tmp_path: Path) -> None:
    runner = CliRunner()
    for fmt in ("xliff", "po", "xliff2"):
        outputs = []
        for n in range(2):
            out = tmp_path / f"{fmt}-{n}"
            result = runner.invoke(cli, ["segments", "export", str(SEED), "--format", fmt, "-o", str(out)])
            assert result.exit_code == 0, result.output
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1]
        assert len(outputs[0]) > 1000


def test_editing_one_paragraph_changes_only_its_unit_ids() -> None:
    doc = Document.from_json((MODELS / "seed.json").read_text(encoding="utf-8"))
    before = segment(doc)
    edited_block = 3
    blocks = list(doc.blocks)
    blocks[edited_block] = replace(blocks[edited_block], text=blocks[edited_block].text.replace("会议", "大会", 1))
    after = segment(replace(doc, blocks=blocks))
    unchanged = [u.id for u in before if u.block != edited_block]
    assert [u.id for u in after if u.block != edited_block] == unchanged
    old = {u.id for u in before if u.block == edited_block}
    new = {u.id for u in after if u.block == edited_block}
    assert old and new and not old & new


def test_inserting_a_block_keeps_every_other_id() -> None:
    doc = Document.from_json((MODELS / "seed.json").read_text(encoding="utf-8"))
    before = [u.id for u in segment(doc)]
    inserted = replace(doc, blocks=[*doc.blocks[:2], Block("paragraph", "新增的一段。"), *doc.blocks[2:]])
    after = [u.id for u in segment(inserted)]
    added = set(after) - set(before)
    assert len(added) == 1
    assert [i for i in after if i not in added] == before


def test_exports_carry_languages_and_notes() -> None:
    doc = Document.from_json((MODELS / "sample.json").read_text(encoding="utf-8"))
    units = segment(doc)
    text12 = xliff.write_xliff12(doc, units, "en").decode()
    assert 'source-language="zh-CN"' in text12 and 'target-language="en"' in text12
    assert f"<note from=\"pressline\">{units[2].note}</note>" in text12
    assert 'srcLang="zh-CN" trgLang="en"' in xliff.write_xliff2(doc, units, "en").decode()
    assert f"#. {units[2].note}\n" in po.write_po(doc, units, "en", "zh-CN").decode()


def test_stats_count_units_characters_words_and_repetitions() -> None:
    doc = _doc(Block("title", "教育工作会议"),
               Block("paragraph", "会议在北京召开。Python 3.13 ships. 会议在北京召开。"))
    figures = stats.compute(segment(doc))
    assert figures.total.units == 4 and figures.repeated.units == 1 and figures.new.units == 3
    assert figures.total.chinese_characters == 6 + 7 + 7
    assert figures.repeated.chinese_characters == 7
    assert figures.total.latin_words == 2
    assert figures.repeated.jieba_words == stats.counts("会议在北京召开。").jieba_words == 4
    assert figures.total.jieba_words == figures.new.jieba_words + 4


def test_stats_command(tmp_path: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["segments", "stats", str(SEED)])
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0].split() == ["total", "new", "repeated"]
    as_json = runner.invoke(cli, ["segments", "stats", str(SEED), "--json"])
    figures = json.loads(as_json.output)
    assert figures["total"]["units"] == figures["new"]["units"] + figures["repeated"]["units"] > 7
    assert figures["total"]["chinese_characters"] > 1000
