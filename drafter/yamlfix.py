"""YAML slips a clerk makes, found all in one run and each named at the line with the mistake.

ruamel stops at the first syntax error, and often a line late: a full-width colon turns a key into text that
YAML reads on to the next line, a mis-indented key is found at the key after it. `explain` moves the error to
the line with the mistake and says how to fix it; `recover` blanks each broken spot (lines stay where they
are) and reads again, so every syntax error of a file is reported at once and the rest can still be checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import limits
from .errors import DrafterError, Problem

_KEY = re.compile(r"^( *)(- +)?([^\s:#\-\"'{\[][^:#]*?):( +|$)")  # a key line: indent, "- ", key, ": "
_FULL_WIDTH_KEY = re.compile(r"^( *)(- +)?(\w{1,30})：")  # a key a full-width colon follows
_BLOCK = re.compile(r":\s+[|>][-+0-9]*\s*(#.*)?$")  # a key whose text is a block (|- ...) on the lines below


class SyntaxSlip(DrafterError):
    """A syntax error of a YAML text: another reading may find more after it (a limit refused is not one)."""


@dataclass
class Lines:
    """The lines of a YAML text, with what a reader sees at a glance: indents, keys, block texts."""

    text: str
    lines: list[str] = field(init=False)
    body: set[int] = field(init=False)  # 0-based lines inside a block text (|-): not YAML structure

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")
        self.body = set()
        block_at = None
        for n, line in enumerate(self.lines):
            if block_at is not None and (not line.strip() or indent(line) > block_at):
                self.body.add(n)
                continue
            block_at = indent(line) if _BLOCK.search(line) else None

    def structural(self, n: int) -> bool:
        s = self.lines[n].strip() if 0 <= n < len(self.lines) else ""
        return bool(s) and not s.startswith("#") and n not in self.body


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# --- where the mistake is, in words a clerk can act on --------------------------------------------------
def explain(text: str, line: int, column: int) -> tuple[str, int, int] | None:
    """The mistake behind a syntax error ruamel found at (line, column), 1-based: message, line, column; None
    when it is none of the slips known here."""
    src = Lines(text)
    at = line - 1
    scanned = _scanned(src, at)
    for n in scanned:
        m = _FULL_WIDTH_KEY.match(src.lines[n])
        if m and indent(src.lines[n]) <= indent(src.lines[scanned[0]]):
            return ("键后面的冒号要用半角“:”（英文冒号），并在后面空一格：把“" + m.group(3) + "：”改成“"
                    + m.group(3) + ": ”", n + 1, m.end())
    for n in scanned:
        wrong = _misindented(src, n)
        if wrong:
            return wrong, n + 1, column if n == at else indent(src.lines[n]) + 1
    return None


def _scanned(src: Lines, at: int) -> list[int]:
    """The error's line, then the lines above it as deep as it or deeper: YAML may read them as one."""
    if not src.structural(at):
        at = max((n for n in range(min(at, len(src.lines) - 1), -1, -1) if src.structural(n)), default=-1)
        if at < 0:
            return []
    out = [at]
    for n in range(at - 1, max(-1, at - limits.MAX_YAML_LOOKBACK), -1):
        if n in src.body or not src.structural(n):
            continue
        if indent(src.lines[n]) < indent(src.lines[at]):
            break
        out.append(n)
    return out


def _misindented(src: Lines, n: int) -> str | None:
    """Why key line `n` stands at the wrong indent, or None: a key must line up with the other keys of its
    block, which sit `step` spaces in from the key that opens it."""
    m = _KEY.match(src.lines[n])
    if not m or m.group(2):
        return None  # a list item's place is judged by YAML's own message
    mine = indent(src.lines[n])
    parent = _parent(src, n, mine)
    if parent is None:
        return None
    p_line, p_col, item = parent
    want = p_col if item else p_col + _step(src)
    if mine == want:
        return None
    sibling = (p_line, _KEY.match(src.lines[p_line]).group(3).strip()) if item else _aligned(src, p_line, n, want)
    where = f"应与第 {sibling[0] + 1} 行的 {sibling[1]} 对齐" if sibling else \
        f"应比第 {p_line + 1} 行多缩进 {want - p_col} 个空格"
    return f"缩进不对：这一行缩进 {mine} 个空格，{where}，用 {want} 个空格"


def _parent(src: Lines, n: int, mine: int) -> tuple[int, int, bool] | None:
    """The line and key column of the key that opens the block line `n` belongs to; True when that is a list
    item's first key, which the item's other keys line up with."""
    below = mine
    for k in range(n - 1, -1, -1):
        if not src.structural(k):
            continue
        m = _KEY.match(src.lines[k])
        col = indent(src.lines[k]) + len(m.group(2) or "") if m else indent(src.lines[k])
        if m and m.group(2) and indent(src.lines[k]) < mine <= below:
            return k, col, True  # under a list item's "- ": one of its keys
        if col >= below:
            continue
        if m and not src.lines[k][m.end():].split("#")[0].strip():
            return k, col, False  # a key with nothing after its colon: its block follows
        below = col
        if col == 0:
            return None
    return None


def _step(src: Lines) -> int:
    """The indent this file adds under a key: what most of its keys' first lines below add (2 by default)."""
    steps: dict[int, int] = {}
    for k, line in enumerate(src.lines[:-1]):
        m = _KEY.match(line)
        if m and not m.group(2) and not line[m.end():].strip() and src.structural(k + 1):
            nxt = src.lines[k + 1]
            if _KEY.match(nxt) and not _KEY.match(nxt).group(2):
                d = indent(nxt) - indent(line)
                steps[d] = steps.get(d, 0) + 1
    return max(steps, key=lambda d: (steps[d], -d)) if steps else 2


def _aligned(src: Lines, parent: int, n: int, want: int) -> tuple[int, str] | None:
    """The nearest other key of the block opened at `parent` standing at `want`: (line, key)."""
    block = []
    for k in range(parent + 1, len(src.lines)):
        if not src.structural(k):
            continue
        if k != n and indent(src.lines[k]) < want and indent(src.lines[k]) <= indent(src.lines[parent]):
            break
        m = _KEY.match(src.lines[k])
        if k != n and m and not m.group(2) and indent(src.lines[k]) == want:
            block.append((abs(k - n), k, m.group(3).strip()))
    return min(block)[1:] if block else None


# --- every syntax error in one run ------------------------------------------------------------------------
@dataclass
class Recovered:
    node: Any  # what was read once every broken spot was blanked; None when nothing could be
    problems: list[Problem]  # each syntax error, at the line with the mistake
    sections: list[tuple[str, int, int]]  # top-level keys not fully read, with their 1-based first and last lines


def recover(text: str, parse: Callable[[str], Any]) -> Recovered:
    """`parse(text)`, after blanking each spot it refuses with a SyntaxSlip: a line and the lines under it,
    or the top-level section it is in once blanking lines does not get further. Lines keep their numbers."""
    try:
        return Recovered(parse(text), [], [])
    except SyntaxSlip:
        pass  # most files have no syntax error: their lines are not looked at
    src = Lines(text)
    lines = list(src.lines)
    problems: list[Problem] = []
    touched: dict[int, int] = {}  # first line of a section (0-based) -> the last line blanked in it
    for _ in range(limits.MAX_YAML_SYNTAX_ERRORS):
        try:
            node = parse("\n".join(lines))
        except SyntaxSlip as e:
            p = e.problems[0]
            if not problems or (str(p) != str(problems[-1])):
                problems.append(p)
            at = min(max((p.line or len(lines)) - 1, 0), len(lines) - 1)
            start, end = _section(src, at)
            if touched.get(start, -1) >= at or not lines[at].strip() or indent(lines[at]) == 0:
                lines[start:end + 1] = [""] * (end + 1 - start)  # no further by lines: leave the section out
            else:
                stop = at + 1
                while stop <= end and (not lines[stop].strip() or indent(lines[stop]) > indent(lines[at])):
                    stop += 1
                lines[at:stop] = [""] * (stop - at)
            touched[start] = max(touched.get(start, -1), at)
            continue
        return Recovered(node, problems, _named(src, touched))
    problems.append(Problem(f"格式错误超过 {limits.MAX_YAML_SYNTAX_ERRORS} 处，后面的没有再找：请先改正上面这些",
                            problems[-1].file))
    return Recovered(None, problems, _named(src, {s: s for s in _tops(src)}))


def _section(src: Lines, at: int) -> tuple[int, int]:
    """0-based first and last line of the top-level section holding line `at`."""
    tops = _tops(src)
    start = max((n for n in tops if n <= at), default=0)
    end = min((n - 1 for n in tops if n > start), default=len(src.lines) - 1)
    return start, end


def _tops(src: Lines) -> list[int]:
    return [n for n in range(len(src.lines)) if src.structural(n) and indent(src.lines[n]) == 0
            and not src.lines[n].startswith(("- ", "---", "..."))]


def _named(src: Lines, touched: dict[int, int]) -> list[tuple[str, int, int]]:
    out = []
    for start in sorted(touched):
        s, e = _section(src, start)
        m = _KEY.match(src.lines[s]) or _FULL_WIDTH_KEY.match(src.lines[s])
        out.append((m.group(3).strip() if m else src.lines[s].strip()[:20], s + 1, e + 1))
    return out
