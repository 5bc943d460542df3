"""GB/T 9704-2012 (党政机关公文格式) as named numbers, and every piece of raw OOXML drafter writes.

The rest of drafter speaks in roles (标题, 正文, 一级 …); this module knows what each role looks like on
the page and how Word's XML says it. Clause numbers refer to the standard; see shared/spec/gbt9704.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Twips
from docx.text.paragraph import Paragraph

from ..measure import em_width

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
MM_TOLERANCE_TWIPS = round(TWIPS_PER_MM)  # ±1 mm (§5.2.1: 天头 37 mm ± 1 mm)
TITLE_MAX_EM = 18  # a title line holds at most this many 2号 characters (the block holds 20.1)
PAGE_DASH = "\u2014"  # 一字线


@dataclass(frozen=True)
class Fonts:
    """Font names per typographic family, as Word looks them up."""

    fangsong: str = "仿宋_GB2312"
    kaiti: str = "楷体_GB2312"
    heiti: str = "黑体"
    title: str = "方正小标宋简体"
    song: str = "宋体"  # page numbers (§7.5)
    latin: str | None = None  # digits and Latin letters in another font (a common local rule: Times New Roman)


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


# --- OOXML -------------------------------------------------------------------------------------------
def _child(parent, tag: str, clear: bool = False, **attrs: str):
    """Get or create the child `tag` of `parent` and set its attributes (w: prefixed); `clear` drops the old ones."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    if clear:
        el.attrib.clear()
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def set_run_props(rpr, font: str, size_pt: float, condensed: bool, latin: str | None = None) -> None:
    """Font in all four rFonts slots (python-docx's font.name leaves eastAsia unset), size, spacing.

    `latin` puts digits and Latin letters (the ascii and hAnsi slots) in another font."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme"):  # a theme attribute would win over the explicit name
            del rfonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{slot}"), latin if latin and slot in ("ascii", "hAnsi") else font)
    rfonts.set(qn("w:hint"), "eastAsia")
    # CT_RPr order: rFonts … color, spacing, w, kern, position, sz, szCs … lang
    for tag in ("w:color", "w:spacing", "w:sz", "w:szCs"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    anchor = rfonts
    for tag, val in (("w:color", "000000"), ("w:spacing", str(CHAR_SPACING) if condensed else None),
                     ("w:sz", str(round(size_pt * 2))), ("w:szCs", str(round(size_pt * 2)))):
        if val is None:
            continue
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        anchor.addnext(el)
        anchor = el


def set_paragraph_props(paragraph: Paragraph, fmt: RoleFormat, *, left: int = 0, right: int = 0,
                        keep_next: bool | None = None, outline: bool = True) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    for child in list(ppr):
        ppr.remove(child)
    # CT_PPrBase order: keepNext, …, widowControl, …, snapToGrid, spacing, ind, …, jc, …, outlineLvl
    if keep_next if keep_next is not None else fmt.keep_next:
        _child(ppr, "w:keepNext")
    _grid_props(ppr)
    ind = _child(ppr, "w:ind", left=str(left), right=str(right))
    if fmt.first_line_indent:  # both forms: Word writes both, LibreOffice reads only the twips
        ind.set(qn("w:firstLineChars"), "200")
        ind.set(qn("w:firstLine"), str(INDENT_TWIPS))
    else:
        ind.set(qn("w:firstLine"), "0")
    _child(ppr, "w:jc", val=fmt.align)
    if outline and fmt.outline_level is not None:
        _child(ppr, "w:outlineLvl", val=str(fmt.outline_level))


def _grid_props(ppr) -> None:
    """What keeps every paragraph on the 22 × 28 grid."""
    _child(ppr, "w:widowControl", val="0")  # widow control would shorten pages below 22 lines
    _child(ppr, "w:overflowPunct", val="0")  # no closing punctuation hanging past the right margin
    _child(ppr, "w:autoSpaceDE", val="0")  # no extra space between Chinese and Latin letters or digits
    _child(ppr, "w:autoSpaceDN", val="0")
    _child(ppr, "w:snapToGrid", val="0")  # exact spacing already keeps the grid; LO doubles 2号 lines otherwise
    _child(ppr, "w:spacing", before="0", after="0", line=str(LINE_TWIPS), lineRule="exact")


def add_run(paragraph: Paragraph, text: str, font: str, size_pt: float, latin: str | None = None):
    run = paragraph.add_run(text)
    set_run_props(run._r.get_or_add_rPr(), font, size_pt, condensed=size_pt == BODY_PT, latin=latin)
    return run


def add_line_break(paragraph: Paragraph) -> None:
    paragraph.runs[-1]._r.append(OxmlElement("w:br"))


def setup_document(doc: DocumentObject, fonts: Fonts) -> None:
    """Page, grid, defaults, language and odd/even footers: everything that is not a paragraph."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
        section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
        section.gutter = Twips(0)
        section.header_distance, section.footer_distance = Mm(HEADER_DISTANCE_MM), Mm(FOOTER_DISTANCE_MM)
        sect = section._sectPr
        _child(sect, "w:docGrid", clear=True, type="lines", linePitch=str(LINE_TWIPS))
        title_pg = sect.find(qn("w:titlePg"))
        if title_pg is not None:
            sect.remove(title_pg)
    _set_defaults(doc, fonts)
    doc.settings.odd_and_even_pages_header_footer = True  # <w:evenAndOddHeaders/>, §7.5
    _child(doc.settings.element, "w:themeFontLang", clear=True, val="zh-CN", eastAsia="zh-CN")
    for section in doc.sections:
        _page_number_footer(section.footer, "right", fonts)  # odd pages: 居右空一字
        _page_number_footer(section.even_page_footer, "left", fonts)  # even pages: 居左空一字


def _set_defaults(doc: DocumentObject, fonts: Fonts) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_run_props(rpr, fonts.fangsong, BODY_PT, condensed=True, latin=fonts.latin)
    lang = _child(rpr, "w:lang", val="zh-CN", eastAsia="zh-CN", bidi="ar-SA")
    rpr.remove(lang)
    rpr.append(lang)  # lang is the last child of CT_RPr
    ppr_default = defaults.find(qn("w:pPrDefault"))
    ppr = ppr_default.find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    _grid_props(ppr)
    normal = doc.styles["Normal"]
    set_run_props(normal.element.get_or_add_rPr(), fonts.fangsong, BODY_PT, condensed=True, latin=fonts.latin)


def _page_number_footer(footer, side: str, fonts: Fonts) -> None:
    """"— N —" in 4号 宋体 with a PAGE field (§7.5); python-docx has no field API, so the XML is built here."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    for r in list(paragraph._p):
        if r.tag != qn("w:pPr"):
            paragraph._p.remove(r)
    fmt = RoleFormat("song", PAGE_NUMBER_PT, align=side, first_line_indent=False)
    inset = PAGE_NUMBER_INSET_TWIPS
    set_paragraph_props(paragraph, fmt, left=inset if side == "left" else 0, right=inset if side == "right" else 0)
    spacing = paragraph._p.pPr.find(qn("w:spacing"))
    spacing.set(qn("w:lineRule"), "auto")
    spacing.set(qn("w:line"), "240")
    add_run(paragraph, PAGE_DASH + " ", fonts.song, PAGE_NUMBER_PT)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        run = add_run(paragraph, "", fonts.song, PAGE_NUMBER_PT)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    add_run(paragraph, " " + PAGE_DASH, fonts.song, PAGE_NUMBER_PT)


def keep_with_next(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:keepNext")) is None:
        ppr.insert(0, OxmlElement("w:keepNext"))


DRAFT_HIGHLIGHT = "yellow"  # gaps to fill in a draft; a final document has none


def highlight(run) -> None:
    _child(run._r.get_or_add_rPr(), "w:highlight", val=DRAFT_HIGHLIGHT)  # after sz/szCs, as CT_RPr orders it


def set_alignment(paragraph: Paragraph, align: str) -> None:
    _child(paragraph._p.get_or_add_pPr(), "w:jc", val=align)
