"""The render stage: a validated town-year -> texts resolved -> Jinja templates -> paragraphs with roles.

Two kinds of Jinja run here. Each text in the YAML is a small template that names figures and years
(``办理政务服务{{ 政务服务 }}``); it is resolved first, so its errors point into the YAML. The resolved
report (see texts.py) is then handed, as plain read-only objects, to the structural templates (``templates/report.j2``),
looked up in the town's folder, then the workspace's, then drafter's own.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError

from . import blocks, sandbox, texts
from .errors import DrafterError, Problem
from .limits import TITLE_MAX_LINES
from .model import DEFAULT_HEADINGS, PART_NAMES, PENDING, Item, Layout, Part, PartLayout
from .word import gbt9704 as gb
from .workspace import Loaded, Workspace
from .zh import em_width

MAIN_TEMPLATE = "report.j2"


def builtin_templates() -> Path:
    """drafter's own templates: inside the installed package, or the repository's templates/ folder."""
    here = Path(__file__).resolve().parent
    packaged = here / "_templates"
    return packaged if packaged.is_dir() else here.parent / "templates"


@functools.lru_cache(maxsize=64)
def _template_env(dirs: tuple[str, ...]) -> sandbox.Environment:
    """One environment per search path, so Jinja's own cache (which checks file times) is reused."""
    return texts.environment(jinja2.FileSystemLoader(list(dirs)))


def _annotate(r: texts.TextResolver, paragraphs: list[str], reviewed: bool, path: tuple) -> list[str]:
    """Unreviewed carried text: an error in a final report, a margin note in a draft."""
    if reviewed or not paragraphs:
        return paragraphs
    r.note("unreviewed", path)
    return [blocks.NOTE_UNREVIEWED + paragraphs[0], *paragraphs[1:]] if r.draft else paragraphs


def _item_view(r: texts.TextResolver, item: Item, path: tuple) -> SimpleNamespace:
    title = r.line(item.title, path + ("title",)) if item.title else ""
    text = with_cause(r.paragraphs(item.text, path + ("text",)), r.paragraphs(item.cause, path + ("cause",)))
    if item.text or item.cause:
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


def with_cause(text: list[str], cause: list[str]) -> list[str]:
    """A problem's paragraphs with its cause as the sentences that end them: the cause is part of what the
    item says, so the templates lay it out with the text and need not know of it."""
    if not text or not cause:
        return text or cause
    return [*text[:-1], text[-1] + cause[0], *cause[1:]]


def _part_view(r: texts.TextResolver, key: str, part: Part, layout: PartLayout) -> SimpleNamespace:
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
    return loaded.town.title_words(loaded.year)


def _title_fits(r: texts.TextResolver, words: list[str]) -> None:
    """A title is one or two lines: one wider than TITLE_MAX_LINES lines is the user's to shorten, found
    here (check and export both resolve) rather than laid out."""
    width = em_width("".join(words))
    if width <= TITLE_MAX_LINES * gb.TITLE_MAX_EM:
        return
    said = (f"标题有 {width:g} 个字宽，超过 {TITLE_MAX_LINES} 行（每行最多 {gb.TITLE_MAX_EM} 个字）："
            "公文标题应简明，一般排一至两行。")
    if r.loaded.report.title:
        p = r.loaded.source.where(("title",))
        r.problems.append(Problem(said + "请缩短 title", p.file, p.line, p.column))
    else:
        town_file = r.loaded.town_dir.town_file
        r.problems.append(Problem(said + f"标题由 {town_file} 中的 district、name 和年度生成：请缩短它们，"
                                  "或在年度文件中用 title 写一个较短的标题", r.loaded.source.file))


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
    facts: list[texts.Fact]  # what is left open (gaps, unreviewed texts): the review rules judge them


def resolve(loaded: Loaded, draft: bool = False) -> Resolved:
    """Everything the structural templates see, texts resolved, with every problem found on the way."""
    r = texts.TextResolver(loaded, draft)
    report = loaded.report
    layout = effective_layout(loaded)
    parts = [_part_view(r, key, part, getattr(layout, key)) for key, part in report.parts(layout)]
    opening = report.opening
    sig = report.signature
    date = sig.date if sig else None
    if sig and date is None:
        r.note("undated", ("signature", "date"))
        date = blocks.gap("成文日期")
    words = title_words(loaded, r.text(report.title, ("title",)))
    _title_fits(r, words)
    ctx = {
        "addressee": _addressee(r, loaded),
        "year": loaded.year,
        "next_year": loaded.year + 1,
        "town": loaded.town.name,
        "district": loaded.town.district,
        "title_words": words,
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


def _addressee(r: texts.TextResolver, loaded: Loaded) -> str | None:
    """The year's addressee, else the town's; `addressee: null` written out (by `drafter new`) is a gap,
    while a year with no addressee key and a town without one has no addressee line."""
    report = loaded.report
    if report.addressee:
        return r.line(report.addressee, ("addressee",))
    if loaded.town.addressee:
        return blocks.escape(loaded.town.addressee)
    if "addressee" in report.model_fields_set:
        r.note("noaddressee", ("addressee",))
        return blocks.gap("主送机关")
    return None


def template_dirs(ws: Workspace, loaded: Loaded) -> list[Path]:
    dirs = [ws.inside(loaded.town_dir.path / "templates"), ws.templates_dir, builtin_templates()]
    seen: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [s.resolve() for s in seen]:
            seen.append(d)
    return seen


def render_markup(ws: Workspace, loaded: Loaded, ctx: dict[str, Any]) -> str:
    dirs = template_dirs(ws, loaded)
    env = _template_env(tuple(str(d) for d in dirs))
    try:
        return sandbox.run(lambda: env.get_template(MAIN_TEMPLATE), ctx)
    except TemplateSyntaxError as e:
        raise DrafterError.one(f"模板语法错误：{e.message}", Path(e.filename) if e.filename else None,
                               e.lineno) from None
    except TemplateNotFound as e:
        where = "、".join(str(d) for d in dirs)
        raise DrafterError.one(f"找不到模板“{e.name}”（查找位置：{where}）") from None
    except (TemplateError, TypeError, ValueError, ArithmeticError) as e:
        file, line = sandbox.where(e)
        raise DrafterError.one(f"模板出错：{_zh_template_error(e)}", Path(file) if file else None, line) from None


def render(ws: Workspace, loaded: Loaded, ctx: dict[str, Any]) -> list[blocks.Block]:
    """The structural templates over a resolved context, as paragraphs with roles."""
    markup = render_markup(ws, loaded, ctx)
    try:
        return blocks.parse(markup)
    except blocks.MarkupError as e:
        raise DrafterError.one(str(e)) from None


def _zh_template_error(e: Exception) -> str:
    if isinstance(e, UndefinedError):
        name = texts.undefined_name(e)
        return f"使用了未定义的变量“{name}”（请检查拼写）" if name else str(e)
    return str(e)
