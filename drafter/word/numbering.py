"""Automatic numbering in a .docx: the labels Word shows but does not keep in the paragraph's text."""

from __future__ import annotations

import re

from ..zh import zh_number


class Numbering:
    """The text Word shows for automatic numbering ("一、" "（一）" "1."), which is not in the paragraph's text."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (numFmt, lvlText, start)
        self.counters: dict[str, list[int]] = {}
        self.styles = document.styles
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        abstract = {}
        for a in root.findall(f"{w}abstractNum"):
            lvls = {}
            for lvl in a.findall(f"{w}lvl"):
                fmt, text, start = lvl.find(f"{w}numFmt"), lvl.find(f"{w}lvlText"), lvl.find(f"{w}start")
                lvls[int(lvl.get(f"{w}ilvl"))] = (
                    fmt.get(f"{w}val") if fmt is not None else "decimal",
                    text.get(f"{w}val") if text is not None else "",
                    int(start.get(f"{w}val")) if start is not None else 1)
            abstract[a.get(f"{w}abstractNumId")] = lvls
        for num in root.findall(f"{w}num"):
            ref = num.find(f"{w}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{w}numId")] = abstract.get(ref.get(f"{w}val"), {})

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
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        style = paragraph.style
        while num_pr is None and style is not None:  # numbering may come from the paragraph's style
            spr = style.element.pPr
            num_pr = spr.numPr if spr is not None else None
            style = style.base_style
        if num_pr is None or num_pr.numId is None:
            return None, 0
        return str(num_pr.numId.val), int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0


def _format(fmt: str, n: int) -> str:
    if fmt.startswith(("chineseCounting", "ideographTraditional", "taiwaneseCounting")) and 0 < n < 100:
        return zh_number(n)
    return str(n)
