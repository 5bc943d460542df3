"""The report as a list of paragraphs with roles: what the templates produce and the writers consume.

Templates emit one paragraph per line, each starting with a role tag: ``[正文] 文字``. A role tag inside a
line starts a run of another role, for run-in headings: ``[二级] （一）标题。[正文]正文文字``.
User text never contains a live tag: the renderer escapes "[" in data and `parse` restores it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLES = ("标题", "主送", "正文", "一级", "二级", "三级", "四级", "署名", "日期")
# In-band markers are Unicode noncharacters, which no text exchanged between programs may hold (zh.UNPRINTABLE
# refuses them in user data); private-use characters would not do: GBK's user-defined characters decode to them.
ESCAPED_BRACKET = "\ufdd0"  # stands for "[" in user text until parse restores it
# Drafts only: markers the renderer puts around a gap to fill and into a paragraph to annotate.
MARK_START, MARK_END = "\ufdd1", "\ufdd2"
NOTE_UNREVIEWED, NOTE_UNDECIDED = "\ufdd3", "\ufdd4"
NOTES = {
    NOTE_UNREVIEWED: "文字尚未核对（沿用上年或示例的文字）",
    NOTE_UNDECIDED: "上年的问题：请判断已整改还是仍存在",
}
_MARKS = re.compile(f"({MARK_START}.*?{MARK_END})")

_TAG = re.compile(r"\[(" + "|".join(ROLES) + r")\] ?")


@dataclass(frozen=True)
class Run:
    role: str
    text: str
    mark: bool = False  # a gap still to be filled: highlighted in drafts


@dataclass(frozen=True)
class Block:
    role: str
    runs: tuple[Run, ...]
    notes: tuple[str, ...] = ()  # margin comments in drafts

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class MarkupError(ValueError):
    def __init__(self, line_no: int, line: str):
        super().__init__(f"模板输出的第 {line_no} 行没有以段落角色开头（如 [正文]）：{line[:30]}")
        self.line_no = line_no


def gap(what: str) -> str:
    """A gap still to be filled, as a draft shows it: 【待填：上年 284 份】, highlighted by the writer."""
    return f"{MARK_START}{gap_text(what)}{MARK_END}"


def gap_text(what: str) -> str:
    """A gap as its paragraph reads in the exported draft, where import --update meets it again."""
    return f"【待填：{what}】"


def escape(text: str) -> str:
    return text.replace("[", ESCAPED_BRACKET)


def parse(markup: str) -> list[Block]:
    blocks: list[Block] = []
    for n, line in enumerate(markup.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        first = _TAG.match(line)
        if not first:
            raise MarkupError(n, line)
        notes = tuple(NOTES[c] for c in NOTES if c in line)
        for c in NOTES:
            line = line.replace(c, "")
        pieces = _TAG.split(line)[1:]  # role, text, role, text, ...
        runs = tuple(
            Run(role, piece.replace(MARK_START, "").replace(MARK_END, "").replace(ESCAPED_BRACKET, "["),
                piece.startswith(MARK_START))
            for role, text in zip(pieces[::2], pieces[1::2])
            for piece in _MARKS.split(text)
            if piece
        )
        blocks.append(Block(first.group(1), runs, notes))
    return blocks
