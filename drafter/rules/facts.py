"""Rules on what a report states as fact, checked against data no text tool has: its own figures (totals
and their parts, bare 100%), last year's figures (the direction a text says they moved), and the documents
it cites (drafter.citations: in force in the report's year, named right)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from .. import citations, yamlio, zh
from ..errors import DrafterError
from ..model import Figure
from ..texts import format_change, format_figure
from . import WARNING, Hit, Review, rule, terms

_STATING = ("opening", "duties", "measures", "other")  # the parts that state what was done, and how much
_FULL = re.compile(r"100(?:\.0+)?\s*%|百分之百|全覆盖")
_COUNT = re.compile(r"\d+(?:\.\d+)?\s*[余多]?\s*(?:万|千)?(?:个|件|人|名|次|家|户|起|份|场|条|项|所|村|期|批|宗)")


def _stated(review: Review) -> Iterator[tuple[terms.Sentence, list[tuple[int, str]]]]:
    """Each sentence of the parts that report the year's work, with the figures it refers to (offset, name)."""
    figures = review.report.figures
    for s in review.sentences:
        if s.path[0] in _STATING and s.path[-1] in ("text", "lead"):
            yield s, [(m.start(), m.group(1)) for m in zh.PLAIN_REFERENCE.finditer(s.text) if m.group(1) in figures]


def _shown(f: Figure) -> str:
    return format_figure(f.value, f.unit, f.approx)


@rule("figures", "实务", WARNING)
def figures(review: Review) -> Iterator[Hit]:
    """合计不小于其中各部分之和（figures 的 parts，或正文“共……其中……”）；100%、全覆盖在同一句中有基数

    Parts are declared (`parts: [a, b]`) or read from a sentence: the last figure before 其中 is the total,
    the figures after it with its unit are parts. An approximate total (1700余) is not compared. A bare 100%
    or 全覆盖 is doubted by reviewers unless the sentence also gives a count (a figure, or 23名)."""
    figs = review.report.figures
    for name, f in figs.items():
        if f.parts:
            said = _over(figs, name, f.parts)
            if said:
                yield Hit(said, ("figures", name, "parts"))
    for s, refs in _stated(review):
        at = s.text.find("其中")
        before = [(o, n) for o, n in refs if o < at]
        if at > 0 and before and not figs[before[-1][1]].parts:
            offset, total = before[-1]
            said = _over(figs, total, [n for o, n in refs if o > at and figs[n].unit == figs[total].unit])
            if said:
                yield review.hit_in(said, s.path, s.line, s.offset + offset)
        plain = zh.blank_out(s.text, zh.EXPRESSION)
        full = [(o, f"“{n}”是 100%") for o, n in refs if figs[n].unit == "%" and figs[n].value == 100]
        full += [(m.start(), f"“{m.group(0)}”") for m in _FULL.finditer(plain)]
        counted = any(figs[n].unit != "%" for _, n in refs) or _COUNT.search(plain)
        if full and not counted:
            offset, what = min(full)
            yield review.hit_in(f"{what}，同一句中却没有给出基数：审阅者会怀疑没有依据的 100%、全覆盖。"
                                "请写明是多少中的多少（如“23名执法人员全部参与”）", s.path, s.line, s.offset + offset)


def _over(figs: dict[str, Figure], total: str, parts: list[str]) -> str | None:
    """What is wrong when the parts add up to more than the total (or differ in unit); None when they agree."""
    whole = figs[total]
    if not parts or whole.value is None or whole.approx or any(figs[p].value is None for p in parts):
        return None
    odd = [p for p in parts if figs[p].unit != whole.unit]
    if odd:
        return f"“{total}”的 parts 中“{odd[0]}”的单位是“{figs[odd[0]].unit}”，与合计的“{whole.unit}”不同，不能相加"
    added = sum(Decimal(str(figs[p].value)) for p in parts)
    if added <= Decimal(str(whole.value)):
        return None
    sums = " + ".join(f"{p} {_shown(figs[p])}" for p in parts)
    return (f"合计“{total}”是 {_shown(whole)}，少于其中各部分之和 {format_figure(float(added), whole.unit)}（{sums}）："
            "请核对这几个数字")


_TREND = re.compile(r"[^。；{]{0,6}?(同比|比上年|较上年|比去年|较去年|与上年相比)[^。；{]{0,4}?(增长|增加|提高|上升|下降|减少|降低|持平)")
_UP, _DOWN = ("增长", "增加", "提高", "上升"), ("下降", "减少", "降低")


@rule("yoy", "实务", WARNING)
def yoy(review: Review) -> Iterator[Hit]:
    """正文说一个数字比上年增长或下降时，与上年年度文件中的数字方向一致（可用 {{ 名称.change }} 由数据生成）

    Only a figure followed by a comparison with last year (“{{ 合同 }}，同比增长”), compared with the figure
    of the same name in last year's file; a text that names the change itself (“同比增长{{ 增幅 }}”) is not
    read. Nothing to compare when the year before is not on disk."""
    previous = review.loaded.previous
    if previous is None or previous[0] != review.year - 1:
        return
    old_figures, figs = previous[1].figures, review.report.figures
    for s, refs in _stated(review):
        for offset, name in refs:
            m = _TREND.match(s.text, s.text.index("}}", offset) + 2)
            now, old = figs[name], old_figures.get(name)
            if m is None or old is None or now.value is None or old.value is None or old.unit != now.unit:
                continue
            word, went = m.group(2), (now.value > old.value) - (now.value < old.value)
            if went == (1 if word in _UP else -1 if word in _DOWN else 0):
                continue
            yield review.hit_in(
                f"正文说“{name}”{m.group(1)}{word}，而数据是{previous[0]}年 {_shown(old)}、今年 {_shown(now)}，"
                f"{format_change(now, old)}：请核对数字或措辞（上年的数字在 {_place(review, previous[0], name)}）。"
                f"可写成 {{{{ {name} }}}}，{{{{ {name}.change }}}}，由数据生成", s.path, s.line, s.offset + offset)


def _place(review: Review, year: int, name: str) -> str:
    file = review.loaded.town_dir.year_file(year)
    try:
        where = yamlio.load(file).where(("figures", name))
    except DrafterError:
        return str(file)
    return f"{file}:{where.line}:{where.column}"


_DASHES = re.compile(r"[-－–~～―—]+")
_PERIOD = re.compile(r"（((?:19|20)\d\d)—((?:19|20)\d\d)年?）")


def _norm(name: str) -> str:
    """A document's name as compared: dashes one 一字线, brackets full width, no spaces."""
    return _DASHES.sub("—", name).replace("(", "（").replace(")", "）").replace(" ", "")


_KNOWN = {_norm(n): doc for doc in citations.DOCUMENTS for n in (doc.name, *doc.short, *doc.wrong)}
_BY_ALIAS = {alias: doc for doc in citations.DOCUMENTS for alias in doc.aliases}
_ALIAS = re.compile("|".join(map(re.escape, sorted(_BY_ALIAS, key=len, reverse=True))))


@rule("citations", "实务", WARNING)
def cited(review: Review) -> Iterator[Hit]:
    """引用的文件在报告年度有效（如 2026 年度不再引用 2021—2025 年的纲要，2020 年后不再写“七五”普法），文件名写对

    The documents are drafter.citations (dated; keep it up). A document a report could not have seen (issued
    after 1 April of the next year, when reports are published) or whose period has ended is questioned; so is
    any title naming a period that has ended (《……（2021—2025年）》), listed or not."""
    year = review.year
    for line in review.lines:
        for m in zh.BOOK_TITLE.finditer(line.text):
            name = m.group(0)[1:-1]
            doc = _KNOWN.get(_norm(name))
            if doc is not None and name not in (doc.name, *doc.short):
                yield line.hit(f"文件名应为《{doc.name}》（{doc.issuer}），这里写作《{name}》", m.start())
            said = _not_in_force(doc, year, f"《{doc.name}》") if doc else _period_over(name, year)
            if said:
                yield line.hit(said, m.start())
        for m in _ALIAS.finditer(zh.blank_out(line.text, zh.BOOK_TITLE)):
            said = _not_in_force(_BY_ALIAS[m.group(0)], year, m.group(0))
            if said:
                yield line.hit(said, m.start())


def _not_in_force(doc: citations.Document, year: int, shown: str) -> str | None:
    if doc.until is not None and year > doc.until:
        return (f"{shown}的期限到 {doc.until} 年，{year} 年度的报告还引用它：是否应改为{doc.successor or '现行的文件'}？"
                f"（drafter 的文件清单 {citations.CHECKED.year}年{citations.CHECKED.month}月核对）")
    if doc.issued > dt.date(year + 1, 4, 1):
        return (f"{shown}是 {doc.issued.year}年{doc.issued.month}月才印发的（{doc.issuer}），"
                f"{year} 年度的报告不会引用它：请核对文件名或报告年度")
    return None


def _period_over(name: str, year: int) -> str | None:
    m = _PERIOD.search(_norm(name))
    if m is None or year <= int(m.group(2)):
        return None
    return f"《{name}》的期限是 {m.group(1)}—{m.group(2)} 年，{year} 年度的报告还引用它：是否应引用新的文件？"
