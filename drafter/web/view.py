"""What the pages show, taken from drafter's own functions: the towns' states, a year's form with last year's
figures and the check's findings placed at their fields, and the report as it will read. No report logic:
counting, checking and rendering are drafter's; this module only arranges their results for the templates."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .. import blocks, check, render, rules, texts, zh
from ..errors import DrafterError
from ..model import DEFAULT_HEADINGS, PART_NAMES
from ..workspace import Loaded, TownDir, Workspace
from . import form

CONTEXT_CHIPS = {"year": "年度", "next_year": "下一年度", "last_year": "上一年度", "town": "镇街", "district": "区县"}


# --- the towns page ---------------------------------------------------------------------------------------
@dataclass
class YearState:
    year: int
    state: str  # 已完成 / N 处待填 / N 个错误 / N 个警告
    level: str  # done, todo, error, warning: the colour
    changed: str


@dataclass
class TownRow:
    short: str
    name: str
    years: list[YearState]
    next_year: int
    problem: str | None = None


def towns(ws: Workspace) -> list[TownRow]:
    rows = []
    for t in ws.towns():
        try:
            town = t.load_town()
            name = town.full_name
        except DrafterError as e:
            rows.append(TownRow(t.short, t.short, [], 0, f"town.yaml 有误：{e.problems[0].message}"))
            continue
        years = [_state(ws, t, y) for y in t.years()]
        rows.append(TownRow(t.short, name, years, (years[-1].year + 1) if years else dt.date.today().year))
    return rows


def _state(ws: Workspace, t: TownDir, year: int) -> YearState:
    result = check.check_year(ws, t.short, year)
    unfinished = sum(f.level == rules.ERROR and rules.RULES[f.rule].draft_shows for f in result.findings)
    others = result.errors - unfinished
    changed = dt.datetime.fromtimestamp(t.year_file(year).stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    if others:
        return YearState(year, f"{others} 个错误", "error", changed)
    if unfinished:
        return YearState(year, f"{unfinished} 处待填", "todo", changed)
    if result.warnings:
        return YearState(year, f"{result.warnings} 个警告", "warning", changed)
    return YearState(year, "已完成", "done", changed)


# --- the year page ----------------------------------------------------------------------------------------
@dataclass
class Finding:
    level: str
    message: str
    rule: str
    group: str
    field: str | None  # the form field it concerns, when it is in the year file
    where: str  # file:line for one elsewhere (town.yaml)


@dataclass
class FigureRow:
    name: str
    node: dict
    last: str  # last year's value, as the report writes it
    change: str


@dataclass
class YearView:
    town: str
    year: int
    title: str
    parts: list[tuple[str, str, str, bool]]  # key, name, default heading, inline: in the layout's order
    tree: dict
    figures: list[FigureRow]
    last_year: int | None
    chips: dict[str, str]  # name -> what a chip shows: 审查合同 284份
    measures: list[str]  # titles a follow-up can name
    findings: list[Finding]
    errors: int
    warnings: int
    at_field: dict[str, list[Finding]] = field(default_factory=dict)


def place_finder(loaded: Loaded):
    """A function from a line and column of the year file to the form field there."""
    spots = sorted({(line, col, path) for table in (loaded.source.values, loaded.source.keys)
                    for path, (line, col) in table.items() if path}, key=lambda s: (s[0], s[1]))
    keys = [(line, col) for line, col, _ in spots]

    def find(line: int | None, col: int | None) -> str | None:
        if line is None:
            return None
        n = bisect.bisect_right(keys, (line, col or 10**6)) - 1
        return form.field_name(spots[n][2]) if n >= 0 else None

    return find


def findings(loaded: Loaded, result: check.CheckResult) -> list[Finding]:
    find = place_finder(loaded)
    out = []
    for f in result.findings:
        ours = f.file == str(loaded.source.file)
        where = "" if ours or not f.file else f"{f.file}{f':{f.line}' if f.line else ''}"
        out.append(Finding(f.level, f.message, f.rule, f.part, find(f.line, f.column) if ours else None, where))
    return out


def year(ws: Workspace, loaded: Loaded, tree: dict | None = None) -> YearView:
    """The year page: the form (from the file, or `tree` as the clerk posted it) and the check's findings."""
    result = check.check_year(ws, loaded.town_dir.short, loaded.year)
    found = findings(loaded, result)
    report = loaded.report
    layout = render.effective_layout(loaded)
    parts = [(k, PART_NAMES[k], DEFAULT_HEADINGS[k], getattr(layout, k).inline) for k, _ in report.parts(layout)]
    tree = tree if tree is not None else form.tree_of(loaded.source.data)
    previous = loaded.previous
    last = previous[1].figures if previous else {}
    rows = []
    for name, node in (tree.get("figures") or {}).items():
        if isinstance(node, dict):
            rows.append(FigureRow(name, node, *_compare(node, last.get(name))))
    resolver = texts.TextResolver(loaded, draft=False)
    chips = {name: f"{name} {_plain(str(f))}" for name, f in resolver.figures.items()}
    chips.update({k: f"{word} {resolver.context[k]}" for k, word in CONTEXT_CHIPS.items()})
    view = YearView(loaded.town_dir.short, loaded.year, "".join(render.title_words(loaded, None)), parts, tree,
                    rows, previous[0] if previous else None, chips, _titles(report), found,
                    result.errors, result.warnings)
    for f in found:
        if f.field:
            view.at_field.setdefault(f.field, []).append(f)
    return view


def _plain(text: str) -> str:
    for c in (blocks.MARK_START, blocks.MARK_END):
        text = text.replace(c, "")
    return text


def _compare(node: dict, last: Any) -> tuple[str, str]:
    if last is None or last.value is None:
        return "—", ""
    shown = texts.format_figure(last.value, last.unit, last.approx)
    try:
        now = form.number(node.get("value"))
    except Exception:  # form._Bad: a value typed wrong, shown at its field
        now = None
    if now is None or isinstance(now, bool):
        return shown, ""
    diff = texts.difference(now, last.value)
    sign = "+" if diff > 0 else ""
    pct = f"（{sign}{diff / Decimal(str(last.value)) * 100:.1f}%）" if last.value else ""
    return shown, f"{sign}{texts.format_decimal(diff)}{pct}" if diff else "持平"


def _titles(report) -> list[str]:
    out = []
    for path, node in report.nodes():
        if path[0] in ("duties", "measures", "other") and len(path) > 1 and getattr(node, "title", None):
            out.append(node.title)
    return list(dict.fromkeys(out))


def chip_parts(text: Any) -> list[tuple[str, str]]:
    """A text as the editor shows it: ("text", …) runs and ("chip", "{{ 名称 }}") references."""
    raw = "" if text is None else str(text)
    out, pos = [], 0
    for m in CHIP.finditer(raw):
        if m.start() > pos:
            out.append(("text", raw[pos:m.start()]))
        out.append(("chip", m.group(0)))
        pos = m.end()
    if pos < len(raw):
        out.append(("text", raw[pos:]))
    return out


CHIP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def chip_label(raw: str, chips: dict[str, str]) -> str:
    m = zh.PLAIN_REFERENCE.fullmatch(raw)
    return chips.get(m.group(1), raw) if m else raw


# --- the preview --------------------------------------------------------------------------------------------
@dataclass
class Paragraph:
    role: str
    runs: list[tuple[str, bool]]  # text, marked as a gap
    notes: list[str]


def preview(blocks_: list[blocks.Block]) -> list[Paragraph]:
    """The report's paragraphs as the page shows them; a title's spaces only mark where a line may break."""
    return [Paragraph(b.role, [(r.text.replace(" ", "") if b.role == "标题" else r.text, r.mark) for r in b.runs],
                      list(b.notes)) for b in blocks_]


ROLE_CLASS = {"标题": "title", "主送": "addressee", "正文": "body", "一级": "h1", "二级": "h2", "三级": "h3",
              "四级": "h4", "署名": "organ", "日期": "date"}


def shown(value: Any) -> str:
    """A value as a form field holds it: empty for null, 10 for 10.0."""
    if value is None:
        return ""
    if isinstance(value, float):
        return texts.format_number(value)
    return str(value)
