"""The data model of a town and of one year's report.

One definition serves validation (unknown keys, wrong types) and, later, the JSON Schema that editors use:
every field carries its Chinese description. Texts are Jinja snippets: figures and years are referred to
by name (``{{ 审查合同 }}``, ``{{ year }}年``) and resolved at render time.
"""

from __future__ import annotations

import datetime as dt
import difflib
import keyword
import math
import re
import typing
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from . import zh
from .limits import MAX_FIGURES, MAX_PARAGRAPHS

REQUIRED_PARTS = ("duties", "measures", "problems", "plans")  # the regulation's four items
PART_KEYS = (*REQUIRED_PARTS, "other")
PartKey = Literal[PART_KEYS]  # a tuple subscript spells the same Literal as the keys written out

PART_NAMES = {
    "duties": "第一责任人职责",
    "measures": "主要举措与成效",
    "problems": "存在的不足与原因",
    "plans": "下一年度主要安排",
    "other": "其他需要报告的情况",
}

# How a heading shows which of the regulation's items it reports, in the order to try them ("下一步工作举措" is
# a plan, though 举措 also names measures). Import matches parts by them; check asks for them.
PART_MEANINGS = {
    "plans": re.compile(r"下一步|下一年|下阶段|明年|来年|今后|努力方向"
                        r"|(?:20\d\d年度?|工作|主要)\S{0,6}(?:安排|打算|计划|思路|重点|方向|要点)|^(?:安排|打算|计划|思路)"),
    "problems": re.compile(r"不足|短板|差距|薄弱|困难|主要问题|存在\S{0,4}问题|^问题|问题(?:及|和|与|、)"),
    "duties": re.compile(r"第一责任人|主要负责人|履行\S{0,12}职责"),
    "other": re.compile(r"其他|其它"),
    "measures": re.compile(r"举措|成效|措施|做法|主要工作|工作情况|开展情况|总体情况|推进情况|进展|成绩"),
}


# What topic chapters say with an item's words in another sense (坚持问题导向，补齐法治短板), and how a report on
# last year's plans is headed (2023年工作计划完成情况: measures, not plans).
_OTHER_SENSE = re.compile(r"问题导向|补\S{0,4}短板|聚焦\S{0,4}薄弱|破解\S{0,6}(?:难题|困难)|依法履行\S{0,2}职能")
_DONE = re.compile(r"(?:完成|落实|执行|开展|推进|总体|基本|工作)情况$")


def names_item(heading: str, key: str) -> bool:
    """Whether a part heading says it reports the regulation's item `key` (it may name another as well:
    存在问题及下一步打算)."""
    heading = _OTHER_SENSE.sub("", heading)
    if not PART_MEANINGS["duties"].search(heading) and _DONE.search(heading):
        return key == "measures"
    return bool(PART_MEANINGS[key].search(heading))


def part_meaning(heading: str) -> str | None:
    """The regulation's item a part heading names first, or None for a topic chapter (一、坚持党的领导…)."""
    return next((key for key in PART_MEANINGS if names_item(heading, key)), None)


DEFAULT_HEADINGS = {
    "duties": "履行推进法治建设第一责任人职责情况",
    "measures": "主要举措与成效",
    "problems": "存在的不足与原因",
    "plans": "下一年度推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}

# Names a text can use besides the figures; a figure may not take one of them.
CONTEXT_NAMES = ("year", "next_year", "last_year", "town", "district")
_JINJA_WORDS = {"true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is", "if", "else"}

Numbering = Literal["（一）", "1.", "（1）", "一是"]
PENDING = "待填"
ProblemStatus = Literal["待填", "已整改", "仍存在"]
FollowupStatus = Literal["待填", "已落实", "部分落实", "未落实"]
REVIEWED_DESC = "false：沿用上年的文字，尚未核对。核对、更新后改为 true（或删去这一行）"
DATE_RE = re.compile(r"^\d{4}年([1-9]|1[0-2])月([1-9]|[12]\d|3[01])日$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _empty_list(cls, v: object, info) -> object:
        # `items:` left empty (null) while being filled in means an empty list, not a type error
        field = cls.model_fields.get(info.field_name)
        if v is None and field is not None and typing.get_origin(field.annotation) is list:
            return []
        return v


def _single_line(value: str | None, what: str) -> str | None:
    if value is not None and "\n" in value.strip():
        raise ValueError(f"{what}只能写一行")
    return value.strip() if value is not None else None


class PartLayout(Strict):
    numbering: list[Numbering] = Field(
        default=["（一）", "1.", "（1）"],
        description="各层条目的序号样式，由外到内：（一） 1. （1） 一是",
    )
    inline: bool = Field(
        default=False,
        description="true：导语和各条目连成一段（如“一是……二是……”）；false：每条单独成段",
    )

    @field_validator("numbering", mode="before")
    @classmethod
    def _numbering_variants(cls, v: object) -> object:
        # unquoted `1.` is the number 1.0 in YAML; half-width brackets are a common slip
        fixes = {1: "1.", "1": "1.", "1、": "1.", "(一)": "（一）", "(1)": "（1）"}
        return [fixes.get(x, x) if isinstance(x, (int, float, str)) else x for x in v] if isinstance(v, list) else v


class Layout(Strict):
    order: list[PartKey] = Field(
        default=list(PART_KEYS), description="各部分在报告中的先后顺序"
    )
    duties: PartLayout = Field(default_factory=PartLayout, description="第一责任人职责部分的版式")
    measures: PartLayout = Field(default_factory=PartLayout, description="主要举措与成效部分的版式")
    problems: PartLayout = Field(default_factory=PartLayout, description="存在的不足与原因部分的版式")
    plans: PartLayout = Field(default_factory=PartLayout, description="下一年度主要安排部分的版式")
    other: PartLayout = Field(default_factory=PartLayout, description="其他需要报告的情况部分的版式")

    @field_validator("order")
    @classmethod
    def _order_complete(cls, order: list[str]) -> list[str]:
        if len(set(order)) != len(order):
            raise ValueError("order 中有重复的部分")
        missing = [k for k in REQUIRED_PARTS if k not in order]
        if missing:
            raise ValueError("order 缺少必备部分：" + "、".join(missing))
        return order


class Town(Strict):
    name: str = Field(description="报告单位全称，如 辛口镇、XX街道、XX乡、西青区、西青区司法局")
    district: str = Field(default="", description="上级行政区：镇街写所属区县（如 西青区），区县写所属市（如 天津市）；不写标题就不带")
    level: Literal[zh.LEVELS] | None = Field(
        default=None, description="报告单位的层级：镇 乡 街道 区 县 部门；不填按全称的末字判断（辛口镇→镇，西青区→区，其余→部门）")
    organ: list[str] = Field(
        default_factory=list,
        description="署名的发文机关，一行一个，如 [中共辛口镇委员会, 辛口镇人民政府]；不填则用报告单位全称",
    )
    addressee: str | None = Field(
        default=None, description="主送机关的默认写法，如 中共西青区委、西青区人民政府：；年度文件没有写 addressee 时用它")
    layout: Layout = Field(default_factory=Layout, description="报告的版式：部分顺序和各部分的序号样式")
    fonts: Literal["gb", "windows"] = Field(
        default="gb", description="字体：gb＝方正小标宋简体、仿宋_GB2312、楷体_GB2312、黑体；windows＝宋体、仿宋、楷体、黑体（没有 GB 字体的电脑）")
    latin_times: bool = Field(default=False, description="true：数字和西文字母用 Times New Roman（不少地方的公文要求）")
    checks_off: list[str] = Field(
        default_factory=list, description="关闭的实务类检查规则（drafter check --rules 查看），如 [stale, answered]")

    _addressee_line = field_validator("addressee")(classmethod(lambda cls, v: _single_line(v, "主送机关")))

    @field_validator("organ", mode="before")
    @classmethod
    def _organ_list(cls, v: object) -> object:
        return [v] if isinstance(v, str) else v

    @property
    def superior(self) -> str:
        """The district as the full name needs it: none when the name says it already (宁远区司法局)."""
        return "" if self.name.startswith(self.district) else self.district

    @property
    def full_name(self) -> str:
        """西青区辛口镇, 宁远区司法局: the name with its superior, once."""
        return self.superior + self.name

    def title_words(self, year: int) -> list[str]:
        """drafter's title for the year, as the words a title line may break between."""
        return [w for w in (self.superior, self.name, f"{year}年度", "法治政府建设", "情况报告") if w]

    def usual_organs(self) -> list[str]:
        """The organs that usually sign a report of this level: the Party committee and the government (a
        street's 工作委员会 and 办事处), or a department itself. Written into a new town.yaml for the clerk to check."""
        level, full = self.level or zh.level_of(self.name), self.full_name
        if level == "部门":
            return [full]
        if level == "街道":
            return [f"中共{full}工作委员会", f"{full}办事处"]
        return [f"中共{full}委员会", f"{full}人民政府"]


class Figure(Strict):
    value: int | float | None = Field(default=None, description="数值；留空表示待填")
    unit: str = Field(default="", description="单位，如 件、份、人次、%")
    label: str = Field(default="", description="简短说明，如 审查合同")
    approx: bool = Field(default=False, description="true 时写作“约数”：数值后加“余”，如 1700余人次")
    parts: list[str] = Field(
        default_factory=list, description="这个数字是合计时，组成它的数字的名称，如 [简易程序案件, 一般程序案件]；"
                                          "drafter check 核对合计不小于各部分之和")

    @field_validator("value")
    @classmethod
    def _finite(cls, v: int | float | None) -> int | float | None:
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError(f"数值须是有限的数，这里是 {v}（.nan、.inf 不能作数值）；待填请写 null")
        return v


class Item(Strict):
    title: str | None = Field(default=None, description="小标题（一句话，不含序号）")
    text: str | None = Field(default=None, description="正文；多段时每段一行")
    items: list[Item] = Field(default_factory=list, description="下一层条目")
    own_line: bool = Field(default=False, description="true：小标题单独成行，正文另起一段（默认接在小标题后）")
    reviewed: bool = Field(default=True, description=REVIEWED_DESC)
    status: ProblemStatus | None = Field(
        default=None, description="（仅用于上年的问题）待填 / 已整改 / 仍存在；已整改的问题请删去或改写")
    cause: str | None = Field(
        default=None, description="（用于存在的不足）问题的原因，如 主要原因是……；导出时接在正文之后")

    _title_line = field_validator("title")(classmethod(lambda cls, v: _single_line(v, "小标题")))

    @model_validator(mode="after")
    def _not_empty(self) -> Item:
        if not (self.title or self.text or self.items):
            raise ValueError("条目是空的：至少写 title、text 或 items 之一")
        return self


class Part(Strict):
    heading: str | None = Field(default=None, description="本部分标题（不含“一、”）；不填用默认措辞")
    lead: str | None = Field(default=None, description="导语：条目之前的段落，多段时每段一行")
    items: list[Item] = Field(default_factory=list, description="条目")
    reviewed: bool = Field(default=True, description=REVIEWED_DESC + "（指本部分的导语）")

    _heading_line = field_validator("heading")(classmethod(lambda cls, v: _single_line(v, "部分标题")))

    @property
    def empty(self) -> bool:
        return not (self.lead or self.items)


class Opening(Strict):
    text: str = Field(description="开头段落（总述），多段时每段一行")
    formula: str | None = Field(default=None, description="过渡语，如 现将有关情况报告如下：")
    formula_paragraph: bool = Field(default=False, description="true：过渡语单独成段；false：接在开头最后一段末尾")
    reviewed: bool = Field(default=True, description=REVIEWED_DESC)


class Followup(Strict):
    plan: str = Field(description="上年报告中的一条“下一年度主要安排”")
    status: FollowupStatus = Field(default="待填", description="落实情况：待填 / 已落实 / 部分落实 / 未落实")
    measure: str | None = Field(
        default=None, description="报告其落实情况的条目：举措和成效（measures）、第一责任人职责（duties）或其他部分中某一条的小标题（title）")


class Signature(Strict):
    organ: list[str] = Field(default_factory=list, description="署名，一行一个；不填用 town.yaml 的 organ")
    date: str | None = Field(default=None, description="成文日期，如 2024年1月6日（月、日不加 0）；null 表示待填")

    @field_validator("organ", mode="before")
    @classmethod
    def _organ_list(cls, v: object) -> object:
        return [v] if isinstance(v, str) else v

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: object) -> object:
        if isinstance(v, dt.date):
            return f"{v.year}年{v.month}月{v.day}日"
        if isinstance(v, str) and not DATE_RE.match(v.strip()):
            raise ValueError(f"成文日期“{v}”格式不对，应写成 2024年1月6日 这样（阿拉伯数字，月、日不加 0）")
        return v.strip() if isinstance(v, str) else v


class Report(Strict):
    based_on: int | None = Field(default=None, description="本文件由哪一年度的报告生成（drafter new 自动填写）")
    title: str | None = Field(
        default=None,
        description="报告标题；不填则由区县、镇街和年度生成。标题中的空格表示可以换行的位置",
    )
    addressee: str | None = Field(
        default=None, description="主送机关，如 中共西青区委、西青区人民政府：；不写则用 town.yaml 的 addressee，"
                                  "都没有则报告不写主送机关；写了 null 表示待填（drafter new 写入）")
    doc_number: str | None = Field(
        default=None, description="发文字号，如 辛口党委〔2024〕5号（属于版头，drafter 不排版头，只保存不打印）")
    opening: Opening = Field(description="开头：总述段落和过渡语")
    duties: Part = Field(description="党政主要负责人履行推进法治建设第一责任人职责情况")
    measures: Part = Field(description="推进法治政府建设的主要举措和成效")
    problems: Part = Field(description="推进法治政府建设存在的不足和原因")
    plans: Part = Field(description="下一年度推进法治政府建设的主要安排")
    other: Part | None = Field(default=None, description="其他需要报告的情况（可选）")
    followup: list[Followup] = Field(
        default_factory=list, description="上年安排的落实清单（工作用，不写入报告）：每条填写落实情况和对应举措")
    signature: Signature | None = Field(default=None, description="署名和成文日期（可选）")
    figures: dict[str, Figure] = Field(
        default_factory=dict,
        description="报告引用的数字。正文用 {{ 名称 }} 引用，如 {{ 审查合同 }} 输出“284份”",
    )
    layout: Layout | None = Field(default=None, description="本年度单独使用的版式；不填用 town.yaml 的 layout")

    _title_line = field_validator("title")(classmethod(lambda cls, v: _single_line(v, "标题")))

    @field_validator("figures")
    @classmethod
    def _figure_names(cls, figures: dict[str, Figure]) -> dict[str, Figure]:
        if len(figures) > MAX_FIGURES:
            raise ValueError(f"有 {len(figures)} 个数字，超过 {MAX_FIGURES} 个：一份年度报告通常只引用几十个数字。"
                             "请删去正文没有用到的数字，或检查是否误把别的内容粘贴了进来")
        for name in figures:
            if name in CONTEXT_NAMES:
                raise ValueError(f"数字名称“{name}”与内置名称重名，请换一个名称")
            if not name.isidentifier() or keyword.iskeyword(name) or name in _JINJA_WORDS:
                raise ValueError(f"数字名称“{name}”不能用：只能由汉字、字母、数字和下划线组成，且不以数字开头")
        for name, figure in figures.items():
            for part in figure.parts:
                if part not in figures or part == name:
                    close = difflib.get_close_matches(part, [n for n in figures if n != name], n=1, cutoff=0.5)
                    hint = f"你是不是想写“{close[0]}”？" if close else "请写 figures 中另一个数字的名称"
                    raise ValueError(f"数字“{name}”的 parts 中的“{part}”不是它的组成部分：{hint}")
        return figures

    @model_validator(mode="after")
    def _not_too_long(self) -> Report:
        count = self.paragraph_count()
        if count > MAX_PARAGRAPHS:
            raise ValueError(f"年度文件的内容约有 {count} 段（每行文字、每个没有正文的标题或条目各算一段），"
                             f"超过 {MAX_PARAGRAPHS} 段：一份年度报告通常只有几十到一两百段。"
                             "请检查是否误把别的文件粘贴了进来，或删去多余的内容")
        return self

    def paragraph_count(self) -> int:
        """About how many paragraphs the report prints (and the checklist holds): the rules compare texts
        with one another and with last year's, so this bounds their work."""
        def lines(text: str | None) -> int:
            return sum(1 for line in text.splitlines() if line.strip()) if text else 0

        return len(self.followup) + sum(
            max(1, lines(getattr(node, "text", None)) + lines(getattr(node, "lead", None))) for _, node in self.nodes())

    def parts(self, layout: Layout) -> list[tuple[str, Part]]:
        """The parts present, in the layout's order; a part the order leaves out comes last."""
        keys = list(layout.order) + [k for k in PART_KEYS if k not in layout.order]
        return [(k, p) for k in keys if (p := getattr(self, k)) is not None]

    def nodes(self) -> Iterator[tuple[tuple, Opening | Part | Item]]:
        """(path, node) of the opening, each part and every item at any depth, in reading order."""
        yield ("opening",), self.opening
        for key in PART_KEYS:
            part = getattr(self, key)
            if part is not None:
                yield (key,), part
                yield from _items(part.items, (key, "items"))

    def texts(self) -> Iterator[tuple[tuple, str]]:
        """(path, text) of every text the report prints, as written in the YAML (figures still `{{ 名称 }}`)."""
        for field in ("title", "addressee"):
            if getattr(self, field):
                yield (field,), getattr(self, field)
        for path, node in self.nodes():
            for field in ("text", "cause", "formula", "heading", "lead", "title"):
                value = getattr(node, field, None)
                if isinstance(value, str) and value:
                    yield path + (field,), value

    def at(self, path: tuple) -> object:
        """The node at a YAML path such as ("problems", "items", 0)."""
        node: object = self
        for step in path:
            node = node[step] if isinstance(step, int) else getattr(node, step)
        return node


def _items(items: list[Item], path: tuple) -> Iterator[tuple[tuple, Item]]:
    for i, item in enumerate(items):
        yield path + (i,), item
        yield from _items(item.items, path + (i, "items"))
