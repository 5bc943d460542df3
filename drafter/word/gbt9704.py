"""GB/T 9704-2012 (党政机关公文格式) as named numbers: page, grid, fonts, and what each role looks like.

The rest of drafter speaks in roles (标题, 正文, 一级 …); this module knows what each role looks like on
the page, as plain data (oxml and writer say it in Word's XML). Clause numbers (§5.2.1 …) are the
standard's own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..zh import em_width

# --- page (§5.1, §5.2.1) ----------------------------------------------------------------------------
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 37, 35  # 天头 37; bottom = 297 − 37 − 225
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 28, 26  # 订口 28; right = 210 − 28 − 156
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 156, 225
FOOTER_DISTANCE_MM = 25  # puts the page number's dash about 7 mm under the text block (§7.5), LO-calibrated
HEADER_DISTANCE_MM = 15

# --- lines and characters (§5.2.3: 22 lines of 28 characters) ---------------------------------------
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_TWIPS = 579  # 225 mm / 22, rounded down: the value Word's 文档网格 writes
CHAR_SPACING = -5  # run spacing in 1/20 pt: 16 pt glyphs at 15.75 pt pitch fit 28 in 156 mm
BODY_PT, TITLE_PT, PAGE_NUMBER_PT = 16, 22, 14  # 3号, 2号, 4号
CHAR_TWIPS = BODY_PT * 20 + CHAR_SPACING  # one 字 at body size: 315
INDENT_TWIPS = 2 * CHAR_TWIPS  # 每个自然段左空二字
PAGE_NUMBER_INSET_TWIPS = PAGE_NUMBER_PT * 20  # 单页码居右空一字，双页码居左空一字 (one 4号 character)
TWIPS_PER_MM = 1440 / 25.4
TEXT_WIDTH_TWIPS = round(TEXT_WIDTH_MM * TWIPS_PER_MM)  # 8844
TEXT_HEIGHT_TWIPS = round(TEXT_HEIGHT_MM * TWIPS_PER_MM)  # 12756
LINE_TWIPS_MIN = TEXT_HEIGHT_TWIPS // (LINES_PER_PAGE + 1) + 1  # 555: any shorter exact line fits a 23rd line
TITLE_MAX_EM = 18  # a title line holds at most this many 2号 characters (the block holds 20.1)
PAGE_DASH = "\u2014"  # 一字线

# --- a draft's mark -------------------------------------------------------------------------------------
# GB/T 9704 sets the marks of a document's standing (密级 §7.2.2, 紧急程度 §7.2.3) in 3号黑体 at the top left of the
# first page; a 征求意见稿 is marked, by common practice, the same way at the top right. drafter sets it in the first
# page's header, its line ending 2 mm above the text block: the body keeps the final's lines and page breaks (a
# reviewer's "page 3" is the final's page 3), and `import --update` reads the body alone.
DRAFT_MARK = "征求意见稿"
MARK_SPACE_BEFORE_TWIPS = round((MARGIN_TOP_MM - HEADER_DISTANCE_MM - 2) * TWIPS_PER_MM) - LINE_TWIPS


@dataclass(frozen=True)
class Fonts:
    """Font names per typographic family, as Word looks them up."""

    fangsong: str = "仿宋_GB2312"
    kaiti: str = "楷体_GB2312"
    heiti: str = "黑体"
    title: str = "方正小标宋简体"
    song: str = "宋体"  # page numbers (§7.5)
    latin: str | None = None  # digits and Latin letters in another font (a common local rule: Times New Roman)

    def chinese(self) -> list[str]:
        return [self.fangsong, self.kaiti, self.heiti, self.title, self.song]


GB_FONTS = Fonts()
# For machines without the licensed GB fonts: what every Windows has (§5.2.2 names 仿宋体 etc., not the GB builds)
WINDOWS_FONTS = Fonts(fangsong="仿宋", kaiti="楷体", heiti="黑体", title="宋体", song="宋体")
FONT_PROFILES = {"gb": GB_FONTS, "windows": WINDOWS_FONTS}
TIMES = "Times New Roman"


def fonts_for(profile: str, latin_times: bool = False) -> Fonts:
    fonts = FONT_PROFILES[profile]
    return dataclasses.replace(fonts, latin=TIMES) if latin_times else fonts


@dataclass(frozen=True)
class RoleFormat:
    family: str  # attribute name in Fonts
    size_pt: int = BODY_PT
    align: str = "both"  # w:jc
    first_line_indent: bool = True
    keep_next: bool = False
    outline_level: int | None = None  # shows own-line headings in Word's navigation pane


ROLE_FORMATS: dict[str, RoleFormat] = {
    "标题": RoleFormat("title", TITLE_PT, align="center", first_line_indent=False),  # §7.3.1
    "主送": RoleFormat("fangsong", align="left", first_line_indent=False),  # §7.3.2 居左顶格
    "正文": RoleFormat("fangsong"),  # §7.3.3
    "一级": RoleFormat("heiti", keep_next=True, outline_level=0),  # §7.3.3 第一层黑体
    "二级": RoleFormat("kaiti", keep_next=True, outline_level=1),  # 第二层楷体
    "三级": RoleFormat("fangsong", keep_next=True, outline_level=2),  # 第三层、第四层仿宋
    "四级": RoleFormat("fangsong", keep_next=True, outline_level=3),
    "署名": RoleFormat("fangsong", align="right", first_line_indent=False),  # §7.3.5.2
    "日期": RoleFormat("fangsong", align="left", first_line_indent=False),
}
MARK_FORMAT = RoleFormat("heiti", align="right", first_line_indent=False)


# --- text measures ------------------------------------------------------------------------------------
def break_title(words: list[str], max_em: float = TITLE_MAX_EM) -> list[str]:
    """Lines of a title (§7.3.1: 回行时词意完整，排列对称): the fewest lines that fit, breaking only between
    words, as even as possible; a word too long for a line is cut as evenly as its characters allow."""
    pieces: list[str] = []
    for w in words:
        if em_width(w) <= max_em:
            pieces.append(w)
        else:  # no word boundary to honour: split evenly
            n = int(em_width(w) // max_em) + 1
            size = -(-len(w) // n)
            pieces.extend(w[i : i + size] for i in range(0, len(w), size))
    widths = [em_width(p) for p in pieces]
    best: tuple[float, list[str]] | None = None
    for lines in range(1, len(pieces) + 1):
        for cuts in _cut_sets(len(pieces), lines - 1):
            bounds = [0, *cuts, len(pieces)]
            spans = [sum(widths[a:b]) for a, b in zip(bounds, bounds[1:])]
            if max(spans) > max_em:
                continue
            # even lines first; on a tie the longer line goes first (倒梯形)
            score = max(spans) - min(spans) + 0.01 * sum(i * s for i, s in enumerate(spans)) / max(spans)
            if best is None or score < best[0]:
                best = (score, ["".join(pieces[a:b]) for a, b in zip(bounds, bounds[1:])])
        if best:
            return best[1]
    return pieces


def _cut_sets(n: int, k: int, start: int = 1) -> list[list[int]]:
    if k == 0:
        return [[]]
    return [[c, *rest] for c in range(start, n) for rest in _cut_sets(n, k - 1, c + 1)]


def signature_indents(organs: list[str], date: str) -> tuple[int, int | None, int | None]:
    """§7.3.5.2 (no seal): 署名右空二字; 日期首字比署名首字右移二字; a longer date is itself 右空二字.

    Returns (organ right indent, date left indent or None, date right indent or None) in twips.
    """
    organ_em = max(em_width(o) for o in organs)
    date_em = em_width(date)
    if date_em + 2 <= organ_em:
        organ_right = 2 * CHAR_TWIPS
        return organ_right, TEXT_WIDTH_TWIPS - organ_right - round(organ_em * CHAR_TWIPS) + 2 * CHAR_TWIPS, None
    organ_right = round((2 + date_em + 2 - organ_em) * CHAR_TWIPS)
    return organ_right, None, 2 * CHAR_TWIPS
