"""`drafter import`: an existing report (.docx, or text copied out of a PDF) -> a town's year YAML.

Reading stage for reports that already exist. Text from PDFs is cleaned first (broken lines joined, page
numbers and running heads dropped, spaces removed); then the structure is rebuilt from the numbering
(一、 （一） 1. 一是), the parts are matched to the regulation's items by meaning, and the numbers are lifted
out of the prose into the figures table. Every guess it is unsure of is reported with its place in the input.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import yamldoc
from .errors import DrafterError
from .measure import em_width, zh_number
from .model import CONTEXT_NAMES, DATE_RE, DEFAULT_HEADINGS, PART_MEANINGS, PART_NAMES, Town
from .word.numbering import Numbering
from .workspace import TownDir, Workspace, check_name

MAX_BYTES = 5 * 1024 * 1024  # a report is tens of KB; anything this large is not one

_ZH = "一二三四五六七八九十"
TOP = re.compile(rf"^[{_ZH}]+[、，.]")
GROUP = re.compile(rf"^[（(][{_ZH}]+[）)]")
NUMBERED = re.compile(r"^\d{1,2}[.．、](?!\d)")
YISHI = re.compile(rf"^[{_ZH}]+是")
_PAGE_NO = re.compile(r"^(?:[—\-–－]\s*\d{1,3}\s*[—\-–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,3})$")
_END = tuple("。！？：；")
_SPACES = re.compile(r"(?<![A-Za-z])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?![A-Za-z])")

_UNITS = ("万元", "亿元", "元", "件次", "人次", "户次", "个学时", "学时", "场次", "批次", "次", "件", "份", "场", "家",
          "人", "条", "名", "起", "个", "项", "期", "篇", "户", "所", "%")
_FIGURE = re.compile(r"(?<![\d.·,，第])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(余)?(" + "|".join(map(re.escape, _UNITS)) + ")")
_CLAUSE = r"[，。；：、,（）“”\s]"
_FILLER = re.compile(r"^(?:全年|今年|共|累计|先后|积极|并)+")
_COUNTING_VERB = re.compile(r"(?:组织|举办|推动|新增|开展|签订|召开|发放|实施|建立|了|由|人均|与|共|累计|先后)$")


@dataclass
class Para:
    text: str
    where: str  # "第 12 行" / "第 5 段": for messages about the input
    notes: list[str] = field(default_factory=list)  # what reading it could not keep, for the summary


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


# --- reading ----------------------------------------------------------------------------------------------
def read(file: Path) -> tuple[list[Para], str | None]:
    """The input's paragraphs, and the text encoding used (None for .docx)."""
    if not file.exists():
        raise DrafterError.one(f"找不到文件 {file}")
    suffix = file.suffix.lower()
    if suffix == ".doc":
        raise DrafterError.one("这是旧版 Word 文件（.doc）：请在 Word 或 WPS 中“另存为” .docx 后再导入", file)
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise DrafterError.one(f"文件有 {size // 1024} KB，超过 {MAX_BYTES // 1024 // 1024} MB：这不像一份年度报告", file)
    raw = file.read_bytes()
    if not raw.strip():
        raise DrafterError.one("文件是空的", file)
    if suffix == ".docx" or raw[:4] == b"PK\x03\x04":
        return _read_docx(file), None
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Notepad's "Unicode"
        text = raw.decode("utf-16", errors="replace")
        if not text.strip("\ufeff \r\n"):
            raise DrafterError.one("文件是空的", file)
        return _join_lines(text), "UTF-16"
    if b"\x00" in raw[:4096]:
        raise DrafterError.one("这不是文本文件，也不是 .docx：请导入 .docx，或把报告文字另存为 .txt", file)
    decoded = _decode(raw)
    if decoded is None:
        raise DrafterError.one("无法识别文本的编码（既不是 UTF-8 也不是 GB18030/GBK）：请用 UTF-8 另存", file)
    return _join_lines(decoded[0]), decoded[1]


def _decode(raw: bytes) -> tuple[str, str] | None:
    """The text and the name of the encoding that reads it: UTF-8 first, then GB18030 (which covers GBK)."""
    for encoding, name in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030")):
        try:
            return raw.decode(encoding), name
        except UnicodeDecodeError:
            continue
    return None


def _read_docx(file: Path) -> list[Para]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(file))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as e:
        raise DrafterError.one(f"无法打开这个 .docx（文件可能已损坏：{type(e).__name__}）", file) from None
    numbering = Numbering(document)
    paras = []
    for n, p in enumerate(document.paragraphs, 1):
        text = _clean(p.text.replace("\n", ""))
        if text:
            paras.append(Para(numbering.label(p) + text, f"第 {n} 段"))
    if document.tables and paras:  # said in the summary: a table's figures are not silently gone
        paras[0].notes.append(f"文档中有 {len(document.tables)} 个表格，drafter 不导入表格：表中的内容请手工写入")
    return paras


def _clean(line: str) -> str:
    return _SPACES.sub("", line.strip())


def _join_lines(text: str) -> list[Para]:
    """PDF text: one line per printed line. Join the lines of a paragraph; drop page numbers and running heads."""
    lines = [(n, _clean(x)) for n, x in enumerate(text.splitlines(), 1)]
    lines = [(n, x) for n, x in lines if x and not _PAGE_NO.match(x)]
    counts = Counter(x for _, x in lines if len(x) <= 30)
    lines = [(n, x) for n, x in lines if counts.get(x, 0) < 3 or TOP.match(x)]  # running heads repeat on every page
    widths = [round(em_width(x)) for _, x in lines if 20 <= em_width(x) <= 40]
    full = Counter(widths).most_common(1)[0][0] if widths else 28
    paras: list[Para] = []
    while lines and _is_masthead(lines[0][1]):  # 版头: the organ's mark (…文件) and the document number
        paras.append(Para(lines[0][1], f"第 {lines[0][0]} 行"))
        lines = lines[1:]
    for k in range(min(5, len(lines))):  # the title's lines end without punctuation: take them first
        title = "".join(x for _, x in lines[: k + 1])
        if title.endswith("报告"):
            paras.append(Para(title, f"第 {lines[0][0]} 行"))
            # a running head repeats the title (or its last line) at the top of later pages; an organ's name
            # on the title's first line is also the signature's, so only the line naming the report counts
            last = lines[k][1]
            lines = [(n, x) for n, x in lines[k + 1:] if x != title and not (x.endswith(last) and len(x) <= 60)]
            paras.append(Para("", ""))  # a boundary: the opening never joins the title
            break
    for n, line in lines:
        if paras and paras[-1].text and not _starts_paragraph(paras[-1].text, line, full):
            paras[-1].text += line
        elif paras and not paras[-1].text:
            paras[-1] = Para(line, f"第 {n} 行")
        else:
            paras.append(Para(line, f"第 {n} 行"))
    return paras


_ORGAN = re.compile(r"^\w{2,20}(?:委员会|人民政府|办事处|党委|党工委|政府)$")
_DOC_NUMBER_LINE = re.compile(r"^\w{1,12}〔\d{4}〕\d+号$")
_ZH_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")


def _is_masthead(line: str) -> bool:
    return bool(_DOC_NUMBER_LINE.match(line)) or (line.endswith("文件") and len(line) <= 20)


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


def _starts_paragraph(prev: str, line: str, full: float) -> bool:
    if TOP.match(line) or GROUP.match(line) or NUMBERED.match(line):
        return True
    if DATE_RE.match(line) or _ORGAN.match(line) or _ORGAN.match(prev):  # a signature: a line each
        return True
    if _is_heading_line(prev):
        return True
    last_line = prev[-60:]  # the width that matters is the last printed line's, unknown once joined
    ended = prev.rstrip("”’）)").endswith(_END)
    if YISHI.match(line) and ended:
        return True
    width = em_width(last_line) if len(prev) <= 60 else None
    return ended and (width is None or width < full - 1.5 or width > full + 4)


def _is_heading_line(text: str) -> bool:
    return bool((TOP.match(text) or GROUP.match(text)) and "。" not in text and len(text) <= 40)


# --- structure ----------------------------------------------------------------------------------------------
_DOC_NUMBER = re.compile(r"\w{1,12}〔\d{4}〕\d+号")


def _header(title: str) -> tuple[str, str | None]:
    """The title without what comes before it in a 版头: the organ's mark (…文件) and the document number."""
    number = _DOC_NUMBER.search(title)
    if number:
        title = title[: number.start()] + title[number.end():]
    title = re.sub(r"^.*?文件(?=\w)", "", title) if "文件" in title[:20] and not title.startswith("关于") else title
    return title, number.group(0) if number else None


def _spaced(title: str) -> str:
    """Break points for a title drafter did not derive: after each organ, before 关于."""
    return re.sub(r"\s*(关于)", r" \1", re.sub(r"(委员会|人民政府|办事处)(?=\w)", r"\1 ", title)).strip()


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
        following = part.inline and text.startswith(f"{zh_number(len(part.items) + 1)}是")
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
        if marker is GROUP and _is_heading_line(text):
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
    starts = [m.start() for m in re.finditer(rf"(?<=[。；])[{_ZH}]+是|^[{_ZH}]+是", text)]
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
    missing = [PART_NAMES[k] for k in ("duties", "measures", "problems", "plans") if k in free]
    if missing:
        unsure.append("没有找到条例要求的内容：" + "、".join(missing) + "（导入后请补写）")


# --- figures ----------------------------------------------------------------------------------------------
class _Figures:
    def __init__(self, year: int):
        self.year = year
        self.table: dict[str, dict] = {}

    def lift(self, text: str) -> str:
        """Numbers with units become named figures; the report year and the next become {{ year }} etc."""
        out, pos = [], 0
        for m in _FIGURE.finditer(text):
            if _inside_title(text, m.start()):
                continue
            digits = m.group(1).replace(",", "")  # 5,012 is five thousand and twelve
            value = float(digits) if "." in digits else int(digits)
            before = _FILLER.sub("", re.split(_CLAUSE, text[: m.start()])[-1])
            after = re.split(_CLAUSE + r"|\d|与|和|及", text[m.end():])[0].removeprefix("的")[:10]
            # Chinese often counts before the noun (组织17次集体学法活动): then the words after name it
            counted_after = bool(_COUNTING_VERB.search(before)) or len(before) < 2
            words = after if counted_after and after else before
            name = self._name(words)
            label = (before + after if counted_after else before)[-16:] or name
            self.table[name] = {"value": value, "unit": m.group(3), "label": label,
                                **({"approx": True} if m.group(2) else {})}
            out.append(text[pos: m.start()] + f"{{{{ {name} }}}}")
            pos = m.end()
        out.append(text[pos:])
        return self._years("".join(out))

    def _name(self, words: str) -> str:
        base = re.sub(r"[^\w]", "", words)[-6:].lstrip("0123456789_") or "数字"
        name, n = base, 2
        while name in self.table or name in CONTEXT_NAMES:
            name, n = f"{base}{n}", n + 1
        return name

    def _years(self, text: str) -> str:
        def repl(m: re.Match) -> str:
            if _inside_title(text, m.start()):
                return m.group(0)
            y = int(m.group(1))
            return "{{ year }}" if y == self.year else "{{ next_year }}" if y == self.year + 1 else m.group(0)

        return re.sub(r"(?<![\d{])(\d{4})(?=年)", repl, text)


def _inside_title(text: str, at: int) -> bool:
    return text.rfind("《", 0, at) > text.rfind("》", 0, at)


# --- the whole -------------------------------------------------------------------------------------------------
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


def structure(file: Path, town: str | None = None, year: int | None = None) -> Structure:
    paras, encoding = read(file)
    read_notes = [n for p in paras for n in p.notes]
    doc_number = None
    dropped = []
    while paras and _is_masthead(paras[0].text):
        head = paras.pop(0)
        if _DOC_NUMBER_LINE.match(head.text):
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
        full = full if full and full.startswith(_short(town)) else (town if town.endswith(("镇", "乡", "街道")) else full)
    if not full:
        raise DrafterError.one(f"标题“{title}”中没有镇街名称：请用 --town 指定", file)
    short = _short(town or full)
    body = paras[used:]

    addressee = None
    if body and body[0].text.endswith("：") and len(body[0].text) <= 40 and "如下" not in body[0].text:
        addressee = body.pop(0).text
    date = organs = None
    if body and re.fullmatch(r"[（(][^）)]{1,20}[）)]", body[-1].text):  # 附注 such as （此件公开发布）
        note = body.pop()
        unsure.append(f"{note.where}：附注“{note.text}”drafter 不排版，未导入；需要时请写进正文")
    if body and (DATE_RE.match(body[-1].text) or _zh_date(body[-1].text)):
        last = body.pop()
        date = last.text if DATE_RE.match(last.text) else _zh_date(last.text)
        if date != last.text:
            unsure.append(f"{last.where}：成文日期“{last.text}”已改为阿拉伯数字“{date}”（GB/T 9704 §7.3.5.4）")
        organs = []
        while body and _ORGAN.match(body[-1].text):
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
                     formula_paragraph, parts, organs, date, unsure)


def parse(file: Path, town: str | None = None, year: int | None = None) -> Imported:
    st = structure(file, town, year)
    title, district, full, short, year, parts = st.title, st.district, st.town, st.short, st.year, st.parts
    figures = _Figures(year)
    doc = _document(title, district, full, year, st.addressee, st.opening, st.formula, st.formula_paragraph,
                    parts, st.organs, st.date, figures)
    if st.doc_number:
        doc.insert(0, "doc_number", st.doc_number)
    layout = {p.key: _layout(p) for p in parts}
    layout["order"] = [p.key for p in parts]
    for key in ("duties", "measures", "problems", "plans"):
        if key not in layout:
            layout[key] = {"numbering": ["（一）"]}
            layout["order"].append(key)
    return Imported(title, full, short, district or "", year, st.encoding, doc, layout, parts, len(figures.table),
                    st.unsure)


def _short(name: str) -> str:
    for suffix in ("街道", "镇", "乡"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _layout(part: Part) -> dict:
    styles: list[str] = []
    level = part.items
    while level:
        styles.append(level[0].style or "（一）")
        level = next((n.items for n in level if n.items), [])
    return {"numbering": styles or ["（一）"], **({"inline": True} if part.inline else {})}


def _document(title, district, town, year, addressee, opening, formula, formula_paragraph, parts, organs, date,
              figures: _Figures) -> CommentedMap:
    doc = CommentedMap()
    derived = f"{district or ''}{town}{year}年度法治政府建设情况报告"
    if title != derived:
        doc["title"] = _spaced(title)
    if addressee:
        doc["addressee"] = addressee
    doc["opening"] = yamldoc.mapping(text=yamldoc.block("\n".join(figures.lift(t) for t in opening) or "（待补写）"))
    if formula:
        doc["opening"]["formula"] = figures.lift(formula)
        if formula_paragraph:
            doc["opening"]["formula_paragraph"] = True
    for part in parts:
        m = yamldoc.mapping(heading=part.heading)
        if part.lead:
            m["lead"] = yamldoc.block("\n".join(figures.lift(t) for t in part.lead))
        if part.items:
            m["items"] = CommentedSeq(_item(n, figures) for n in part.items)
        doc[part.key] = m
    for key in ("duties", "measures", "problems", "plans"):
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


def _item(node: Node, figures: _Figures) -> CommentedMap:
    m = CommentedMap()
    if node.title:
        m["title"] = node.title
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
    town_dir = ws.lookup(town or imp.short) or TownDir(town or imp.short, ws.towns_dir / (town or imp.short))
    target = town_dir.year_file(imp.year)
    existing_town = town_dir.load_town() if town_dir.town_file.exists() else None
    layout_here = existing_town is not None and _differs(existing_town, imp.layout)
    if layout_here:
        imp.doc["layout"] = yamldoc.layout_map(imp.layout)
    guide = ["请核对识别出的结构和数字（figures 中的名称可以改得更好懂），"
             f"再用 drafter check --town {town_dir.short} --year {imp.year} 检查。"]
    new_town = None if existing_town else Town(name=imp.town, district=imp.district or "（待填）")
    yamldoc.header(imp.doc, existing_town or new_town, imp.year,
                   f"由 drafter import 从 {file.name} 导入", guide, keep_last_group=False)
    text = yamldoc.finish(imp.doc, target)
    summary = ImportSummary(imp, target, False)
    if dry_run:
        return summary
    if target.exists() and not force:
        raise DrafterError.one(f"{target} 已存在，未作任何改动。如要用导入的内容替换它，请加 --force（原文件会另存为 .bak）")
    town_doc = yamldoc.town_doc(new_town, imp.layout) if new_town else None
    summary.town_file, summary.backup = yamldoc.write_year(ws.root, target, text, town_doc)
    summary.written = True
    return summary


def _differs(town: Town, layout: dict) -> bool:
    if list(town.layout.order)[: len(layout["order"])] != layout["order"]:
        return True
    return any(list(getattr(town.layout, k).numbering) != layout[k]["numbering"]
               or getattr(town.layout, k).inline != bool(layout[k].get("inline")) for k in layout["order"])
