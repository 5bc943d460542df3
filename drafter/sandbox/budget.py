"""What one run of a text or of the templates may spend, and the error that says it went over."""

from __future__ import annotations

import contextvars
import itertools
import math
import time
import traceback
import types
from collections.abc import Callable
from typing import Any

import jinja2
from jinja2.utils import Namespace

from ..limits import RENDER_CHARS, RENDER_NUMBER_DIGITS, RENDER_SECONDS, RENDER_STEPS, RENDER_WORK

MAX_BITS = math.ceil(RENDER_NUMBER_DIGITS * math.log2(10))


class RenderError(jinja2.TemplateRuntimeError):
    """A text or template went over a limit or misused a filter; `message` says which, in Chinese.
    `lineno` (and `filename`) are set when the fault is seen in the source, before it runs."""

    def __init__(self, message: str, lineno: int | None = None, filename: str | None = None):
        super().__init__(message)
        self.lineno = lineno
        self.filename = filename


class Budget:
    """What one run (a text, or the templates once) has spent: loop steps, characters made, nesting, time."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + RENDER_SECONDS
        self.steps = self.work = self.depth = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps > RENDER_STEPS:
            raise RenderError(f"循环合计超过 {RENDER_STEPS} 次：请检查 {{% for %}} 循环的范围和嵌套")
        self.clock()

    def clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderError(f"运行超过 {RENDER_SECONDS:g} 秒仍未完成：请检查其中的循环和计算")

    def made(self, value: Any, what: str) -> Any:
        """`value`, just made by one step: refused when too large, else counted."""
        if isinstance(value, int) and value.bit_length() > MAX_BITS:
            raise RenderError(f"{what}的结果超过 {RENDER_NUMBER_DIGITS} 位数字")
        if isinstance(value, float) and not math.isfinite(value):
            raise RenderError(f"{what}的结果超出了数字的范围")
        n = size(value)
        if n > RENDER_CHARS:
            raise RenderError(f"{what}的结果超过 {RENDER_CHARS} 个字符（或项）")
        self.work += n
        if self.work > RENDER_WORK:
            raise RenderError(f"运行中产生的文字合计超过 {RENDER_WORK} 个字符：请检查其中的循环和计算")
        self.clock()
        return value


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("drafter_render_budget", default=None)


def current() -> Budget:
    return _CURRENT.get() or Budget()  # no run under way: only jinja folding constants while compiling


def run(template: Callable[[], jinja2.Template], context: dict[str, Any]) -> str:
    """Compile (by calling `template`) and render within a fresh budget. What jinja words (TemplateError) and
    what a calculation raises (TypeError, ValueError, ArithmeticError) pass on for the caller to word; too
    deep a nesting, or any other error Python raises for the template, becomes a RenderError."""
    token = _CURRENT.set(Budget())
    try:
        return template().render(context)
    except RecursionError as e:
        raise RenderError("嵌套太深：宏调用了自身，或模板包含（include）了自身").with_traceback(e.__traceback__) from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError):
        raise
    except Exception as e:
        raise RenderError(f"无法计算（{type(e).__name__}: {e}）").with_traceback(e.__traceback__) from None
    finally:
        _CURRENT.reset(token)


def where(e: BaseException) -> tuple[str | None, int | None]:
    """The template file (None for a text) and the line where `e` arose: from the error when it was found in
    the source, else from jinja's traceback, whose template frames carry the template's file and line."""
    lineno = getattr(e, "lineno", None)
    filename: str | None = getattr(e, "filename", None)
    if not lineno:
        frames = [f for f in traceback.extract_tb(e.__traceback__)
                  if f.filename == "<template>" or not f.filename.endswith(".py") and not f.filename.startswith("<")]
        filename, lineno = (frames[-1].filename, frames[-1].lineno) if frames else (None, None)
    return (None if filename == "<template>" else filename), lineno


_CONTAINERS = (list, tuple, set, frozenset, dict, Namespace, types.SimpleNamespace)


def size(value: Any, limit: int = RENDER_CHARS) -> int:
    """Characters of a string; items of a container, with those of the containers in it (a list may hold one
    long string many times over); 1 for anything else. Counting stops once past `limit`."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if not isinstance(value, _CONTAINERS):
        return 1
    if isinstance(value, Namespace):
        value = object.__getattribute__(value, "__dict__").get("_Namespace__attrs", {})
    elif isinstance(value, types.SimpleNamespace):
        value = vars(value)
    total = len(value)
    for item in itertools.chain(value.keys(), value.values()) if isinstance(value, dict) else value:
        if total > limit:
            break
        if isinstance(item, (str, bytes, *_CONTAINERS)):
            total += size(item, limit - total)
    return total


