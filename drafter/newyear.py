"""`drafter new`: next year's YAML, carried forward from the latest earlier year (or a skeleton).

What recurs is kept (headings, group titles, texts), and everything that must change is made visible:
texts are marked unreviewed, figures are cleared with last year's value left in a comment, last year's
plans become a follow-up checklist and last year's problems wait for a decision. The source file is edited
as a ruamel round-trip document, so its comments and key order survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import validate, yamldoc, yamlio, zh
from .errors import DrafterError
from .model import DEFAULT_HEADINGS, PART_KEYS, PENDING, Report, Town
from .texts import format_figure
from .workspace import Workspace, check_name

_PROBLEM_CHOICES = "已整改 / 仍存在"
_FOLLOWUP_CHOICES = "已落实 / 部分落实 / 未落实"
_REVIEW_NOTE = "核对、更新后改为 true"


@dataclass
class NewSummary:
    path: Path
    source_year: int | None
    figures: int = 0
    texts: int = 0
    followups: int = 0
    problems: int = 0
    old_years: list[tuple[int, str]] = field(default_factory=list)  # (line, excerpt) where last year is literal
    town_file: Path | None = None  # written because the town is new
    backup: Path | None = None
    warnings: list[str] = field(default_factory=list)


def new_year(ws: Workspace, town: str, year: int, *, from_year: int | None = None, force: bool = False,
             district: str | None = None, name: str | None = None) -> NewSummary:
    check_name(town)
    town_dir = ws.lookup(town)
    new_town = None
    if town_dir is None:
        if not (district and name):
            raise DrafterError.one(
                f"找不到镇街“{town}”。如要新建镇街，请同时给出所属区县和全称，如："
                f"drafter new --town {town} --year {year} --district 西青区 --name {town}镇")
        town_dir = ws.town_dir(town)
        new_town = Town(name=name, district=district)
    elif district or name:
        known = town_dir.load_town()
        if (district and district != known.district) or (name and name != known.name):
            raise DrafterError.one(
                f"镇街“{town_dir.short}”已存在（{known.full_name}），--district/--name 只用于新建镇街。"
                f"如要修改，请编辑 {town_dir.town_file}", town_dir.town_file)
    years = town_dir.years() if new_town is None else []
    if from_year is not None:
        if from_year >= year:  # first: `--from 2022 --year 2022 --force` must never replace its own source
            raise DrafterError.one(f"新年度（{year}）必须晚于所沿用的年度（{from_year}）")
        if from_year not in years:
            have = "、".join(map(str, years)) or "无"
            raise DrafterError.one(f"没有 {from_year} 年度的数据可以沿用（{town_dir.year_file(from_year)}）。现有年度：{have}")
    elif new_town is None:
        from_year = town_dir.previous_year(year)
    target = town_dir.year_file(year)
    if target.exists() and not force:
        raise DrafterError.one(
            f"{target} 已存在，未作任何改动。要修改请直接编辑该文件；"
            f"如要重新生成，请加 --force（原文件会先另存为 {target.name}.bak，已有备份时另编号，不覆盖）")

    town_model = new_town or town_dir.load_town()
    if from_year is None:
        doc = _skeleton(town_model, year, town_dir.short)
        summary = NewSummary(target, None)
        later = [y for y in years if y > year]
        if later:
            summary.warnings.append(f"已有更晚的年度（{'、'.join(map(str, later))}），{year} 年度没有更早的年度可沿用，生成的是空白稿")
        _count_skeleton(doc, summary)
    else:
        source_file = town_dir.year_file(from_year)
        source = validate.parse(yamlio.load(source_file), Report)  # a broken source is reported, nothing written
        doc = yamlio.load_document(source_file)
        summary = NewSummary(target, from_year)
        if from_year != year - 1 and year - 1 not in years:
            summary.warnings.append(_skipped_year(town_dir.short, from_year, year))
        gaps = _unfinished(source)
        if gaps:
            finished = [y for y in years if y < from_year]
            hint = f"；如要沿用更早的年度，请加 --from {finished[-1]}" if finished else ""
            summary.warnings.append(f"{from_year} 年度的文件还没有完成（{'、'.join(gaps)}），这些空缺会一并带入{hint}")
        _carry(doc, town_model, from_year, year, summary, town_dir.short)

    text = yamldoc.finish(doc, target)
    if from_year is not None:
        summary.old_years = _literal_years(text, target, from_year)

    summary.town_file, summary.backup = yamldoc.write_year(
        ws.root, target, text, yamldoc.town_doc(new_town) if new_town is not None else None, replace=force)
    return summary


def _skipped_year(short: str, old: int, new: int) -> str:
    """A year in between is missing: the draft continues an older report, which the clerk may not notice."""
    missing = new - 1
    return (f"没有 {missing} 年度的文件，本稿沿用的是 {old} 年度，数字注释和落实清单都是 {old} 年度的。"
            f"如有 {missing} 年度的报告（Word 文件；PDF 请先把文字复制到 .txt 文件），可先用 "
            f"drafter import 报告.docx --town {short} --year {missing} 导入，"
            f"再运行 drafter new --town {short} --year {new} --force 重新生成本稿")


def describe(s: NewSummary, town: str) -> list[str]:
    """What `drafter new` tells the clerk: what was written, what is left to do, and the next command."""
    year = int(s.path.stem)
    out = [f"已新建镇街：{s.town_file}（请核对署名机关 organ）"] if s.town_file else []
    if s.backup:
        out.append(f"原文件已另存为：{s.backup}")
    out += [f"注意：{warning}" for warning in s.warnings]
    origin = f"沿用 {s.source_year} 年度" if s.source_year else "没有更早的年度，生成空白稿"
    out += [f"已生成 {s.path}（{origin}）", f"  待填的数字：{s.figures} 个",
            f"  待核对的文字：{s.texts} 处（reviewed: false）"]
    if s.source_year:
        out += [f"  需说明落实情况的上年安排：{s.followups} 条（followup）",
                f"  需判断是否已整改的上年问题：{s.problems} 条（problems 中的 status）"]
    if s.old_years:
        out.append(f"  文字中仍写着“{s.source_year}”的地方（请逐一核对是否应改为 {year}）：")
        out += [f"    {s.path}:{line}: …{excerpt}…" for line, excerpt in s.old_years]
    out.append(f"下一步：编辑 {s.path}，用 drafter check --town {town} --year {year} 查看还差什么；"
               f"完成前可用 drafter export --town {town} --year {year} --draft 导出征求意见稿。")
    return out


# --- carrying a year forward ---------------------------------------------------------------------------
def _carry(doc: CommentedMap, town: Town, old: int, new: int, s: NewSummary, short: str) -> None:
    if "based_on" in doc:
        doc["based_on"] = old
    else:
        doc.insert(0, "based_on", old)
    label = "上年" if old == new - 1 else f"{old}年"
    yamldoc.header(doc, town, new, f"由 drafter new 依据 {old} 年度报告生成", _guide(short, new, label),
                   keep_last_group=True)
    _ask_addressee(doc, town)

    if isinstance(doc.get("opening"), CommentedMap):
        s.texts += _unreview(doc["opening"], "text")
    for key in PART_KEYS:
        part = doc.get(key)
        if key == "plans" or not isinstance(part, CommentedMap):
            continue
        s.texts += _unreview(part, "lead")
        for item in _items(part):
            s.texts += _mark_items(item, decide=(key == "problems"), summary=s)

    plans = doc.get("plans")
    followup = CommentedSeq()
    for item in (plans.get("items") or []) if isinstance(plans, CommentedMap) else []:
        entry = CommentedMap()
        entry["plan"] = _plan_name(item)
        entry["status"] = PENDING
        entry["measure"] = None
        entry.yaml_add_eol_comment(_FOLLOWUP_CHOICES, "status", column=0)
        entry.yaml_add_eol_comment("报告其落实情况的那一条的小标题（title）", "measure", column=0)
        followup.append(entry)
    s.followups = len(followup)
    heading = plans.get("heading") if isinstance(plans, CommentedMap) else None
    doc["plans"] = _empty_plans(heading)
    if "followup" in doc:
        del doc["followup"]
    for key in ("followup", "figures"):  # comments an earlier `new` set: replaced below, not piled up
        doc.ca.items.pop(key, None)
    doc.insert(list(doc).index("plans") + 1, "followup", followup)
    doc.yaml_set_comment_before_after_key(
        "followup", before=f"\n{old}年报告中的安排的落实清单：工作用，不写入报告。每条填写 status，"
                           "并在 measure 中写明报告其落实情况的那一条的小标题"
                           "（举措和成效、第一责任人职责或其他部分中的都可以）")

    figures = doc.get("figures")
    if isinstance(figures, CommentedMap):
        for fname, fig in figures.items():
            if not isinstance(fig, CommentedMap):
                continue
            was, approx = fig.get("value"), bool(fig.get("approx"))
            fig["value"] = None
            if approx:  # this year's number may be exact: the clerk decides again, the comment keeps 余
                fig["approx"] = False
            s.figures += 1
            if was is None:  # an unfilled source: its comment still holds the last known value
                continue
            before = format_figure(was, fig.get("unit") or "", approx, " ")
            figures.yaml_add_eol_comment(f"{label}: {before}{_own_comment(figures, fname)}", fname, column=0)
        doc.yaml_set_comment_before_after_key(
            "figures", before=f"\n报告引用的数字：正文用 {{{{ 名称 }}}} 引用。null 表示待填，行尾注释是{label}的数值")

    sig = doc.get("signature")
    if "signature" not in doc:
        _ask_date(doc, new)
    elif isinstance(sig, CommentedMap):  # a new comment also drops the next key's comment ruamel hung on it
        note = f"{label}: {sig['date']}" if sig.get("date") else _date_note(new)
        sig["date"] = None
        sig.yaml_add_eol_comment(note, "date", column=0)


def _ask_addressee(doc: CommentedMap, town: Town) -> None:
    """A report is addressed to someone, which a carried report without one would never ask for: `null` is a gap
    the clerk fills, or deletes for a report with no addressee line. A town's default needs no asking."""
    if "addressee" in doc or town.addressee:
        return
    keys = list(doc)
    at = keys.index("title") + 1 if "title" in keys else int("based_on" in keys)
    doc.insert(at, "addressee", None)
    doc.yaml_add_eol_comment(f"主送机关，如 中共{town.district}委、{town.district}人民政府：（报告不写主送机关时删去这一行）",
                             "addressee", column=0)


def _date_note(year: int) -> str:
    return f"成文日期，如 {year + 1}年1月6日（报告不要署名和日期时删去 signature）"


def _ask_date(doc: CommentedMap, year: int) -> None:
    """The signature date to fill (`null` is a gap); placed before the figures, as the model orders keys."""
    sig = yamldoc.mapping(date=None)
    sig.yaml_add_eol_comment(_date_note(year), "date", column=0)
    keys = list(doc)
    doc.insert(keys.index("figures") if "figures" in keys else len(keys), "signature", sig)
    doc.yaml_set_comment_before_after_key("signature", before="\n落款：署名不写则用 town.yaml 的 organ")


_OLD_VALUE = re.compile(r"^(上年|\d{4}年): [^；]*；?")


def _own_comment(figures: CommentedMap, name: str) -> str:
    """The user's own end-of-line note on a figure (e.g. 来源：司法所台账), kept after the old value."""
    entry = figures.ca.items.get(name)
    token = entry[2] if entry and len(entry) > 2 else None
    text = token.value.strip().lstrip("#").strip() if token is not None else ""
    text = _OLD_VALUE.sub("", text).strip()
    return f"；{text}" if text else ""


def _unfinished(report: Report) -> list[str]:
    """What a source year left open: carrying it forward carries the gaps too."""
    notes = []
    unfilled = sum(f.value is None for f in report.figures.values())
    if unfilled:
        notes.append(f"{unfilled} 个数字未填")
    unreviewed = sum(node.reviewed is False for _, node in report.nodes())
    if unreviewed:
        notes.append(f"{unreviewed} 处文字未核对")
    if report.plans.empty:
        notes.append("没有写下一年度安排")
    return notes


def _guide(short: str, year: int, label: str | None) -> list[str]:
    """The header's how-to; `label` names the carried year (上年, or 2022年 when a year is missing)."""
    return [
        "填写方法：核对每段文字，更新后把 reviewed: false 改为 true；填写 figures 中为 null 的数字和主送机关、成文日期；",
        *([f"problems 中{label}的问题请判断 status；followup 中逐条说明{label}安排的落实情况。"] if label else []),
        f"用 drafter check --town {short} --year {year} 查看还差什么；完成前可加 --draft 导出征求意见稿。",
    ]


def _items(node: CommentedMap) -> list[CommentedMap]:
    return [i for i in (node.get("items") or []) if isinstance(i, CommentedMap)]


def _unreview(node: CommentedMap, text_key: str) -> int:
    """Mark the node's carried text unreviewed; returns 1 if it has text to review."""
    if not node.get(text_key):
        return 0
    if "reviewed" in node:
        node["reviewed"] = False
    else:
        keys = list(node)
        after = next((k for k in ("title", "heading") if k in keys), None)
        node.insert(keys.index(after) + 1 if after else 0, "reviewed", False)
    node.yaml_add_eol_comment(_REVIEW_NOTE, "reviewed", column=0)
    return 1


def _mark_items(item: CommentedMap, decide: bool, summary: NewSummary) -> int:
    children = _items(item)
    count = _unreview(item, "text" if item.get("text") else "title" if not children else "text")
    if decide and not children:
        if "status" in item:
            item["status"] = PENDING
        else:
            item.insert(list(item).index("reviewed") + 1 if "reviewed" in item else len(item), "status", PENDING)
        item.yaml_add_eol_comment(_PROBLEM_CHOICES, "status", column=0)
        summary.problems += 1
    return count + sum(_mark_items(c, decide, summary) for c in children)


def _plan_name(item: CommentedMap) -> str:
    if item.get("title"):
        return str(item["title"])
    text = str(item.get("text") or "").strip().splitlines()[0] if item.get("text") else "（无标题）"
    return text.split("。")[0]


def _empty_plans(heading: str | None) -> CommentedMap:
    plans = CommentedMap()
    if heading:
        plans["heading"] = heading
    plans["items"] = None
    plans.yaml_set_comment_before_after_key(
        "items", indent=2,
        before="下一年度的主要安排，从头写起（上年的安排已移到下面的 followup）。在 items: 下面逐条写，例如：\n"
               "  - title: 进一步加强行政执法队伍建设\n"
               "    text: |-\n"
               "      组织执法人员参加专题培训……")
    return plans


# --- a town with no earlier year ------------------------------------------------------------------------
def _item(title: str, text: str) -> CommentedMap:
    return yamldoc.mapping(title=title, reviewed=False, text=yamldoc.block(text))


def _skeleton(town: Town, year: int, short: str) -> CommentedMap:
    doc = CommentedMap()
    doc["opening"] = yamldoc.mapping(
        reviewed=False,
        text=yamldoc.block("{{ year }}年，{{ town }}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
                  "（在此总述全年推进法治政府建设的主要情况和成效）。"),
        formula="现将有关情况报告如下：",
    )
    doc["duties"] = yamldoc.mapping(
        heading=DEFAULT_HEADINGS["duties"],
        items=CommentedSeq([
            _item("带头学法用法", "（如：全年组织领导干部集体学法{{ 集体学法 }}，……）"),
            _item("亲自部署重要工作", "（如：主持召开法治政府建设工作会议，研究解决……）"),
        ]),
    )
    doc["measures"] = yamldoc.mapping(
        heading=DEFAULT_HEADINGS["measures"],
        items=CommentedSeq([yamldoc.mapping(title="（分类标题，如：依法全面履行政府职能）", reviewed=False, items=CommentedSeq([
            _item("（小标题）", "（具体做法和成效。数字先写入文末的 figures，再像上面的“集体学法”那样引用）"),
        ]))]),
    )
    doc["problems"] = yamldoc.mapping(
        heading=DEFAULT_HEADINGS["problems"],
        items=CommentedSeq([_item("（问题）", "（表现和原因）")]),
    )
    doc["plans"] = yamldoc.mapping(
        heading=DEFAULT_HEADINGS["plans"],
        reviewed=False,
        lead=yamldoc.block("{{ next_year }}年，{{ town }}将（总体安排）。"),
        items=CommentedSeq([_item("（安排）", "（具体措施）")]),
    )
    figure = yamldoc.mapping(value=None, unit="次", label="领导干部集体学法")
    figure.fa.set_flow_style()
    doc["figures"] = yamldoc.mapping(集体学法=figure)
    _ask_date(doc, year)
    for key, comment in yamldoc.SECTION_COMMENTS.items():
        if key in doc and key != "opening":
            doc.yaml_set_comment_before_after_key(key, before="\n" + comment)
    yamldoc.header(doc, town, year, "由 drafter new 生成的空白稿：括号中的文字是示例和提示，请改写",
                   _guide(short, year, None), keep_last_group=False,
                   first_key_comment=yamldoc.SECTION_COMMENTS["opening"])
    _ask_addressee(doc, town)
    return doc


def _count_skeleton(doc: CommentedMap, s: NewSummary) -> None:
    def walk(node: object) -> None:
        if isinstance(node, CommentedMap):
            s.texts += node.get("reviewed") is False
            for v in node.values():
                walk(v)
        elif isinstance(node, CommentedSeq):
            for v in node:
                walk(v)

    walk(doc)
    s.figures = len(doc.get("figures") or {})


def _literal_years(text: str, target: Path, old: int) -> list[tuple[int, str]]:
    """Lines of the new file whose texts still name last year's report year as a literal number.

    Titles in 《》 are skipped: a year there is part of a document's name (《…（2021—2025年）》).
    """
    source = yamlio.loads(text, target)
    year = re.compile(rf"(?<!\d){old}(?!\d)")
    found = []
    for path, value in validate.parse(source, Report).texts():
        first = source.where(path).line or 0
        for n, line in enumerate(value.splitlines()):
            for m in year.finditer(zh.blank_out(line, zh.EXPRESSION, zh.BOOK_TITLE)):
                found.append((first + n, line[max(0, m.start() - 12): m.end() + 12].strip()))
    return sorted(found)
