"""Automatic numbering in a .docx: the labels Word shows but does not keep in the paragraph's text."""

from __future__ import annotations

import re

from ..zh import zh_number
from .styles import Properties

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Numbering:
    """The text Word shows for automatic numbering ("一、" "（一）" "1."), which is not in the paragraph's text."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (numFmt, lvlText, start)
        self.counters: dict[str, list[int]] = {}
        self.properties = Properties(document)
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for a in root.findall(f"{_W}abstractNum"):
            lvls = {}
            for lvl in a.findall(f"{_W}lvl"):
                fmt, text, start = lvl.find(f"{_W}numFmt"), lvl.find(f"{_W}lvlText"), lvl.find(f"{_W}start")
                ilvl = _int(lvl.get(f"{_W}ilvl"), -1)
                if not 0 <= ilvl < 9:  # Word's nine levels; another is a broken file's, and never shown
                    continue
                lvls[ilvl] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "",
                    _int(start.get(f"{_W}val"), 1) if start is not None else 1)
            abstract[a.get(f"{_W}abstractNumId")] = lvls
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})

    def label(self, paragraph) -> str:
        num_id, ilvl = self._num_pr(paragraph)
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else levels[ilvl][2]
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        fmt, text, _ = levels[ilvl]
        return re.sub(r"%(\d)", lambda m: _format(levels.get(int(m.group(1)) - 1, (fmt, "", 1))[0],
                                                     counts[int(m.group(1)) - 1]), text)

    def _num_pr(self, paragraph) -> tuple[str | None, int]:
        # the paragraph's own numbering or its style chain's (basedOn), resolved like its other formatting; the
        # raw values, as python-docx's typed ones raise on a broken file's "x"
        num_pr = next((n for ppr in self.properties.ppr_chain(paragraph._p)
                       if (n := ppr.find(f"{_W}numPr")) is not None), None)
        num_id = num_pr.find(f"{_W}numId") if num_pr is not None else None
        if num_id is None:
            return None, 0
        ilvl = num_pr.find(f"{_W}ilvl")
        return num_id.get(f"{_W}val"), _int(ilvl.get(f"{_W}val"), 0) if ilvl is not None else 0


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or "")
    except ValueError:
        return default

def _format(fmt: str, n: int) -> str:
    if fmt.startswith(("chineseCounting", "ideographTraditional", "taiwaneseCounting")) and 0 < n < 100:
        return zh_number(n)
    return str(n)
