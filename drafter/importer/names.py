"""Who reports, for which year, under which title: from the title, the options, or the text itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import zh
from ..errors import DrafterError
from ..model import Town
from ..workspace import check_name
from .reading import ABOUT, DOC_NUMBER, ORGAN, SENTENCE_END, TITLE_END, Para


@dataclass
class Identity:
    title: str
    made_title: bool  # no title in the text: drafter's own, from the town and year
    district: str | None
    town: str  # full name: 辛口镇, 临川区, 司法局
    short: str  # the folder: 辛口
    year: int
    doc_number: str | None
    used: int  # paragraphs the title took


def identify(file: Path, paras: list[Para], town: str | None, year: int | None, unsure: list[str]) -> Identity:
    """The reporting unit and year, from the title where there is one, else from `--town`/`--year` and the text.
    Every guess goes into `unsure`, for the summary."""
    title, used = _title(paras)
    body = paras[used:]
    doc_number = district = full = found_year = None
    if title is None:
        if not any(ABOUT.search(p.text) for p in body[:3]):
            raise DrafterError.one(
                "没有找到报告标题，开头几段也没有提到法治政府建设：这个文件不像一份法治政府建设情况报告。"
                "如果是，请在第一行写上标题，如“西青区辛口镇2022年度法治政府建设情况报告”", file)
        if town is None and body:
            district, full = _signed_names(body) or _opening_names(body[0].text)
    else:
        title, doc_number = _header(title)
        district, full, found_year = _names(title)
    if year is None and found_year is None:
        found = next(((p, m) for p in body[:3] if (m := re.search(r"(20\d\d)年", p.text))), None)
        if found:
            para, m = found
            found_year = int(m.group(1))
            unsure.append(f"{para.where}：标题中没有年度，按开头“{para.text[max(0, m.start() - 4): m.end() + 8]}…”"
                          f"取 {found_year} 年度；不对请用 --year 指定")
    if town:
        check_name(town)
        if not (full and full.startswith(zh.strip_unit_suffix(town))):
            if full:
                unsure.append(f"标题写的是“{full}”，按 --town {town} 导入；不对请去掉 --town")
            full, note = _full_name(town, body)
            unsure += [note] if note else []
    if year and found_year and year != found_year:
        unsure.append(f"标题写的是 {found_year} 年度，按 --year {year} 导入；不对请去掉 --year")
    missing = [option for option, known in (("--town", full), ("--year", year or found_year)) if not known]
    if missing:
        where = f"标题“{title}”" if title else "文中没有标题，开头也"
        what = "、".join({"--town": "是哪个镇街（或区县、部门）", "--year": "是哪一年"}[o] for o in missing)
        raise DrafterError.one(f"{where}看不出{what}的报告：请用 {' 和 '.join(missing)} 指定，"
                               "如 drafter import 报告.txt --town 辛口 --year 2023", file)
    if zh.level_of(full) == "部门" and district and not full.startswith(district):
        full = district + full  # 宁远区司法局, as it signs
    if title is None and not town:
        unsure.append(f"文中没有标题：报告单位按落款或开头取“{full}”；不对请用 --town 指定")
    district = district or _superior(full, [p.text for p in body[:3] + body[-4:]])
    if district is None and zh.level_of(full) in ("镇", "乡", "街道"):
        unsure.append(f"标题、开头和落款都没有写{full}所属的区县：需要时请在 town.yaml 的 district 中填写（如 西青区）")
    year = year or found_year
    made = title is None
    if made:
        title = "".join(Town(name=full, district=district or "").title_words(year))
        unsure.append(f"文中没有标题（网页的标题不在复制的文字中）：按 drafter 的写法拟为“{title}”，请核对")
    return Identity(title, made, district, full, zh.strip_unit_suffix(town or full), year, doc_number, used)


def _superior(full: str, texts: list[str]) -> str | None:
    """The 区县 of a town (the 市 of a 区县) as the signature, the opening or the addressee names it:
    中共清源县枫岭乡委员会, 在江州市委、市政府的领导下, 中共鹭洲区委、鹭洲区人民政府："""
    above = rf"{_PLACE}[市州]" if zh.level_of(full) in ("区", "县") else _ONE_COUNTY
    for pattern in (rf"(?:中共)?({above}){re.escape(full)}", rf"在({above})委", rf"^中共({above})委"):  # 落款, 开头, 主送
        found = next((m.group(1) for t in texts if (m := re.search(pattern, t))), None)
        if found:
            return found
    return None


def _header(title: str) -> tuple[str, str | None]:
    """The title without what comes before it in a 版头: the organ's mark (…文件) and the document number."""
    number = DOC_NUMBER.search(title)
    if number:
        title = title[: number.start()] + title[number.end():]
    title = re.sub(r"^.*?文件(?=\w)", "", title) if "文件" in title[:20] and not title.startswith("关于") else title
    return title, number.group(0) if number else None


def _title(paras: list[Para]) -> tuple[str | None, int]:
    """The title and the number of paragraphs it takes: up to three lines that end no sentence."""
    for end in range(min(5, len(paras))):
        if len(paras[end].text) > 120 or paras[end].text.endswith(SENTENCE_END):
            break
        candidate = "".join(p.text for p in paras[: end + 1])
        if found := TITLE_END.search(candidate):
            return candidate[: found.start("mark")] if found.group("mark") else candidate, end + 1
    return None, 0


_PLACE = r"[^\W\d区县市省]{1,10}"  # a place's own name: 西青, 滨海新 (of 滨海新区)
_ONE_COUNTY = rf"{_PLACE}[区县旗]"
_COUNTY = rf"(?:{_PLACE}省)?(?:{_PLACE}[市州])?{_ONE_COUNTY}"  # 天津市西青区, 云岭县
_ABOVE = re.compile(rf"(?:{_PLACE}省)?(?:{_PLACE}[市州])?(?:{_PLACE}[区县旗])?")
_ORGAN_AFTER = r"(?=$|人民政府|政府|党委|党工委|工作委员会|委员会|办事处|委)"
_TOWN_END = re.compile(rf"(?:街道|地区|镇|乡){_ORGAN_AFTER}")
_DEPARTMENT = re.compile(r"[^\W\d]{1,10}?(?:局|委员会|委|办公室|办|中心)|管委会")
_ORGAN_WORDS = re.compile(r"^(?:人民政府|政府|委员会|工作委员会|委|党委|党工委|办事处)")


def _split_above(text: str, suffix: int) -> tuple[str, str]:
    """(the places above, the unit) of 天津市西青区西营门街道: the longest run of 省/市/区县 names in front that
    leaves the unit a name of its own (德清县|新市镇, 番禺区|市桥街道, but 县前街道 and 城区街道 whole)."""
    for i in range(len(text) - suffix - 1, 0, -1):
        if text[i - 1] in "省市州区县旗" and _ABOVE.fullmatch(text[:i]):
            return text[:i], text[i:]
    return "", text


def _names(title: str) -> tuple[str | None, str | None, int | None]:
    """Superior, reporting unit and year from a title: 西青区辛口镇2022年度… / 中共天津市西青区西营门街道工作委员会…
    / 临川区人民政府关于2023年度… / 临川区司法局2024年度… / 中共云岭县委 云岭县人民政府关于…"""
    year = re.search(r"(\d{4})年", title)
    head = re.split(r"关于|\d{4}年|法治", re.sub(r"^中共", "", title), maxsplit=1)[0]  # who reports, before what
    end = _TOWN_END.search(head)
    if end:
        above, unit = _split_above(head[: end.end()], end.end() - end.start())
    else:
        county = re.match(_COUNTY, head)
        above, unit = _split_above(county.group(0), 1) if county else ("", None)
        at = county.end() if county else 0
        department = _DEPARTMENT.fullmatch(head, at) or _DEPARTMENT.match(head, at)
        if department and not _ORGAN_WORDS.match(department.group(0)):  # 临川区司法局, not 临川区人民政府
            above, unit = (above + unit if unit else ""), department.group(0)
    superior = re.search(rf"{_PLACE}[省市州区县旗]$", above)
    return superior.group(0) if superior else None, unit, int(year.group(1)) if year else None


def _signed_names(body: list[Para]) -> tuple[str | None, str] | None:
    """The superior and unit of the organs that sign the report (中共青禾镇委员会 / 云岭区司法局), if it is signed."""
    for p in body[-4:]:
        if ORGAN.match(p.text):
            superior, unit, _ = _names(p.text)
            if unit:
                return superior, unit
    return None


def _opening_names(text: str) -> tuple[str | None, str | None]:
    """The superior and unit an opening starts with: "2023年，（在区委、区政府的领导下，）云岭区柳溪镇坚持……"."""
    start = re.match(r"^(?:\d{4}年(?:度|以来)?|今年以来|一年来)[，,]?", text)
    if start is None:
        return None, None
    rest = re.sub(r"^在[^，。]{0,30}?领导下[，,]?", "", text[start.end(): start.end() + 80])
    superior, unit, _ = _names(rest)
    if unit is None or not rest.startswith(superior or unit):  # 我镇, 全镇: no name; a name further on: not its
        return None, None
    found = superior or next((m.group(1) for m in [re.search(rf"在({_ONE_COUNTY})委", text)] if m and zh.level_of(unit) != "区"), None)
    return found, unit


def _full_name(town: str, paras: list[Para]) -> tuple[str, str | None]:
    """The full name of `--town 青禾` when the title does not give it: as the text writes it (青禾镇), or by how it
    speaks of itself (我镇, 我街); and a note when the text does not say."""
    if zh.level_of(town) != "部门":
        return town, None
    text = "".join(p.text for p in paras[:40])
    named = re.search(re.escape(town) + r"(街道|地区|镇|乡|区|县)", text)
    if named:
        return named.group(0), None
    own = re.search(r"我(镇|乡|街|区|县)", text)
    if own:
        return town + {"街": "街道"}.get(own.group(1), own.group(1)), None
    return town, f"文中看不出“{town}”是镇、乡、街道还是区县，按部门导入；不对请用 --town 写全称，如 --town {town}镇"


