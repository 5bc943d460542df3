"""`drafter check`: what a reviewer would catch, found in the YAML with exact places, before anyone prints.

Errors are what would make the export wrong (they come from the same validation and text resolution the
export runs); warnings are what a reviewer would object to. Every rule has an id, a tier saying where it
comes from (条例 = the regulation, 国标 = GB/T 9704 / GB/T 15834, 实务 = common practice) and a description.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from . import render, validate, yamlio
from .errors import DrafterError, Problem
from .model import DEFAULT_HEADINGS, PART_KEYS, PART_MEANINGS, PART_NAMES, Item, Report, Town
from .workspace import Loaded, TownDir, Workspace

ERROR, WARNING = "错误", "警告"


@dataclass(frozen=True)
class Rule:
    id: str
    tier: str
    level: str
    description: str


RULES = {r.id: r for r in [
    Rule("yaml", "实务", ERROR, "YAML 语法正确，文件为 UTF-8 编码"),
    Rule("schema", "实务", ERROR, "键名、类型和取值正确（未知的键、类型错误、成文日期格式）"),
    Rule("text", "实务", ERROR, "正文中的 {{ }} 能够计算，引用的数字和名称都已定义"),
    Rule("required", "条例", ERROR, "四个必备部分都有内容，成文日期已填写"),
    Rule("coverage", "条例", WARNING, "条例要求报告的各项内容（第一责任人职责、举措和成效、不足和原因、下一年度安排）都能在报告中找到"),
    Rule("unfilled", "实务", WARNING, "数字都已填写"),
    Rule("unreviewed", "实务", WARNING, "沿用上年或示例的文字都已核对"),
    Rule("undecided", "实务", WARNING, "上年的问题已判断是否整改，已整改的不再列为问题"),
    Rule("followup", "实务", WARNING, "上年安排逐条说明落实情况，已落实的指明报告它的举措"),
    Rule("stale", "实务", WARNING, "文字与上年不雷同（相似度低于 90%）；与上年相同且仍存在的问题有新的安排"),
    Rule("answered", "实务", WARNING, "每个问题都有针对它的下一年度安排（按关键词判断）"),
    Rule("punct", "国标", WARNING, "中文之间不用半角标点 , ; : ( ) ? !（GB/T 15834）"),
    Rule("pairs", "国标", WARNING, "引号、书名号、括号成对（GB/T 15834）"),
    Rule("spaces", "国标", WARNING, "中文之间、中文与数字之间没有空格"),
    Rule("numbering", "国标", WARNING, "层次序号写作“1.”，不写“1、”（GB/T 9704 §7.3.3）"),
    Rule("repeat", "国标", WARNING, "标点不重复（。。，，）"),
    Rule("years", "实务", WARNING, "正文中没有写死的往年年份（《》中的文件名、2021—2025年这样的起止年份除外）"),
    Rule("unused", "实务", WARNING, "figures 中的数字都在正文中用到"),
]}


@dataclass
class Finding:
    rule: str
    level: str
    message: str
    file: str | None
    line: int | None
    column: int | None
    part: str  # the group it is listed under

    @property
    def tier(self) -> str:
        return RULES[self.rule].tier

    def __str__(self) -> str:
        where = str(Problem("", Path(self.file) if self.file else None, self.line, self.column))
        return f"{where}{self.level}: {self.message}"

    def as_dict(self) -> dict:
        return {**asdict(self), "tier": self.tier}


@dataclass
class CheckResult:
    """The findings for one or more town-years."""

    findings: list[Finding]
    rules_off: list[str]

    @property
    def errors(self) -> int:
        return sum(f.level == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level == WARNING for f in self.findings)


# --- entry points ----------------------------------------------------------------------------------------
def check_year(ws: Workspace, town: str, year: int) -> CheckResult:
    town_dir = ws.find_town(town)
    return _check_file(town_dir, town_dir.year_file(year), year)


def check_path(file: Path) -> CheckResult:
    m = re.fullmatch(r"(\d{4})\.yaml", file.name)
    if not m:
        raise DrafterError.one(f"{file} 不是年度文件：文件名应为年度，如 towns/辛口/2024.yaml")
    if not file.exists():
        raise DrafterError.one(f"找不到文件 {file}")
    return _check_file(TownDir(file.parent.name, file.parent), file, int(m.group(1)))


def check_all(ws: Workspace) -> CheckResult:
    out = CheckResult([], [])
    for t in ws.towns():
        try:
            town = t.load_town()
        except DrafterError as e:  # reported once; its years cannot be checked without it
            found = _from_problems(e.problems, "schema", "town.yaml")
            if t.years():
                found[-1].message += f"（因此没有检查 {'、'.join(map(str, t.years()))} 年度）"
            out.findings += found
            continue
        for year in t.years():
            one = _check_file(t, t.year_file(year), year, town)
            out.findings += one.findings
            out.rules_off = sorted(set(out.rules_off) | set(one.rules_off))
    return out


def warnings_for(loaded: Loaded) -> list[Finding]:
    """The warnings of a town-year that exports without errors (export prints them), by the town's rule set."""
    off, bad = _rules_off(loaded.town_dir, loaded.town)
    if bad:
        raise DrafterError([Problem(bad[0].message, loaded.town_dir.town_file)])
    return [f for f in _rules(loaded, render.resolve(loaded)) if f.level == WARNING and f.rule not in off]


def _rules_off(town_dir: TownDir, town: Town) -> tuple[list[str], list[Finding]]:
    """The rules a town switched off, and an error for any that cannot be switched off."""
    off = list(dict.fromkeys(town.checks_off))
    bad = [r for r in off if r not in RULES or RULES[r].tier != "实务" or RULES[r].level != WARNING]
    if not bad:
        return off, []
    return off, [Finding("schema", ERROR, f"checks_off 中的“{'、'.join(bad)}”不能关闭：只能关闭实务类的警告规则"
                         f"（drafter check --rules 查看）", str(town_dir.town_file), None, None, "town.yaml")]


def _check_file(town_dir: TownDir, file: Path, year: int, town: Town | None = None) -> CheckResult:
    try:
        town = town or town_dir.load_town()
    except DrafterError as e:
        return CheckResult(_from_problems(e.problems, "schema", "town.yaml"), [])
    off, bad = _rules_off(town_dir, town)
    if bad:
        return CheckResult(bad, [])
    if not file.exists():
        raise DrafterError.one(f"找不到 {file}。现有年度：{'、'.join(map(str, town_dir.years())) or '无'}")
    try:
        source = yamlio.load(file)
    except DrafterError as e:
        return CheckResult(_from_problems(e.problems, "yaml", "文件"), off)
    try:
        report = validate.parse(source, Report)
    except DrafterError as e:
        return CheckResult(_from_problems(e.problems, "schema", None), off)
    loaded = Loaded(town_dir, town, year, report, source)
    findings = [f for f in _rules(loaded, render.resolve(loaded)) if f.rule not in off]
    order = {k: i for i, k in enumerate(_GROUPS)}
    findings.sort(key=lambda f: (order.get(f.part, len(order)), f.line or 0, f.column or 0))
    return CheckResult(findings, off)


_GROUPS = ["文件", "town.yaml", "开头", *(PART_NAMES[k] for k in PART_KEYS), "落实清单", "数字", "落款"]
_PART_OF = {"opening": "开头", "title": "开头", "addressee": "开头", "followup": "落实清单", "figures": "数字",
            "signature": "落款", **PART_NAMES}


def _from_problems(problems: list[Problem], rule: str, part: str | None) -> list[Finding]:
    return [Finding(rule, ERROR, p.message, str(p.file) if p.file else None, p.line, p.column, part or "文件")
            for p in problems]


# --- the rules -------------------------------------------------------------------------------------------
_INCOMPLETE_LEVEL = {"required": ERROR}


def _rules(loaded: Loaded, resolved: render.Resolved) -> list[Finding]:
    src = loaded.source
    out: list[Finding] = []

    def add(rule: str, message: str, path: tuple, key: bool = False, line: int | None = None,
            column: int | None = None) -> None:
        p = src.where(path, key)
        out.append(Finding(rule, RULES[rule].level, message, str(src.file), line or p.line,
                           column if line else p.column, _PART_OF.get(str(path[0]) if path else "", "文件")))

    for p in resolved.problems:
        out.append(Finding("text", ERROR, p.message, str(p.file) if p.file else None, p.line, p.column,
                           _part_at(loaded, p.line)))
    for p in resolved.incomplete:
        out.append(Finding(p.code, _INCOMPLETE_LEVEL.get(p.code, WARNING), p.message, str(p.file), p.line,
                           p.column, _part_at(loaded, p.line)))

    report = loaded.report
    _coverage(report, add)
    _followup(report, add)
    _answered(report, add)
    _stale(loaded, add)
    texts = list(_texts(report))
    for path, text in texts:
        _typography(src, path, text, loaded.year, add)
    used = "\n".join(t for _, t in texts)
    for name in report.figures:
        if not re.search(r"\{\{[^}]*(?<!\w)" + re.escape(name) + r"(?!\w)", used):
            add("unused", f"数字“{name}”没有在正文中用到：删去它，或在正文中用 {{{{ {name} }}}} 引用", ("figures", name),
                key=True)
    return out


def _part_at(loaded: Loaded, line: int | None) -> str:
    """The group of a finding known only by its line: the last top-level key at or above that line."""
    starts = sorted((kline, key) for (key, *rest), (kline, _) in loaded.source.keys.items() if not rest)
    above = [key for kline, key in starts if line is not None and kline <= line]
    return _PART_OF.get(above[-1], "文件") if above else "文件"


def _coverage(report: Report, add) -> None:
    for key in ("duties", "measures", "problems", "plans"):
        words = PART_MEANINGS[key]
        heading = getattr(report, key).heading or DEFAULT_HEADINGS[key]
        if not any(w in heading for w in words):
            add("coverage", f"标题“{heading}”看不出是条例要求的“{PART_NAMES[key]}”：审阅者可能认为缺少这项内容，"
                            f"请在标题中点明（如“{DEFAULT_HEADINGS[key]}”）", (key, "heading"))


def _followup(report: Report, add) -> None:
    titles = [t for t, _ in _measure_titles(report.measures.items)]
    for i, f in enumerate(report.followup):
        if f.status == "待填":
            add("followup", f"上年的安排“{f.plan}”还没有说明落实情况：把 status 改为 已落实、部分落实 或 未落实",
                ("followup", i, "status"), key=True)
        elif f.status in ("已落实", "部分落实") and not f.measure:
            add("followup", f"上年的安排“{f.plan}”标为{f.status}，但没有指明报告它的举措：在 measure 中写那条举措的小标题",
                ("followup", i, "status"), key=True)
        if f.measure and f.measure not in titles:
            close = difflib.get_close_matches(f.measure, titles, n=1, cutoff=0.4)
            hint = f"你是不是想写“{close[0]}”？" if close else "请写 measures 中某一条的小标题。"
            add("followup", f"measure“{f.measure}”不是本年度任何一条举措的小标题。{hint}", ("followup", i, "measure"))


def _measure_titles(items: list[Item], path: tuple = ("measures", "items")) -> Iterator[tuple[str, tuple]]:
    for i, item in enumerate(items):
        if item.title:
            yield item.title, path + (i,)
        yield from _measure_titles(item.items, path + (i, "items"))


# Concepts a problem and the plan that answers it share, each with the words that name it in either.
_CONCEPTS = [
    ("执法",), ("队伍", "人才", "人员"), ("培训", "素养", "教育", "学法"), ("普法", "宣传"), ("决策",),
    ("规范性文件",), ("公开",), ("复议", "诉讼", "应诉"), ("体系", "机制", "统筹", "协调", "顶层设计"),
    ("信息化", "数字化", "平台"), ("纠纷", "调解", "信访"), ("监督", "考核"), ("营商环境",), ("合同",),
]


def _concepts(text: str) -> list[tuple[str, ...]]:
    return [c for c in _CONCEPTS if any(w in text for w in c)]


def _answered_by(problem: Item, plans_text: str) -> bool | None:
    """True/False: some plan names a concept of the problem's title; None: the title names none we know."""
    concepts = _concepts(problem.title or (problem.text or "")[:40])
    if not concepts:
        return None
    return any(w in plans_text for c in concepts for w in c)


def _plans_text(report: Report) -> str:
    return "\n".join(t for path, t in _texts(report) if path[0] == "plans")


def _answered(report: Report, add) -> None:
    plans = _plans_text(report)
    if report.plans.empty:
        return  # already reported as missing content
    for i, problem in enumerate(report.problems.items):
        if _answered_by(problem, plans) is False:
            words = "、".join(c[0] for c in _concepts(problem.title or problem.text or ""))
            add("answered", f"问题“{problem.title or (problem.text or '')[:20]}”在下一年度安排中找不到对应的措施"
                            f"（没有提到{words}）：请补充针对它的安排", ("problems", "items", i))


def _previous(loaded: Loaded) -> Report | None:
    years = [y for y in loaded.town_dir.years() if y < loaded.year]
    year = loaded.report.based_on or (years[-1] if years else None)
    file = loaded.town_dir.year_file(year) if year else None
    if file is None or not file.exists():
        return None
    try:
        return validate.parse(yamlio.load(file), Report)
    except DrafterError:
        return None


def _stale(loaded: Loaded, add) -> None:
    before = _previous(loaded)
    if before is None:
        return
    from rapidfuzz import fuzz, process  # ~1.7 µs a comparison (difflib: ~220 µs); needed only here
    old = [t for _, t in _texts(before) if len(t) >= 20]
    if not old:
        return
    reviewed = {path for path, node in _text_nodes(loaded.report) if getattr(node, "reviewed", True)}
    old_year = loaded.report.based_on or max(y for y in loaded.town_dir.years() if y < loaded.year)
    plans = _plans_text(loaded.report)
    for path, text in _texts(loaded.report):
        if len(text) < 20 or path[:-1] not in reviewed or path[0] == "followup":
            continue
        match = process.extractOne(text, old, scorer=fuzz.ratio, score_cutoff=90)
        if match is None:
            continue
        if path[0] == "problems":
            item = _node_at(loaded.report, path[:-1])
            if isinstance(item, Item) and item.status == "仍存在" and _answered_by(item, plans) is not True:
                add("stale", f"这条问题与{old_year}年的相同（相似度 {match[1]:.0f}%）且仍存在，但今年的安排中没有针对它的新措施",
                    path)
            continue
        add("stale", f"这段文字与{old_year}年的相似度为 {match[1]:.0f}%：是否照搬了上年的文字？请按今年的情况改写", path)


# --- texts and typography --------------------------------------------------------------------------------
def _text_nodes(report: Report) -> Iterator[tuple[tuple, object]]:
    """(path, node) of every model node that holds text."""
    yield ("opening",), report.opening
    for key in PART_KEYS:
        part = getattr(report, key)
        if part is None:
            continue
        yield (key,), part
        yield from _item_nodes(part.items, (key, "items"))


def _item_nodes(items: list[Item], path: tuple) -> Iterator[tuple[tuple, object]]:
    for i, item in enumerate(items):
        yield path + (i,), item
        yield from _item_nodes(item.items, path + (i, "items"))


def _texts(report: Report) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every text field, as written in the YAML."""
    for field in ("title", "addressee"):
        if getattr(report, field):
            yield (field,), getattr(report, field)
    for path, node in _text_nodes(report):
        for field in ("text", "formula", "heading", "lead", "title"):
            value = getattr(node, field, None)
            if isinstance(value, str) and value:
                yield path + (field,), value


def _node_at(report: Report, path: tuple) -> object:
    node: object = report
    for step in path:
        node = node[step] if isinstance(step, int) else getattr(node, step)
    return node


_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
_HALF_PUNCT = re.compile(rf"(?<=[{_CJK}])[,;:()?!]|[,;:()?!](?=[{_CJK}])")
_WIDE = _CJK + "\u3007\u3000-\u303f\uff00-\uffef\u2018-\u201d"  # + 〇 (a figure's place), full-width marks
_SPACE = re.compile(rf"(?<=[{_WIDE}\d])[ \t\u3000]+(?=[{_WIDE}])|(?<=[{_WIDE}])[ \t\u3000]+(?=\d)")
_NUM_DUN = re.compile(r"(?:^|(?<=[。；：！？\s]))\d{1,2}、")
_REPEAT = re.compile(r"([。，；：！？、])\1")
_YEAR = re.compile(r"(?<![\d—–\-至~])((?:19|20)\d\d)(?=年)")
_BOOK = re.compile(r"《[^》]*》")
_PAIRS = [("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）")]


def _typography(src: yamlio.Source, path: tuple, text: str, year: int, add) -> None:
    blank = lambda m: "〇" * len(m.group(0))  # noqa: E731 - a figure reads as Chinese; offsets stay aligned
    start = src.where(path)
    base = (start.column or 1) if start.line else None

    def col(i: int) -> int | None:
        return base + i if base else None

    for n, raw in enumerate(text.splitlines()):
        line = re.sub(r"\{\{.*?\}\}", blank, raw)
        at = start.line + n if start.line else None
        for m in _HALF_PUNCT.finditer(line):
            add("punct", f"中文里用了半角“{m.group(0)}”，应为全角“{_FULL[m.group(0)]}”", path, line=at, column=col(m.start()))
        for m in _SPACE.finditer(line) if path != ("title",) else ():
            add("spaces", "中文文字中间有空格：请删去（排版由 drafter 负责）", path, line=at, column=col(m.start()))
        for m in _NUM_DUN.finditer(line):
            add("numbering", f"“{m.group(0)}”：层次序号应写作“{m.group(0)[:-1]}.”", path, line=at, column=col(m.start()))
        for m in _REPEAT.finditer(line):
            add("repeat", f"标点“{m.group(0)}”重复", path, line=at, column=col(m.start()))
        outside_titles = _BOOK.sub(lambda m: " " * len(m.group(0)), line)
        for m in _YEAR.finditer(outside_titles):
            if int(m.group(1)) < year:  # a past year left over; later ones are targets (到2035年)
                add("years", f"正文写着“{m.group(1)}年”，早于报告年度 {year}：是否是上年留下的？"
                             "本年度请写 {{ year }}，下一年度写 {{ next_year }}", path, line=at, column=col(m.start()))
    for left, right in _PAIRS:
        if text.count(left) != text.count(right):
            add("pairs", f"“{left}{right}”不成对：{left} {text.count(left)} 个，{right} {text.count(right)} 个", path)


# --- output ---------------------------------------------------------------------------------------------
def format_text(result: CheckResult) -> str:
    lines: list[str] = []
    group = None
    for f in result.findings:
        if f.part != group:
            group = f.part
            lines.append(f"【{group}】")
        lines.append(str(f))
    summary = f"共 {result.errors} 个错误、{result.warnings} 个警告。" if result.findings else "没有发现问题。"
    if result.rules_off:
        summary += f"已关闭的规则：{'、'.join(result.rules_off)}。"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def format_rules() -> str:
    rows = [f"{r.id:<11}{r.level}  {r.tier}  {r.description}" for r in RULES.values()]
    return "规则        级别  来源  说明\n" + "\n".join(rows) + (
        "\n\n来源：条例 = 《法治政府建设与责任落实督察工作规定》；国标 = GB/T 9704-2012、GB/T 15834；实务 = 通行做法。"
        "\n实务类的警告可在 town.yaml 中关闭，如 checks_off: [stale, answered]。\n")
