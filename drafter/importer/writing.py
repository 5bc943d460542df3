"""The imported report as a year YAML document (a ruamel CommentedMap), its layout, and writing it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import yamldoc, zh
from ..errors import DrafterError
from ..limits import MAX_FIGURES
from ..model import DEFAULT_HEADINGS, PART_NAMES, REQUIRED_PARTS, Town
from ..workspace import Workspace
from .figures import FigureLifter
from .structure import Node, Part, structure


@dataclass
class Imported:
    title: str
    town: str  # full name, 辛口镇
    short: str
    district: str
    year: int
    encoding: str | None
    doc: CommentedMap
    layout: dict
    parts: list[Part]
    figures: int
    unsure: list[str]


def parse(file: Path, town: str | None = None, year: int | None = None) -> Imported:
    st = structure(file, town, year)
    who, parts = st.who, st.parts
    title, district, full, year = who.title, who.district, who.town, who.year
    figures = FigureLifter(year)
    doc = _document(title, district, full, year, st.addressee, st.opening, st.formula, st.formula_paragraph,
                    parts, st.organs, st.date, figures)
    if len(figures.table) > MAX_FIGURES:
        raise DrafterError.one(f"报告中有 {len(figures.table)} 个带单位的数字，超过 {MAX_FIGURES} 个：一份年度报告通常只引用"
                               "几十个数字，这不像一份报告。请只导入报告本身", file)
    if who.doc_number:
        doc.insert(0, "doc_number", who.doc_number)
    layout = {p.key: _layout(p) for p in parts}
    layout["order"] = [p.key for p in parts]
    for key in REQUIRED_PARTS:
        if key not in layout:
            layout[key] = {"numbering": ["（一）"]}
            layout["order"].append(key)
    return Imported(title, full, who.short, district or "", year, st.encoding, doc, layout, parts, len(figures.table),
                    st.unsure)


def _spaced(title: str) -> str:
    """Break points for a title drafter did not derive: after each organ, before 关于."""
    return re.sub(r"\s*(关于)", r" \1", re.sub(r"(委员会|人民政府|办事处)(?=\w)", r"\1 ", title)).strip()


def _layout(part: Part) -> dict:
    styles: list[str] = []
    level = part.items
    while level:
        styles.append(level[0].style or "（一）")
        level = next((n.items for n in level if n.items), [])
    return {"numbering": styles or ["（一）"], **({"inline": True} if part.inline else {})}


def _document(title, district, town, year, addressee, opening, formula, formula_paragraph, parts, organs, date,
              figures: FigureLifter) -> CommentedMap:
    doc = CommentedMap()
    derived = "".join(Town(name=town, district=district or "").title_words(year))
    if title != derived:
        doc["title"] = zh.literal(_spaced(title))
    if addressee:
        doc["addressee"] = zh.literal(addressee)
    doc["opening"] = yamldoc.mapping(text=yamldoc.block("\n".join(figures.lift(t) for t in opening) or "（待补写）"))
    if formula:
        doc["opening"]["formula"] = figures.lift(formula)
        if formula_paragraph:
            doc["opening"]["formula_paragraph"] = True
    for part in parts:
        m = yamldoc.mapping(heading=zh.literal(part.heading))
        if part.lead:
            m["lead"] = yamldoc.block("\n".join(figures.lift(t) for t in part.lead))
        if part.items:
            m["items"] = CommentedSeq(_item(n, figures) for n in part.items)
        doc[part.key] = m
    for key in REQUIRED_PARTS:
        if key not in doc:  # the report has no such part: an empty one to write, which check and export name
            doc[key] = yamldoc.mapping(heading=DEFAULT_HEADINGS[key])
            doc.yaml_set_comment_before_after_key(key, before=f"\n导入的报告中没有“{PART_NAMES[key]}”这一部分，请补写")
    if date:
        sig = yamldoc.mapping(date=date)
        if organs:
            sig.insert(0, "organ", CommentedSeq(organs))
        doc["signature"] = sig
    table = CommentedMap()
    for name, f in figures.table.items():
        entry = yamldoc.mapping(**f)
        entry.fa.set_flow_style()
        table[name] = entry
    doc["figures"] = table
    return doc


def _item(node: Node, figures: FigureLifter) -> CommentedMap:
    m = CommentedMap()
    if node.title:
        m["title"] = zh.literal(node.title)
    if node.own_line and not node.items:
        m["own_line"] = True
    if node.text:
        m["text"] = yamldoc.block("\n".join(figures.lift(t) for t in node.text))
    if node.items:
        m["items"] = CommentedSeq(_item(n, figures) for n in node.items)
    return m


@dataclass
class ImportSummary:
    imported: Imported
    path: Path
    written: bool
    town_file: Path | None = None
    backup: Path | None = None


def import_report(ws: Workspace, file: Path, *, town: str | None = None, year: int | None = None,
                  dry_run: bool = False, force: bool = False) -> ImportSummary:
    imp = parse(file, town, year)
    town_dir = ws.lookup(town or imp.short) or ws.town_dir(town or imp.short)
    target = town_dir.year_file(imp.year)
    existing_town = town_dir.load_town() if town_dir.town_file.exists() else None
    layout_here = existing_town is not None and _differs(existing_town, imp.layout)
    if layout_here:
        imp.doc["layout"] = yamldoc.layout_map(imp.layout)
    guide = ["请核对识别出的结构和数字（figures 中的名称可以改得更好懂），"
             f"再用 drafter check --town {town_dir.short} --year {imp.year} 检查。"]
    signed = list(imp.doc.get("signature", {}).get("organ", []))
    new_town = None if existing_town else Town(name=imp.town, district=imp.district or "", organ=signed)
    yamldoc.header(imp.doc, existing_town or new_town, imp.year,
                   f"由 drafter import 从 {file.name} 导入", guide, keep_last_group=False)
    text = yamldoc.finish(imp.doc, target)
    summary = ImportSummary(imp, target, False)
    if dry_run:
        return summary
    if target.exists() and not force:
        raise DrafterError.one(f"{target} 已存在，未作任何改动。如要用导入的内容替换它，请加 --force（原文件会另存为 .bak）")
    town_doc = yamldoc.town_doc(new_town, imp.layout) if new_town else None
    summary.town_file, summary.backup = yamldoc.write_year(ws.root, target, text, town_doc, replace=force)
    summary.written = True
    return summary


def _differs(town: Town, layout: dict) -> bool:
    if list(town.layout.order)[: len(layout["order"])] != layout["order"]:
        return True
    return any(list(getattr(town.layout, k).numbering) != layout[k]["numbering"]
               or getattr(town.layout, k).inline != bool(layout[k].get("inline")) for k in layout["order"])


def describe(summary: ImportSummary) -> list[str]:
    """What the import found and did, a line each, as `drafter import` prints it."""
    imp = summary.imported
    lines = [f"文本编码：{imp.encoding}"] if imp.encoding else []
    unit = Town(name=imp.town, district=imp.district)
    lines.append(f"标题：{imp.title}（{unit.full_name}，{zh.level_of(unit.name)}，{imp.year} 年度）")
    for part in imp.parts:
        groups = sum(1 for n in part.items if n.items or n.own_line)
        items = sum(len(n.items) or 1 for n in part.items)
        lines.append(f"  {part.where}：“{part.heading}” → {part.key}（{PART_NAMES[part.key]}）："
                     f"{groups} 个分类，{items} 条" + ("，连成一段" if part.inline else ""))
    lines.append(f"  数字：{imp.figures} 个（已写入 figures，正文用 {{{{ 名称 }}}} 引用；名称可以改）")
    lines += [f"  待确认：{note}" for note in imp.unsure]
    if not summary.written:
        return [*lines, f"（--dry-run：未写入 {summary.path}）"]
    if summary.town_file:
        lines.append(f"已新建镇街：{summary.town_file}")
    if summary.backup:
        lines.append(f"原文件已另存为：{summary.backup}")
    return [*lines, f"已写入 {summary.path}"]
