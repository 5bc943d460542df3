"""Numbers with units lifted out of the prose into the figures table, referred to as {{ 名称 }}."""

from __future__ import annotations

import bisect
import re

from .. import zh
from ..model import CONTEXT_NAMES

_UNITS = ("万元", "亿元", "元", "件次", "人次", "户次", "个学时", "学时", "场次", "批次", "次", "件", "份", "场", "家",
          "人", "条", "名", "起", "个", "项", "期", "篇", "户", "所", "%")
_FIGURE = re.compile(r"(?<![\d.·,，第])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(余)?(" + "|".join(map(re.escape, _UNITS)) + ")")
_CLAUSE = r"[，。；：、,（）“”\s]"
_CLAUSE_MARK = re.compile(_CLAUSE)
_AFTER_END = re.compile(_CLAUSE + r"|\d|与|和|及")
_FILLER = re.compile(r"(?:全年|今年|共|累计|先后|积极|并)+")  # at the start of a clause
_COUNTING_VERB = re.compile(r"(?:组织|举办|推动|新增|开展|签订|召开|发放|实施|建立|了|由|人均|与|共|累计|先后)$")
_NOT_WORD = re.compile(r"[^\w]")


class FigureLifter:
    """One report's figures: `lift` replaces the numbers in a text and collects them in `table`.

    Each number reads only a few characters around it, so a long paragraph with many numbers stays linear."""

    def __init__(self, year: int):
        self.year = year
        self.table: dict[str, dict] = {}
        self.suffixes: dict[str, int] = {}  # base name -> the next number to try after it

    def lift(self, text: str) -> str:
        """Text from the document as a YAML text: Jinja in it printed as written (zh.literal), numbers with
        units become named figures, the report year and the next become {{ year }} etc."""
        text = zh.literal(text)
        out, pos = [], 0
        in_title = zh.in_book_title(text)
        clause_starts = [m.end() for m in _CLAUSE_MARK.finditer(text)]
        for m in _FIGURE.finditer(text):
            if in_title(m.start()):
                continue
            digits = m.group(1).replace(",", "")  # 5,012 is five thousand and twelve
            value = float(digits) if "." in digits else int(digits)
            k = bisect.bisect_right(clause_starts, m.start())
            start = clause_starts[k - 1] if k else 0
            filler = _FILLER.match(text, start, m.start())
            start = filler.end() if filler else start  # the clause before the number, without filler words
            before = text[max(start, m.start() - 16): m.start()]
            stop = _AFTER_END.search(text, m.end(), m.end() + 11)
            after = text[m.end(): stop.start() if stop else m.end() + 11].removeprefix("的")[:10]
            # Chinese often counts before the noun (组织17次集体学法活动): then the words after name it
            counted_after = bool(_COUNTING_VERB.search(before)) or m.start() - start < 2
            name = self._name(after if counted_after and after else _last_word_chars(text, start, m.start()))
            label = (before + after if counted_after else before)[-16:] or name
            self.table[name] = {"value": value, "unit": m.group(3), "label": label,
                                **({"approx": True} if m.group(2) else {})}
            out.append(text[pos: m.start()] + f"{{{{ {name} }}}}")
            pos = m.end()
        out.append(text[pos:])
        return self._years("".join(out))

    def _name(self, words: str) -> str:
        base = _NOT_WORD.sub("", words)[-6:].lstrip("0123456789_") or "数字"
        name, n = base, self.suffixes.get(base, 2)
        while name in self.table or name in CONTEXT_NAMES:
            name, n = f"{base}{n}", n + 1
        self.suffixes[base] = n  # base, base2 … base(n-1) are all taken now
        return name

    def _years(self, text: str) -> str:
        in_title = zh.in_book_title(text)

        def repl(m: re.Match) -> str:
            if in_title(m.start()):
                return m.group(0)
            y = int(m.group(1))
            return "{{ year }}" if y == self.year else "{{ next_year }}" if y == self.year + 1 else m.group(0)

        return re.sub(r"(?<![\d{])(\d{4})(?=年)", repl, text)


def _last_word_chars(text: str, start: int, end: int) -> str:
    """The last six word characters of text[start:end], reading back only as far as needed."""
    width = 32
    while True:
        lo = max(start, end - width)
        found = _NOT_WORD.sub("", text[lo:end])
        if len(found) >= 6 or lo == start:
            return found[-6:]
        width *= 2
