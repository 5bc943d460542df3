"""GB/T 9704-2012 (党政机关公文格式) as named numbers: page, grid, fonts, and what each role looks like.

The rest of drafter speaks in roles (标题, 正文, 一级 …); this module knows what each role looks like on
the page, as plain data (oxml and writer say it in Word's XML). Clause numbers (§5.2.1 …) are the
standard's own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..limits import TITLE_MAX_LINES
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
    words, as even as possible; a word too long for a line is cut as evenly as its characters allow.

    Of the ways to break into the fewest lines, the one with the least spread between the longest and the
    shortest line wins; on a tie the longer lines go first (倒梯形). Found by a dynamic programme for each
    (longest, shortest) pair of line widths rather than by trying every break: widths are multiples of half
    an em, so there are few such pairs, and the work grows with the words, not exponentially."""
    pieces: list[str] = []
    for w in words:
        if em_width(w) <= max_em:
            pieces.append(w)
        else:  # no word boundary to honour: split evenly
            n = int(em_width(w) // max_em) + 1
            size = -(-len(w) // n)
            pieces.extend(w[i : i + size] for i in range(0, len(w), size))
    widths = [em_width(p) for p in pieces]
    if not pieces or max(widths) > max_em:  # a piece of mixed widths may still not fit a line
        return pieces
    first_fit, room = [], 0.0  # gives the fewest lines
    for i, w in enumerate(widths):
        if w > room:
            first_fit.append(i)
            room = max_em
        room -= w
    if len(pieces) > 40 and sum(widths) > TITLE_MAX_LINES * max_em:
        # only a town's own template gets a title this long here (render refuses one in the data): first fit
        cuts = first_fit[1:]
    else:
        cuts = _even_cuts(widths, len(first_fit), max_em)
    bounds = [0, *cuts, len(pieces)]
    return ["".join(pieces[a:b]) for a, b in zip(bounds, bounds[1:])]


def _even_cuts(widths: list[float], lines: int, max_em: float) -> list[int]:
    """Where to break `widths` into `lines` lines: the least score (longest − shortest, plus a small
    weight on the later lines' share), ties going to the earliest breaks."""
    n = len(widths)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    spans = sorted({prefix[b] - prefix[a] for a in range(n) for b in range(a + 1, min(n, a + int(2 * max_em)) + 1)
                    if prefix[b] - prefix[a] <= max_em})  # a line holds at most 2 × max_em pieces of half an em
    total, widest = prefix[-1], max(widths)
    pairs = sorted((hi - lo, hi, lo) for hi in spans for lo in spans
                   if lo <= hi and hi >= widest and hi * lines >= total and lo * lines <= total)
    best: tuple[float, list[int]] | None = None
    for spread, hi, lo in pairs:
        if best is not None and spread > best[0]:  # the score is the spread plus a non-negative share
            break
        found = _least_weight(prefix, lines, hi, lo)
        if found is not None:
            weight, cuts = found
            score = hi - lo + 0.01 * weight / hi
            if best is None or (score, cuts) < best:
                best = (score, cuts)
    assert best is not None  # first fit's own breaks are one way
    return best[1]


def _least_weight(prefix: list[float], lines: int, hi: float, lo: float) -> tuple[float, list[int]] | None:
    """Breaks into `lines` lines whose widths lie in [lo, hi], the widest exactly `hi` and the narrowest
    exactly `lo`, that minimise Σ line number × width; the earliest breaks among equals. None if none do."""
    n = len(prefix) - 1
    # best[k][i][need]: for pieces i… in k lines, the least weight and the first break, where `need` says
    # which of hi (bit 1) and lo (bit 2) the lines must still reach
    best: list[list[list[tuple[float, int] | None]]] = [[[None] * 4 for _ in range(n + 1)]]
    best[0][n][0] = (0.0, n)
    for k in range(1, lines + 1):
        row: list[list[tuple[float, int] | None]] = [[None] * 4 for _ in range(n + 1)]
        line_no = lines - k
        below = best[k - 1]
        for i in range(n):
            b = i + 1
            while b <= n and prefix[b] - prefix[i] <= hi:
                width = prefix[b] - prefix[i]
                if width >= lo:
                    reached = (1 if width == hi else 0) | (2 if width == lo else 0)
                    for need in range(4):
                        rest = below[b][need & ~reached]
                        if rest is not None:
                            weight = line_no * width + rest[0]
                            if row[i][need] is None or weight < row[i][need][0]:
                                row[i][need] = (weight, b)
                b += 1
        best.append(row)
    if best[lines][0][3] is None:
        return None
    cuts, i, need = [], 0, 3
    for k in range(lines, 1, -1):
        b = best[k][i][need][1]
        width = prefix[b] - prefix[i]
        need &= ~((1 if width == hi else 0) | (2 if width == lo else 0))
        cuts.append(b)
        i = b
    return best[lines][0][3][0], cuts


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


# --- tables: the standard rules only a landscape table (§8); the rest is common practice ------------------------
TABLE_PT = 14  # 4号, as the 版记 (§7.4.2): a table of figures in 3号 would hold too few columns
TABLE_LINE_TWIPS = 400  # exact 20 pt: a 4号 line with room above and below, the same in Word and LibreOffice
TABLE_CELL_MARGIN_TWIPS = 57  # 1 mm either side of a cell's text
TABLE_BORDER_EIGHTHS = 4  # 0.5 pt single lines, black (§5.2.4: 颜色均为黑色)
TABLE_MIN_COLUMN_EM = 5  # a figure's column holds at least 5 characters a line; more columns go to the next table
