"""The environment: jinja's immutable sandbox, with each template rewritten so that its loops are counted and
its literals checked, and every operator, call, filter and printed value passing through a check."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.compiler import CodeGenerator
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from .. import zh
from ..limits import RENDER_CHARS, RENDER_DEPTH, RENDER_STEPS
from .budget import RenderError, current
from .checks import check_binop, check_method, guarded_filter


def _range(*args: int) -> range:
    r = range(*args)
    try:
        n = len(r)
    except OverflowError:  # more items than Python can count
        n = RENDER_STEPS + 1
    if n > RENDER_STEPS:
        raise RenderError(f"range() 的项数超过上限 {RENDER_STEPS}")
    return r


@pass_context  # a filter passed the context is never run while compiling (jinja folds the others)
def _counted(context: Any, iterable: Iterable[Any]) -> Iterator[Any]:
    """What a {% for %} loop runs over, counted item by item."""
    budget = current()
    for item in iterable:
        budget.tick()
        yield item


@pass_context
def _sized(context: Any, value: Any) -> Any:
    return current().made(value, "表达式")


def _finalize(value: Any) -> Any:
    """Every value a template prints: no character Word cannot hold, no larger than the size limit."""
    bad = zh.unprintable(value, zh.CONTROL) if isinstance(value, str) else None
    if bad:
        raise RenderError(f"输出中有 Word 无法保存的{bad[1]}")
    return current().made(value, "输出")


def _concat(pieces: Iterable[str]) -> str:
    """A run's output, and each macro's: refused once past the size limit, before it is all held."""
    out, n = [], 0
    for piece in pieces:
        n += len(piece)
        if n > RENDER_CHARS:
            raise RenderError(f"输出超过 {RENDER_CHARS} 个字符：请检查其中的循环")
        out.append(piece)
    return "".join(out)


_LOOP, _SIZED = "drafter loop", "drafter sized"  # names no template can write: only _Guard puts them in


class _Guard(NodeTransformer):
    """Rewrites a parsed template so that what it runs is counted: each loop's items, and each value built
    from others (~, list, tuple and dict literals); refuses literals no report can hold."""

    def __init__(self, filename: str | None):
        self.filename = None if filename == "<template>" else filename

    def visit_For(self, node: nodes.For) -> nodes.Node:
        node = self.generic_visit(node)
        node.iter = _wrap(node.iter, _LOOP)
        return node

    def _sized(self, node: nodes.Expr) -> nodes.Node:
        node = self.generic_visit(node)
        return _wrap(node, _SIZED) if getattr(node, "ctx", "load") == "load" else node

    visit_Concat = visit_List = visit_Tuple = visit_Dict = _sized

    def _template_names(self, node: nodes.Node) -> nodes.Node:
        """{% include ["a.j2", "b.j2"] %}: jinja reads a literal list of names as alternatives; keep it a list."""
        names = node.template
        if isinstance(names, (nodes.List, nodes.Tuple)):
            names.items = [self.visit(item) for item in names.items]
        else:
            node.template = self.visit(names)
        return node

    visit_Include = visit_Extends = visit_Import = visit_FromImport = _template_names

    def visit_Const(self, node: nodes.Const) -> nodes.Node:
        if isinstance(node.value, float) and not math.isfinite(node.value):
            raise RenderError("数字超出了范围", node.lineno, self.filename)
        return self._text(node, node.value)

    def visit_TemplateData(self, node: nodes.TemplateData) -> nodes.Node:
        return self._text(node, node.data)

    def _text(self, node: nodes.Node, value: Any) -> nodes.Node:
        bad = zh.unprintable(value) if isinstance(value, str) else None
        if bad:
            line = node.lineno + value.count("\n", 0, bad[0])  # template data runs over several lines
            raise RenderError(f"写有 Word 无法保存的{bad[1]}，请删去它", line, self.filename)
        return node


def _wrap(node: nodes.Expr, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


class _Generator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Any = None) -> None:
        _Guard(self.filename).visit(node)
        node.set_environment(self.environment)
        super().visit_Template(node, frame)


class Environment(ImmutableSandboxedEnvironment):
    """jinja's immutable sandbox, every step that can grow checked; `filters` are added to jinja's own."""

    intercepted_binops = frozenset(("+", "-", "*", "/", "//", "%", "**"))  # also keeps jinja from folding them
    code_generator_class = _Generator
    concat = staticmethod(_concat)

    def __init__(self, filters: dict[str, Callable[..., Any]], **options: Any):
        super().__init__(finalize=_finalize, **options)
        del self.globals["lipsum"]  # Latin filler text: no report needs it, and lipsum(10**6) runs for minutes
        self.globals["range"] = _range
        self.filters = {name: guarded_filter(self, name, f) for name, f in {**self.filters, **filters}.items()}
        self.filters[_LOOP] = _counted
        self.filters[_SIZED] = _sized

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        check_binop(operator, left, right)
        try:
            result = self.binop_table[operator](left, right)
        except ZeroDivisionError:
            raise RenderError("除数为 0") from None
        except OverflowError:
            raise RenderError("计算结果超出了数字的范围") from None
        return current().made(result, f"“{operator}”运算")

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        budget = current()
        budget.clock()
        if not isinstance(obj, (Macro, LoopContext)):
            args = check_method(obj, args, kwargs)
            return budget.made(super().call(context, obj, *args, **kwargs), "调用")
        if isinstance(obj, LoopContext) and args:  # loop(children) in a recursive loop: count those too
            args = (_counted(context, args[0]), *args[1:])
        budget.depth += 1
        try:
            if budget.depth > RENDER_DEPTH:
                raise RenderError(f"宏或 loop() 的调用嵌套超过 {RENDER_DEPTH} 层："
                                  "宏是否调用了自身，或条目（items）嵌套太深？")
            return budget.made(super().call(context, obj, *args, **kwargs), "宏")
        finally:
            budget.depth -= 1


