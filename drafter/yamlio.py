"""Reading the workspace's YAML files (ruamel round-trip, positions kept for messages); files.py writes them."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from .errors import DrafterError, Problem
from .zh import unprintable

Path_ = tuple[str | int, ...]


def make_yaml() -> YAML:
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    return yaml


@dataclass
class Source:
    """A loaded YAML file: plain data for validation, and where each key and value stands."""

    file: Path
    data: Any
    values: dict[Path_, tuple[int, int]]  # path -> (line, column), 1-based
    keys: dict[Path_, tuple[int, int]]

    def where(self, path: Path_, key: bool = False) -> Problem:
        """A Problem located at the deepest known node along `path`."""
        table = self.keys if key else self.values
        for n in range(len(path), -1, -1):
            p = tuple(path[:n])
            if p in table:
                line, col = table[p]
                return Problem("", self.file, line, col)
            if p in self.values:
                line, col = self.values[p]
                return Problem("", self.file, line, col)
        return Problem("", self.file)

    def locate(self, message: str, path: Path_, key: bool = False) -> Problem:
        p = self.where(path, key)
        p.message = message
        return p


def load(file: Path) -> Source:
    try:
        raw = file.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise DrafterError.one(
            "文件不是 UTF-8 编码（可能是 GBK）。请在编辑器中选择“UTF-8”编码另存", file, line) from None
    except OSError as e:
        raise DrafterError.one(f"无法读取文件：{e.strerror}", file) from None
    return loads(text, file)


def loads(text: str, file: Path) -> Source:
    """Parse `text` as the contents of `file` (named in messages) into plain data with positions."""
    try:
        node = _composer().compose(text)
    except MarkedYAMLError as e:
        # an unclosed bracket or quote is found only further on: point where it was opened
        opened = e.context_mark is not None and any(w in (e.context or "") for w in ("flow", "quoted"))
        mark = e.context_mark if opened else (e.problem_mark or e.context_mark)
        raise DrafterError.one(
            f"YAML 格式错误：{_yaml_problem(e, text)}。请检查这一行的缩进、冒号和引号",
            file, mark.line + 1 if mark else None, mark.column + 1 if mark else None,
        ) from None
    except ReaderError as e:  # a character YAML does not allow, written as it is (its position may count bytes)
        at = max(text.find(chr(e.character)), 0)
        what = (unprintable(chr(e.character)) or (0, f"字符 U+{e.character:04X}"))[1]
        raise DrafterError.one(f"文件中有 Word 无法保存的{what}，请删去它", file,
                               text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)) from None
    except Exception as e:  # an unmarked error from the parser
        raise DrafterError.one(f"YAML 格式错误：{e}", file) from None
    walker = _Walker(file, text.splitlines())
    data = walker.value(node, ()) if node is not None else {}
    if walker.problems:
        raise DrafterError(walker.problems)
    return Source(file, {} if data is None else data, walker.values, walker.keys)


@functools.lru_cache(maxsize=1)
def _composer() -> YAML:
    """Reading needs nodes with their places, not comments. typ="safe" takes ruamel's C parser when
    ruamel.yaml.clib is installed (about 8x faster) and its pure-Python one otherwise; both resolve tags
    as YAML 1.2, like the round-trip loader that `new` edits with."""
    return YAML(typ="safe")


class _Walker:
    """Composed nodes -> dict/list/scalars, recording 1-based places of every key and value."""

    def __init__(self, file: Path, lines: list[str]):
        self.file = file
        self.lines = lines
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.constructor = YAML(typ="safe", pure=True).constructor

    def value(self, node: Node, path: Path_) -> Any:
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(self.constructor.construct_object(key_node, deep=True))
                here = path + (key,)
                kpos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if key in out:
                    self.problems.append(Problem(f"键“{key}”重复出现，请删去其中一个", self.file, *kpos))
                self.keys[here] = kpos
                self.values[here] = self._place(value_node, kpos)
                out[key] = self.value(value_node, here)
            return out
        if isinstance(node, SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                self.values[path + (i,)] = self._place(item, None)
                items.append(self.value(item, path + (i,)))
            return items
        value = self.constructor.construct_object(node, deep=True)
        if isinstance(node, ScalarNode) and isinstance(value, str):
            self._check_text(node, path)
        return value

    def _place(self, node: Node, key_place: tuple[int, int] | None) -> tuple[int, int]:
        mark = node.start_mark
        if isinstance(node, ScalarNode):
            if node.style == "|" and mark.line + 1 < len(self.lines):
                body = self.lines[mark.line + 1]  # a block's text starts on the line after the indicator
                return mark.line + 2, len(body) - len(body.lstrip(" ")) + 1
            if node.tag.endswith(":null") and not node.value and key_place:
                return key_place  # an empty value has no place of its own
        return mark.line + 1, mark.column + 1

    def _check_text(self, node: ScalarNode, path: Path_) -> None:
        line, col = self.values.get(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        bad = unprintable(node.value)  # written as an escape ("\x01", "\e"): YAML itself refuses them raw
        if bad:
            before = node.value[max(0, bad[0] - 10): bad[0]].replace("\n", " ")
            self.problems.append(Problem(
                f"文字中有 Word 无法保存的{bad[1]}（{f'在“{before}”之后' if before else '在开头'}），请删去它",
                self.file, line, col))
        if node.style == ">":
            self.problems.append(Problem(
                "折叠块“>”会在中文行之间插入空格，请改用“|”（每段一行）", self.file, line, col))
        elif node.style != "|" and node.end_mark.line > node.start_mark.line and "\n" not in node.value:
            # a plain or quoted text over several lines: YAML folds it into one line joined by spaces
            self.problems.append(Problem(
                "这段文字写成了多行却没有用“|-”，YAML 会把各行接成一行并在中间加空格。"
                "请改成 |- 块：冒号后写 |-，文字另起一行并缩进，每段一行", self.file, line, col))


_PROBLEMS = {  # the pure-Python and the C parser word some of these differently: match on what both share
    "mapping values are not allowed": "这里不能出现“冒号+空格”：可能是缩进不对，正文里有英文冒号（请改成中文冒号“：”或改用 |- 块），"
                                      "或上一行的键名后用了中文冒号“：”",
    "that cannot start any token": "这一行有不能出现在这里的字符（如 Tab 缩进、行首的 @ 或 `）",
    "could not find expected ':'": "缺少冒号（键名后要用英文冒号加空格“: ”，不能用中文冒号“：”）",
    "expected <block end>": "缩进不一致：这一行与上文的缩进对不上（若上一行写了 [] 或 {}，请删去后在下面逐项写）",
    "did not find expected key": "缩进不一致或缺少键名",
    "found undefined alias": "引用了未定义的锚点",
    "did not find expected '-' indicator": "列表项的缩进不一致",
    "found unexpected end of stream": "引号或括号没有配对",
    "did not find expected ',' or ']'": "方括号 [ ] 没有配对，或其中的各项之间缺少逗号",
    "did not find expected ',' or '}'": "花括号 { } 没有配对，或其中的各项之间缺少逗号",
}


def _yaml_problem(e: MarkedYAMLError, text: str) -> str:
    mark = e.problem_mark
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and lines[mark.line][mark.column: mark.column + 1] == "\t":
        return "不能用 Tab 缩进，请改用空格"
    problem = f"{e.problem or ''}"
    for en, zh in _PROBLEMS.items():
        if en in problem:
            return zh
    return problem or str(e).splitlines()[0]

