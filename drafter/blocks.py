"""The report as a list of paragraphs with roles: what the templates produce and the writers consume.

Templates emit one paragraph per line, each starting with a role tag: ``[正文] 文字``. A role tag inside a
line starts a run of another role, for run-in headings: ``[二级] （一）标题。[正文]正文文字``.
User text never contains a live tag: the renderer escapes "[" in data and `parse` restores it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLES = ("标题", "主送", "正文", "一级", "二级", "三级", "四级", "署名", "日期")
ESCAPED_BRACKET = "\ue000"  # stands for "[" in user text until parse restores it

_TAG = re.compile(r"\[(" + "|".join(ROLES) + r")\] ?")


@dataclass(frozen=True)
class Run:
    role: str
    text: str


@dataclass(frozen=True)
class Block:
    role: str
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class MarkupError(ValueError):
    def __init__(self, line_no: int, line: str):
        super().__init__(f"模板输出的第 {line_no} 行没有以段落角色开头（如 [正文]）：{line[:30]}")
        self.line_no = line_no


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
        pieces = _TAG.split(line)[1:]  # role, text, role, text, ...
        runs = tuple(
            Run(role, text.replace(ESCAPED_BRACKET, "["))
            for role, text in zip(pieces[::2], pieces[1::2])
            if text
        )
        blocks.append(Block(first.group(1), runs))
    return blocks
