"""Reading the workspace's YAML files (ruamel round-trip, positions kept for messages); files.py writes them."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import ConstructorError
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent, ScalarEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from . import inputs, limits
from .errors import DrafterError, Problem
from .yamlfix import SyntaxSlip, explain, recover
from .zh import unprintable

try:
    from _ruamel_yaml import CParser  # ruamel.yaml.clib: the C parser
except ImportError:  # pragma: no cover - ruamel.yaml.clib is a dependency, but the pure parser serves too
    CParser = None

Path_ = tuple[str | int, ...]


def make_yaml() -> YAML:
    yaml = YAML()
    yaml.Composer = _BoundedComposer
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
    sha256: str = ""  # the version of the file's bytes read: what an export stamps, what a page saves against

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
    raw = inputs.read_bytes(file, limits.MAX_YAML_BYTES)
    source = loads(_decode(raw, file), file)
    source.sha256 = hashlib.sha256(raw).hexdigest()
    return source


def load_document(file: Path) -> Any:
    """`file` as a round-trip document to edit (comments and order kept), read within the same limits as `load`."""
    text = _read(file)
    try:
        return _parse(make_yaml().load, text, file)
    except SyntaxSlip as e:
        raise DrafterError(loads_partial(text, file).problems or e.problems) from None  # all of them, as check


class _Resolver(VersionedResolver):
    """ruamel's resolver, asking for the document's YAML version once: it asks on every scalar, and with C
    parser events it learns the answer from an AttributeError each time (a tenth of reading a year file)."""

    @functools.cached_property
    def processing_version(self) -> Any:
        return VersionedResolver.processing_version.fget(self)


def _read(file: Path) -> str:
    return _decode(inputs.read_bytes(file, limits.MAX_YAML_BYTES), file)


def _decode(raw: bytes, file: Path) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise DrafterError.one(
            "文件不是 UTF-8 编码（可能是 GBK）。请在编辑器中选择“UTF-8”编码另存", file, line) from None
    _check_bom(text, file)
    return text


def _check_bom(text: str, file: Path) -> None:
    """A byte-order mark (U+FEFF) belongs only at the very start; a second one, from a file saved twice or two
    files joined, is invisible in an editor yet makes a key or a text wrong."""
    at = text.find("\ufeff", 1)
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        column = at - text.rfind("\n", 0, at)
        raise DrafterError.one(
            "这里有一个看不见的编码标记（BOM，U+FEFF），多是文件被反复另存或拼接所致。"
            "请在编辑器中删去它，或把文件以“UTF-8”（无 BOM）编码另存", file, line, column)


def loads(text: str, file: Path) -> Source:
    """Parse `text` as the contents of `file` (named in messages) into plain data with positions; every
    problem in it is raised at once."""
    partial = loads_partial(text, file)
    if partial.problems:
        raise DrafterError(partial.problems)
    return partial.source


@dataclass
class Partial:
    """A YAML file read past its syntax errors: what could be read, the problems, and the top-level sections
    left out or read only in part because of them (key, first line, last line)."""

    source: Source
    problems: list[Problem]
    sections: list[tuple[str, int, int]]


def load_partial(file: Path) -> Partial:
    return loads_partial(_read(file), file)


def loads_partial(text: str, file: Path) -> Partial:
    read = recover(text, lambda t: _parse(_compose, t, file))
    walker = _Walker(file, text.splitlines())
    data = walker.value(read.node, ()) if read.node is not None else {}
    problems = sorted(read.problems + walker.problems, key=lambda p: (p.line or float("inf"), p.column or 0))
    return Partial(Source(file, {} if data is None else data, walker.values, walker.keys), problems, read.sections)


def _parse(parse: Callable[[str], Any], text: str, file: Path) -> Any:
    """`parse(text)`, its errors as Chinese messages located in `file`."""
    try:
        return parse(text)
    except _Refused as e:
        raise DrafterError.one(e.message, file, e.mark.line + 1, e.mark.column + 1) from None
    except MarkedYAMLError as e:
        # an unclosed bracket or quote is found only further on: point where it was opened
        opened = e.context_mark is not None and any(w in (e.context or "") for w in ("flow", "quoted"))
        mark = e.context_mark if opened else (e.problem_mark or e.context_mark)
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        slip = explain(text, line, column) if line and not opened else None
        if slip:
            raise SyntaxSlip([Problem(f"YAML 格式错误：{slip[0]}", file, slip[1], slip[2])]) from None
        raise SyntaxSlip([Problem(f"YAML 格式错误：{_yaml_problem(e, text)}。请检查这一行的缩进、冒号和引号",
                                  file, line, column)]) from None
    except ReaderError as e:  # a character YAML does not allow, written as it is (its position may count bytes)
        at = max(text.find(chr(e.character)), 0)
        what = (unprintable(chr(e.character)) or (0, f"字符 U+{e.character:04X}"))[1]
        raise SyntaxSlip([Problem(f"文件中有 Word 无法保存的{what}，请删去它", file,
                                  text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))]) from None
    except Exception as e:  # an unmarked error from the parser
        raise DrafterError.one(f"YAML 格式错误：{e}", file) from None


def _compose(text: str) -> Any:
    """The nodes of `text`, with their places; comments are not needed for reading.

    The pure-Python parser is the one the round-trip loader (`make_yaml`, which `new` and `import --update`
    edit with) is built on, so what `check` accepts, they load. ruamel's C parser makes the events of a year
    file in 4 ms instead of 25 (`check --all` over 100 town-years: ~1 s instead of ~4); the bounded composer
    builds nodes from them either way. The C parser accepts a little more (tests/test_yaml_limits.py DISAGREED):
    a text holding what it reads otherwise, and any text it refuses, goes to the pure parser, which then
    decides, and words the error as the round-trip loader would."""
    if CParser is not None and not any(s in text for s in _READ_OTHERWISE):
        parser = CParser(text)
        loader = SimpleNamespace(max_depth=None, _parser=parser)
        loader._resolver = _Resolver(version=None, loadumper=loader)
        try:
            return _BoundedComposer(loader=loader).get_single_node()
        except Exception:  # noqa: BLE001 - the pure parser below says what is wrong, as check's messages expect
            pass
        finally:
            parser.dispose()
    return _pure().compose(text)


# What the C parser reads otherwise than the pure one: a Tab, an anchor, "::", YAML 1.1's line breaks.
_READ_OTHERWISE = ("\t", "&", "::", "\u2028", "\u2029", "\x85")


@functools.lru_cache(maxsize=1)
def _pure() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _BoundedComposer
    return yaml


class _Refused(Exception):
    def __init__(self, message: str, mark: Any):
        super().__init__(message)
        self.message, self.mark = message, mark


class _BoundedComposer(Composer):
    """ruamel's composer, refusing too deep, too long or too many nodes while composing, before anything walks
    them: the nodes are counted with every alias expanded (an alias bomb is small on disk, billions of nodes
    once walked), and so is the depth an alias reaches. ruamel's parser is a loop, not a recursion: only this
    composer recurses, and never deeper than MAX_YAML_DEPTH."""

    def compose_document(self) -> Any:
        self.depth = 0
        self.warn_double_anchors = False  # redefining an anchor is valid YAML: no English warning
        self.nodes = self.aliases = self.deepest = 0
        self.shapes: dict[int, tuple[int, int]] = {}  # id(anchored node) -> (nodes, levels), aliases expanded
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        level = self.depth + 1
        if isinstance(event, AliasEvent):
            target = self.anchors.get(event.anchor)
            shape = self.shapes.get(id(target)) if target is not None else (1, 1)
            if shape is None:
                raise _Refused(f"别名 *{event.anchor} 引用了包含它自己的锚点 &{event.anchor}：请删去这个别名", event.start_mark)
            self.aliases += 1
            if self.aliases > limits.MAX_YAML_ALIASES:
                raise _Refused(f"别名（*名称）超过 {limits.MAX_YAML_ALIASES} 个：请直接写出内容", event.start_mark)
            self._grow(shape[0], level - 1 + shape[1], event)
            return super().compose_node(parent, index)
        if isinstance(event, ScalarEvent) and len(event.value) > limits.MAX_YAML_SCALAR_CHARS:
            raise _Refused(f"这段文字有 {len(event.value)} 个字符，超过 {limits.MAX_YAML_SCALAR_CHARS} 个："
                           "一份报告的一段文字不会这么长，请检查", event.start_mark)
        before, outer = self.nodes, self.deepest
        self.deepest = 0  # the deepest level under this node, for its shape
        self._grow(1, level, event)
        node = super().compose_node(parent, index)
        if node.anchor is not None:
            self.shapes[id(node)] = (self.nodes - before, self.deepest - level + 1)
        self.deepest = max(outer, self.deepest)
        return node

    def _grow(self, nodes: int, deepest: int, event: Any) -> None:
        self.nodes += nodes
        self.deepest = max(self.deepest, deepest)
        if self.deepest > limits.MAX_YAML_DEPTH:
            raise _Refused(f"嵌套超过 {limits.MAX_YAML_DEPTH} 层（含别名展开后）：年度文件只有几层，"
                           "请检查缩进和括号是否配对", event.start_mark)
        if self.nodes > limits.MAX_YAML_NODES:
            raise _Refused(f"键和值超过 {limits.MAX_YAML_NODES} 个（含别名展开后）：一份年度文件只有约一千个，"
                           "请检查是否有别名（*名称）层层引用", event.start_mark)


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
                key = str(self._construct(key_node))
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
        value = self._construct(node)
        if isinstance(node, ScalarNode) and isinstance(value, str):
            self._check_text(node, path)
        return value

    def _construct(self, node: Node) -> Any:
        """A scalar's value (a key may be any node); one that cannot be built is reported where it stands."""
        where = (self.file, node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, ScalarNode) and node.tag.endswith((":int", ":float")):
            digits = sum(c.isdigit() for c in node.value)
            if digits > limits.MAX_YAML_NUMBER_DIGITS:
                self.problems.append(Problem(
                    f"数字有 {digits} 位，超过 {limits.MAX_YAML_NUMBER_DIGITS} 位：报告中的数字不会这么长，请检查"
                    "（若是文字，请给它加上引号）", *where))
                return None
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError) as e:
            shown = node.value if isinstance(node, ScalarNode) else ""
            shown = f"“{shown[:20]}…”" if len(shown) > 20 else f"“{shown}”"
            reason = f"标记 {node.tag} 不可用" if isinstance(e, ConstructorError) else "它不是有效的日期或数字"
            self.problems.append(Problem(
                f"无法读出值 {shown}：{reason}。请去掉“!”开头的标记，或给这个值加上引号当作文字", *where))
            return None

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


_PROBLEMS = {  # in the words of ruamel's pure-Python parser
    "mapping values are not allowed": "这里不能出现“冒号+空格”：可能是缩进不对，正文里有英文冒号（请改成中文冒号“：”或改用 |- 块），"
                                      "或上一行的键名后用了中文冒号“：”",
    "that cannot start any token": "这一行有不能出现在这里的字符（如 Tab 缩进、行首的 @ 或 `）",
    "could not find expected ':'": "缺少冒号（键名后要用英文冒号加空格“: ”，不能用中文冒号“：”）",
    "expected <block end>": "缩进不一致：这一行与上文的缩进对不上（若上一行写了 [] 或 {}，请删去后在下面逐项写）",
    "found undefined alias": "引用了未定义的锚点",
    "found unexpected end of stream": "引号或括号没有配对",
    "expected ',' or ']'": "方括号 [ ] 没有配对，或其中的各项之间缺少逗号",
    "expected ',' or '}'": "花括号 { } 没有配对，或其中的各项之间缺少逗号",
}


def _yaml_problem(e: MarkedYAMLError, text: str) -> str:
    mark = e.problem_mark
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and lines[mark.line][mark.column: mark.column + 1] == "\t":
        before = lines[mark.line][: mark.column].rstrip(" \t")
        if before.endswith(":"):
            return "冒号后不能用 Tab，请改用空格"
        if before.strip(" -"):
            return "文字中间有 Tab 字符，不加引号的文字里不能有 Tab：请改成空格或删去"
        return "不能用 Tab 缩进，请改用空格"
    problem = f"{e.problem or ''}"
    for en, zh in _PROBLEMS.items():
        if en in problem:
            return zh
    return problem or str(e).splitlines()[0]

