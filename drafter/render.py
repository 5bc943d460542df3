"""The render stage: a validated town-year -> texts resolved -> Jinja templates -> paragraphs with roles.

Two kinds of Jinja run here. Each text in the YAML is a small template that names figures and years
(``办理政务服务{{ 政务服务 }}``); it is resolved first, so its errors point into the YAML. The resolved
report is then handed, as plain read-only objects, to the structural templates (``templates/report.j2``),
looked up in the town's folder, then the workspace's, then drafter's own.
"""

from __future__ import annotations

import difflib
import functools
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from jinja2 import StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import blocks, zh
from .errors import DrafterError, Problem
from .model import DEFAULT_HEADINGS, PART_NAMES, PENDING, Figure, Item, Layout, Part, PartLayout
from .workspace import Loaded, Workspace

MAIN_TEMPLATE = "report.j2"
_END_PUNCT = tuple("。！？；：…")


def builtin_templates() -> Path:
    """drafter's own templates: inside the installed package, or the repository's templates/ folder."""
    here = Path(__file__).resolve().parent
    packaged = here / "_templates"
    return packaged if packaged.is_dir() else here.parent / "templates"


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


@dataclass(frozen=True)
class FigureText:
    """A figure as a text refers to it: prints as "284份" / "1700余人次"; `.value` gives the bare number.

    An unfilled figure prints as a gap to fill, "【待填：上年 284 份】", marked for highlighting in drafts.
    """

    name: str
    figure: Figure
    previous: str | None = None  # last year's value and unit, for the gap's wording

    @property
    def value(self) -> int | float | str:
        """The bare number, so that a text may compute with it ({{ 合同.value * 2 }}); a gap when unfilled."""
        return self.figure.value if self.figure.value is not None else self._gap()

    @property
    def unit(self) -> str:
        return self.figure.unit

    def _gap(self) -> str:
        what = self.previous or self.figure.label or self.name
        return blocks.gap(what)

    def __str__(self) -> str:
        if self.figure.value is None:
            return self._gap()
        return format_figure(self.figure.value, self.figure.unit, self.figure.approx)


def _environment(loader: jinja2.BaseLoader | None = None) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=loader, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, autoescape=False,
    )
    env.filters["zh"] = zh.zh_number
    env.filters["marker"] = lambda style, n: MARKERS[style][0](n)
    env.filters["role"] = lambda style: MARKERS[style][1]
    env.filters["runin"] = lambda title: title if title.endswith(_END_PUNCT) else title + "。"
    return env


_TEXT_ENV = _environment()


@functools.lru_cache(maxsize=4096)
def _compile_text(source: str) -> jinja2.Template:
    return _TEXT_ENV.from_string(source)


@functools.lru_cache(maxsize=64)
def _template_env(dirs: tuple[str, ...]) -> ImmutableSandboxedEnvironment:
    """One environment per search path, so Jinja's own cache (which checks file times) is reused."""
    return _environment(jinja2.FileSystemLoader(list(dirs)))


@dataclass(frozen=True)
class Fact:
    """Something left open that the renderer met, at its YAML path; the review rules word it.

    kinds: "figure" (an unfilled figure a text uses), "unreviewed" (a carried text not yet reviewed),
    "status" (a problem marked 待填 or 已整改), "empty" (a part with no content), "undated" (no date).
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
        self.figures = {name: FigureText(name, f, previous.get(name)) for name, f in report.figures.items()}
        self.context: dict[str, Any] = {
            "year": loaded.year,
            "next_year": loaded.year + 1,
            "last_year": loaded.year - 1,
            "town": loaded.town.name,
            "district": loaded.town.district,
            **self.figures,
        }
        self.problems: list[Problem] = []
        self.facts: list[Fact] = []

    def note(self, kind: str, path: tuple) -> None:
        if Fact(kind, path) not in self.facts:
            self.facts.append(Fact(kind, path))

    def text(self, value: str | None, path: tuple) -> str | None:
        if value is None:
            return None
        if "{" not in value:
            return value.strip()
        src = self.loaded.source
        try:
            out = _compile_text(value).render(self.context)
        except TemplateSyntaxError as e:
            p = src.where(path)
            self.problems.append(Problem(
                f"正文中的 {{{{ }}}} 写法有误：{_zh_syntax(e.message or '')}。引用数字请写成 {{{{ 名称 }}}}",
                p.file, (p.line or 1) + (e.lineno or 1) - 1 if p.line else None, p.column))
            return ""
        except UndefinedError as e:
            name = _undefined_name(e)
            line, col = self._find(value, name, path)
            if "FigureText object' has no attribute" in str(e):
                self.problems.append(Problem(
                    f"数字没有“{name}”这一项：可用 .value（数值）或 .unit（单位）", src.file, line, col))
                return ""
            close = difflib.get_close_matches(name or "", list(self.context), n=1, cutoff=0.5)
            hint = f"你是不是想写“{close[0]}”？" if close else "请在 figures 中定义它，或改正名称。"
            self.problems.append(Problem(f"正文引用了未定义的名称“{name}”。{hint}", src.file, line, col))
            return ""
        except (TemplateError, TypeError, ValueError, ArithmeticError) as e:
            p = src.where(path)
            self.problems.append(Problem(
                f"正文中的 {{{{ }}}} 无法计算（{type(e).__name__}: {e}）。数字参与计算请用 .value，如 {{{{ 合同.value * 2 }}}}",
                p.file, p.line, p.column))
            return ""
        for name, fig in self.figures.items():
            if fig.figure.value is None and zh.reference_to(name).search(value):
                self.note("figure", ("figures", name))
        return out.strip()

    def paragraphs(self, value: str | None, path: tuple) -> list[str]:
        text = self.text(value, path)
        return [blocks.escape(p.strip()) for p in text.splitlines() if p.strip()] if text else []

    def line(self, value: str | None, path: tuple) -> str:
        return blocks.escape(self.text(value, path) or "")

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


def _undefined_name(e: UndefinedError) -> str | None:
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


def _annotate(r: TextResolver, paragraphs: list[str], reviewed: bool, path: tuple) -> list[str]:
    """Unreviewed carried text: an error in a final report, a margin note in a draft."""
    if reviewed or not paragraphs:
        return paragraphs
    r.note("unreviewed", path)
    return [blocks.NOTE_UNREVIEWED + paragraphs[0], *paragraphs[1:]] if r.draft else paragraphs


def _item_view(r: TextResolver, item: Item, path: tuple) -> SimpleNamespace:
    title = r.line(item.title, path + ("title",)) if item.title else ""
    text = r.paragraphs(item.text, path + ("text",))
    if item.text:
        text = _annotate(r, text, item.reviewed, path)
    elif title:
        title = _annotate(r, [title], item.reviewed, path)[0]
    if item.status in (PENDING, "已整改"):
        r.note("status", path)
    if item.status == PENDING and r.draft:
        text = [blocks.NOTE_UNDECIDED + (text[0] if text else ""), *text[1:]]
    return SimpleNamespace(
        title=title,
        text=text,
        items=[_item_view(r, it, path + ("items", i)) for i, it in enumerate(item.items)],
        own_line=item.own_line,
    )


def _part_view(r: TextResolver, key: str, part: Part, layout: PartLayout) -> SimpleNamespace:
    if layout.inline:  # one paragraph has no room for a deeper level: say so rather than drop it
        for i, item in enumerate(part.items):
            if item.items:
                r.problems.append(r.loaded.source.locate(
                    f"{key} 的版式是 inline（导语和条目连成一段），条目不能再有下一层 items。"
                    f"请把下一层并入 text，或在 layout 中把 {key} 的 inline 改为 false",
                    (key, "items", i, "items"), key=True))
    lead = _annotate(r, r.paragraphs(part.lead, (key, "lead")), part.reviewed, (key,))
    if part.empty:
        r.note("empty", (key,))
        lead = [blocks.gap(PART_NAMES[key])]
    return SimpleNamespace(
        key=key,
        heading=r.line(part.heading, (key, "heading")) if part.heading else DEFAULT_HEADINGS[key],
        lead=lead,
        items=[_item_view(r, it, (key, "items", i)) for i, it in enumerate(part.items)],
        numbering=list(layout.numbering),
        inline=layout.inline,
    )


def title_words(loaded: Loaded, title: str | None) -> list[str]:
    """The title as words; the writer breaks lines only between words."""
    if title:
        return [blocks.escape(w) for w in title.split()]
    town = loaded.town
    return [town.district, town.name, f"{loaded.year}年度", "法治政府建设", "情况报告"]


def effective_layout(loaded: Loaded) -> Layout:
    """The town's layout, with what the year file sets (per part) taking precedence."""
    own = loaded.report.layout
    if own is None:
        return loaded.town.layout
    return loaded.town.layout.model_copy(update={k: getattr(own, k) for k in own.model_fields_set})


@dataclass
class Resolved:
    context: dict[str, Any]  # what the structural templates see
    problems: list[Problem]  # texts that cannot be rendered
    facts: list[Fact]  # what is left open (gaps, unreviewed texts): the review rules judge them


def resolve(loaded: Loaded, draft: bool = False) -> Resolved:
    """Everything the structural templates see, texts resolved, with every problem found on the way."""
    r = TextResolver(loaded, draft)
    report = loaded.report
    layout = effective_layout(loaded)
    parts = [_part_view(r, key, part, getattr(layout, key)) for key, part in report.parts(layout)]
    opening = report.opening
    sig = report.signature
    date = sig.date if sig else None
    if sig and date is None:
        r.note("undated", ("signature", "date"))
        date = blocks.gap("成文日期")
    ctx = {
        "year": loaded.year,
        "next_year": loaded.year + 1,
        "town": loaded.town.name,
        "district": loaded.town.district,
        "title_words": title_words(loaded, r.text(report.title, ("title",))),
        "addressee": r.line(report.addressee, ("addressee",)) if report.addressee else None,
        "opening": _annotate(r, r.paragraphs(opening.text, ("opening", "text")), opening.reviewed, ("opening",)),
        "formula": r.line(opening.formula, ("opening", "formula")) if opening.formula else None,
        "formula_paragraph": opening.formula_paragraph,
        "parts": parts,
        "signature": SimpleNamespace(
            organ=[blocks.escape(o) for o in (sig.organ or loaded.town.organ or [loaded.town.name])],
            date=date,
        ) if sig else None,
    }
    return Resolved(ctx, r.problems, r.facts)


def template_dirs(ws: Workspace, loaded: Loaded) -> list[Path]:
    dirs = [loaded.town_dir.path / "templates", ws.templates_dir, builtin_templates()]
    seen: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [s.resolve() for s in seen]:
            seen.append(d)
    return seen


def render_markup(ws: Workspace, loaded: Loaded, ctx: dict[str, Any]) -> str:
    dirs = template_dirs(ws, loaded)
    env = _template_env(tuple(str(d) for d in dirs))
    try:
        return env.get_template(MAIN_TEMPLATE).render(ctx)
    except TemplateSyntaxError as e:
        raise DrafterError.one(f"模板语法错误：{e.message}", Path(e.filename) if e.filename else None,
                               e.lineno) from None
    except TemplateNotFound as e:
        where = "、".join(str(d) for d in dirs)
        raise DrafterError.one(f"找不到模板“{e.name}”（查找位置：{where}）") from None
    except (TemplateError, TypeError, ValueError, ArithmeticError) as e:
        file, line = _template_frame(e)
        raise DrafterError.one(f"模板出错：{_zh_template_error(e)}", file, line) from None


def render(ws: Workspace, loaded: Loaded, ctx: dict[str, Any]) -> list[blocks.Block]:
    """The structural templates over a resolved context, as paragraphs with roles."""
    markup = render_markup(ws, loaded, ctx)
    try:
        return blocks.parse(markup)
    except blocks.MarkupError as e:
        raise DrafterError.one(str(e)) from None


def _template_frame(e: BaseException) -> tuple[Path | None, int | None]:
    """Jinja rewrites tracebacks so that template frames carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(e.__traceback__)):
        if frame.filename.endswith(".j2"):
            return Path(frame.filename), frame.lineno
    return None, None


def _zh_template_error(e: Exception) -> str:
    if isinstance(e, UndefinedError):
        name = _undefined_name(e)
        return f"使用了未定义的变量“{name}”（请检查拼写）" if name else str(e)
    return str(e)
