"""Page layout for the PDF writer: blocks → line boxes → pages of positioned glyph runs.

Coordinates are points inside the type area: x from its left edge, y downward from its top. The
writer maps them onto the page (mirrored margins, PDF's upward y) and draws.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.model import HEADING, TITLE, Block, Document
from pipeline.options import WriteOptions
from pipeline.templates import MM, Style, Template
from pipeline.text import words
from pipeline.text.cjk import URL, WIDE_IN_CJK, is_cjk
from pipeline.typeset import fonts, linebreak, spacing, title
from pipeline.writers import conventions, translated
from pipeline.writers.common import style_role

# where the baseline sits in a line box, as a share of the font size below the box's middle:
# the ideographic em box runs from 0.12 em below the baseline to 0.88 em above it
BASELINE_BELOW_MIDDLE = 0.38
# the CJK faces draw curly quotes full-width; in Latin-script text they come from the proportional face
LATIN_QUOTES = frozenset("“”‘’")
LATIN_QUOTE_ROLE = "symbols"


@dataclass(frozen=True)
class Run:
    """Characters drawn in one font with one character spacing, starting at (x, y = baseline)."""

    x: float
    y: float
    role: str
    size: float
    text: str
    char_space: float
    color: str


@dataclass(frozen=True)
class Rule:
    x: float
    y: float
    width: float
    color: str


@dataclass(frozen=True)
class Mark:
    """An outline entry pointing at y."""

    title: str
    level: int
    y: float


Item = Run | Rule | Mark


@dataclass
class Box:
    """One line's worth of vertical space; items are relative to the box's top left corner."""

    height: float
    items: list[Item] = field(default_factory=list)
    before: float = 0.0
    after: float = 0.0
    keep_with_next: bool = False


@dataclass(frozen=True)
class Cursor:
    page: int
    y: float


@dataclass
class Layout:
    width: float
    height: float
    pages: list[list[Item]] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)

    def page(self, index: int) -> list[Item]:
        while len(self.pages) <= index:
            self.pages.append([])
        return self.pages[index]


def shift(item: Item, dx: float, dy: float) -> Item:
    if isinstance(item, Run):
        return Run(item.x + dx, item.y + dy, item.role, item.size, item.text, item.char_space, item.color)
    if isinstance(item, Rule):
        return Rule(item.x + dx, item.y + dy, item.width, item.color)
    return Mark(item.title, item.level, item.y + dy)


class Setter:
    """Turns text in a style into line boxes for a column of a given width."""

    def __init__(self, template: Template, layout: Layout) -> None:
        self.template = template
        self.layout = layout
        self.pdf = template.pdf
        self.latin_face: dict[str, str] = dict(self.pdf.latin_face)
        # (role, size) -> character -> (role that draws it, natural advance, full width); measured once
        self._glyphs: dict[tuple[str, float], dict[str, tuple[str, float, bool]]] = {}
        self._missing: set[str] = set()

    def role(self, style: Style) -> str:
        role = self.template.faces[style.face].role
        bold = f"{role}-bold"
        return bold if style.bold and bold in fonts.FILES else role

    def cjk_advance(self, style: Style, column_width: float) -> float:
        """The advance of a full-width character: the template's grid pitch in a full-width column."""
        grid = self.template.chars_per_line
        body = self.template.style("body").size_pt
        if grid and self.pdf.snap_to_grid and column_width >= self.layout.width - 0.01:
            return style.size_pt * (self.layout.width / grid) / body
        return style.size_pt

    def boxes(self, text: str, style: Style, width: float, protect: bool = True, balance: bool = False,
              flush_left: bool = False) -> list[Box]:
        """`balance`: break as a title (whole words, balanced lines); `flush_left`: no first-line indent."""
        role = self.role(style)
        latin = self.latin_text(style)
        glyphs = self._measure(text, role, style.size_pt, latin)
        roles = [glyph[0] for glyph in glyphs]
        natural = [glyph[1] for glyph in glyphs]
        cjk = self.cjk_advance(style, width)
        grid = style.size_pt * 0.99
        advances = [cjk if full and advance >= grid else advance for _, advance, full in glyphs]
        advances = [a + e for a, e in zip(advances, spacing.adjustments(text, advances, cjk))]
        indent = 0.0 if flush_left else style.first_line_indent_chars * cjk
        right = style.right_indent_chars * cjk
        spans = _protected(text, names=False) if protect and text else []

        def limit(i: int) -> float:
            return width - right - (indent if i == 0 else 0)

        if protect and text and not latin:
            lines = _break_keeping_names(text, advances, limit, spans)
        else:
            lines = linebreak.break_lines(text, advances, limit, spans, latin)
        if balance and len(lines) > 1 and not indent:
            lines = title.balanced_lines(text, advances, limit(0)) or lines
        urls = [m.span() for m in URL.finditer(text)]
        result = []
        for n, line in enumerate(lines):
            lead = indent if n == 0 else 0.0
            avail = width - right - lead
            slack = avail - line.width
            if style.align == "justify" and not line.last:
                spread = text[line.end:line.end + 1] != "\n" and not any(
                    start < line.end and line.start < end for start, end in urls)
                x0, offsets = lead, spacing.justified(text, line, advances, slack, cjk, spread)
            else:
                shift = {"right": slack, "center": slack / 2}.get(style.align, 0.0)
                x0, offsets = lead + shift, spacing.justified(text, line, advances, 0.0, cjk, spread=False)
            baseline = style.line_pitch_pt / 2 + BASELINE_BELOW_MIDDLE * style.size_pt
            runs = _runs(text, line, offsets, natural, roles, x0, baseline, style)
            result.append(Box(style.line_pitch_pt, list(runs)))
        if not result:
            result.append(Box(style.line_pitch_pt))
        result[0].before = style.space_before_pt
        result[-1].after = style.space_after_pt + style.space_after_lines * style.line_pitch_pt
        return result

    def advance(self, text: str, style: Style) -> float:
        """The natural width of `text` set on one line in `style` (full-width characters at the font size)."""
        return sum([glyph[1] for glyph in self._measure(text, self.role(style), style.size_pt,
                                                         self.latin_text(style))])

    def latin_text(self, style: Style) -> bool:
        """Text in a language written in Latin script (a translation into English): quotes, dashes and
        ellipses are the Latin font's proportional ones, not full-width."""
        return not translated.east_asian(style.language or self.template.language)

    def _measure(self, text: str, role: str, size: float, latin_text: bool = False) -> list[tuple[str, float, bool]]:
        """For each character: the role that draws it, its natural advance, whether it is full width."""
        latin = self.latin_face.get(role, role)
        wide = is_cjk if latin_text else _full_width
        table = self._glyphs.setdefault((role, size, latin_text), {})
        for ch in set(text):
            if ch not in table:
                base = LATIN_QUOTE_ROLE if latin_text and ch in LATIN_QUOTES else role if wide(ch) else latin
                found = fonts.role_for(ch, base)
                table[ch] = (found or base, _width(ch, found or base, size), wide(ch))
                if found is None and not ch.isspace():
                    self._missing.add(ch)
            if ch in self._missing:
                self.layout.missing.add(ch)
        return [table[ch] for ch in text]




def _protected(text: str, names: bool = True) -> list[tuple[int, int]]:
    """`words.protected_spans`, with URLs ending at the first character that is not printable ASCII.

    (Its own URL pattern runs on through Chinese text up to the next space.)
    """
    urls = [m.span() for m in URL.finditer(text)]
    return sorted(set(words.protected_spans(_mask_urls(text), names=names)) | set(urls))


def _mask_urls(text: str) -> str:
    masked = list(text)
    for start, end in (m.span() for m in URL.finditer(text)):
        masked[start:end] = "x" * (end - start)
    return "".join(masked)


def _break_keeping_names(
    text: str, advances: list[float], limit: Callable[[int], float], spans: list[tuple[int, int]],
) -> list[linebreak.Line]:
    """Greedy lines that never end inside a personal name.

    Names are looked up only where lines end: tagging whole paragraphs for parts of speech cost most
    of the layout time. When a line would end inside a name, the names of that run of text are
    protected and the line is set again. Protecting names that no line end falls inside leaves the
    greedy breaks where they are, so the result is the breaking with every name protected; each run
    is tagged at most once and each line set at most a few times, so the work is linear in the text.
    """
    breaker = linebreak.Breaker(text, advances, spans)
    names = words.Names(_mask_urls(text))
    protected: set[tuple[int, int]] = set()
    lines: list[linebreak.Line] = []
    start = 0
    while start < len(text):
        line, following = breaker.line(start, limit(len(lines)))
        found = names.around(following) if following < len(text) else []
        if any(s < following < e for s, e in found) and not protected.issuperset(found):
            protected.update(found)
            breaker.protect(found)
            continue
        lines.append(line)
        start = following
    return linebreak.last_marked(lines)


def _full_width(ch: str) -> bool:
    return is_cjk(ch) or ch in WIDE_IN_CJK


@functools.lru_cache(maxsize=65536)
def _width(ch: str, role: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(ch, fonts.register(role), size)


def _runs(
    text: str, line: linebreak.Line, offsets: list[float], natural: list[float], roles: list[str],
    x0: float, baseline: float, style: Style,
) -> list[Run]:
    runs: list[Run] = []
    chars: list[str] = []
    run_x = run_space = 0.0
    run_role = ""
    for k, j in enumerate(range(line.start, line.end)):
        following = offsets[k + 1] if k + 1 < len(offsets) else None
        space = following - offsets[k] - natural[j] if following is not None else None
        same = chars and roles[j] == run_role and (space is None or abs(space - run_space) < 1e-4)
        if not same:
            if chars:
                runs.append(Run(run_x, baseline, run_role, style.size_pt, "".join(chars), run_space,
                                style.color))
            chars, run_x, run_role = [], x0 + offsets[k], roles[j]
            run_space = space if space is not None else 0.0
        chars.append(text[j])
    if chars:
        runs.append(Run(run_x, baseline, run_role, style.size_pt, "".join(chars), run_space, style.color))
    return runs


def block_style(template: Template, block: Block) -> Style:
    return template.style(style_role(block))


def source_boxes(setter: Setter, block: Block, width: float, addressee: bool = False) -> list[Box]:
    style = block_style(setter.template, block)
    boxes = setter.boxes(block.text, style, width, balance=block.kind == TITLE, flush_left=addressee)
    if block.kind in (TITLE, HEADING):
        boxes[0].items.insert(0, Mark(block.text, 0 if block.kind == TITLE else block.level, 0.0))
        for box in boxes:
            box.keep_with_next = True
    return boxes


def translation_boxes(
    setter: Setter, text: str | None, number: int, source: list[Box], width: float, style: Style | None = None
) -> list[Box]:
    """The translation of a block in `style` (default: the translation style), or a blank slot labelled with
    its number: one ruled line for each line of the source, at the source's pitch."""
    style = style or setter.template.style("translation")
    if text:
        boxes = setter.boxes(text, style, width)
        boxes[0].before = 0.0
        return boxes
    slot = setter.pdf.slot
    label_style = setter.template.style(slot.style)
    size = float(slot.size_pt)
    pitch = source[0].height
    boxes = [Box(pitch, [Rule(0.0, pitch - 2.0, width, slot.rule_color)]) for _ in source]
    label = slot.label.format(n=number)
    role = setter.role(label_style)
    boxes[0].items.append(Run(0.0, size + 1.0, role, size, label, 0.0, slot.label_color))
    boxes[-1].after = style.space_after_pt
    return boxes


def place(layout: Layout, boxes: list[Box], start: Cursor, x: float) -> Cursor:
    """Flow boxes down a column from `start`, onto new pages as needed; returns where they end."""
    page, y = start.page, start.y
    for i, box in enumerate(boxes):
        before = box.before if y > 0 else 0.0
        need = _kept_height(boxes, i, before, layout.height)
        if y > 0 and y + need > layout.height + 0.01:
            page, y, before = page + 1, 0.0, 0.0
        top = y + before
        target = layout.page(page)
        target.extend(shift(item, x, top) for item in box.items)
        y = top + box.height + box.after
    return Cursor(page, y)


def _kept_height(boxes: list[Box], i: int, before: float, page_height: float) -> float:
    """The room box `i` needs: itself and the chain of boxes kept with it (a sign-off and the lines kept
    with it, a title with the headings after it); just itself and the next box when the chain exceeds a page."""
    need = before + boxes[i].height
    j = i
    while boxes[j].keep_with_next and j + 1 < len(boxes):
        need += boxes[j].after + boxes[j + 1].before + boxes[j + 1].height
        j += 1
        if need > page_height + 0.01:
            nxt = boxes[i + 1]
            return before + boxes[i].height + boxes[i].after + nxt.before + nxt.height
    return need


def lay_out(doc: Document, template: Template, options: WriteOptions) -> Layout:
    page = template.page
    layout = Layout(page.type_width_mm * MM, page.type_height_mm * MM)
    setter = Setter(template, layout)
    if options.layout == "source" and not options.translations:
        doc = conventions.with_metadata(doc, template)
    ids = doc.block_ids()
    cursor = Cursor(0, 0.0)
    layout.page(0)
    if options.layout == "parallel":
        from pipeline.writers.pdf.parallel import lay_out_parallel

        lay_out_parallel(layout, setter, doc, options)
        return layout
    addressee = conventions.addressee_index(doc.blocks)
    signoff = conventions.signoff_start(doc.blocks)
    pending: list[Box] = []
    for n, (bid, block) in enumerate(zip(ids, doc.blocks), start=1):
        boxes = source_boxes(setter, block, layout.width, addressee=n - 1 == addressee)
        if signoff is not None and n - 1 >= signoff - 1:
            # the sign-off stays together and takes the last line of the text before it along
            for box in boxes if n - 1 >= signoff else boxes[-1:]:
                box.keep_with_next = n < len(doc.blocks) or box is not boxes[-1]
        if options.layout == "interleaved":
            name = translated.style_name(block)
            style = translated.translation_style(template, name)
            boxes[-1].keep_with_next = True
            boxes[-1].after = 0.0
            added = translation_boxes(setter, options.translations.get(bid), n, list(boxes), layout.width, style)
            added[0].before = style.space_before_pt
            added[-1].after = translated.space_between_pairs(template, name)
            boxes += added
        # boxes kept with the next block's first line are placed together with it
        pending += boxes
        if not pending[-1].keep_with_next or n == len(doc.blocks):
            cursor = place(layout, pending, cursor, 0.0)
            pending = []
    return layout

