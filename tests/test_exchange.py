"""Exchange formats: export, read back by independent parsers, fill, import, TMX, hostile XML."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from lxml import etree
from translate.storage import tmx as tt_tmx
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2

from pipeline.bilingual import load, po, safexml, xliff
from pipeline.bilingual.segments import Unit, segment
from pipeline.cli.app import cli
from pipeline.errors import TranslationError
from pipeline.model import Document
from pipeline.report import Report

MODELS = Path(__file__).parent / "fixtures" / "models"
NS12 = {"x": xliff.NS12}
NS2 = {"x": xliff.NS2}
SUFFIX = {"xliff": ".xlf", "po": ".po", "xliff2": ".xliff"}


def english(unit: Unit) -> str:
    """A recognisable stand-in translation: unique per unit, markup-like text kept in it."""
    return f"EN[{unit.id}] <i>&amp;</i>"


@pytest.fixture(scope="module")
def sample() -> Document:
    return Document.from_json((MODELS / "sample.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> Document:
    return Document.from_json((MODELS / "seed.json").read_text(encoding="utf-8"))


def export(doc: Document, fmt: str) -> bytes:
    units = segment(doc)
    if fmt == "po":
        return po.write_po(doc, units, "en", "zh-CN")
    return (xliff.write_xliff2 if fmt == "xliff2" else xliff.write_xliff12)(doc, units, "en")


def fill(fmt: str, data: bytes, translate: Callable[[str, str], str | None],
         state: Callable[[str], str | None] = lambda uid: None) -> bytes:
    """Fill every target the way a CAT tool would: `translate(id, source)` gives the text (None: leave empty)."""
    if fmt == "po":
        catalog = polib.pofile(data.decode("utf-8"))
        for entry in catalog:
            entry.msgstr = translate(entry.msgctxt, entry.msgid) or ""
            if state(entry.msgctxt) == "fuzzy":
                entry.flags.append("fuzzy")
        return str(catalog).encode("utf-8")  # polib wraps long lines: the reader must join them
    root = etree.fromstring(data)
    if fmt == "xliff":
        for element in root.iterfind(".//x:trans-unit", NS12):
            text = translate(element.get("id"), element.findtext("x:source", namespaces=NS12))
            if text is not None:
                target = etree.Element(f"{{{xliff.NS12}}}target")
                target.text = text
                if state(element.get("id")):
                    target.set("state", state(element.get("id")))
                element.find("x:source", NS12).addnext(target)
    else:
        for element in root.iterfind(".//x:unit", NS2):
            segment_ = element.find("x:segment", NS2)
            text = translate(element.get("id"), segment_.findtext("x:source", namespaces=NS2))
            if text is not None:
                etree.SubElement(segment_, f"{{{xliff.NS2}}}target").text = text
                segment_.set("state", state(element.get("id")) or "translated")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def filled_file(tmp_path: Path, doc: Document, fmt: str, **kwargs: Callable) -> Path:
    units = {u.id: u for u in segment(doc)}
    translate = kwargs.pop("translate", lambda uid, source: english(units[uid]))
    path = tmp_path / f"doc.en{SUFFIX[fmt]}"
    path.write_bytes(fill(fmt, export(doc, fmt), translate, **kwargs))
    return path


# --- independent parsers read the exports with the same units ---------------------------------------------

def test_translate_toolkit_reads_xliff12(sample: Document) -> None:
    store = tt_xliff.xlifffile.parsestring(export(sample, "xliff"))
    units = segment(sample)
    assert [(u.xmlelement.get("id"), u.source, u.getnotes()) for u in store.units] == \
        [(u.id, u.source, u.note) for u in units]
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("zh-CN", "en")
    assert any("<b>bold</b> &amp; <font" in u.source and "]]>" in u.source for u in store.units)


def test_translate_toolkit_reads_xliff21(sample: Document) -> None:
    data = export(sample, "xliff2")
    store = tt_xliff2.Xliff2File.parsestring(data)
    assert [(u.getid(), u.source) for u in store.units] == [(u.id, u.source) for u in segment(sample)]
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("zh-CN", "en")
    root = etree.fromstring(data)
    assert root.get("version") == "2.1"
    notes = [n.text for n in root.iterfind(".//x:unit/x:notes/x:note", NS2)]
    assert notes == [u.note for u in segment(sample)]


def test_polib_reads_po(sample: Document) -> None:
    catalog = polib.pofile(export(sample, "po").decode("utf-8"))
    assert [(e.msgctxt, e.msgid, e.comment) for e in catalog] == [(u.id, u.source, u.note) for u in segment(sample)]
    assert catalog.metadata["Language"] == "en"
    assert catalog.metadata["X-Source-Language"] == "zh-CN"
    assert catalog[0].occurrences == [("sample.txt", "1")]


# --- filled and imported -------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["xliff", "po", "xliff2"])
def test_round_trip_gives_every_unit_its_target(tmp_path: Path, seed: Document, fmt: str) -> None:
    path = filled_file(tmp_path, seed, fmt)
    report = Report()
    translation = load.read_translation(seed, path, report)
    units = segment(seed)
    assert [(p.id, p.target) for p in translation.pairs] == [(u.id, english(u)) for u in units]
    assert translation.missing == [] and report.warnings == [] and translation.language == "en"
    texts = load.load_translation(seed, path)
    for bid, n in zip(seed.block_ids(), range(len(seed.blocks))):
        assert texts[bid] == " ".join(english(u) for u in units if u.block == n)


@pytest.mark.parametrize("fmt", ["xliff", "po", "xliff2"])
def test_missing_units_leave_blank_slots_and_are_listed(tmp_path: Path, sample: Document, fmt: str) -> None:
    units = segment(sample)
    skipped = {units[0].id, units[3].id}
    path = filled_file(tmp_path, sample, fmt,
                       translate=lambda uid, source: None if uid in skipped else f"T {uid}")
    report = Report()
    texts = load.load_translation(sample, path, report)
    assert sample.block_ids()[0] not in texts
    assert texts[sample.block_ids()[units[3].block]] == f"T {units[2].id}"  # block 3's other unit
    [warning] = report.warnings
    assert warning.message.startswith("2 unit(s) without a translation")
    assert all(uid in warning.message for uid in skipped)


@pytest.mark.parametrize("fmt", ["xliff", "po", "xliff2"])
def test_review_states_stay_visible(tmp_path: Path, sample: Document, fmt: str) -> None:
    units = segment(sample)
    flagged = units[1].id
    state = {"xliff": "needs-review-translation", "po": "fuzzy", "xliff2": "initial"}[fmt]
    path = filled_file(tmp_path, sample, fmt, state=lambda uid: state if uid == flagged else None)
    report = Report()
    texts = load.load_translation(sample, path, report)
    assert texts[sample.block_ids()[1]] == load.REVIEW_MARKER + english(units[1])
    assert texts[sample.block_ids()[0]] == english(units[0])
    assert any("need review" in w.message and flagged in w.message for w in report.warnings)
    assert load.load_translation(sample, path, marker="[?] ")[sample.block_ids()[1]].startswith("[?] EN[")


@pytest.mark.parametrize("fmt", ["xliff", "po", "xliff2"])
def test_an_unknown_unit_is_an_error_naming_it(tmp_path: Path, sample: Document, seed: Document, fmt: str) -> None:
    path = filled_file(tmp_path, seed, fmt)
    with pytest.raises(TranslationError, match=segment(seed)[0].id) as caught:
        load.read_translation(sample, path)
    assert caught.value.path == str(path) and caught.value.line


@pytest.mark.parametrize("fmt", ["xliff", "po", "xliff2"])
def test_a_changed_source_text_is_an_error_naming_the_unit(tmp_path: Path, sample: Document, fmt: str) -> None:
    path = tmp_path / f"changed{SUFFIX[fmt]}"
    unit = segment(sample)[4]
    data = export(sample, fmt).decode("utf-8").replace(unit.source, unit.source.replace("提高", "加强"))
    path.write_text(data, encoding="utf-8")
    with pytest.raises(TranslationError, match=rf"unit '{unit.id}': source text '一、加强思想认识'"):
        load.read_translation(sample, path)


def plain_translation(doc: Document, count: int | None = None) -> str:
    """A paragraph-aligned translation: "Notice", "To all:", then "Block n" (`count` blocks, default all)."""
    texts = ["Notice", "To all:", *(f"Block {n}" for n in range(3, len(doc.blocks) + 1))]
    return "\n\n".join(texts[:count]) + "\n"


def test_plain_text_translations_still_work(tmp_path: Path, sample: Document) -> None:
    path = tmp_path / "sample.en.txt"
    path.write_text(plain_translation(sample), encoding="utf-8")
    report = Report()
    translation = load.read_translation(sample, path, report)
    assert [(p.id, p.target, p.source) for p in translation.pairs][:2] == [
        (sample.block_ids()[0], "Notice", sample.blocks[0].text), (sample.block_ids()[1], "To all:",
                                                                   sample.blocks[1].text)]
    assert [p.target for p in translation.pairs][-1] == f"Block {len(sample.blocks)}"
    assert translation.segtype == "paragraph" and translation.language == "en"
    assert not report.warnings and not translation.missing


@pytest.mark.parametrize("delta", [-1, -5, 1], ids=["one-missing", "five-missing", "one-extra"])
def test_a_plain_text_translation_with_another_block_count_is_an_error(
        tmp_path: Path, sample: Document, delta: int) -> None:
    """Failed before: with a block missing, every later block got the next block's translation (a warning
    about the last block only)."""
    path = tmp_path / "sample.en.txt"
    count = len(sample.blocks) + delta
    text = plain_translation(sample, count) if delta < 0 else plain_translation(sample) + "\nExtra\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TranslationError) as caught:
        load.read_translation(sample, path, Report())
    message = str(caught.value)
    assert f"translation has {count} blocks but the document has {len(sample.blocks)}" in message
    assert "XLIFF or PO" in message


def test_an_unknown_suffix_is_refused(tmp_path: Path, sample: Document) -> None:
    path = tmp_path / "sample.en.docx"
    path.write_bytes(b"PK")
    with pytest.raises(TranslationError, match="unknown translation format"):
        load.read_translation(sample, path)


def test_candidates_beside_a_document(tmp_path: Path) -> None:
    for name in ("doc.txt", "doc.en.xlf", "doc.fr.po", "doc.zh-Hant.txt", "doc.en.xliff", "doc.toml",
                 "other.en.xlf", "doc.en.tmx"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [p.name for p in load.candidates(tmp_path, "doc")] == [
        "doc.en.xlf", "doc.en.xliff", "doc.fr.po", "doc.zh-Hant.txt"]


# --- hostile and malformed XML --------------------------------------------------------------------------------

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="zh-CN"
target-language="en" datatype="plaintext" original="x"><body><trans-unit id="a"><source>x</source>
<target>&secret;</target></trans-unit></body></file></xliff>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">""" + b"".join(
    b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10) for n in range(1, 10)
) + b"""]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file><body><trans-unit id="a">
<source>&lol9;</source></trans-unit></body></file></xliff>"""


@pytest.mark.parametrize("data", [XXE, LAUGHS, XXE.decode().replace('encoding="UTF-8"', "").encode("utf-16")],
                         ids=["external-entity", "billion-laughs", "utf-16-external-entity"])
def test_hostile_xliff_is_refused_without_expansion(tmp_path: Path, sample: Document, data: bytes) -> None:
    path = tmp_path / "hostile.xlf"
    path.write_bytes(data)
    with pytest.raises(TranslationError, match="not accepted") as caught:
        load.read_translation(sample, path)
    assert "root:" not in str(caught.value) and "lollol" not in str(caught.value)


@pytest.mark.parametrize("data", [XXE, LAUGHS], ids=["external-entity", "billion-laughs"])
def test_the_parser_alone_expands_no_entity(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """Second line of defence: with the declaration scan switched off, lxml still expands nothing."""
    monkeypatch.setattr(safexml, "_DECLARATION", re.compile(rb"(?!)"))
    with pytest.raises(TranslationError) as caught:
        safexml.parse(data)
    assert "root:" not in str(caught.value) and "lollol" not in str(caught.value)


def test_a_lower_case_declaration_is_caught_too() -> None:
    with pytest.raises(TranslationError, match="not accepted"):
        safexml.parse(LAUGHS.replace(b"<!DOCTYPE", b"<!doctype"))


def test_oversized_and_malformed_xml_are_refused() -> None:
    with pytest.raises(TranslationError, match="larger than 100 bytes"):
        safexml.parse(b"<xliff>" + b" " * 200 + b"</xliff>", max_bytes=100)
    with pytest.raises(TranslationError, match="not well-formed") as caught:
        safexml.parse(b"<xliff>\n<file>\n</xliff>", path="bad.xlf")
    assert caught.value.line == 3
    with pytest.raises(TranslationError, match="not an XLIFF file"):
        xliff.read(b"<tmx version='1.4'/>")


def test_characters_xml_cannot_carry_are_named() -> None:
    doc = Document.from_dict({"blocks": [{"kind": "paragraph", "text": "控制\x0b字符。"}]})
    with pytest.raises(TranslationError, match=r"U\+000B"):
        xliff.write_xliff12(doc, segment(doc), "en")


# --- TMX and the command line ---------------------------------------------------------------------------------

def test_tmx_from_an_xliff_translation_reads_back(tmp_path: Path, sample: Document) -> None:
    model = tmp_path / "sample.json"
    model.write_text(sample.to_json(), encoding="utf-8")
    units = segment(sample)
    translation = filled_file(tmp_path, sample, "xliff", translate=lambda uid, source: None if uid == units[2].id
                              else english({u.id: u for u in units}[uid]))
    out = tmp_path / "sample.tmx"
    result = CliRunner().invoke(cli, ["segments", "tmx", str(model), "--translation", str(translation), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"1 unit(s) without a translation: {units[2].id}" in result.output
    store = tt_tmx.tmxfile.parsestring(out.read_bytes())
    assert [(u.getid(), u.source, u.target) for u in store.units] == [
        (u.id, u.source, english(u)) for u in units if u.id != units[2].id]
    root = etree.fromstring(out.read_bytes())
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert (header.get("srclang"), header.get("segtype"), header.get("creationtool")) == ("zh-CN", "sentence",
                                                                                         "Pressline")
    langs = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in root.iter("tuv")}
    assert langs == {"zh-CN", "en"}


def test_tmx_from_plain_text_pairs_paragraphs(tmp_path: Path, sample: Document) -> None:
    model = tmp_path / "sample.json"
    model.write_text(sample.to_json(), encoding="utf-8")
    (tmp_path / "sample.en.txt").write_text(plain_translation(sample), encoding="utf-8")
    result = CliRunner().invoke(cli, ["segments", "tmx", str(model), "--translation", str(tmp_path / "sample.en.txt")])
    assert result.exit_code == 0, result.output
    store = tt_tmx.tmxfile.parsestring(result.stdout.encode("utf-8"))
    assert [(u.source, u.target) for u in store.units][:2] == [(sample.blocks[0].text, "Notice"),
                                                               (sample.blocks[1].text, "To all:")]
    assert len(store.units) == len(sample.blocks)
    assert 'segtype="paragraph"' in result.stdout


def test_export_command_writes_every_format(tmp_path: Path, sample: Document) -> None:
    model = tmp_path / "sample.json"
    model.write_text(sample.to_json(), encoding="utf-8")
    runner = CliRunner()
    stdout = runner.invoke(cli, ["segments", "export", str(model)])
    assert stdout.exit_code == 0 and 'version="1.2"' in stdout.stdout
    out = tmp_path / "out.po"
    result = runner.invoke(cli, ["segments", "export", str(model), "--format", "po", "--target-lang", "fr",
                                 "-o", str(out)])
    assert result.exit_code == 0 and polib.pofile(str(out)).metadata["Language"] == "fr"


def test_import_errors_are_one_line_cli_errors(tmp_path: Path, sample: Document) -> None:
    model = tmp_path / "sample.json"
    model.write_text(sample.to_json(), encoding="utf-8")
    hostile = tmp_path / "hostile.xlf"
    hostile.write_bytes(XXE)
    result = CliRunner().invoke(cli, ["segments", "tmx", str(model), "--translation", str(hostile)])
    assert result.exit_code == 1
    assert result.output.startswith(f"pressline: error: {hostile}: document type declarations")
