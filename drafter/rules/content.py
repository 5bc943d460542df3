"""Rules a reviewer applies to what the report says: last year's plans followed up, problems answered by
plans, nothing copied from last year, every figure used."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .. import zh
from ..model import Item
from . import WARNING, Hit, Review, rule


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


# Concepts a problem and the plan that answers it share, each with the words that name it in either.
_CONCEPTS = [
    ("执法",), ("队伍", "人才", "人员"), ("培训", "素养", "教育", "学法"), ("普法", "宣传"), ("决策",),
    ("规范性文件",), ("公开",), ("复议", "诉讼", "应诉"), ("体系", "机制", "统筹", "协调", "顶层设计"),
    ("信息化", "数字化", "平台"), ("纠纷", "调解", "信访"), ("监督", "考核"), ("营商环境",), ("合同",),
]


def _concepts(text: str) -> list[tuple[str, ...]]:
    return [c for c in _CONCEPTS if any(w in text for w in c)]


def _answered_by(problem: Item, plans_text: str) -> bool | None:
    """True/False: some plan names a concept of the problem's title; None: the title names none we know."""
    concepts = _concepts(problem.title or (problem.text or "")[:40])
    if not concepts:
        return None
    return any(w in plans_text for c in concepts for w in c)


@rule("answered", "实务", WARNING)
def answered(review: Review) -> Iterator[Hit]:
    """每个问题都有针对它的下一年度安排（按关键词判断）

    Matched by shared concepts (执法, 队伍, 普法, …); a problem naming none of them is not judged."""
    if review.report.plans.empty:
        return  # already reported as missing content
    for i, problem in enumerate(review.report.problems.items):
        if _answered_by(problem, review.plans_text) is False:
            words = "、".join(c[0] for c in _concepts(problem.title or problem.text or ""))
            yield Hit(f"问题“{problem.title or (problem.text or '')[:20]}”在下一年度安排中找不到对应的措施"
                      f"（没有提到{words}）：请补充针对它的安排", ("problems", "items", i))


@rule("stale", "实务", WARNING)
def stale(review: Review) -> Iterator[Hit]:
    """文字与上年不雷同（相似度低于 90%）；与上年相同且仍存在的问题有新的安排

    Compared with the year this one continues (based_on while its file exists, else the latest earlier
    year: workspace.TownDir.previous_year); only texts of 20 characters or more, already marked reviewed."""
    if review.loaded.previous is None:
        return
    from rapidfuzz import fuzz, process  # ~1.7 µs a comparison (difflib: ~220 µs); needed only here

    old_year, before = review.loaded.previous
    old = [t for _, t in before.texts() if len(t) >= 20]
    if not old:
        return
    reviewed = {path for path, node in review.report.nodes() if node.reviewed}
    for path, text in review.texts:
        if len(text) < 20 or path[:-1] not in reviewed:
            continue
        match = process.extractOne(text, old, scorer=fuzz.ratio, score_cutoff=90)
        if match is None:
            continue
        if path[0] == "problems":
            item = review.report.at(path[:-1])
            if isinstance(item, Item) and item.status == "仍存在" and _answered_by(item, review.plans_text) is not True:
                yield Hit(f"这条问题与{old_year}年的相同（相似度 {match[1]:.0f}%）且仍存在，但今年的安排中没有针对它的新措施",
                          path)
            continue
        yield Hit(f"这段文字与{old_year}年的相似度为 {match[1]:.0f}%：是否照搬了上年的文字？请按今年的情况改写", path)


@rule("unused", "实务", WARNING)
def unused(review: Review) -> Iterator[Hit]:
    """figures 中的数字都在正文中用到

    A figure nobody prints is usually one whose sentence was deleted or renamed."""
    used = set(zh.References(review.report.figures).used_in("\n".join(t for _, t in review.texts)))
    for name in review.report.figures:
        if name not in used:
            yield Hit(f"数字“{name}”没有在正文中用到：删去它，或在正文中用 {{{{ {name} }}}} 引用", ("figures", name),
                      key=True)
