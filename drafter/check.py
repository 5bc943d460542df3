"""`drafter check`: what a reviewer would catch, found in the YAML with exact places, before anyone prints.

The rules themselves live in the registry (`drafter.rules`); this module finds the town-years to check,
reads them (a file that cannot be read or validated is reported as that rule's findings), and formats
the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import render, validate, yamlio
from .errors import DrafterError
from .model import Report, Town
from .rules import ERROR, RULES, WARNING, Finding, from_problems, review, switched_off
from .workspace import YEAR_FILE, Loaded, TownDir, Workspace


@dataclass
class CheckResult:
    """The findings for one or more town-years."""

    findings: list[Finding]
    rules_off: list[str]
    unread: list[str] = field(default_factory=list)  # "file: key" of sections a syntax error kept from a full check

    @property
    def errors(self) -> int:
        return sum(f.level == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level == WARNING for f in self.findings)

    def as_dict(self) -> dict:
        return {"findings": [f.as_dict() for f in self.findings], "errors": self.errors,
                "warnings": self.warnings, "rules_off": self.rules_off, "unread": self.unread}


# --- entry points ----------------------------------------------------------------------------------------
def check_year(ws: Workspace, town: str, year: int) -> CheckResult:
    town_dir = ws.find_town(town)
    return _check_file(town_dir, town_dir.year_file(year), year)


def check_path(file: Path) -> CheckResult:
    m = YEAR_FILE.match(file.name)
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
            found = from_problems(e.problems, "schema", "town.yaml")
            try:
                years = t.years()
            except DrafterError:  # a folder drafter may not read (a link out of the workspace): named above
                years = []
            if years:
                found[-1].message += f"（因此没有检查 {'、'.join(map(str, years))} 年度）"
            out.findings += found
            continue
        for year in t.years():
            one = _check_file(t, t.year_file(year), year, town)
            out.findings += one.findings
            out.rules_off = sorted(set(out.rules_off) | set(one.rules_off))
            out.unread += one.unread
    return out


def _check_file(town_dir: TownDir, file: Path, year: int, town: Town | None = None) -> CheckResult:
    try:
        town = town or town_dir.load_town()
        off = switched_off(town_dir.town_file, town)
    except DrafterError as e:
        return CheckResult(from_problems(e.problems, "schema", "town.yaml"), [])
    if not file.exists():
        raise DrafterError.one(f"找不到 {file}。现有年度：{'、'.join(map(str, town_dir.years())) or '无'}")
    try:
        read = yamlio.load_partial(file)
    except DrafterError as e:
        return CheckResult(from_problems(e.problems, "yaml", "文件"), off)
    syntax = from_problems(read.problems, "yaml", "文件")
    unread = {key for key, _, _ in read.sections}
    told = [f"{file}: {key}" for key, _, _ in read.sections]
    try:
        report = validate.parse(read.source, Report, unread)
    except DrafterError as e:
        return CheckResult(syntax + from_problems(e.problems, "schema", "文件"), off, told)
    if "figures" in unread or any(key not in read.source.data for key in unread):
        return CheckResult(syntax, off, told)  # the rules would report what the unread part holds as missing
    loaded = Loaded(town_dir, town, year, report, read.source)
    kept = [f for f in review(loaded, render.resolve(loaded), off)
            if not any(first <= (f.line or 0) <= last for _, first, last in read.sections)]
    return CheckResult(syntax + kept, off, told)


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
    unfinished = sum(f.level == ERROR and RULES[f.rule].draft_shows for f in result.findings)
    if unfinished:
        summary += f"其中 {unfinished} 个错误是还没有完成的内容（待填、待核对、待判断和空缺的部分），完成前可用 export --draft 导出征求意见稿。"
    if result.unread:
        summary += f"因格式错误没有检查完的部分：{'、'.join(result.unread)}，改正格式错误后请再运行 check。"
    if result.rules_off:
        summary += f"已关闭的规则：{'、'.join(result.rules_off)}。"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def format_rules() -> str:
    width = max(len(r.id) for r in RULES.values()) + 2  # ids are ASCII; 规则 is two characters four columns wide
    rows = [f"{r.id:<{width}}{r.level}  {r.tier}  {r.description}" for r in RULES.values()]
    return "规则" + " " * (width - 4) + "级别  来源  说明\n" + "\n".join(rows) + (
        "\n\n来源：条例 = 《法治政府建设与责任落实督察工作规定》；国标 = GB/T 9704-2012、GB/T 15834；实务 = 通行做法。"
        "\n级别：错误 = 不能导出正式稿（其中待填、待核对、待判断和空缺的部分可先用 --draft 导出征求意见稿）；"
        "警告 = 审阅者会指出的问题。"
        "\n实务类的警告可在 town.yaml 中关闭，如 checks_off: [stale, answered]。\n")
