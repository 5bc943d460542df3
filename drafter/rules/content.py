"""Rules a reviewer applies to what the report says: last year's plans followed up, problems answered by
plans, nothing copied from last year, every figure used."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .. import zh
from ..model import Item
from . import WARNING, Hit, Review, rule, terms


@rule("followup", "实务", WARNING)
def followup(review: Review) -> Iterator[Hit]:
    """上年安排逐条说明落实情况，已落实的指明报告它的条目

    The checklist `drafter new` makes from last year's plans; it is not printed, but a reviewer asks. The
    item that reports a plan may stand in any part that reports the year's work: a plan about 关键少数 is
    reported under 第一责任人职责, not only under 举措和成效."""
    titles = [node.title for path, node in review.report.nodes()
              if path[0] in _REPORTING and isinstance(node, Item) and node.title]
    for i, f in enumerate(review.report.followup):
        if f.status == "待填":
            yield Hit(f"上年的安排“{f.plan}”还没有说明落实情况：把 status 改为 已落实、部分落实 或 未落实",
                      ("followup", i, "status"), key=True)
        elif f.status in ("已落实", "部分落实") and not f.measure:
            yield Hit(f"上年的安排“{f.plan}”标为{f.status}，但没有指明报告它的条目：在 measure 中写那一条的小标题"
                      "（举措和成效、第一责任人职责或其他部分中的都可以）",
                      ("followup", i, "status"), key=True)
        if f.measure and f.measure not in titles:
            close = difflib.get_close_matches(f.measure, titles, n=1, cutoff=0.4)
            hint = f"你是不是想写“{close[0]}”？" if close else "请写报告中某一条的小标题。"
            yield Hit(f"measure“{f.measure}”不是本年度报告中任何一条的小标题（举措和成效、第一责任人职责或其他部分）。{hint}",
                      ("followup", i, "measure"))


_REPORTING = ("duties", "measures", "other")  # the parts that report what was done


def has_plan(problem: Item, plans_text: str) -> bool:
    """Whether a plan takes the problem up: a concept they share, or (a title naming none) its own words."""
    answered = terms.answered_by(problem, plans_text)
    return answered if answered is not None else terms.mentions(problem.title or "", plans_text)


@rule("answered", "实务", WARNING)
def answered(review: Review) -> Iterator[Hit]:
    """每个问题都有针对它的下一年度安排（按关键词判断）

    Matched by shared concepts (执法, 队伍, 普法, …); a problem naming none of them is not judged."""
    if review.report.plans.empty:
        return  # already reported as missing content
    for i, problem in enumerate(review.report.problems.items):
        if terms.answered_by(problem, review.plans_text) is False:
            words = "、".join(c[0] for c in terms.concepts(problem.title or problem.text or ""))
            yield Hit(f"问题“{problem.title or (problem.text or '')[:20]}”在下一年度安排中找不到对应的措施"
                      f"（没有提到{words}）：请补充针对它的安排", ("problems", "items", i))


@rule("stale", "实务", WARNING)
def stale(review: Review) -> Iterator[Hit]:
    """文字与上年不雷同（相似度低于 90%，小标题和引语不算）；与上年相同且仍存在的问题有新的安排

    Compared with the year this one continues (based_on while its file exists, else the latest earlier
    year: workspace.TownDir.previous_year): Review.carried says which texts are compared and how. A problem
    carried unchanged is a finding only while no plan answers it."""
    old_year = review.loaded.previous[0] if review.loaded.previous else None
    for path, score in review.carried.items():
        if path[0] == "problems":
            item = review.report.at(path[:-1])
            if isinstance(item, Item) and item.status == "仍存在" and not has_plan(item, review.plans_text):
                yield Hit(f"这条问题与{old_year}年的相同（相似度 {score:.0f}%）且仍存在，但今年的安排中没有针对它的新措施",
                          path)
            continue
        yield Hit(f"这段文字与{old_year}年的相似度为 {score:.0f}%：是否照搬了上年的文字？请按今年的情况改写", path)


@rule("unused", "实务", WARNING)
def unused(review: Review) -> Iterator[Hit]:
    """figures 中的数字都在正文中用到

    A figure nobody prints is usually one whose sentence was deleted or renamed."""
    used = set(zh.References(review.report.figures).used_in("\n".join(t for _, t in review.texts)))
    for name in review.report.figures:
        if name not in used:
            yield Hit(f"数字“{name}”没有在正文中用到：删去它，或在正文中用 {{{{ {name} }}}} 引用", ("figures", name),
                      key=True)
