"""Pressline against pandoc, LibreOffice and calibre: whole-process wall time, peak memory, pages per second.

Builds its own deterministic inputs under build/bench/ (the seed, a 300-page book made of the seed's
paragraphs with a heading every ten paragraphs, a tenth of that book, the raw seed repeated to book size,
and 100 seed-sized documents), then runs every command of one input in turn, round after round, so that
whatever else the machine is doing falls on all of them alike. Prints markdown tables and the targets.

It also builds single paragraphs of 10k, 100k and 1M characters without a line break (the curve: time
per character beyond a one-line document's) and the 1.8-million-character paragraph of issue 17, and
times `normalize` inside one process as well as whole.

    python bench/run.py                 # everything (about 15 minutes with every peer installed)
    python bench/run.py --runs 3 --only seed,book
    python bench/run.py --only line,para10k,para100k,para1m,huge
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "education-work-conference-2024.txt"
WORK = ROOT / "build" / "bench"
FORMATS = ("docx", "pdf", "epub")
BOOK_CHARS = 250_000
HEADING_EVERY = 10
BATCH_SIZE = 100
EPOCH = "1704067200"
# one paragraph with no line break, as some extractors emit a whole document: key -> characters
PARAGRAPHS = {"para10k": 10_000, "para100k": 100_000, "para1m": 1_000_000, "huge": 1_800_000}
LONG = ("line", *PARAGRAPHS)
CHAPTER_TOPICS = ("教育强国建设", "高质量教育体系", "立德树人", "高等教育龙头作用", "基础教育基点",
                  "职业教育适应性", "教育数字化", "教育对外开放", "教师队伍建设")


# ---------------------------------------------------------------- inputs

@dataclass(frozen=True)
class Input:
    """One benchmark input: what Pressline reads (`txt`, a file or a folder) and what the peers read (`md`)."""

    key: str
    label: str
    txt: Path
    md: list[Path]
    chars: int


def chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    tens, units = divmod(n, 10)
    if tens == 0:
        return digits[units]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")


def seed_parts() -> tuple[str, list[str]]:
    """The seed's title and paragraphs, as Pressline reads them."""
    import pipeline

    doc = pipeline.normalize(SEED.read_bytes(), path=str(SEED))
    title = next(b.text for b in doc.blocks if b.kind == "title")
    return title, [b.text for b in doc.blocks if b.kind == "paragraph"]


def book_blocks(title: str, paragraphs: list[str]) -> list[tuple[str, str]]:
    """(kind, text) blocks: the seed's paragraphs repeated to BOOK_CHARS, a chapter heading every ten."""
    blocks = [("title", f"{title}（汇编）")]
    chars, n = 0, 0
    while chars < BOOK_CHARS:
        if n % HEADING_EVERY == 0:
            chapter = n // HEADING_EVERY + 1
            topic = CHAPTER_TOPICS[chapter % len(CHAPTER_TOPICS)]
            blocks.append(("heading", f"第{chinese_number(chapter)}章　{topic}"))
        text = paragraphs[n % len(paragraphs)]
        blocks.append(("paragraph", text))
        chars += len(text)
        n += 1
    return blocks


def write_pair(base: Path, blocks: list[tuple[str, str]]) -> tuple[Path, Path]:
    """The same blocks as Pressline's plain text and as markdown for the peers (headings marked)."""
    marks = {"title": "# ", "heading": "## ", "paragraph": ""}
    txt, md = base.with_suffix(".txt"), base.with_suffix(".md")
    txt.write_text("\n\n".join(text for _, text in blocks) + "\n", encoding="utf-8")
    md.write_text("\n\n".join(marks[kind] + text for kind, text in blocks) + "\n", encoding="utf-8")
    return txt, md


def make_inputs(work: Path) -> dict[str, Input]:
    src = work / "in"
    if src.exists():
        shutil.rmtree(src)
    (src / "batch").mkdir(parents=True)
    (src / "batch-md").mkdir()
    title, paragraphs = seed_parts()
    inputs: dict[str, Input] = {}

    seed_txt = src / "seed.txt"
    shutil.copyfile(SEED, seed_txt)
    _, seed_md = write_pair(src / "seed-clean", [("title", title)] + [("paragraph", p) for p in paragraphs])
    raw = SEED.read_text(encoding="utf-8")
    inputs["seed"] = Input("seed", "the seed", seed_txt, [seed_md], len(raw))

    book = book_blocks(title, paragraphs)
    book_txt, book_md = write_pair(src / "book", book)
    inputs["book"] = Input("book", "300-page book", book_txt, [book_md], len(book_txt.read_text("utf-8")))
    tenth_txt, tenth_md = write_pair(src / "book-tenth", book[: len(book) // 10])
    inputs["tenth"] = Input("tenth", "a tenth of the book", tenth_txt, [tenth_md],
                            len(tenth_txt.read_text("utf-8")))

    copies = -(-BOOK_CHARS // len(raw))
    raw_book = src / "raw-book.txt"
    raw_book.write_text("\f".join([raw] * copies), encoding="utf-8")
    inputs["raw"] = Input("raw", f"raw seed ×{copies}", raw_book, [], copies * len(raw))

    first, rest = raw.split("\n", 1)
    mds = []
    for i in range(1, BATCH_SIZE + 1):
        (src / "batch" / f"doc-{i:03d}.txt").write_text(f"{first}（第{i}期）\n{rest}", encoding="utf-8")
        blocks = [("title", f"{title}（第{i}期）")] + [("paragraph", p) for p in paragraphs]
        mds.append(write_pair(src / "batch-md" / f"doc-{i:03d}", blocks)[1])
        (src / "batch-md" / f"doc-{i:03d}.txt").unlink()
    inputs["batch"] = Input("batch", f"{BATCH_SIZE} seed-sized documents", src / "batch", mds,
                            BATCH_SIZE * len(raw))

    joined = "".join(paragraphs)
    # the start-up, and the dictionary entries and glyphs of the text loaded once: the seed's paragraphs as one
    line = src / "line.txt"
    line.write_text(joined + "\n", encoding="utf-8")
    inputs["line"] = Input("line", "the seed's paragraphs as one (start-up and first use)", line, [], len(joined))
    for key, chars in PARAGRAPHS.items():
        path = src / f"{key}.txt"
        path.write_text((joined * (chars // len(joined) + 1))[:chars] + "\n", encoding="utf-8")
        label = f"one paragraph of {chars:,} characters, no line break"
        inputs[key] = Input(key, label, path, [], chars)
    return inputs


# ---------------------------------------------------------------- commands

@dataclass
class Row:
    """One measured line: a tool doing one job, possibly as several processes run one after another."""

    tool: str
    job: str
    commands: list[list[str]]
    pressline: bool = False
    reports_seconds: bool = False  # the process prints the seconds to count (in-process timing)
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the processes, per run
    rss_kb: int = 0
    error: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def pressline_command() -> list[str]:
    script = Path(sys.executable).parent / "pressline"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]


def build_flags() -> set[str]:
    """The options of `pressline build` this checkout has (`--jobs`, `--force`)."""
    out = subprocess.run(pressline_command() + ["build", "--help"], capture_output=True, text=True, cwd=ROOT)
    return {flag for flag in ("--jobs", "--force") if flag in out.stdout}


def peers() -> dict[str, str | None]:
    return {"pandoc": shutil.which("pandoc"),
            "libreoffice": shutil.which("soffice") or shutil.which("libreoffice"),
            "calibre": shutil.which("ebook-convert")}


def pressline_rows(inp: Input, out: Path, flags: set[str]) -> list[Row]:
    pl = pressline_command()
    rows = []
    jobs = "--jobs" in flags
    # every run rebuilds (builds are incremental); a single document is one process
    build = pl + ["build", "-q", str(inp.txt)] + (["--force"] if "--force" in flags else [])
    if inp.key == "batch":
        job = "docx+pdf+epub" + (", --jobs 2" if jobs else ", one process (no --jobs)")
        build += ["--jobs", "2"] if jobs else []
        return [Row("pressline", job, [build + ["-o", str(out / "all"), "--formats", "docx,pdf,epub"]], True)]
    build += ["--jobs", "1"] if jobs else []
    if inp.key in LONG:
        return [Row("pressline", "docx+pdf+epub", [build + ["-o", str(out / "all"), "--formats", ",".join(FORMATS)]],
                    pressline=True)]
    if inp.key != "raw":
        rows.append(Row("pressline", "docx+pdf+epub",
                        [build + ["-o", str(out / "all"), "--formats", ",".join(FORMATS)]], pressline=True))
        if inp.key != "tenth":
            for fmt in FORMATS:
                rows.append(Row("pressline", f"{fmt} alone", [build + ["-o", str(out / fmt), "--formats", fmt]],
                                pressline=True))
    rows.append(Row("pressline", "normalize alone",
                    [pl + ["normalize", str(inp.txt), "-o", str(out / "normalized.txt")]], pressline=True))
    rows.append(Row("pressline", "normalize in-process", [[sys.executable, "-c", IN_PROCESS, str(inp.txt)]],
                    pressline=True, reports_seconds=True))
    return rows


# the median of five `normalize` calls in one warm process (imports, dictionary and caches loaded once)
IN_PROCESS = """
import statistics, sys, time
import pipeline
data = open(sys.argv[1], "rb").read()
pipeline.normalize(data, path=sys.argv[1])
times = []
for _ in range(5):
    began = time.perf_counter()
    pipeline.normalize(data, path=sys.argv[1])
    times.append(time.perf_counter() - began)
print(statistics.median(times))
"""


def peer_rows(inp: Input, out: Path, found: dict[str, str | None], skip: set[str] = frozenset()) -> list[Row]:
    if not inp.md or inp.key in ("tenth", *LONG):
        return []
    rows = []
    pandoc, soffice, calibre = (None if f"{name}:{inp.key}" in skip else found[name]
                                for name in ("pandoc", "libreoffice", "calibre"))
    if pandoc:
        for fmt in ("docx", "epub"):
            rows.append(Row("pandoc", fmt, [[pandoc, str(md), "-f", "markdown", "-o", str(out / f"{md.stem}.{fmt}"),
                                             "--metadata", f"title={md.stem}"] for md in inp.md]))
    if soffice and pandoc and inp.key != "batch":
        profile = (WORK / "lo-profile").as_uri()
        rows.append(Row("libreoffice", "docx → pdf (pandoc's docx)",
                        [[soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                          "--outdir", str(out / "lo"), str(out / f"{md.stem}.docx")] for md in inp.md]))
    if calibre:
        for fmt in ("docx", "epub") if inp.key == "batch" else ("docx", "epub", "pdf"):
            rows.append(Row("calibre", fmt, [[calibre, str(md), str(out / "calibre" / f"{md.stem}.{fmt}")]
                                             for md in inp.md]))
    return rows


# ---------------------------------------------------------------- measuring

def run_once(row: Row, env: dict[str, str]) -> None:
    """Run the row's processes one after another; wall time of all, peak RSS of the largest (children included)."""
    started = time.perf_counter()
    peak = 0
    reported = 0.0
    cpu = 0.0
    for command in row.commands:
        with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
            proc = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                    stdout=out if row.reports_seconds else subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                err.seek(0)
                row.error = f"exit {proc.returncode}: {err.read().decode('utf-8', 'replace').strip()[-300:]}"
                return
            if row.reports_seconds:
                out.seek(0)
                reported += float(out.read().split()[-1])
        peak = max(peak, usage.ru_maxrss)
        cpu += usage.ru_utime + usage.ru_stime
    row.times.append(reported if row.reports_seconds else time.perf_counter() - started)
    row.cpu.append(cpu)
    row.rss_kb = max(row.rss_kb, peak)


def measure(rows: list[Row], runs: int, budget: float, env: dict[str, str], warm_up: bool = True) -> None:
    """One untimed warm-up each, then `runs` rounds in turn; a row stops early once it has used its budget."""
    for row in rows if warm_up else ():
        run_once(row, env)
        row.times.clear()
        row.cpu.clear()
    for _ in range(runs):
        for row in rows:
            if not row.error and (not row.times or sum(row.times) + row.times[-1] <= budget):
                run_once(row, env)


def count_pages(folder: Path) -> int:
    """Pages of every PDF under `folder`, from the page tree's /Count (the writer does not compress it)."""
    total = 0
    for pdf in folder.rglob("*.pdf"):
        counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf.read_bytes())]
        counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf.read_bytes())]
        total += max(counts, default=0)
    return total


# ---------------------------------------------------------------- reporting

def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def table(inp: Input, rows: list[Row], pages: int, reference: Row | None) -> str:
    lines = [f"### {inp.label} — {inp.chars:,} characters, {pages} pages (Pressline's PDF)", "",
             "| tool | job | median of runs | CPU (median) | peak RSS | pages/s | Pressline all / this |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        if row.error:
            lines.append(f"| {row.tool} | {row.job} | failed: {row.error.splitlines()[-1][:80]} | | | | |")
            continue
        median = row.median
        rate = f"{pages / median:.1f}" if median and pages else "—"
        if row.job.startswith("normalize") and median:
            rate += f" ({inp.txt.stat().st_size / median / 1e6:.2f} MB/s)"
        ratio = "" if row.pressline or not (reference and reference.median) else f"{reference.median / median:.2f}"
        cpu = seconds(statistics.median(row.cpu)) if row.cpu else "—"
        lines.append(f"| {row.tool} | {row.job} | {seconds(median)} ({len(row.times)}) | {cpu} | "
                     f"{row.rss_kb / 1024:.0f} MB | {rate} | {ratio} |")
    return "\n".join(lines)


def find(rows: list[Row], tool: str, job: str) -> float | None:
    return next((r.median for r in rows if r.tool == tool and r.job.startswith(job) and not r.error), None)


def verdict(name: str, ours: float | None, limit: float | None, unit: str = "s", lower: bool = True) -> str:
    if ours is None or limit is None:
        return f"- {name}: not measured (tool missing or failed)"
    met = ours <= limit if lower else ours >= limit
    sign = "≤" if lower else "≥"
    return f"- {name}: {ours:.2f} {unit} vs {sign} {limit:.2f} {unit} — {'MET' if met else 'NOT MET'}"


def rss_mb(rows: list[Row], job: str) -> float | None:
    return next((r.rss_kb / 1024 for r in rows if r.pressline and r.job.startswith(job) and r.times), None)


def per_char(results: dict[str, list[Row]], inputs: dict[str, Input], key: str, cpu: bool = False) -> float | None:
    """Seconds per character of a long paragraph beyond the seed's paragraphs set as one (start-up, and the
    dictionary entries and glyphs of the text loaded once: the long paragraphs repeat the same text)."""
    def median(k: str) -> float | None:
        row = next((r for r in results.get(k, []) if r.pressline and r.job.startswith("docx+pdf+epub")
                    and r.times), None)
        return None if row is None else statistics.median(row.cpu if cpu else row.times)

    ours, base = median(key), median("line")
    if ours is None or base is None or key not in inputs or "line" not in inputs:
        return None
    return (ours - base) / (inputs[key].chars - inputs["line"].chars)


def targets(results: dict[str, list[Row]], inputs: dict[str, Input]) -> str:
    out = ["### Targets (same run)", "", "Issue 9:", ""]
    seed, book = results.get("seed", []), results.get("book", [])
    parts = [find(seed, "pandoc", "docx"), find(seed, "pandoc", "epub"), find(seed, "libreoffice", "docx")]
    limit = 0.6 * sum(parts) if None not in parts else None
    out.append(verdict("seed, 3 formats ≤ 0.6 × (pandoc docx + pandoc epub + LibreOffice pdf)",
                       find(seed, "pressline", "docx+pdf+epub"), limit))
    calibre = [find(book, "calibre", f) for f in FORMATS]
    ours = find(book, "pressline", "docx+pdf+epub")
    out.append(verdict("book, 3 formats ≤ 0.7 × calibre's three", ours,
                       0.7 * sum(calibre) if None not in calibre else None))
    out.append(verdict("book, peak memory < 400 MB", rss_mb(book, "docx+pdf+epub"), 400.0, "MB"))
    tenth = find(results.get("tenth", []), "pressline", "docx+pdf+epub")
    out.append(verdict("book ≤ 11 × a tenth of it", ours, 11 * tenth if tenth else None))
    batch = results.get("batch", [])
    pandoc = [find(batch, "pandoc", "docx"), find(batch, "pandoc", "epub")]
    ours_batch = find(batch, "pressline", "docx+pdf+epub")
    out.append(verdict(f"{BATCH_SIZE} documents, 3 formats < pandoc's docx + epub of them",
                       ours_batch, sum(pandoc) if None not in pandoc else None))
    for key in ("raw", "book"):
        median = find(results.get(key, []), "pressline", "normalize alone")
        rate = inputs[key].txt.stat().st_size / median / 1e6 if median and key in inputs else None
        out.append(verdict(f"normalize, {inputs[key].label} ≥ 2 MB/s" if key in inputs else "normalize",
                           rate, 2.0, "MB/s", lower=False))

    out += ["", "Issue 17:", ""]
    huge = results.get("huge", [])
    out.append(verdict("one paragraph of 1.8M characters, 3 formats < 30 s",
                       find(huge, "pressline", "docx+pdf+epub"), 30.0))
    cpu = next((statistics.median(r.cpu) for r in huge if r.pressline and r.cpu), None)
    out.append(verdict("the same in CPU time (user + system), for a loaded machine", cpu, 30.0))
    out.append(verdict("one paragraph of 1.8M characters, peak memory < 400 MB",
                       rss_mb(huge, "docx+pdf+epub"), 400.0, "MB"))
    for cpu in (False, True):
        rates = {key: per_char(results, inputs, key, cpu) for key in ("para10k", "para100k", "para1m")}
        name = ("time per character of 10k / 100k / 1M-character paragraphs"
                + (", CPU time" if cpu else ", wall time"))
        if None in rates.values() or min(rates.values()) <= 0:
            out.append(f"- {name} within 1.5× of each other: not measured")
            continue
        shown = " / ".join(f"{v * 1e6:.1f}" for v in rates.values())
        out.append(verdict(f"{name} ({shown} µs beyond the seed as one paragraph): largest / smallest ≤ 1.5",
                           max(rates.values()) / min(rates.values()), 1.5, "×"))
    out.append(verdict("book, 3 formats ≤ 0.3 × calibre's three", ours,
                       0.3 * sum(calibre) if None not in calibre else None))
    out.append(verdict(f"{BATCH_SIZE} documents, 3 formats ≤ 0.5 × pandoc's docx + epub of them", ours_batch,
                       0.5 * sum(pandoc) if None not in pandoc else None))
    median = find(results.get("raw", []), "pressline", "normalize in-process")
    rate = inputs["raw"].txt.stat().st_size / median / 1e6 if median and "raw" in inputs else None
    out.append(verdict("normalize in-process, raw text ≥ 4 MB/s", rate, 4.0, "MB/s", lower=False))
    return "\n".join(out)


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s*(\d+)", meminfo.read_text()).group(1))
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    return f"{cpu}, {os.cpu_count()} cores{mem}; {platform.platform()}; Python {platform.python_version()}"


def versions(found: dict[str, str | None]) -> list[str]:
    flags = {"pandoc": ["--version"], "libreoffice": ["--version"], "calibre": ["--version"]}
    lines = []
    for name, path in found.items():
        if not path:
            lines.append(f"- {name}: not installed, skipped")
            continue
        out = subprocess.run([path, *flags[name]], capture_output=True, text=True).stdout.strip().splitlines()
        lines.append(f"- {name}: {out[0] if out else path}")
    return lines


def set_work(folder: Path) -> None:
    global WORK
    WORK = folder.resolve()


def pdf_section(book: Input, args: argparse.Namespace, env: dict[str, str], flags: set[str]) -> None:
    """PDF input (bench/pdf_input.py): Pressline's normalize and pymupdf4llm on PDFs of 30, 300, 1,000 pages."""
    import pdf_input

    build = pressline_command() + ["build", "-q"] + (["--force"] if "--force" in flags else [])
    pdfs = pdf_input.make_pdfs(WORK, book.txt, build, env)
    out = WORK / "out" / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    table = pdf_input.rows(pdfs, out, pressline_command(), Row, pdf_input.pymupdf4llm_python(args.pymupdf4llm))
    for found in table.values():
        measure(found, args.runs, args.budget, env)
    if not pdf_input.pymupdf4llm_python(args.pymupdf4llm):
        print("- pymupdf4llm: no --pymupdf4llm python given, skipped")
    print(pdf_input.report(table) + "\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (median reported)")
    parser.add_argument("--budget", type=float, default=150.0,
                        help="seconds a command may take in all before it stops short of --runs")
    parser.add_argument("--only", default="seed,book,tenth,raw,batch,pdf,line,para10k,para100k,para1m,huge",
                        help="inputs to run, comma-separated")
    parser.add_argument("--pymupdf4llm", default=None,
                        help="a python that has pymupdf4llm (default: $PYMUPDF4LLM_PYTHON), to compare PDF input")
    parser.add_argument("--no-warm-up", action="store_true",
                        help="no untimed first run of the long one-paragraph inputs (minutes on a loaded machine)")
    parser.add_argument("--skip", default="", help="peer:input pairs not to run, e.g. calibre:batch (minutes)")
    parser.add_argument("--work", type=Path, default=WORK, help="folder for inputs and outputs (default build/bench)")
    parser.add_argument("--json", type=Path, default=None, help="also write raw results here (WORK/results.json)")
    args = parser.parse_args(argv)
    set_work(args.work)
    args.json = args.json or WORK / "results.json"

    WORK.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, LC_ALL="C.UTF-8")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"  # calibre's PDF output refuses to run as root otherwise
    found = peers()
    flags = build_flags()
    inputs = make_inputs(WORK)
    print(f"Machine: {machine()}")
    print("\n".join(versions(found)))
    if "--jobs" not in flags:
        print("- pressline build has no --jobs: the batch runs in one process")
    print(f"Each command: one untimed warm-up, then up to {args.runs} runs in turn; "
          f"median wall time (number of runs).\n", flush=True)

    results: dict[str, list[Row]] = {}
    for key in [k.strip() for k in args.only.split(",") if k.strip()]:
        if key == "pdf":
            pdf_section(inputs["book"], args, env, flags)
            continue
        inp = inputs[key]
        out = WORK / "out" / key
        if out.exists():
            shutil.rmtree(out)
        (out / "calibre").mkdir(parents=True)
        rows = pressline_rows(inp, out, flags) + peer_rows(inp, out, found, set(args.skip.split(",")))
        measure(rows, args.runs, args.budget, env, warm_up=not (args.no_warm_up and key in LONG))
        pages = count_pages(out / "all") if (out / "all").exists() else 0
        if key == "raw":
            pages = 0
        results[key] = rows
        reference = next((r for r in rows if r.pressline and r.job.startswith("docx+pdf+epub")), None)
        print(table(inp, rows, pages, reference) + "\n", flush=True)
    print(targets(results, inputs))
    args.json.write_text(json.dumps({k: [{"tool": r.tool, "job": r.job, "times": r.times, "cpu": r.cpu,
                                          "rss_kb": r.rss_kb, "error": r.error} for r in rows]
                                     for k, rows in results.items()}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
