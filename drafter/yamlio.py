"""Reading and writing the workspace's YAML files (ruamel round-trip, positions kept for messages)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from .errors import DrafterError, Problem

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

    def locate(self, message: str, path: Path_, key: bool = False, code: str = "") -> Problem:
        p = self.where(path, key)
        p.message = message
        p.code = code
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
    """Parse `text` as the contents of `file` (named in messages)."""
    try:
        node = make_yaml().load(text)
    except MarkedYAMLError as e:
        # an unclosed bracket or quote is found only further on: point where it was opened
        opened = e.context_mark is not None and any(w in (e.context or "") for w in ("flow", "quoted"))
        mark = e.context_mark if opened else (e.problem_mark or e.context_mark)
        what = _yaml_problem(e)
        raise DrafterError.one(
            f"YAML 格式错误：{what}。请检查这一行的缩进、冒号和引号",
            file, mark.line + 1 if mark else None, mark.column + 1 if mark else None,
        ) from None
    except Exception as e:  # ruamel raises a few unmarked errors (e.g. duplicate keys in some versions)
        raise DrafterError.one(f"YAML 格式错误：{e}", file) from None
    values: dict[Path_, tuple[int, int]] = {}
    keys: dict[Path_, tuple[int, int]] = {}
    problems: list[Problem] = []
    data = _plain(node, (), values, keys, problems, file)
    _scan_scalars(node, (), values, text.splitlines(), problems, file)
    if problems:
        raise DrafterError(problems)
    if data is None:
        data = {}
    return Source(file, data, values, keys)


_PROBLEMS = {
    "found duplicate key": "键重复出现",
    "mapping values are not allowed here": "这里不能出现“冒号+空格”：可能是缩进不对，或正文里有英文冒号（请改成中文冒号“：”或改用 |- 块）",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "could not find expected ':'": "缺少冒号（键名后要用英文冒号加空格“: ”，不能用中文冒号“：”）",
    "expected <block end>": "缩进不一致：这一行与上文的缩进对不上（若上一行写了 [] 或 {}，请删去后在下面逐项写）",
    "did not find expected key": "缩进不一致或缺少键名",
    "found undefined alias": "引用了未定义的锚点",
    "did not find expected '-' indicator": "列表项的缩进不一致",
    "found unexpected end of stream": "引号或括号没有配对",
}


def _yaml_problem(e: MarkedYAMLError) -> str:
    text = f"{e.problem or ''}"
    for en, zh in _PROBLEMS.items():
        if en in text:
            return zh
    return text or str(e).splitlines()[0]


def _plain(node: Any, path: Path_, values: dict, keys: dict, problems: list, file: Path) -> Any:
    """CommentedMap/Seq -> dict/list, recording 1-based positions of every key and value."""
    if isinstance(node, CommentedMap):
        out = {}
        for k in node:
            kp = path + (str(k),)
            try:
                kl, kc, vl, vc = node.lc.data[k]
                keys[kp] = (kl + 1, kc + 1)
                # an empty value has no place of its own: ruamel reports the next token's
                values[kp] = (vl + 1, vc + 1) if node[k] is not None else (kl + 1, kc + 1)
            except (KeyError, TypeError):
                pass
            out[str(k)] = _plain(node[k], kp, values, keys, problems, file)
        return out
    if isinstance(node, CommentedSeq):
        out_l = []
        for i, v in enumerate(node):
            ip = path + (i,)
            try:
                line, col = node.lc.data[i]
                values[ip] = (line + 1, col + 1)
            except (KeyError, TypeError, IndexError):
                pass
            out_l.append(_plain(v, ip, values, keys, problems, file))
        return out_l
    if isinstance(node, FoldedScalarString):
        line, col = values.get(path, (None, None))
        problems.append(Problem(
            "折叠块“>”会在中文行之间插入空格，请改用“|”（每段一行）", file, line, col))
    if isinstance(node, str):
        return str(node)
    return node


def _scan_scalars(node: Any, path: Path_, values: dict, lines: list[str], problems: list, file: Path) -> None:
    """Point `|` blocks at their first text line; refuse text that spans lines without `|`.

    A plain or quoted scalar over several lines is folded by YAML into one line with ASCII spaces between
    the parts: Chinese paragraphs would silently gain spaces and lose their breaks.
    """
    children = node.items() if isinstance(node, CommentedMap) else enumerate(node) if isinstance(node, CommentedSeq) else ()
    for k, v in children:
        p = path + (str(k) if isinstance(node, CommentedMap) else k,)
        if p not in values or not isinstance(v, str):
            _scan_scalars(v, p, values, lines, problems, file)
            continue
        line, col = values[p]
        if isinstance(v, LiteralScalarString):
            if line < len(lines):  # the text starts on the line after the indicator
                body = lines[line]
                values[p] = (line + 1, len(body) - len(body.lstrip(" ")) + 1)
        elif not isinstance(v, FoldedScalarString) and " " in v and line <= len(lines):
            rest = lines[line - 1][col - 1:].lstrip("'\"")
            head = v.split(" ")[0]
            if rest.startswith(head) and not rest.startswith(v):
                problems.append(Problem(
                    "这段文字写成了多行却没有用“|-”，YAML 会把各行接成一行并在中间加空格。"
                    "请改成 |- 块：冒号后写 |-，文字另起一行并缩进，每段一行", file, line, col))


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename: never a half-written target.

    The file gets the permissions a plain write would give it: the existing file's, or those the umask allows.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def backup(target: Path) -> Path:
    """Keep a copy of `target` before it is replaced: <name>.bak, or .bak.2, .bak.3 … if older backups exist."""
    candidate = target.with_name(target.name + ".bak")
    n = 2
    while candidate.exists():
        candidate = target.with_name(f"{target.name}.bak.{n}")
        n += 1
    atomic_write_bytes(candidate, target.read_bytes())
    return candidate
