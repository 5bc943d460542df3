"""The district's view: every town's progress in a year, a town's figures beside another year's, and one year's
figures of every town side by side (status, diff, summary, chart). Nothing here prints.

A figure is matched across years and towns by its name, and where the name differs by its label (审查合同 one
year, 合同审查 the next, both 法律顾问审查合同). Nothing invents a value: a figure a year or town does not have is
absent (无), one not filled in yet is pending (待填), never 0.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import texts, zh
from .errors import DrafterError, Problem
from .limits import MAX_JOBS
from .model import Figure
from .workspace import TownDir, Workspace

ABSENT, PENDING = "无", "待填"
NOT_DRAFTED = "未起草"


# --- matching figures ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    name: str  # the figure's name in that year file
    figure: Figure


@dataclass
class Column:
    """One figure across sources (years or towns): the entry of each source that has it, by source index."""

    entries: dict[int, Entry] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return next(iter(self.entries.values())).name

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(e.name for e in self.entries.values()))

    @property
    def label(self) -> str:
        return next((e.figure.label for e in self.entries.values() if e.figure.label), self.name)

    @functools.cached_property
    def unit(self) -> str | None:
        """The unit all entries share; None when they differ."""
        units = {e.figure.unit for e in self.entries.values()}
        return units.pop() if len(units) == 1 else None

    @property
    def heading(self) -> str:
        """label（unit）, as a summary's header shows it."""
        return f"{self.label}（{self.unit}）" if self.unit else self.label

    def cell(self, source: int) -> str:
        """What a table shows for `source`: 284, 10余, 待填 or 无; with the unit when the units differ."""
        entry = self.entries.get(source)
        return ABSENT if entry is None else show(entry.figure, unit=self.unit is None)


def show(figure: Figure, unit: bool = False) -> str:
    from .texts import format_figure

    if figure.value is None:
        return PENDING
    return format_figure(figure.value, figure.unit if unit else "", figure.approx)


def match(sources: list[dict[str, Figure]]) -> list[Column]:
    """The figures of `sources` as columns, in the order they first appear: by name, else by label; a column
    never holds two figures of one source."""
    columns: list[Column] = []
    by_name: dict[str, Column] = {}
    by_label: dict[str, Column] = {}
    for i, figures in enumerate(sources):
        rest = []
        for name, figure in figures.items():  # names first: a label never takes a column its name would take
            column = by_name.get(name)
            if column is not None and i not in column.entries:
                column.entries[i] = Entry(name, figure)
            else:
                rest.append((name, figure))
        for name, figure in rest:
            column = by_label.get(figure.label) if figure.label else None
            if column is None or i in column.entries:
                column = Column()
                columns.append(column)
            column.entries[i] = Entry(name, figure)
            by_name.setdefault(name, column)
            if figure.label:
                by_label.setdefault(figure.label, column)
    return columns


# --- reading town-years -------------------------------------------------------------------------------------
@dataclass
class Source:
    """One town-year as the district reads it: its figures, or why there are none."""

    town: TownDir
    year: int
    name: str  # the town's full name, else its folder's
    district: str = ""
    figures: dict[str, Figure] | None = None
    note: str = ""  # 未起草, or the first problem of a file that cannot be read
    problems: list[Problem] = field(default_factory=list)


def read(town: TownDir, year: int) -> Source:
    name, district = town.short, ""
    try:
        t = town.load_town()
        name, district = t.name, t.district or ""
        if not town.year_file(year).exists():
            return Source(town, year, name, district, note=NOT_DRAFTED)
        figures = dict(town.load(year, t).report.figures)
    except DrafterError as e:
        return Source(town, year, name, district, note=f"有误：{e.problems[0]}", problems=e.problems)
    return Source(town, year, name, district, figures)


def latest_year(ws: Workspace) -> int:
    years = [y for t in ws.towns() for y in _years(t)]
    if not years:
        raise DrafterError.one(f"{ws.towns_dir} 下还没有任何镇街的年度文件。请在工作目录中运行，或用 --root 指定工作目录")
    return max(years)


def _years(town: TownDir) -> list[int]:
    try:
        return town.years()
    except DrafterError:  # a folder that leads out of the workspace: its status says so
        return []


# --- status ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Status:
    town: str  # the folder's (short) name
    changed: dt.datetime | None  # the year file's last change
    drafted: bool = True
    errors: int = 0  # errors a draft cannot show either (a name misspelt, a wrong key)
    unfinished: int = 0  # figures to fill, texts to review, problems to decide, empty parts
    warnings: int = 0
    first: str = ""  # the first error, file:line: message

    @property
    def text(self) -> str:
        if not self.drafted:
            return NOT_DRAFTED
        counts = [f"{self.errors} 个错误" if self.errors else "", f"{self.unfinished} 处待填" if self.unfinished else "",
                  f"{self.warnings} 个警告" if self.warnings else ""]
        return "、".join(c for c in counts if c) or "已完成"


def status(ws: Workspace, year: int) -> list[Status]:
    """Each town's year `year` as `drafter check` sees it, by the same rules and levels."""
    from . import check
    from .rules import ERROR, RULES, WARNING

    out = []
    for t in ws.towns():
        try:
            file = t.year_file(year)
            if not file.exists():
                out.append(Status(t.short, None, drafted=False))
                continue
            findings = check.check_year(ws, t.short, year).findings
        except DrafterError as e:
            out.append(Status(t.short, None, errors=len(e.problems), first=str(e.problems[0])))
            continue
        errors = [f for f in findings if f.level == ERROR and not RULES[f.rule].draft_shows]
        out.append(Status(t.short, dt.datetime.fromtimestamp(file.stat().st_mtime), errors=len(errors),
                          unfinished=sum(f.level == ERROR and RULES[f.rule].draft_shows for f in findings),
                          warnings=sum(f.level == WARNING for f in findings),
                          first=str(errors[0].as_problem()) if errors else ""))
    return out


def format_status(year: int, rows: list[Status]) -> str:
    table = [["镇街", "状态", "最后修改"]] + [
        [s.town, s.text, s.changed.strftime("%Y-%m-%d %H:%M") if s.changed else ""] for s in rows]
    done = sum(s.drafted and not s.errors and not s.unfinished for s in rows)
    lines = [f"{year} 年度各镇街的进度：", *zh.columns(table)]
    lines += [f"{s.town}：{s.first}" for s in rows if s.first]
    lines.append(f"共 {len(rows)} 个镇街：可导出正式稿 {done} 个，未起草 {sum(not s.drafted for s in rows)} 个。"
                 "待填包括待填的数字、待核对的文字、待判断的问题和空缺的部分；"
                 "用 drafter check --town 镇街 --year 年度 逐条查看。")
    return "\n".join(lines) + "\n"


# --- diff -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Diff:
    town: str  # full name
    before: int
    after: int
    columns: list[Column]  # entries 0: before, 1: after


def diff(ws: Workspace, town: str, before: int | None = None, after: int | None = None) -> Diff:
    """The figures of `town` in year `before` beside year `after` (default: its latest year and the year before it)."""
    t = ws.find_town(town)
    years = t.years()
    after = after if after is not None else (years[-1] if years else None)
    if after is None:
        raise DrafterError.one(f"镇街“{t.short}”还没有任何年度的数据。可用 drafter new --town {t.short} --year 年度 新建")
    before = before if before is not None else t.previous_year(after)
    if before is None:
        raise DrafterError.one(f"{t.short} {after} 年度之前没有年度可比。请用 --from 指定年度，现有年度："
                               f"{'、'.join(map(str, years))}")
    if before == after:
        raise DrafterError.one(f"--from 和 --to 是同一年度（{after}），请指定两个不同的年度")
    loaded = [ws.load(t.short, y) for y in (before, after)]
    return Diff(loaded[1].town.name, before, after, match([dict(x.report.figures) for x in loaded]))


def change(column: Column, before: int, after: int) -> tuple[str, str]:
    """The change and the change in percent, as a diff shows them; never computed from a value not there."""
    a, b = column.entries.get(0), column.entries.get(1)
    if a is None or b is None:
        return f"只在 {before if b is None else after} 年度", ""
    if a.figure.value is None or b.figure.value is None:
        return "—", ""
    if a.figure.unit != b.figure.unit:
        return "单位不同", ""
    old = Decimal(str(a.figure.value))
    about = "约" if a.figure.approx or b.figure.approx else ""
    delta = texts.difference(b.figure.value, a.figure.value)
    percent = f"{about}{(delta / old * 100):+.1f}%" if old else "—"
    return f"{about}{'+' if delta > 0 else ''}{texts.format_decimal(delta)}", percent


def format_diff(d: Diff) -> str:
    table = [["名称", "说明", "单位", str(d.before), str(d.after), "变化", "变化率"]]
    for c in d.columns:
        names = " → ".join(c.names)  # a figure renamed between the years, matched by its label
        units = " → ".join(dict.fromkeys(e.figure.unit for e in c.entries.values()))
        table.append([names, c.label if c.label != c.name else "", units, c.cell(0), c.cell(1), *change(c, d.before,
                                                                                                        d.after)])
    only = [sum(i not in c.entries for c in d.columns) for i in (1, 0)]
    lines = [f"{d.town} {d.before} 年度 → {d.after} 年度的数字（按名称对应，名称不同时按说明对应）：",
             *zh.columns(table),
             f"共 {len(d.columns)} 个数字：只在 {d.before} 年度的 {only[0]} 个，只在 {d.after} 年度的 {only[1]} 个。"
             f"“{ABSENT}”是该年度没有这个数字，“{PENDING}”是还没有填写。"]
    return "\n".join(lines) + "\n"


# --- summary ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Summary:
    year: int
    sources: list[Source]  # one per town, in the towns' order
    columns: list[Column]  # entry i: sources[i]

    @property
    def district(self) -> str:
        """The district all towns name in town.yaml, or "" when they differ."""
        names = {s.district for s in self.sources if s.district or s.figures is not None}
        return names.pop() if len(names) == 1 else ""

    @property
    def problems(self) -> list[Problem]:
        return [p for s in self.sources for p in s.problems]


READ_ALONE = 20  # towns a process reads before another is worth starting (~20 ms to start one)


def summary_table(ws: Workspace, year: int, meanwhile: Callable[[], object] = lambda: None) -> Summary:
    """Every town's figures of `year`; `meanwhile` runs while worker processes read them (importing the
    libraries that will write the table)."""
    towns = ws.towns()
    if not towns:
        raise DrafterError.one(f"{ws.towns_dir} 下还没有镇街。请在工作目录中运行，或用 --root 指定工作目录")
    workers = min(os.cpu_count() or 1, MAX_JOBS, len(towns) // READ_ALONE)
    if workers > 1:  # reading a year file is ~7 ms of YAML: 200 towns read on two cores take half the time
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            read_all = pool.map(read, towns, [year] * len(towns), chunksize=-(-len(towns) // (4 * workers)))
            meanwhile()
            sources = list(read_all)
    else:
        meanwhile()
        sources = [read(t, year) for t in towns]
    return Summary(year, sources, match([s.figures or {} for s in sources]))


OUTPUT_SUFFIXES = {"汇总文件": (".xlsx", ".csv", ".docx"), "图片": (".png",)}


def output_file(ws: Workspace, output: Path | None, default: str, force: bool, what: str) -> Path:
    """Where a summary or a chart goes: `output`, or `default` in the workspace's exports/; refused as a single
    export refuses (a wrong suffix, a folder, an existing file without --force, -o into a missing folder)."""
    target = output if output is not None else ws.inside(ws.root / "exports" / default)  # as pipeline.EXPORT_DIR
    suffixes = OUTPUT_SUFFIXES[what]
    if target.suffix.lower() not in suffixes:
        raise DrafterError.one(f"{what}应以 {'、'.join(suffixes)} 结尾：{target}")
    if target.is_dir():
        raise DrafterError.one(f"输出路径是一个文件夹，请写出文件名，如 {target / default}")
    if target.exists() and not force:
        raise DrafterError.one(f"文件已存在：{target}。如要覆盖，请加 --force；或用 -o 指定另一个文件名")
    if output is not None and not target.parent.is_dir():
        raise DrafterError.one(f"输出文件夹不存在：{target.parent}。请先建立该文件夹，或换一个输出路径")
    return target


def summary(ws: Workspace, year: int, output: Path | None = None, *, force: bool = False) -> tuple[Path, Summary]:
    """Write one year's figures of every town (a row a town, a column a figure) to `output` (.xlsx, .csv or
    .docx by its suffix; default exports/<year>年度数字汇总.xlsx). The file is written even when some towns'
    files cannot be read: those rows say so, and `Summary.problems` lists why."""
    from . import files, sheets

    target = output_file(ws, output, f"{year}年度数字汇总.xlsx", force, "汇总文件")
    kind = target.suffix.lower()[1:]
    table = summary_table(ws, year, lambda: sheets.prepare(kind))
    files.write(target, getattr(sheets, kind)(table))
    return target, table
