"""Paragraphs -> a report's structure, from its numbering: title, names, 版头, opening, parts, signature."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import blocks, zh
from ..errors import DrafterError
from ..model import DATE_RE, PART_MEANINGS, PART_NAMES, REQUIRED_PARTS
from ..workspace import check_name
from .reading import (
    DOC_NUMBER_LINE,
    GROUP,
    NUMBERED,
    ORGAN,
    TOP,
    YISHI,
    ZH_NUMERALS,
    Para,
    is_heading_line,
    is_masthead,
    read,
)


@dataclass
class Node:
    title: str | None = None
    text: list[str] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)
    style: str = ""  # the numbering it was written with
    own_line: bool = False  # a heading line with plain paragraphs under it


@dataclass
class Part:
    heading: str
    where: str
    lead: list[str] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)
    inline: bool = False
    key: str | None = None


@dataclass
class Structure:
    """A report as read, before its numbers are lifted into figures."""

    title: str
    district: str | None
    town: str
    short: str
    year: int
    encoding: str | None
    addressee: str | None
    doc_number: str | None
    opening: list[str]
    formula: str | None
    formula_paragraph: bool
    parts: list[Part]
    organs: list[str] | None
    date: str | None
    unsure: list[str]
    read_notes: list[str] = field(default_factory=list)  # what reading the file found (tables, 修订, 批注); also in unsure


_DOC_NUMBER = re.compile(r"\w{1,12}〔\d{4}〕\d+号")


def _header(title: str) -> tuple[str, str | None]:
    """The title without what comes before it in a 版头: the organ's mark (…文件) and the document number."""
    number = _DOC_NUMBER.search(title)
    if number:
        title = title[: number.start()] + title[number.end():]
    title = re.sub(r"^.*?文件(?=\w)", "", title) if "文件" in title[:20] and not title.startswith("关于") else title
    return title, number.group(0) if number else None


def _title(paras: list[Para], file: Path) -> tuple[str, int]:
    for end in range(min(5, len(paras))):
        candidate = "".join(p.text for p in paras[: end + 1])
        if candidate.endswith("报告") or re.search(r"报告$", candidate):
            return candidate, end + 1
    raise DrafterError.one(
        "没有找到报告标题：应在开头写明，如“西青区辛口镇2022年度法治政府建设情况报告”。"
        "这个文件不像一份法治政府建设情况报告", file)


def _names(title: str) -> tuple[str | None, str | None, int | None]:
    """District, town and year from a title: 西青区辛口镇2022年度… / 中共天津市西青区西营门街道工作委员会…"""
    year = re.search(r"(\d{4})年", title)
    rest = re.sub(r"^中共", "", title)
    town = re.search(r"([^\W\d区县市省]{1,8}?(?:镇|乡|街道))", rest)  # a town's own name has no 区/县/市
    district = re.search(r"([^\W\d区县市省]{1,6}[区县])$", rest[: town.start()]) if town else None
    return (district.group(1) if district else None, town.group(1) if town else None,
            int(year.group(1)) if year else None)


def _split_runin(text: str, marker: re.Pattern) -> tuple[str, str, str]:
    """(marker, title, rest) of "（一）标题。正文"; title is empty when the first sentence is too long to be one."""
    m = marker.match(text)
    head, body = text[: m.end()], text[m.end():]
    if "。" in body:
        title, rest = body.split("。", 1)
        if len(title) <= 40:
            return head, title, rest
    elif len(body) <= 40:
        return head, body, ""  # a title-only item: "1.加强执法队伍建设"
    return head, "", body


def _style(marker: str) -> str:
    if GROUP.match(marker):
        return "（一）"
    if NUMBERED.match(marker):
        return "1."
    return "一是"


def _parse_part(part: Part, paras: list[Para], unsure: list[str]) -> None:
    group: Node | None = None
    for p in paras:
        text = p.text
        marker = next((m for m in (GROUP, NUMBERED, YISHI) if m.match(text)), None)
        following = part.inline and text.startswith(f"{zh.zh_number(len(part.items) + 1)}是")
        if marker is None or (marker is YISHI and (not part.items or following) and _inline_items(text, following)):
            inline = _inline_items(text, following)
            if inline and (not part.items or following):  # one paragraph of 一是…二是…, maybe over several
                lead, items = inline
                if lead:
                    part.lead.append(lead)
                part.items.extend(items)
                part.inline = True
            elif part.items:
                target = (group.items[-1] if group and group.items else part.items[-1])
                target.text.append(text)
                target.own_line = target is group and not group.items
            else:
                part.lead.append(text)
            continue
        if marker is GROUP and is_heading_line(text):
            group = Node(GROUP.sub("", text), style="（一）")
            part.items.append(group)
            continue
        head, title, rest = _split_runin(text, marker)
        if head.endswith("、") and marker is NUMBERED:
            unsure.append(f"{p.where}：序号“{head}”按 GB/T 9704 §7.3.3 写作“{head[:-1]}.”")
        if title and not rest and text.endswith("。"):
            title += "。"  # a title-only item keeps the full stop it was written with
        node = Node(title or None, [rest] if rest else [], style=_style(head))
        if group is not None and marker is not GROUP:
            group.items.append(node)
        else:
            group = None
            part.items.append(node)
        if not title and rest:
            unsure.append(f"{p.where}：“{text[:16]}…”的第一句太长，没有当作小标题")


def _inline_items(text: str, following: bool = False) -> tuple[str, list[Node]] | None:
    """"导语。一是标题。正文二是……" in one paragraph: the lead and the items. One item is enough after a lead
    (the list goes on in the next paragraph) or when it continues such a list (`following`)."""
    starts = [m.start() for m in re.finditer(rf"(?<=[。；])[{ZH_NUMERALS}]+是|^[{ZH_NUMERALS}]+是", text)]
    if not starts or (len(starts) < 2 and not following and (starts[0] == 0 or not text[starts[0]:].startswith("一是"))):
        return None
    lead = text[: starts[0]]
    items = []
    for a, b in zip(starts, [*starts[1:], len(text)]):
        _, title, rest = _split_runin(text[a:b], YISHI)
        items.append(Node(title or None, [rest] if rest else [], style="一是"))
    return lead, items


def _match(parts: list[Part], unsure: list[str]) -> None:
    free = ["measures", "duties", "problems", "plans", "other"]
    for part in parts:
        for key, words in PART_MEANINGS.items():
            if key in free and any(w in part.heading for w in words):
                part.key = key
                free.remove(key)
                break
    for part in parts:
        if part.key is None:
            if not free:
                raise DrafterError.one(f"报告有 {len(parts)} 个一级部分，多于 drafter 能放下的 5 个：{part.where}")
            part.key = free.pop(0)
            unsure.append(f"{part.where}：“{part.heading}”对应不到条例的内容项，按原标题放在 {part.key}"
                          f"（{PART_NAMES[part.key]}）的位置")
    missing = [PART_NAMES[k] for k in REQUIRED_PARTS if k in free]
    if missing:
        unsure.append("没有找到条例要求的内容：" + "、".join(missing) + "（导入后请补写）")


def structure(file: Path, town: str | None = None, year: int | None = None) -> Structure:
    paras, encoding = read(file)
    read_notes = [n for p in paras for n in p.notes]
    doc_number = None
    dropped = []
    while paras and is_masthead(paras[0].text):
        head = paras.pop(0)
        if DOC_NUMBER_LINE.match(head.text):
            doc_number = head.text
        else:
            dropped.append(head)
    unsure: list[str] = read_notes + [f"{p.where}：版头“{p.text}”drafter 不排版，未导入" for p in dropped]
    title, used = _title(paras, file)
    title, in_title = _header(title)
    doc_number = doc_number or in_title
    district, full, title_year = _names(title)
    year = year or title_year
    if year is None:
        raise DrafterError.one(f"标题“{title}”中没有年度：请用 --year 指定", file)
    if town:
        check_name(town)
        full = full if full and full.startswith(zh.strip_unit_suffix(town)) else (town if town.endswith(zh.UNIT_SUFFIXES) else full)
    if not full:
        raise DrafterError.one(f"标题“{title}”中没有镇街名称：请用 --town 指定", file)
    short = zh.strip_unit_suffix(town or full)
    body = paras[used:]

    addressee = None
    if body and body[0].text == blocks.gap_text("主送机关"):  # a draft's unfilled addressee: still unfilled
        body.pop(0)
    elif body and body[0].text.endswith("：") and len(body[0].text) <= 40 and "如下" not in body[0].text:
        addressee = body.pop(0).text
    date = organs = None
    if body and re.fullmatch(r"[（(][^）)]{1,20}[）)]", body[-1].text):  # 附注 such as （此件公开发布）
        note = body.pop()
        unsure.append(f"{note.where}：附注“{note.text}”drafter 不排版，未导入；需要时请写进正文")
    undated = bool(body) and body[-1].text == blocks.gap_text("成文日期")  # a draft's: signed, date still to fill
    if undated or (body and (DATE_RE.match(body[-1].text) or _zh_date(body[-1].text))):
        last = body.pop()
        if not undated:
            date = last.text if DATE_RE.match(last.text) else _zh_date(last.text)
        if date and date != last.text:
            unsure.append(f"{last.where}：成文日期“{last.text}”已改为阿拉伯数字“{date}”（GB/T 9704 §7.3.5.4）")
        organs = []
        while body and ORGAN.match(body[-1].text):
            organs.insert(0, body.pop().text)

    first = next((i for i, p in enumerate(body) if TOP.match(p.text)), None)
    if first is None:
        raise DrafterError.one(
            "没有找到“一、……”“二、……”这样的一级标题：导入需要报告按条例分部分书写", file)
    opening = [p.text for p in body[:first]]
    if not opening:
        unsure.append(f"{body[first].where}：标题后直接是一级标题，没有开头段落")
    formula, formula_paragraph = None, False
    if opening and opening[-1].endswith("如下："):
        last = opening[-1]
        cut = max(last.rfind("。"), last.rfind("；"))
        if cut < 0:
            formula, formula_paragraph = opening.pop(), True
        else:
            formula, opening[-1] = last[cut + 1:], last[: cut + 1]

    parts: list[Part] = []
    chunk: list[Para] = []
    for p in body[first:]:
        if TOP.match(p.text):
            if parts:
                _parse_part(parts[-1], chunk, unsure)
            head = TOP.sub("", p.text)
            parts.append(Part(head.split("。")[0], p.where))
            chunk = [Para(head.split("。", 1)[1], p.where)] if "。" in head and head.split("。", 1)[1] else []
        else:
            chunk.append(p)
    _parse_part(parts[-1], chunk, unsure)
    _match(parts, unsure)

    return Structure(title, district, full, short, year, encoding, addressee, doc_number, opening, formula,
                     formula_paragraph, parts, organs, date, unsure, read_notes)


_ZH_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")


def _zh_date(text: str) -> str | None:
    """二〇二五年一月十五日 -> 2025年1月15日 (GB/T 9704 §7.3.5.4 wants Arabic numerals)."""
    m = _ZH_DATE.match(text)
    if not m:
        return None
    digits = "〇一二三四五六七八九"
    year = "".join(str(digits.index(c.replace("零", "〇"))) for c in m.group(1))

    def small(zh: str) -> int:
        if zh == "十":
            return 10
        if zh.startswith("十"):
            return 10 + digits.index(zh[1])
        if "十" in zh:
            tens, _, units = zh.partition("十")
            return digits.index(tens) * 10 + (digits.index(units) if units else 0)
        return digits.index(zh)

    return f"{year}年{small(m.group(2))}月{small(m.group(3))}日"
