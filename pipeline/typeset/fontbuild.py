"""Make the committed font files: subset system fonts and convert CFF outlines to TrueType.

reportlab embeds TrueType (`glyf`) outlines only, and Noto CJK ships CFF, so the CJK faces are
subset to what Chinese documents use (GB 2312 plus punctuation, symbols, Latin, Greek, Cyrillic and
kana) and their cubic outlines are approximated by quadratic ones (cu2qu, 1 unit of 1000 tolerance).
This takes tens of seconds a face, which is why it runs once and the results are committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

NOTO = Path("/usr/share/fonts/opentype/noto")
ARPHIC = Path("/usr/share/fonts/truetype/arphic")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

# Ranges Chinese text draws on besides the GB 2312 ideographs and symbols.
RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x017F),  # Latin-1 supplement, Latin extended-A
    (0x0250, 0x02FF),  # IPA, spacing modifiers
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x045F),  # Cyrillic
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20CF),  # currency
    (0x2100, 0x21FF),  # letterlike, number forms, arrows
    (0x2200, 0x22FF),  # mathematical operators
    (0x2460, 0x24FF),  # enclosed alphanumerics ①
    (0x2500, 0x25FF),  # box drawing, blocks, geometric shapes
    (0x2600, 0x26FF),  # miscellaneous symbols ★
    (0x3000, 0x30FF),  # CJK symbols and punctuation, kana
    (0x3200, 0x32FF),  # enclosed CJK ㈠
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms
)
# Beyond GB 2312: ideographs often met in names and places (the examples of the tests among them).
EXTRA = "𠮷喆堃珺昇玥琮瑄祎旻彧垚淼犇镕赟昕皓翀晔焱鑫淏"


@dataclass(frozen=True)
class Source:
    family: str
    path: Path
    index: int  # face in a .ttc collection
    cubic: bool  # CFF outlines to convert
    subset_cjk: bool  # False: keep every character the font has


SOURCES: dict[str, Source] = {
    "serif": Source("Pressline Serif SC", NOTO / "NotoSerifCJK-Regular.ttc", 2, True, True),
    "serif-bold": Source("Pressline Serif SC Bold", NOTO / "NotoSerifCJK-Bold.ttc", 2, True, True),
    "sans": Source("Pressline Sans SC", NOTO / "NotoSansCJK-Regular.ttc", 2, True, True),
    "sans-bold": Source("Pressline Sans SC Bold", NOTO / "NotoSansCJK-Bold.ttc", 2, True, True),
    "kai": Source("Pressline Kai SC", ARPHIC / "ukai.ttc", 0, False, True),
    "symbols": Source("Pressline Symbols", DEJAVU / "DejaVuSans.ttf", 0, False, False),
}


def _charset(encoding: str, leads: range, trails: list[int]) -> set[int]:
    """The code points a double-byte encoding can write with these lead and trail bytes."""
    found = set()
    for high in leads:
        for low in trails:
            try:
                found.add(ord(bytes((high, low)).decode(encoding)))
            except UnicodeDecodeError:
                continue
    return found


def gb2312() -> set[int]:
    return _charset("gb2312", range(0xA1, 0xF8), list(range(0xA1, 0xFF)))


def big5_common() -> set[int]:
    """Big5 level 1: the 5,401 frequently used traditional characters (lead bytes A4-C6)."""
    return _charset("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])


def wanted() -> set[int]:
    codes = gb2312() | big5_common() | {ord(ch) for ch in EXTRA}
    for start, end in RANGES:
        codes.update(range(start, end + 1))
    return codes


def build(role: str, target: Path) -> None:
    source = SOURCES[role]
    font = TTFont(source.path, fontNumber=source.index, lazy=False, recalcTimestamp=False)
    codes = wanted() if source.subset_cjk else set(font.getBestCmap())
    codes &= set(font.getBestCmap())
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "FFTM", "gasp", "kern"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.name_languages = [0x409]
    options.glyph_names = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    if source.cubic:
        to_quadratic(font)
    rename(font, source.family)
    font["post"].formatType = 3.0
    font["head"].created = font["head"].modified = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target, reorderTables=True)


def to_quadratic(font: TTFont, max_err: float = 1.0) -> None:
    """Replace the CFF table by a glyf table of quadratic approximations."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    maxp.maxComponentDepth = 0
    for attr in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours"):
        setattr(maxp, attr, 0)  # recomputed from glyf when the font is saved


def rename(font: TTFont, family: str) -> None:
    """A modified font takes a name of its own (the OFL asks it of derivatives)."""
    name = font["name"]
    style = "Bold" if family.endswith(" Bold") else "Regular"
    base = family.removesuffix(" Bold")
    postscript = f"{base.replace(' ', '')}-{style}"
    for record in list(name.names):
        if record.nameID in (1, 2, 3, 4, 6):
            name.removeNames(nameID=record.nameID)
    for name_id, value in ((1, base), (2, style), (3, postscript), (4, family), (6, postscript)):
        name.setName(value, name_id, 3, 1, 0x409)
