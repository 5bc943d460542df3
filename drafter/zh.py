"""The vocabulary of Chinese report text, defined once: what counts as Chinese, how a text refers to a
figure, which spans are document titles, how a reporting unit's name ends, and how wide text is.

check, render, new, import, update and lint all read text; when each kept its own pattern they disagreed
(lint counted fewer characters as Chinese than check; update saw fewer figure references than render).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

# CJK Unified Ideographs with Extension A and the compatibility block: rare characters in names are Chinese too.
CJK = r"\u3400-\u9fff\uf900-\ufaff"
# Half-width punctuation next to Chinese, where GB/T 15834 wants the full-width mark.
HALF_PUNCT = re.compile(rf"(?<=[{CJK}])[,;:()?!]|[,;:()?!](?=[{CJK}])")
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}

# A Jinja expression in a YAML text: `{{ 审查合同 }}`, `{{ 合同.value * 2 }}`.
EXPRESSION = re.compile(r"\{\{.*?\}\}")
# A plain reference to one name, the form drafter itself writes: `{{ 审查合同 }}`.
PLAIN_REFERENCE = re.compile(r"\{\{\s*(\w+)\s*\}\}")

# Characters no report can hold. CONTROL: what Word cannot save or a terminal would obey (C0 but tab and newline,
# DEL, C1), lone surrogates, U+FFFE/U+FFFF. UNPRINTABLE adds the noncharacters drafter marks its text with (blocks.py).
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
CONTROL = re.compile(f"[{_CONTROL}]")
UNPRINTABLE = re.compile(f"[{_CONTROL}\ufdd0-\ufdef]")
# What starts Jinja code in a text: {{ {% {#.
_OPENER = re.compile(r"\{[{%#]")

# A document's name in 《》: its words and years belong to the title (《…（2021—2025年）》), not to the text.
BOOK_TITLE = re.compile(r"《[^》]*》")

# How a reporting unit's full name ends; 街道 before 街 so that the longer one is taken.
UNIT_SUFFIXES = ("街道", "地区", "镇", "乡", "街")

# A reporting unit's level, by how its full name ends (北京的“地区”办事处 are streets); any other name (司法局,
# 城管委) is a department.
LEVELS = ("镇", "乡", "街道", "区", "县", "部门")
_LEVEL_BY_SUFFIX = (("街道", "街道"), ("地区", "街道"), ("镇", "镇"), ("乡", "乡"), ("区", "区"), ("县", "县"))


def level_of(name: str) -> str:
    """辛口镇 → 镇, 西营门街道 → 街道, 西青区 → 区, 西青区司法局 → 部门."""
    return next((level for suffix, level in _LEVEL_BY_SUFFIX if name.endswith(suffix)), "部门")


@functools.lru_cache(maxsize=1024)
def reference_to(name: str) -> re.Pattern[str]:
    """A `{{ … }}` that uses `name` (bare, with `.value`, or in a calculation); group 1 is the name itself."""
    return re.compile(r"\{\{[^}]*?(?<!\w)(" + re.escape(name) + r")(?!\w)")


def unprintable(text: str, pattern: re.Pattern[str] = UNPRINTABLE) -> tuple[int, str] | None:
    """Where in `text` the first character of `pattern` stands, and that character described ("控制字符 U+0001")."""
    m = pattern.search(text)
    if m is None:
        return None
    code = ord(m.group(0))
    kind = "代理字符" if 0xD800 <= code <= 0xDFFF else "非字符" if code >= 0xFDD0 else "控制字符"
    return m.start(), f"{kind} U+{code:04X}"


def literal(text: str) -> str:
    """Text taken from a document, as a YAML text that prints as written: each Jinja opener ({{ {% {#) it
    contains becomes an expression printing it ({{ "{{" }}), so nothing in a document runs as template code."""
    return _OPENER.sub(lambda m: '{{ "' + m.group(0) + '" }}', text)


_EXPRESSION_HEAD = re.compile(r"\{\{([^}]*)")  # from a {{ to the next }: where reference_to looks
_WORD_RUN = re.compile(r"\w+")


class References:
    """Which of many names the `{{ … }}` of a text use, as `reference_to` finds them, in one pass over the
    text: asking each name's pattern in turn is names × text, and `drafter check` asks it of every text."""

    def __init__(self, names: Iterable[str]):
        self.order = {name: i for i, name in enumerate(names)}
        self.odd = [name for name in self.order if not _WORD_RUN.fullmatch(name)]  # not one run of \w

    def used_in(self, text: str) -> list[str]:
        """The names `text` uses, in the order they were given."""
        if "{{" not in text:
            return []
        words = {w for m in _EXPRESSION_HEAD.finditer(text) for w in _WORD_RUN.findall(m.group(1))}
        found = {w for w in words if w in self.order}
        found.update(name for name in self.odd if reference_to(name).search(text))
        return sorted(found, key=self.order.__getitem__)


def blank_out(text: str, *patterns: re.Pattern[str], fill: str = " ") -> str:
    """`text` with each match of `patterns` replaced by as many `fill` characters: offsets stay aligned."""
    for pattern in patterns:
        text = pattern.sub(lambda m: fill * len(m.group(0)), text)
    return text


def in_book_title(text: str) -> Callable[[int], bool]:
    """Whether a position of `text` lies inside an open 《…》: the marks are found once, so that asking at
    every number of a long text stays linear."""
    opens = [m.start() for m in re.finditer("《", text)]
    closes = [m.start() for m in re.finditer("》", text)]

    def inside(at: int) -> bool:
        o, c = bisect.bisect_left(opens, at), bisect.bisect_left(closes, at)
        return (opens[o - 1] if o else -1) > (closes[c - 1] if c else -1)

    return inside


def strip_unit_suffix(name: str) -> str:
    """辛口镇 → 辛口, 杨柳青街道 → 杨柳青; a name that is only a suffix stays as it is."""
    for suffix in UNIT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def em_width(text: str) -> float:
    """Width in em: full-width characters 1, ASCII (digits, Latin) half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """1..9999 in Chinese numerals as official documents count: 一 … 十 十一 … 九十九 一百 一百零一 一百一十 …
    (a report's longest list is well under a thousand items: limits.MAX_PARAGRAPHS)."""
    if not 0 < n < 10000:
        raise ValueError(f"序号 {n} 超出 1–9999")
    if n < 100:
        tens, units = divmod(n, 10)
        return (_ZH_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (_ZH_DIGITS[units] if units else "")
    out, gap = "", False
    for digit, unit in zip(f"{n:04d}", ("千", "百", "十", "")):
        if digit == "0":
            gap = bool(out)  # one 零 for the zeros between two digits: 一百零一, 一千零一十
            continue
        out += ("零" if gap else "") + _ZH_DIGITS[int(digit)] + unit
        gap = False
    return out


def columns(rows: list[list[str]], gap: int = 2) -> list[str]:
    """Rows of cells as lines of a terminal table, each column padded to its widest cell (a Chinese character
    takes two columns of a terminal, a digit one)."""
    def width(cell: str) -> int:
        return round(2 * em_width(cell))

    widths = [max(width(r[i]) for r in rows if i < len(r)) for i in range(max(map(len, rows), default=0))]
    return ["".join(c + " " * (w - width(c) + gap) for c, w in zip(r, widths)).rstrip() for r in rows]
