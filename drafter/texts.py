"""Each text in the YAML is a small Jinja template: figures and years by name (``办理政务服务{{ 政务服务 }}``).

Each is resolved on its own, before the structural templates run, so that its errors point into the YAML
(file, line and column of the name) and the templates receive plain strings. The same sandboxed
environment, with drafter's filters, serves the structural templates.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jinja2
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError

from . import blocks, sandbox, zh
from .errors import Problem
from .model import Figure
from .sandbox import cache as sandbox_cache
from .workspace import Loaded

_END_PUNCT = tuple("。！？；：…")


MARKERS = {
    "（一）": (lambda n: f"（{zh.zh_number(n)}）", "二级"),
    "1.": (lambda n: f"{n}.", "三级"),
    "（1）": (lambda n: f"（{n}）", "四级"),
    "一是": (lambda n: f"{zh.zh_number(n)}是", "正文"),
}


def format_figure(value: int | float, unit: str, approx: bool = False, sep: str = "") -> str:
    """284份, 1700余人次; with sep=" ", 284 份 (as comments and gaps quote last year's value)."""
    return f"{format_number(value)}{'余' if approx else ''}{sep}{unit}".strip()


def format_number(value: int | float) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


class LastYear:
    """The figures of the year a report continues (workspace.Loaded.previous), for `.last` and `.change`:
    read only when a text asks for them, so a report that never compares does not load last year's file."""

    def __init__(self, loaded: Loaded):
        self.loaded = loaded

    @functools.cached_property
    def found(self) -> tuple[int, str, dict[str, Figure]] | None:
        """(year, how the text names it: 上年 or 2022年, its figures); None without an earlier year."""
        if self.loaded.previous is None:
            return None
        year, report = self.loaded.previous
        return year, "上年" if year == self.loaded.year - 1 else f"{year}年", report.figures


@dataclass(frozen=True)
class FigureText:
    """A figure as a text refers to it: prints as "284份" / "1700余人次"; `.value` gives the bare number,
    `.last` last year's figure ("272份") and `.change` the comparison ("比上年增加12份（增长4.4%）").

    An unfilled figure prints as a gap to fill, "【待填：上年 284 份】", marked for highlighting in drafts.
    """

    name: str
    figure: Figure
    previous: str | None = None  # last year's value and unit, for the gap's wording
    last_year: LastYear | None = None

    @property
    def value(self) -> int | float | str:
        """The bare number, so that a text may compute with it ({{ 合同.value * 2 }}); a gap when unfilled."""
        return self.figure.value if self.figure.value is not None else self._gap()

    @property
    def unit(self) -> str:
        return self.figure.unit

    @property
    def last(self) -> str:
        old, _ = self._last()
        return format_figure(old.value, old.unit, old.approx)

    @property
    def change(self) -> str:
        if self.figure.value is None:
            return self._gap()
        old, label = self._last()
        return format_change(self.figure, old, label)

    def _last(self) -> tuple[Figure, str]:
        found = self.last_year.found if self.last_year else None
        if found is None:
            raise sandbox.RenderError(f"没有更早年度的文件，“{self.name}”无法与上年比较（.last、.change）："
                                      "请先导入或新建上年的年度文件，或直接写出上年的数值")
        year, label, figures = found
        old = figures.get(self.name)
        if old is None or old.value is None:
            what = f"“{self.name}”没有填写数值" if old else f"没有“{self.name}”"
            raise sandbox.RenderError(f"{year} 年度的 figures 中{what}：.last、.change 用的是{label}同名数字的数值，"
                                      "请检查名称是否与上年一致，或直接写出上年的数值")
        if old.unit != self.figure.unit:
            raise sandbox.RenderError(f"数字“{self.name}”的单位与 {year} 年度的不同（“{old.unit}”和“{self.figure.unit}”），"
                                      "无法比较：请统一单位")
        return old, label

    def _gap(self) -> str:
        what = self.previous or self.figure.label or self.name
        return blocks.gap(what)

    def __str__(self) -> str:
        if self.figure.value is None:
            return self._gap()
        return format_figure(self.figure.value, self.figure.unit, self.figure.approx)


def format_decimal(number: Decimal) -> str:
    """A difference as the text writes it: 12, 1.3 (computed in decimal, so never 1.2999999999999972)."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def difference(now: int | float, old: int | float) -> Decimal:
    return Decimal(str(now)) - Decimal(str(old))


def format_change(now: Figure, old: Figure, label: str = "上年") -> str:
    """比上年增加12份（增长4.4%）, 比上年减少3件（下降6.3%）, 与上年持平; a rate (unit %) changes by 个百分点.
    Computed in decimal, so that 0.3 - 0.1 is 0.2; "约" when either value is approximate."""
    diff = difference(now.value, old.value)
    if diff == 0:
        return f"与{label}持平"
    about = "约" if now.approx or old.approx else ""
    up = diff > 0
    amount = format_decimal(abs(diff))
    if now.unit == "%":
        return f"比{label}{'提高' if up else '下降'}{about}{amount}个百分点"
    said = f"比{label}{'增加' if up else '减少'}{about}{amount}{now.unit}"
    if old.value == 0:
        return said
    rate = abs(diff) / abs(Decimal(str(old.value))) * 100
    shown = f"{rate:.1f}".removesuffix(".0") if rate >= Decimal("0.05") else "不到0.1"
    return f"{said}（{'增长' if up else '下降'}{about}{shown}%）"


def environment(loader: jinja2.BaseLoader | None = None) -> sandbox.Environment:
    return sandbox.Environment(
        {"zh": _zh, "marker": _marker, "role": _role, "runin": _runin},
        loader=loader, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, autoescape=False, bytecode_cache=sandbox_cache.bytecode() if loader else None,
    )


def _zh(n: object, what: str = "过滤器“zh”只能用于") -> str:
    if isinstance(n, bool) or not isinstance(n, int) or not 0 < n < 10000:
        raise sandbox.RenderError(f"{what} 1–9999 的整数，这里是“{n}”")
    return zh.zh_number(n)


def _style(style: object, what: str) -> tuple:
    if not isinstance(style, str) or style not in MARKERS:
        raise sandbox.RenderError(f"{what}只能用于序号样式 {' '.join(MARKERS)}，这里是“{style}”")
    return MARKERS[style]


def _marker(style: object, n: object) -> str:
    number = _style(style, "过滤器“marker”")[0]
    _zh(n, "过滤器“marker”的序号须是")
    return number(n)


def _role(style: object) -> str:
    return _style(style, "过滤器“role”")[1]


def _runin(title: object) -> str:
    if not isinstance(title, str):
        raise sandbox.RenderError(f"过滤器“runin”只能用于文字，这里是“{title}”")
    return title if title.endswith(_END_PUNCT) else title + "。"


_TEXT_ENV = environment()


@functools.lru_cache(maxsize=4096)
def _compile_text(source: str) -> jinja2.Template:
    code = sandbox_cache.compiled(_TEXT_ENV, source)
    return _TEXT_ENV.template_class.from_code(_TEXT_ENV, code, _TEXT_ENV.make_globals(None), None)


@dataclass(frozen=True)
class Fact:
    """Something left open that the renderer met, at its YAML path; the review rules word it.

    kinds: "figure" (an unfilled figure a text uses), "unreviewed" (a carried text not yet reviewed),
    "status" (a problem marked 待填 or 已整改), "empty" (a part with no content), "undated" (no date),
    "noaddressee" (`addressee: null`: the addressee still to be written).
    """

    kind: str
    path: tuple


class TextResolver:
    """Renders every text of the report, collecting located problems instead of stopping at the first.

    `problems` are texts that cannot be rendered; `facts` are what is left open, which a draft shows.
    """

    def __init__(self, loaded: Loaded, draft: bool):
        self.loaded = loaded
        self.draft = draft
        report = loaded.report
        previous = _previous_figures(loaded) if draft else {}
        last_year = LastYear(loaded)
        self.figures = {name: FigureText(name, f, previous.get(name), last_year) for name, f in report.figures.items()}
        self.context: dict[str, Any] = {
            "year": loaded.year,
            "next_year": loaded.year + 1,
            "last_year": loaded.year - 1,
            "town": loaded.town.name,
            "district": loaded.town.district,
            **self.figures,
        }
        self.unfilled = zh.References(name for name, f in report.figures.items() if f.value is None)
        self.problems: list[Problem] = []
        self.facts: list[Fact] = []
        self.noted: set[Fact] = set()

    def note(self, kind: str, path: tuple) -> None:
        if Fact(kind, path) not in self.noted:
            self.noted.add(Fact(kind, path))
            self.facts.append(Fact(kind, path))

    def text(self, value: str | None, path: tuple) -> str | None:
        if value is None:
            return None
        if "{" not in value:
            return value.strip()
        src = self.loaded.source
        try:
            out = sandbox.run(lambda: _compile_text(value), self.context)
        except TemplateSyntaxError as e:
            self._problem(f"正文中的 {{{{ }}}} 写法有误：{_zh_syntax(e.message or '')}。引用数字请写成 {{{{ 名称 }}}}",
                          path, e.lineno)
            return ""
        except UndefinedError as e:
            name = undefined_name(e)
            line, col = self._find(value, name, path)
            if "FigureText object' has no attribute" in str(e):
                self.problems.append(Problem(
                    f"数字没有“{name}”这一项：可用 .value（数值）、.unit（单位）、.last（上年的数字）或 .change（与上年比较）", src.file, line, col))
                return ""
            close = difflib.get_close_matches(name or "", list(self.context), n=1, cutoff=0.5)
            hint = f"你是不是想写“{close[0]}”？" if close else "请在 figures 中定义它，或改正名称。"
            self.problems.append(Problem(f"正文引用了未定义的名称“{name}”。{hint}", src.file, line, col))
            return ""
        except sandbox.RenderError as e:
            self._problem(f"正文中的 {{{{ }}}} 出错：{e.message}", path, sandbox.where(e)[1])
            return ""
        except (TemplateError, TypeError, ValueError, ArithmeticError) as e:
            self._problem(f"正文中的 {{{{ }}}} 无法计算（{type(e).__name__}: {e}）。"
                          f"数字参与计算请用 .value，如 {{{{ 合同.value * 2 }}}}", path, None)
            return ""
        for name in self.unfilled.used_in(value):
            self.note("figure", ("figures", name))
        return out.strip()

    def paragraphs(self, value: str | None, path: tuple) -> list[str]:
        text = self.text(value, path)
        return [blocks.escape(p.strip()) for p in text.splitlines() if p.strip()] if text else []

    def line(self, value: str | None, path: tuple) -> str:
        return blocks.escape(self.text(value, path) or "")

    def _problem(self, message: str, path: tuple, lineno: int | None) -> None:
        """A problem in the text at `path`, on the text's line `lineno` (block texts start at their first line)."""
        p = self.loaded.source.where(path)
        line = p.line + (lineno or 1) - 1 if p.line else None
        self.problems.append(Problem(message, p.file, line, p.column))

    def _find(self, value: str, name: str | None, path: tuple) -> tuple[int | None, int | None]:
        """Line and column of `name` inside the text at `path` (block texts start at their first line)."""
        p = self.loaded.source.where(path)
        if name and p.line is not None:
            pattern = zh.reference_to(name)
            for i, text_line in enumerate(value.splitlines()):
                m = pattern.search(text_line)
                if m:
                    return p.line + i, (p.column or 1) + m.start(1)
        return p.line, p.column


_SYNTAX = [
    (r"unexpected char '(.)' at \d+", r"{{ }} 里出现了字符“\1”（里面只写名称，标点请写在 {{ }} 之外）"),
    (r"unexpected end of template.*", "{{ 或 {% 没有闭合"),
    (r"Missing end of comment tag", "{# 没有闭合（正文里的“{#”请改写）"),
    (r"expected token 'end of print statement', got '(.*)'", r"{{ }} 里多了“\1”"),
    (r"unexpected '}'", "多了一个 }"),
]


def _zh_syntax(message: str) -> str:
    for pattern, repl in _SYNTAX:
        m = re.match(pattern, message, re.S)
        if m:
            return m.expand(repl)
    return message


def undefined_name(e: UndefinedError) -> str | None:
    m = re.search(r"'([^']+)' is undefined", str(e)) or re.search(r"has no attribute '([^']+)'", str(e))
    return m.group(1) if m else None


def _previous_figures(loaded: Loaded) -> dict[str, str]:
    """Figures ("上年 284 份") of the year this one continues, for the gaps' wording; {} if there is none."""
    if loaded.previous is None:
        return {}
    year, report = loaded.previous
    label = "上年" if year == loaded.year - 1 else f"{year}年"
    return {name: f"{label} {format_figure(f.value, f.unit, f.approx, ' ')}"
            for name, f in report.figures.items() if f.value is not None}
