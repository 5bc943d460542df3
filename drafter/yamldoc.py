"""Building the YAML documents drafter writes (`new`, `import`): one style for every file.

A modeline for the editor, a header saying where the file came from, a Chinese comment above each part,
texts as literal blocks, figures one per line; and every document is validated before it is written.
"""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from . import files, schema, validate, yamlio, zh
from .errors import DrafterError
from .model import REQUIRED_PARTS, Report, Town


def block(text: str) -> LiteralScalarString:
    return LiteralScalarString(text)


def mapping(**kv: object) -> CommentedMap:
    m = CommentedMap()
    for k, v in kv.items():
        m[k] = v
    return m

SECTION_COMMENTS = {
    "opening": "开头：总述全年法治政府建设的总体情况，最后用过渡语引出正文",
    "duties": "一、党政主要负责人履行推进法治建设第一责任人职责情况：学法、决策、部署、督办等",
    "measures": "二、推进法治政府建设的主要举措和成效：（一）分类写，每类下写具体做法和数字",
    "problems": "三、存在的不足和原因：每条写问题和原因",
    "plans": "四、下一年度推进法治政府建设的主要安排：每条尽量对应上面的一个问题",
    "other": "其他需要报告的情况（可选）",
    "figures": "报告引用的数字：正文用 {{ 名称 }} 引用，输出“数值+单位”。null 表示待填",
}

def header(doc: CommentedMap, town: Town, year: int, origin: str, guide: list[str], keep_last_group: bool,
            first_key_comment: str | None = None) -> None:
    """A fresh header comment: the modeline, where the file came from, and what to do with it. The comment that
    stood just above the first key (a section comment) moves to just above the first part."""
    lines = [schema.modeline("year"), f"{''.join(town.title_words(year))}（{origin}）", *guide]
    section = first_key_comment
    if keep_last_group and doc.ca.comment and doc.ca.comment[1]:
        old = "".join(t.value for t in doc.ca.comment[1])
        groups = [g for g in old.split("\n\n") if g.strip()]
        if len(groups) > 1 and not old.endswith("\n\n"):
            section = "\n".join(line.lstrip("#").strip() for line in groups[-1].strip().splitlines())
    doc.yaml_set_start_comment("\n".join(lines))
    first_part = next((k for k in doc if k != "based_on"), None)
    if section and first_part and first_part != next(iter(doc)):
        doc.yaml_set_comment_before_after_key(first_part, before="\n" + section)
    elif section:
        doc.yaml_set_start_comment("\n".join(lines) + "\n\n" + section)

def uncommented_parts(text: str) -> list[str]:
    """Top-level part keys with no comment line just above them."""
    lines = text.splitlines()
    missing = []
    for n, line in enumerate(lines):
        key = line.split(":")[0]
        if key in SECTION_COMMENTS and line.startswith(key + ":"):
            above = next((x for x in reversed(lines[:n]) if x.strip()), "")
            if not above.lstrip().startswith("#"):
                missing.append(key)
    return missing

def dumps(doc: CommentedMap) -> str:
    out = io.StringIO()
    yamlio.make_yaml().dump(doc, out)
    return out.getvalue()

def check_written(text: str, target: Path) -> None:
    """What drafter writes must load and validate: anything else is drafter's bug, caught before writing."""
    source = yamlio.loads(text, target)
    validate.parse(source, Report)

# The layout of the local template (both seed reports): 第一责任人 first, its 一是…二是… in one paragraph.
LOCAL_LAYOUT = {
    "order": list(REQUIRED_PARTS),
    "duties": {"numbering": ["一是"], "inline": True},
    "measures": {"numbering": ["（一）", "1."]},
    "problems": {"numbering": ["（一）"]},
    "plans": {"numbering": ["（一）"]},
}


def layout_map(layout: dict) -> CommentedMap:
    """A layout as town.yaml writes it: one flow-style line per part."""
    m = CommentedMap()
    m["order"] = CommentedSeq(layout["order"])
    m["order"].fa.set_flow_style()
    for key in layout["order"]:
        part = mapping(numbering=CommentedSeq(layout[key]["numbering"]),
                       **({"inline": True} if layout[key].get("inline") else {}))
        part.fa.set_flow_style()
        m[key] = part
    return m


def town_doc(town: Town, layout: dict = LOCAL_LAYOUT) -> CommentedMap:
    doc = CommentedMap()
    doc["name"] = town.name
    doc["district"] = town.district
    if town.level and town.level != zh.level_of(town.name):
        doc["level"] = town.level
    doc["organ"] = CommentedSeq(town.organ or town.usual_organs())
    doc["layout"] = layout_map(layout)
    doc.yaml_set_start_comment(
        f"{schema.modeline('town')}\n{town.name}的固定信息：全称、所属区县、署名机关和报告版式（请核对 organ）")
    doc.yaml_set_comment_before_after_key(
        "layout", before="版式：各部分顺序；numbering 是各层序号样式（（一） '1.' （1） 一是），inline 表示连成一段")
    return doc


def finish(doc: CommentedMap, target: Path) -> str:
    """The document as text: each part given its section comment if it has none, then validated."""
    text = dumps(doc)
    missing = uncommented_parts(text)
    if missing:
        for key in missing:
            doc.yaml_set_comment_before_after_key(key, before="\n" + SECTION_COMMENTS[key])
        text = dumps(doc)
    check_written(text, target)
    return text


def write_year(root: Path, target: Path, text: str, town: CommentedMap | None = None,
               replace: bool = False) -> tuple[Path | None, Path | None]:
    """Write a year file drafter made (and `town` as the town.yaml of a new town), with the schemas kept
    current: under the year file's lock, all of them or none. An existing year file is replaced only when
    `replace`, and backed up first. Returns the town file written and the backup made, if any."""
    todo = schema.outdated(root)
    town_file: Path | None = files.inside(root, target.parent / "town.yaml")
    with files.editing(target):
        exists = target.exists()
        if exists and not replace:  # written by another drafter since the command looked
            raise DrafterError.one("这个文件刚由另一个 drafter 写出，未作任何改动。如要重新生成，请加 --force", target)
        if town is not None and not town_file.exists():
            todo[town_file] = dumps(town).encode("utf-8")
        else:
            town_file = None
        todo[target] = text.encode("utf-8")
        backup = files.write_all(todo, backup_of=target if exists else None)
    return town_file, backup
