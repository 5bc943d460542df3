"""Paragraphs -> a report's structure, from its numbering: title, names, 版头, opening, parts, signature."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import blocks, zh
from ..errors import DrafterError
from ..model import DATE_RE, DEFAULT_HEADINGS, PART_NAMES, REQUIRED_PARTS, names_item, part_meaning
from .names import Identity, identify
from .reading import (
    ABOUT,
    DOC_NUMBER_LINE,
    GROUP,
    NUMBERED,
    ORGAN,
    ORGAN_END,
    SENTENCE_END,
    TOP,
    YISHI,
    ZH_NUMERALS,
    Para,
    ends_sentence,
    is_heading_line,
    is_masthead,
    is_title_line,
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
    raw: list[str] = field(default_factory=list)  # its paragraphs as written


@dataclass
class Structure:
    """A report as read, before its numbers are lifted into figures."""

    who: Identity
    encoding: str | None
    addressee: str | None
    opening: list[str]
    formula: str | None
    formula_paragraph: bool
    parts: list[Part]
    organs: list[str] | None
    date: str | None
    unsure: list[str]
    read_notes: list[str] = field(default_factory=list)  # what reading the file found (tables, 修订, 批注); also in unsure


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


def _parse_part(part: Part, paras: list[Para], unsure: list[str], commas: list[str]) -> None:
    part.raw = [p.text for p in paras]
    group: Node | None = None
    for i, p in enumerate(paras):
        text = p.text
        marker = next((m for m in (GROUP, NUMBERED, YISHI) if m.match(text)), None)
        if part.inline and marker in (GROUP, NUMBERED):  # 一是…二是… was the lead's list: (一) items follow
            part.lead, part.items, part.inline = [q.text for q in paras[:i]], [], False
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
            commas.append(p.where)
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
    starts = [m.start() for m in re.finditer(rf"(?<=[。；：:;])[{ZH_NUMERALS}]+是|^[{ZH_NUMERALS}]+是", text)]
    if not starts or (len(starts) < 2 and not following and (starts[0] == 0 or not text[starts[0]:].startswith("一是"))):
        return None
    lead = text[: starts[0]]
    items = []
    for a, b in zip(starts, [*starts[1:], len(text)]):
        _, title, rest = _split_runin(text[a:b], YISHI)
        items.append(Node(title or None, [rest] if rest else [], style="一是"))
    return lead, items


# What a topic chapter's first words say when its heading does not: weak evidence, used only for an item still
# missing ("下一步，我镇将……" under "四、强化法治保障" is a plan).
_BODY_MEANINGS = {
    "plans": re.compile(r"^(?:下一步|今后|下一年度?|20\d\d年，?\w{0,8}将|针对(?:上述|以上|这些)问题)"),
    "problems": re.compile(r"^\w{0,16}(?:存在|仍有|还有)\w{0,10}(?:问题|不足|短板|差距)"),
}
# A topic chapter's numbering, one level down under the category it becomes: （一） → 1. → （1）.
_DEMOTED = {"（一）": "1.", "1.": "（1）"}


def _split_combined(part: Part, paras: list[Para], unsure: list[str]) -> list[tuple[Part, list[Para]]]:
    """"三、存在的问题及下一步打算": the problems, then from the first paragraph that plans ("下一步，……") the plans,
    a part of their own under the regulation's heading."""
    if not (names_item(part.heading, "problems") and names_item(part.heading, "plans")):
        return [(part, paras)]
    at = next((i for i, p in enumerate(paras) if i and _BODY_MEANINGS["plans"].match(p.text)), None)
    if at is None:
        return [(part, paras)]
    plans = Part(DEFAULT_HEADINGS["plans"], paras[at].where, key="plans")
    part.key = "problems"
    unsure.append(f"{part.where}：“{part.heading}”既写不足又写安排：从{paras[at].where}“{paras[at].text[:12]}…”起"
                  f"放在 plans，标题用“{plans.heading}”")
    return [(part, paras[:at]), (plans, paras[at:])]


def _match(parts: list[Part], unsure: list[str]) -> list[Part]:
    """Each part's item of the regulation, by what its heading says (or, for a part split from a combined one,
    its own). Chapters of the measures (topic chapters, 总体情况 beside 主要举措) become categories of one measures
    part. Returns the parts as the report will have them."""
    meaning = {id(p): p.key or part_meaning(p.heading) for p in parts}
    for part in parts:
        part.key = None
    for part in parts:
        if meaning[id(part)] is None:
            first = (part.lead or [n.title or "".join(n.text) for n in part.items] or [""])[0]
            key = next((k for k, words in _BODY_MEANINGS.items() if words.match(first)), None)
            if key and key not in meaning.values():
                meaning[id(part)] = key
                unsure.append(f"{part.where}：“{part.heading}”的标题看不出是哪一项，按正文开头“{first[:12]}…”"
                              f"放在 {key}（{PART_NAMES[key]}）")
    chapters = [p for p in parts if meaning[id(p)] in (None, "measures")]
    if len(chapters) > 1 or (chapters and meaning[id(chapters[0])] is None):
        merged = Part(DEFAULT_HEADINGS["measures"], chapters[0].where, items=[_category(p) for p in chapters])
        meaning[id(merged)] = "measures"
        parts = [merged if p is chapters[0] else p for p in parts if p not in chapters[1:]]
        names = "”“".join(p.heading for p in chapters[:3]) + ("”等" if len(chapters) > 3 else "”")
        unsure.append(f"{chapters[0].where}起的 {len(chapters)} 个章节（“{names}）都是工作举措和成效："
                      f"条例把举措和成效列为一项，已合为“一、{merged.heading}”下的分类"
                      f"（{zh.zh_number(1)}）至（{zh.zh_number(len(chapters))}），原章节下的序号依次降一级")
    for part in parts:
        if meaning[id(part)] not in (p.key for p in parts):
            part.key = meaning[id(part)]
    free = [k for k in ("measures", "duties", "problems", "plans", "other") if all(p.key != k for p in parts)]
    for part in parts:
        if part.key is None:
            if not free:
                raise DrafterError.one(f"报告有 {len(parts)} 个一级部分，多于 drafter 能放下的 5 个：{part.where}")
            part.key = free.pop(0)
            unsure.append(f"{part.where}：“{part.heading}”与前面的“{PART_NAMES[meaning[id(part)]]}”重复，按原标题放在 "
                          f"{part.key}（{PART_NAMES[part.key]}）的位置")
    missing = [PART_NAMES[k] for k in REQUIRED_PARTS if k in free]
    if missing:
        unsure.append("没有找到条例要求的内容：" + "、".join(missing) + "（导入后请补写）")
    return parts


def _category(part: Part) -> Node:
    """A topic chapter as a category of the measures: its heading the category's title, its numbering one down.
    A chapter written as one 一是…二是… paragraph keeps it as text."""
    def demote(nodes: list[Node]) -> None:
        for n in nodes:
            n.style = _DEMOTED.get(n.style, n.style)
            demote(n.items)

    if part.inline:
        return Node(part.heading, part.raw, style="（一）", own_line=True)
    demote(part.items)
    return Node(part.heading, part.lead, part.items, style="（一）", own_line=not part.items)


_SIGNED_ON_ONE_LINE = re.compile(rf"^(\w{{2,20}}?{ORGAN_END})(\d{{4}}年\d{{1,2}}月\d{{1,2}}日)$")


def _signature(body: list[Para], unsure: list[str]) -> tuple[list[str] | None, str | None]:
    """The organs and date that end the report, taken off `body`: (None, None) when it has no 落款."""
    if body and re.fullmatch(r"[（(][^）)]{1,20}[）)]", body[-1].text):  # 附注 such as （此件公开发布）
        note = body.pop()
        unsure.append(f"{note.where}：附注“{note.text}”drafter 不排版，未导入；需要时请写进正文")
    joined = _SIGNED_ON_ONE_LINE.match(body[-1].text) if body else None
    if joined:  # "青禾镇人民政府　　2024年1月19日": the organ and the date, apart
        last = body.pop()
        body += [Para(joined.group(1), last.where), Para(joined.group(2), last.where)]
    undated = bool(body) and body[-1].text == blocks.gap_text("成文日期")  # a draft's: signed, date still to fill
    if not (undated or (body and (DATE_RE.match(body[-1].text) or _zh_date(body[-1].text)))):
        return None, None
    last = body.pop()
    date = None if undated else last.text if DATE_RE.match(last.text) else _zh_date(last.text)
    if date and date != last.text:
        unsure.append(f"{last.where}：成文日期“{last.text}”已改为阿拉伯数字“{date}”（GB/T 9704 §7.3.5.4）")
    organs: list[str] = []
    while body and ORGAN.match(body[-1].text):
        organs.insert(0, body.pop().text)
    return organs, date


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
    who = identify(file, paras, town, year, unsure)
    who.doc_number = doc_number or who.doc_number
    body = paras[who.used:]
    second = next((p for p in body[1:] if is_title_line(p.text) and not TOP.match(p.text)), None)
    if second is not None:
        raise DrafterError.one(f"{second.where}又是一个标题“{second.text}”：文件中似乎有两份报告。"
                               "请把它们分成两个文件，各自导入", file)

    addressee = None
    if body and body[0].text == blocks.gap_text("主送机关"):  # a draft's unfilled addressee: still unfilled
        body.pop(0)
    elif body and body[0].text.endswith(("：", ":")) and len(body[0].text) <= 40 and "如下" not in body[0].text:
        addressee = body.pop(0).text
    organs, date = _signature(body, unsure)
    if organs is None and body and not ends_sentence(body[-1].text, SENTENCE_END):
        unsure.append(f"{body[-1].where}：报告在“…{body[-1].text[-12:]}”处中断（没有句末标点，后面也没有落款）："
                      "已导入到此为止，缺的内容请补写")

    first = next((i for i, p in enumerate(body) if TOP.match(p.text)), len(body))
    if first == len(body):
        if not (ABOUT.search(who.title) or any(ABOUT.search(p.text) for p in body[:3])):
            raise DrafterError.one(
                "没有找到“一、……”“二、……”这样的一级标题：导入需要报告按条例分部分书写", file)
        unsure.append("报告中没有“一、……”这样的一级标题：全文作为开头导入，条例要求的各部分留待补写")
    opening = [p.text for p in body[:first]]
    if not opening and body:
        unsure.append(f"{body[first].where}：标题后直接是一级标题，没有开头段落")
    formula, formula_paragraph = None, False
    if opening and opening[-1].endswith(("如下：", "如下:")):
        last = opening[-1]
        cut = max(last.rfind("。"), last.rfind("；"))
        if cut < 0:
            formula, formula_paragraph = opening.pop(), True
        else:
            formula, opening[-1] = last[cut + 1:], last[: cut + 1]

    chapters: list[tuple[Part, list[Para]]] = []
    for p in body[first:]:
        if TOP.match(p.text):
            head = TOP.sub("", p.text)
            rest = [Para(head.split("。", 1)[1], p.where)] if "。" in head and head.split("。", 1)[1] else []
            chapters.append((Part(head.split("。")[0], p.where), rest))
        else:
            chapters[-1][1].append(p)
    parts: list[Part] = []
    commas: list[str] = []  # where items are numbered 1、
    for chapter in chapters:
        for part, paras in _split_combined(*chapter, unsure):
            _parse_part(part, paras, unsure, commas)
            parts.append(part)
    if commas:
        unsure.append(f"{commas[0]}{f'等 {len(commas)} 处' if len(commas) > 1 else ''}：序号“1、”按 GB/T 9704 §7.3.3 "
                      "写作“1.”，导出时已改")
    parts = _match(parts, unsure)
    return Structure(who, encoding, addressee, opening, formula, formula_paragraph, parts, organs, date,
                     unsure, read_notes)


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
