"""Steps whose result can be far larger than what they are given (a width, a repetition, a separator between
many items), sized before they are taken; and which methods of strings and containers may be called at all."""

from __future__ import annotations

import functools
import inspect
import math
import re
import string
import types
from collections.abc import Callable, Iterable
from typing import Any

import jinja2
from jinja2.filters import make_attrgetter

from ..limits import RENDER_CHARS, RENDER_NUMBER_DIGITS
from .budget import MAX_BITS, RenderError, current, size


def _too_large(n: int, what: str) -> None:
    if n > RENDER_CHARS:
        raise RenderError(f"{what}的结果会超过 {RENDER_CHARS} 个字符（或项）")


def _count(value: Any, what: str) -> None:
    """A width, a number of lines or of slices: what a step makes grows with it."""
    if isinstance(value, int):
        _too_large(value, what)


_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")


def _check_format(fmt: Any, values: Iterable[Any], braces: bool = False) -> None:
    """`fmt % values`, `fmt.format(*values)`: no width or precision past the size limit, and no %c or {:c},
    which turn a number into any character at all (a control character, drafter's own markers)."""
    if not isinstance(fmt, str):
        return
    numbers, dynamic, char = [], False, False
    if braces:
        for _, field, spec, _ in string.Formatter().parse(fmt):
            if field is not None and spec:
                numbers += re.findall(r"\d+", spec)
                dynamic, char = dynamic or "{" in spec, char or spec.endswith("c")
    else:
        for width, precision, conversion in _PERCENT.findall(fmt):
            numbers += [n for n in (width, precision) if n.isdigit()]
            dynamic, char = dynamic or "*" in (width, precision), char or conversion == "c"
    if char:
        raise RenderError("格式中不能用 %c 或 {:c}（它把数字变成任意字符）")
    for n in [int(n) for n in numbers] + [v for v in values if dynamic and isinstance(v, int)]:
        _too_large(n, "格式化")


def _check_replace(s: Any, old: Any, new: Any, count: Any = -1) -> None:
    if isinstance(s, str) and isinstance(old, str) and isinstance(new, str):
        n = s.count(old) if old else len(s) + 1
        if isinstance(count, int) and count >= 0:
            n = min(n, count)
        _too_large(len(s) + n * (len(new) - len(old)), "替换")


def _check_join(items: list[Any], separator: Any) -> None:
    n = len(separator) * max(len(items) - 1, 0) if isinstance(separator, str) else 0
    for item in items:
        n += size(item)
        _too_large(n, "连接")


def _check_join_filter(environment: jinja2.Environment, a: dict[str, Any]) -> None:
    items = list(a["value"])
    if a["attribute"] is not None:  # look the attribute up here, so that its size is counted before joining
        items = [*map(make_attrgetter(environment, a["attribute"]), items)]
        a["attribute"] = None
    _check_join(items, a["d"])
    a["value"] = items


def _check_sum(environment: jinja2.Environment, a: dict[str, Any]) -> None:
    if not isinstance(a["start"], (int, float)):  # adding lists up repeats every item once per list
        raise RenderError("过滤器“sum”只能把数字相加")


def _check_indent(environment: jinja2.Environment, a: dict[str, Any]) -> None:
    width, lines = a["width"], str(a["s"]).count("\n") + 1
    _too_large(lines * (len(width) if isinstance(width, str) else width if isinstance(width, int) else 0), "缩进")


_FILTER_CHECKS: dict[str, Callable[[jinja2.Environment, dict[str, Any]], None]] = {
    "center": lambda env, a: _count(a["width"], "过滤器“center”"),
    "batch": lambda env, a: _count(a["linecount"], "过滤器“batch”"),
    "slice": lambda env, a: _count(a["slices"], "过滤器“slice”"),
    "wordwrap": lambda env, a: _too_large(len(str(a["s"])) * len(a["wrapstring"] or " "), "过滤器“wordwrap”"),
    "format": lambda env, a: _check_format(a["value"], [*a["args"], *a["kwargs"].values()]),
    "replace": lambda env, a: _check_replace(a["s"], a["old"], a["new"], a["count"]),
    "indent": _check_indent,
    "join": _check_join_filter,
    "sum": _check_sum,
}


def guarded_filter(environment: jinja2.Environment, name: str, f: Callable[..., Any]) -> Callable[..., Any]:
    """`f` as the filter `name`: its arguments checked first where it has checks, any error it raises worded."""
    check = _FILTER_CHECKS.get(name)
    signature = inspect.signature(f) if check else None

    @functools.wraps(f)  # keeps jinja's mark of what the filter is passed first (context, environment)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = current()
        budget.clock()
        try:
            if signature is not None and check is not None:
                bound = signature.bind(*args, **kwargs)
                bound.apply_defaults()
                check(environment, bound.arguments)
                args, kwargs = bound.args, bound.kwargs
            result = f(*args, **kwargs)
        except (jinja2.TemplateError, RecursionError):
            raise
        except Exception as e:
            raise RenderError(f"过滤器“{name}”用法有误（{type(e).__name__}: {e}）") from None
        return budget.made(result, f"过滤器“{name}”")

    return guarded


# Methods a text or template may call on a string, number or container: those whose result is no larger than
# what they are given, and (check_method) those whose result size is checked first.
_PLAIN_METHODS = frozenset((
    "capitalize", "casefold", "count", "endswith", "find", "index", "isalnum", "isalpha", "isascii",
    "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle",
    "isupper", "lower", "lstrip", "partition", "removeprefix", "removesuffix", "rfind", "rindex",
    "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title",
    "upper", "get", "items", "keys", "values", "is_integer",
))


def check_method(obj: Any, args: tuple, kwargs: dict[str, Any]) -> tuple:
    """The arguments to call `obj` with, when it is a method of a string, number or container; else unchanged
    (drafter's and jinja's own callables: range, namespace, loop.cycle)."""
    method = getattr(obj, "__wrapped__", obj)  # jinja wraps str.format to sandbox it
    owner = getattr(method, "__self__", None)
    if not isinstance(method, types.BuiltinMethodType) or owner is None or isinstance(owner, types.ModuleType):
        return args
    name = method.__name__
    if name in ("format", "format_map"):
        values = [*args, *kwargs.values()]
        if name == "format_map" and values and isinstance(values[0], dict):
            values = [*values[0].values()]
        _check_format(owner, values, braces=True)
    elif name in ("center", "ljust", "rjust", "zfill"):
        _count(args[0] if args else kwargs.get("width"), f"{name}()")
    elif name == "join" and len(args) == 1:
        args = (list(args[0]),)
        _check_join(args[0], owner)
    elif name == "replace":
        _check_replace(owner, *args[:3])
    elif name not in _PLAIN_METHODS:
        raise RenderError(f"正文和模板中不能调用 {type(owner).__name__}.{name}()")
    return args


_SEQUENCES = (str, bytes, list, tuple)


def check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        seq, n = (left, right) if isinstance(left, _SEQUENCES) else (right, left)
        if isinstance(seq, _SEQUENCES) and isinstance(n, int):
            _too_large(size(seq) * n, "乘法“*”")
    elif operator == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        _too_large(size(left) + size(right), "加法“+”")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        if right * math.log2(abs(left)) > MAX_BITS:
            raise RenderError(f"乘方“**”的结果会超过 {RENDER_NUMBER_DIGITS} 位数字")
    elif operator == "%" and isinstance(left, str):
        _check_format(left, right if isinstance(right, tuple) else [*right.values()] if isinstance(right, dict)
                      else [right])
