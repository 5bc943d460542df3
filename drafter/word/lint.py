"""`drafter lint`: check any Word report against GB/T 9704-2012 from its XML, the way Word resolves it.

Properties come resolved through styles (see styles.py). Paragraph levels are found by their numbering text
(一、 （一） 1. （1）), Word's automatic numbering included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn

from .. import zh
from ..errors import DrafterError
from ..limits import MAX_PARAGRAPHS
from ..model import DATE_RE
from . import gbt9704 as gb
from .styles import Properties, parse_measure

FAMILIES = {
    "fangsong": {"仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "方正仿宋_GBK", "方正仿宋简体", "华文仿宋", "STFangsong"},
    "kaiti": {"楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312", "方正楷体_GBK", "方正楷体简体", "华文楷体", "STKaiti"},
    "heiti": {"黑体", "SimHei", "方正黑体_GBK", "方正黑体简体", "华文黑体", "STHeiti"},
    "title": {"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05",
              "宋体", "SimSun", "华文中宋", "STZhongsong"},  # the last four: accepted substitutes (windows profile)
    "song": {"宋体", "SimSun", "新宋体", "NSimSun"},
}
LEVELS = [
    (re.compile(r"^[一二三四五六七八九十]+、"), "一级标题", "heiti", "黑体"),
    (re.compile(r"^（[一二三四五六七八九十]+）"), "二级标题", "kaiti", "楷体"),
    (re.compile(r"^\d+\.(?!\d)"), "三级标题", "fangsong", "仿宋"),
    (re.compile(r"^（\d+）"), "四级标题", "fangsong", "仿宋"),
]


@dataclass
class Finding:
    clause: str
    message: str
    where: list[str] = field(default_factory=list)  # paragraphs, "第 3 段「…」"

    def __str__(self) -> str:
        if not self.where:
            return f"{self.clause}：{self.message}"
        shown = "、".join(self.where[:3]) + (f" 等 {len(self.where)} 段" if len(self.where) > 3 else "")
        return f"{self.clause}：{self.message}（{shown}）"

    @property
    def violation(self) -> bool:
        """Against a clause of the standard; 实务 findings are hints of common practice."""
        return self.clause != "实务"


def describe(findings: list[Finding]) -> list[str]:
    """What `drafter lint` prints: violations first, then hints, then the count."""
    violations = [f for f in findings if f.violation]
    return ([f"不符合 {f}" for f in violations] + [f"提示 {f}" for f in findings if not f.violation]
            + [f"共 {len(violations)} 处不符合 GB/T 9704-2012。" if violations else "格式符合 GB/T 9704-2012 的各项检查。"])


class _Report:
    def __init__(self):
        self.findings: dict[tuple[str, str], Finding] = {}
        self.seen: set[tuple[str, str, str]] = set()  # a finding met in every paragraph stays linear

    def add(self, clause: str, message: str, where: str | None = None) -> None:
        f = self.findings.setdefault((clause, message), Finding(clause, message))
        if where and (clause, message, where) not in self.seen:
            self.seen.add((clause, message, where))
            f.where.append(where)


def lint(file: Path) -> list[Finding]:
    from .numbering import Numbering
    from .package import open_docx

    if file.suffix.lower() == ".doc":
        raise DrafterError.one("这是旧版 Word 文件（.doc）：请另存为 .docx 后再检查", file)
    document = open_docx(file)
    if len(document.paragraphs) > MAX_PARAGRAPHS:
        raise DrafterError.one(f"文档有 {len(document.paragraphs)} 段，超过 {MAX_PARAGRAPHS} 段：drafter lint 逐段检查一份报告"
                               "（通常几十到一两百段），这不像一份报告。请只检查报告本身", file)
    out = _Report()
    props = Properties(document)
    _page(document, out)
    _page_numbers(document, props, out)
    numbering = Numbering(document)
    paragraphs = [(n, p, numbering.label(p) + p.text) for n, p in enumerate(document.paragraphs, 1)]
    texts = [(n, p, t) for n, p, t in paragraphs if t.strip()]
    title_ids = set()
    for n, p, text in texts[:5]:  # the title: the centred paragraphs at the start, after any 版头 lines
        if re.fullmatch(r"\w{1,12}〔\d{4}〕\d+号|.{1,20}文件", text):
            title_ids.add(n)  # 版头: not the title, and not body text either
            continue
        if props.find(props.ppr_chain(p._p), "jc") == "center":
            title_ids.add(n)
            _runs(p, props, out, f"第 {n} 段「{text[:10]}」", "§7.3.1 标题", "title", "方正小标宋简体", gb.TITLE_PT * 2,
                  title=True)
        else:
            break
    first_body = min((n for n, _, _ in texts if n not in title_ids), default=None)
    for n, p, text in texts:
        if n in title_ids:
            continue
        where = f"第 {n} 段「{text[:10]}」"
        level = next(((name, fam, shown) for pat, name, fam, shown in LEVELS if pat.match(text)), None)
        name, family, shown = level or ("正文", "fangsong", "仿宋")
        _runs(p, props, out, where, f"§7.3.3 {name}" if level else "§5.2.2 正文", family, shown, gb.BODY_PT * 2)
        _lines(p, props, out, where)
        if not (text.endswith("：") and n == first_body) and \
                not _is_signature(text, p, props) and props.find(props.ppr_chain(p._p), "jc") != "center":
            _indent(p, props, out, where)
        if p._p.pPr is not None and p._p.pPr.numPr is not None and level:
            out.add("实务", "层次序号用了 Word 自动编号：换电脑或用 WPS 打开时可能变化，建议直接写成文字", where)
        if zh.HALF_PUNCT.search(p.text):
            out.add("§9 GB/T 15834", "中文里用了半角标点（, ; : ( ) ? !）", where)
        if re.fullmatch(r"[\d〇零一二三四五六七八九十]{4}年.{1,3}月.{1,3}日", text) and not DATE_RE.match(text):
            out.add("§7.3.5.4 成文日期", "应写作阿拉伯数字且月、日不编虚位，如 2024年1月6日", where)
    return list(out.findings.values())


def _is_signature(text: str, p, props: Properties) -> bool:
    return props.find(props.ppr_chain(p._p), "jc") in ("right", "end") or bool(DATE_RE.match(text))


def _page(document, out: _Report) -> None:
    if not document.sections:
        out.add("§5.1 纸张", "没有页面设置（纸张、页边距、页脚）：Word 会用默认值，不是 A4 公文版式")
    for i, section in enumerate(document.sections, 1):
        which = f"第 {i} 节" if len(document.sections) > 1 else ""
        mm = gb.TWIPS_PER_MM
        # the raw attributes, not python-docx's typed ones: those raise on a broken file's "abc" or 10**400
        w, h = (_twips(section._sectPr, "pgSz", side) or 0 for side in ("w", "h"))
        top, left, right, bottom = (_twips(section._sectPr, "pgMar", side) for side in ("top", "left", "right", "bottom"))
        if abs(w / mm - gb.PAGE_WIDTH_MM) > 1 or abs(h / mm - gb.PAGE_HEIGHT_MM) > 1:
            out.add("§5.1 纸张", f"{which}纸张应为 A4（{gb.PAGE_WIDTH_MM} mm × {gb.PAGE_HEIGHT_MM} mm），"
                                 f"现为 {w / mm:.0f} mm × {h / mm:.0f} mm")
        if top is None or left is None or right is None or bottom is None:
            out.add("§5.2.1 页边", f"{which}没有设置页边距：Word 会用默认值（2.54 cm），版心不对")
            continue
        if abs(top / mm - gb.MARGIN_TOP_MM) > 1:
            out.add("§5.2.1 页边", f"{which}天头（上白边）应为 {gb.MARGIN_TOP_MM} mm，现为 {top / mm:.1f} mm")
        if abs(left / mm - gb.MARGIN_LEFT_MM) > 1:
            out.add("§5.2.1 页边", f"{which}订口（左白边）应为 {gb.MARGIN_LEFT_MM} mm，现为 {left / mm:.1f} mm")
        width = w - left - right
        height = h - top - bottom
        if abs(width / mm - gb.TEXT_WIDTH_MM) > 0.5 or abs(height / mm - gb.TEXT_HEIGHT_MM) > 0.5:
            out.add("§5.2.1 版心", f"{which}版心应为 {gb.TEXT_WIDTH_MM} mm × {gb.TEXT_HEIGHT_MM} mm，"
                                   f"现为 {width / mm:.1f} mm × {height / mm:.1f} mm")
        # a first page of its own (a draft's mark in its header) is fine as long as it is numbered
        if section._sectPr.find(qn("w:titlePg")) is not None and "PAGE" not in section.first_page_footer._element.xml:
            out.add("§7.5 页码", f"{which}设置了“首页不同”而首页页脚没有页码：公文首页也要编页码")


def _twips(sect_pr, tag: str, attr: str) -> float | None:
    el = sect_pr.find(qn(f"w:{tag}"))
    return parse_measure(el.get(qn(f"w:{attr}")), 20) if el is not None else None


def _runs(p, props: Properties, out: _Report, where: str, clause: str, family: str, shown: str, size: int,
          title: bool = False) -> None:
    first = True
    for r in p._p.findall(qn("w:r")):
        if not "".join(t.text or "" for t in r.findall(qn("w:t"))).strip():
            continue
        chain = props.rpr_chain(r, p._p)
        font = props.font(chain)
        # a run-in heading ("（一）标题。正文"): the heading's font first, then heading or body font
        allowed = FAMILIES[family] if first else FAMILIES[family] | FAMILIES["fangsong"]
        first = False
        if font == "(主题字体)":
            out.add(clause, "中文字体由主题决定（eastAsiaTheme），不同电脑上会变：应直接指定字体名", where)
        elif font not in allowed:
            out.add(clause, f"中文字体应为{shown}，现为 {font or '未设置（取决于 Word 默认）'}", where)
        sz = parse_measure(props.find(chain, "sz"), 2)
        if sz != size:
            out.add(clause, f"字号应为 {size // 2} pt（{'2' if size == gb.TITLE_PT * 2 else '3'}号），"
                            f"现为 {sz / 2 if sz else '默认 10.5'} pt", where)
        color = props.find(chain, "color")
        if color not in (None, "auto", "000000"):
            out.add("§5.2.4 颜色", f"文字应为黑色，现为 #{color}", where)
        if title and props.flag(chain, "b"):
            out.add("实务", "标题加粗：小标宋本身已是粗体，标准未要求加粗", where)
        if not title:
            spacing = parse_measure(props.find(chain, "spacing"), 20)
            if spacing is None or not -15 <= spacing <= -5:
                out.add("§5.2.3 每行字数", "3号字不紧缩字距时每行只能排 27 字：字符间距应紧缩 0.25–0.75 磅"
                                         "（w:spacing −5…−15）", where)


def _lines(p, props: Properties, out: _Report, where: str) -> None:
    chain = props.ppr_chain(p._p)
    rule = props.find(chain, "spacing", "lineRule")
    line = parse_measure(props.find(chain, "spacing", "line"), 20)
    if rule != "exact" or line is None:
        out.add("§5.2.3 每页行数", f"行距应为固定值 {gb.LINE_TWIPS / 20:g} 磅（每页 {gb.LINES_PER_PAGE} 行），现为多倍或最小行距",
                where)
    elif not gb.LINE_TWIPS_MIN <= round(line) <= gb.LINE_TWIPS:
        out.add("§5.2.3 每页行数", f"固定行距 {line / 20:g} 磅每页只能排 {int(gb.TEXT_HEIGHT_TWIPS // max(line, 1))} 行："
                                 f"应为 {gb.LINE_TWIPS / 20:g} 磅", where)
    for side in ("before", "after"):
        value = parse_measure(props.find(chain, "spacing", side), 20)
        if value:
            out.add("§5.2.3 每页行数", f"段{'前' if side == 'before' else '后'}距应为 0（现为 {value / 20:g} 磅），否则版心排不满 22 行", where)


def _indent(p, props: Properties, out: _Report, where: str) -> None:
    chain = props.ppr_chain(p._p)
    chars = props.find(chain, "ind", "firstLineChars")
    twips = parse_measure(props.find(chain, "ind", "firstLine"), 20)
    if chars == "200" or (twips is not None and 600 <= twips <= 660):
        return
    out.add("§7.3.3 段落", "每个自然段应首行缩进 2 字", where)


def _page_numbers(document, props: Properties, out: _Report) -> None:
    settings = document.settings.element
    if settings.find(qn("w:evenAndOddHeaders")) is None:
        out.add("§7.5 页码", "没有设置“奇偶页不同”：单页码应居右、双页码应居左")
    if not document.sections:
        return
    for side, footer, align, inset_attr in (("单页", "footer", "right", "right"), ("双页", "even_page_footer", "left", "left")):
        section = document.sections[0]
        f = getattr(section, footer)
        if f.is_linked_to_previous:
            out.add("§7.5 页码", f"{side}没有页脚（页码）")
            continue
        xml = f._element.xml
        if "PAGE" not in xml:
            out.add("§7.5 页码", f"{side}页脚中没有页码域（PAGE）")
            continue
        text = "".join(p.text for p in f.paragraphs)
        if not re.search(r"—\s*\d+\s*—", text) or re.search(r"[-–－]", text):
            out.add("§7.5 页码", f"{side}页码应为“— N —”（一字线 U+2014），现为“{text.strip()}”")
        p = next((p for p in f.paragraphs if "PAGE" in p._p.xml), None)
        if p is None:  # the PAGE field sits in a table or a content control: no paragraph of its own to check
            continue
        chain = props.ppr_chain(p._p)
        if props.find(chain, "jc") != align:
            out.add("§7.5 页码", f"{side}页码应{'居右' if align == 'right' else '居左'}")
        inset = parse_measure(props.find(chain, "ind", inset_attr), 20)
        if inset is None or abs(inset - gb.PAGE_NUMBER_INSET_TWIPS) > 40:
            out.add("§7.5 页码", f"{side}页码应{'居右' if align == 'right' else '居左'}空一字（14 磅）")
        for r in p._p.findall(qn("w:r")):
            chain_r = props.rpr_chain(r, p._p)
            size, ascii_font = parse_measure(props.find(chain_r, "sz"), 2), props.font(chain_r, "ascii")
            if size != gb.PAGE_NUMBER_PT * 2:
                out.add("§7.5 页码", f"{side}页码应为 4号（14 磅），现为 {size / 2 if size else '默认'} 磅")
            if ascii_font not in FAMILIES["song"]:
                out.add("§7.5 页码", f"{side}页码数字应为宋体，现为 {ascii_font or '未设置'}")
            break
