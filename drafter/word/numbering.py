"""Automatic numbering in a .docx: the labels Word shows but does not keep in the paragraph's text."""

from __future__ import annotations

import re

from ..zh import zh_number

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Numbering:
    """The text Word shows for automatic numbering ("一、" "（一）" "1."), which is not in the paragraph's text."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (numFmt, lvlText, start)
        self.counters: dict[str, list[int]] = {}
        self.styles: dict[str, object] = {}  # styleId -> w:style; the first one wins, as in python-docx
        self.default_style = None  # the last default paragraph style, as in python-docx
        for style in document.styles.element.findall(f"{_W}style"):
            self.styles.setdefault(style.get(f"{_W}styleId"), style)
            if style.get(f"{_W}type", "paragraph") == "paragraph" and style.get(f"{_W}default") in ("1", "true", "on"):
                self.default_style = style
        self.style_num_pr: dict[str | None, object] = {}  # paragraph style id -> the numPr it gives
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
        if num_pr is None:  # numbering may come from the paragraph's style
            num_pr = self._style_num_pr(paragraph._p.style)
        if num_pr is None or num_pr.numId is None:
            return None, 0
        return str(num_pr.numId.val), int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0

    def _style_num_pr(self, style_id: str | None):
        """The numPr a paragraph style gives through its basedOn chain, worked out once per style: python-docx's
        paragraph.style looks through every style for the default one, for every paragraph."""
        if style_id not in self.style_num_pr:
            style = self.styles.get(style_id) if style_id is not None else None
            if style is None or style.get(f"{_W}type", "paragraph") != "paragraph":
                style = self.default_style
            num_pr, seen = None, set()
            while num_pr is None and style is not None and id(style) not in seen:  # basedOn may loop
                seen.add(id(style))
                num_pr = style.pPr.numPr if style.pPr is not None else None
                style = self.styles.get(style.basedOn.val) if style.basedOn is not None else None
            self.style_num_pr[style_id] = num_pr
        return self.style_num_pr[style_id]


def _format(fmt: str, n: int) -> str:
    if fmt.startswith(("chineseCounting", "ideographTraditional", "taiwaneseCounting")) and 0 < n < 100:
        return zh_number(n)
    return str(n)
