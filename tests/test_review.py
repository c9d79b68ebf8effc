"""The review page: every block, every change and every removed line on it; literal text; a clean render."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, SEED
from lxml import html as lxml_html

import pipeline
from pipeline import templates, writers
from pipeline.cli.app import cli
from pipeline.model import Block, Document, Metadata, SourceSpan
from pipeline.read.decode import decode
from pipeline.report import Change, Report
from pipeline.review.html import diff
from pipeline.review.page import review_page

CASES = [SEED, CORPUS / "dev-en-pep0602" / "raw.txt", CORPUS / "dev-luxun-shexi-seedstyle" / "raw.txt"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def review(path: Path, pdfs: list[Path] = ()) -> tuple[Document, str, bytes]:
    data = path.read_bytes()
    doc = pipeline.normalize(data, path=str(path))
    raw = decode(data).text
    return doc, raw, review_page(doc, raw, pdfs)


def parse(page: bytes) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(page.decode("utf-8"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.parent.name if p.name == "raw.txt" else "seed")
def test_every_block_change_and_source_line_is_on_the_page(path: Path) -> None:
    doc, raw, page = review(path)
    tree = parse(page)
    for block_id, block in zip(doc.block_ids(), doc.blocks):
        (element,) = tree.xpath(f'//*[@id="{block_id}"]')
        assert element.text_content() == block.text
        assert f"k-{block.kind}" in element.get("class")

    shown = tree.xpath("//*[@data-change]")
    assert sorted(int(e.get("data-change")) for e in shown) == list(range(len(doc.report.changes)))
    for element in shown:
        change = doc.report.changes[int(element.get("data-change"))]
        assert (element.get("data-pass"), element.get("data-action")) == (change.pass_name, change.action)
        assert change.pass_name in element.get("title")

    # the source side holds each non-blank input line once, in order
    numbers = [int(e.get("id")[1:]) for e in tree.xpath('//*[@id="blocks"]//div[contains(@class, "line")]')]
    expected = [n for n, line in enumerate(raw.split("\n"), start=1) if line.strip()]
    assert numbers == expected
    for n in numbers[:50]:
        (text,) = tree.xpath(f'//*[@id="L{n}"]/span[@class="text"]')
        assert text.text_content() == raw.split("\n")[n - 1].replace("\x0c", "␌")


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.parent.name if p.name == "raw.txt" else "seed")
def test_removed_lines_and_uncertain_boundaries_are_listed(path: Path) -> None:
    doc, _, page = review(path)
    tree = parse(page)
    rows = tree.xpath('//*[@id="removed"]//tbody/tr')
    listed = {int(r[0].text_content()): r[1].text_content() for r in rows}
    assert {n: t for n, t in listed.items() if n in doc.report.removed_lines} == doc.report.removed_lines
    for n in doc.report.removed_lines:
        assert "removed" in tree.xpath(f'//*[@id="L{n}"]')[0].get("class")

    uncertain = [i for i, c in enumerate(doc.report.changes) if c.action.startswith("uncertain")]
    links = tree.xpath('//*[@id="uncertain"]//ol/li/a/@href')
    assert links == [f"#c{i}" for i in uncertain]
    assert tree.xpath('//*[@id="uncertain"]/h2')[0].text_content() == f"To check ({len(uncertain)})"
    assert f"{len(uncertain)} to check" in tree.xpath('//*[@id="summary"]')[0].text_content()
    # the list comes before the blocks
    sections = [s.get("id") for s in tree.xpath("//main/section")]
    assert sections.index("uncertain") < sections.index("blocks")


def test_weak_boundaries_come_first_with_their_lines() -> None:
    raw = "A line that might go on\nor might not.\nA short line\n\nNext paragraph.\n"
    doc = Document(
        blocks=[Block("paragraph", "A line that might go on or might not. A short line", spans=(SourceSpan(1, 3),)),
                Block("paragraph", "Next paragraph.", spans=(SourceSpan(5, 5),))],
        report=Report(changes=[Change("unwrap", "uncertain-join", (1, 2), reason="line continues the paragraph"),
                               Change("unwrap", "join", (2, 3)),
                               Change("unwrap", "uncertain-break", (3, 5), reason="short line")]),
    )
    tree = parse(review_page(doc, raw))
    items = tree.xpath('//*[@id="uncertain"]//ol/li')
    assert [i.xpath("a/@href")[0] for i in items] == ["#c0", "#c2"]
    assert "joined" in items[0].text_content() and "A line that might go on" in items[0].text_content()
    assert "kept apart" in items[1].text_content() and "Next paragraph." in items[1].text_content()
    assert "2 to check" in tree.xpath('//*[@id="summary"]')[0].text_content()
    for index in (0, 2):
        mark = tree.xpath(f'//*[@id="c{index}"]')[0]
        assert "uncertain" in mark.get("class") and mark.xpath("ancestor::*[@id='blocks']")
    assert "uncertain" not in tree.xpath('//*[@id="c1"]')[0].get("class")


def test_seed_page_marker_and_summary() -> None:
    doc, _, page = review(SEED)
    tree = parse(page)
    (row,) = [r for r in tree.xpath('//*[@id="removed"]//tbody/tr') if r[0].text_content() == "35"]
    assert row[1].text_content() == "2 / 5"
    assert "page-markers" in row[2].text_content()
    facts = {d.findtext("dt"): d.find("dd").text_content() for d in tree.xpath('//dl[@class="facts"]/div')}
    assert facts["Encoding"] == "utf-8"
    assert facts["Line width"] == "56 columns"
    assert facts["Pages"] == "5"
    assert facts["Blocks"] == str(len(doc.blocks))
    assert facts["Changes"] == str(len(doc.report.changes))
    kinds = {(r[1].text_content(), r[2].text_content()): int(r[3].text_content())
             for r in tree.xpath('//table[@class="kinds"]/tbody/tr')}
    assert kinds[("unwrap", "join")] == sum(1 for c in doc.report.changes if c.action == "join")
    assert kinds[("page-markers", "remove-line")] == 1
    spacing = tree.xpath('//*[@data-pass="spacing"]')
    assert spacing and all(e.xpath(".//del") for e in spacing)


def test_markup_like_text_stays_literal() -> None:
    hostile = 'Looks like markup: <b>bold</b> &amp; ]]> <script>alert(1)</script> "quoted"'
    raw = f"<i>Title</i>\n\n{hostile}\n\x0cform feed\n2 / 5 <img src=x>\n"
    doc = Document(
        blocks=[Block("title", "<i>Title</i>", spans=(SourceSpan(1, 1),)),
                Block("paragraph", hostile + " form feed \ud800", spans=(SourceSpan(3, 4),))],
        metadata=Metadata(title="<i>Title</i>"),
        report=Report(changes=[Change("page-markers", "remove-line", (5,), before="2 / 5 <img src=x>",
                                     reason="<b>why</b>"),
                               Change("unwrap", "uncertain-join", (3, 4), before="</div>", after="<p>",
                                      reason="</li> & <ol>")],
                      removed_lines={5: "2 / 5 <img src=x>"}),
        source_name="<raw>.txt",
    )
    page = review_page(doc, raw)
    tree = parse(page)
    assert not tree.xpath("//script | //b[.='bold'] | //b[.='why'] | //i[.='Title'] | //body//img | //ol//ol")
    text = tree.text_content()
    for literal in (hostile, "<i>Title</i>", "2 / 5 <img src=x>", "<b>why</b>", "</li> & <ol>", "<raw>.txt"):
        assert literal in text
    assert "␌form feed" in text  # the form feed is shown, not swallowed
    assert "form feed \ufffd" in tree.xpath(f'//*[@id="{doc.block_ids()[1]}"]')[0].text_content()


def test_control_characters_and_warnings_are_listed() -> None:
    data = "第一段文字。\n\n第二段\x07有个响铃字符。\n".encode()
    doc = pipeline.normalize(data, path="bell.txt")
    doc.report.warn("pdf: no glyph for '\U00020bb7' <in> the body font", lines=(3,))
    tree = parse(review_page(doc, decode(data).text))
    (row,) = tree.xpath('//*[@id="removed"]//tbody/tr')
    assert row[0].text_content() == "3" and "decode: U+0007" in row[2].text_content()
    assert "removed U+0007" in tree.xpath('//*[@id="L3"]/following-sibling::*[1]')[0].text_content()
    (warning,) = tree.xpath('//ul[@class="warnings"]/li')
    assert warning.text_content() == "warning pdf: no glyph for '\U00020bb7' <in> the body font (line 3)"
    facts = {d.findtext("dt"): d.find("dd").text_content() for d in tree.xpath('//dl[@class="facts"]/div')}
    assert facts["Warnings"] == "1"


def test_diff_marks_what_changed() -> None:
    assert diff("un-|versioned", "unversioned") == "un<del>-|</del>versioned"
    assert diff("1 月", "1月") == "1<del>␣</del>月"
    assert diff("⼆⼗年", "二十年") == "<del>⼆⼗</del><ins>二十</ins>年"
    assert diff("a&b", "a<b") == "a<del>&amp;</del><ins>&lt;</ins>b"
    # excerpts cut to the same length: the tail only one side has is the cut, not an insertion
    assert diff("1 月 11 日，会议", "1月11日，会议在北京") == "1<del>␣</del>月<del>␣</del>11<del>␣</del>日，会议…"
    assert diff("end ", "end") == "end<del>␣</del>"


def test_same_input_same_bytes() -> None:
    assert review(SEED)[2] == review(SEED)[2]


def test_thumbnails_of_built_pdfs(tmp_path: Path) -> None:
    from PIL import Image

    doc = pipeline.normalize(SEED.read_bytes(), path=str(SEED))
    pdf = tmp_path / "seed.pdf"
    pdf.write_bytes(writers.get("pdf")(doc, templates.load("official"), writers.WriteOptions(source_date_epoch=0)))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    tree = parse(review(SEED, [pdf, broken])[2])
    images = tree.xpath('//div[@class="thumbs"]//img')
    assert len(images) == 2
    for n, image in enumerate(images, start=1):
        src = image.get("src")
        assert src.startswith("data:image/png;base64,")
        png = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
        assert png.width == 360 and png.height > png.width
        assert image.get("alt") == f"seed.pdf, page {n}"
    captions = [c.text_content() for c in tree.xpath('//div[@class="thumbs"]//figcaption')]
    assert re.fullmatch(r"seed\.pdf — \d+ page\(s\)", captions[0])
    assert captions[1].startswith("broken.pdf — cannot render")


def test_review_command(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "page.html"
    result = runner.invoke(cli, ["review", str(SEED), "-o", str(out), "--build-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert b"2 / 5" in out.read_bytes()
    default = runner.invoke(cli, ["review", str(SEED), "--build-dir", str(tmp_path / "b")])
    assert default.exit_code == 0, default.output
    assert (tmp_path / "b" / "education-work-conference-2024.review.html").read_bytes() == out.read_bytes()
    stdout = runner.invoke(cli, ["review", str(SEED), "-o", "-", "--build-dir", str(tmp_path)])
    assert stdout.stdout_bytes == out.read_bytes()


# --- rendered in a real browser ------------------------------------------------------------------------------------

def chromium(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def test_console_errors_are_detected(tmp_path: Path) -> None:
    """The check below can fail: a script error and a blocked network load both show up."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="img-src data:">'
                    '<img src="https://example.invalid/x.png"><script>missing()</script>', encoding="utf-8")
    result = chromium(page, tmp_path, f"--screenshot={tmp_path / 'bad.png'}", "--window-size=400,300")
    errors = console_errors(result.stderr)
    assert any("Uncaught" in e for e in errors)
    assert any("example.invalid" in e for e in errors)


@pytest.mark.parametrize("size", ["1280,2000", "390,2400"], ids=["desktop", "phone"])
def test_renders_in_chromium_without_console_errors(size: str, tmp_path: Path) -> None:
    from PIL import Image

    doc = pipeline.normalize(SEED.read_bytes(), path=str(SEED))
    pdf = tmp_path / "seed.pdf"
    pdf.write_bytes(writers.get("pdf")(doc, templates.load("official"), writers.WriteOptions(source_date_epoch=0)))
    page = tmp_path / "seed.review.html"
    page.write_bytes(review(SEED, [pdf])[2])
    shot = tmp_path / "shot.png"
    result = chromium(page, tmp_path, f"--screenshot={shot}", f"--window-size={size}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_errors(result.stderr) == []
    image = Image.open(shot)
    assert image.size == tuple(int(x) for x in size.split(","))
    # not a blank page: text in the top half (a blank render has no dark pixels at all)
    gray = image.convert("L").crop((0, 0, image.width, image.height // 2))
    assert sum(gray.histogram()[:128]) > 0.005 * gray.width * gray.height


def test_browser_sees_every_block(tmp_path: Path) -> None:
    doc, _, html_bytes = review(CORPUS / "dev-en-pep0602" / "raw.txt")
    page = tmp_path / "pep.review.html"
    page.write_bytes(html_bytes)
    result = chromium(page, tmp_path, "--dump-dom")
    assert console_errors(result.stderr) == []
    tree = lxml_html.document_fromstring(result.stdout)
    for block_id, block in zip(doc.block_ids(), doc.blocks):
        assert tree.xpath(f'//*[@id="{block_id}"]')[0].text_content() == block.text
