"""Rules a reviewer applies to what the report says: last year's plans followed up, problems answered by
plans, nothing copied from last year, every figure used."""

from __future__ import annotations

import difflib
import re
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


@rule("followthrough", "实务", WARNING)
def followthrough(review: Review) -> Iterator[Hit]:
    """上年部分落实、未落实的安排在今年的不足或安排中接续；仍存在的上年问题有安排，原样照抄的说明为何没有进展

    A plan not carried out does not vanish: the reviewer looks for it among this year's problems (why not)
    or plans (when). Matched as `answered` matches (terms.mentions). A problem still there whose text is
    last year's (Review.carried) with a plan answering it: the reviewer asks what moved in a year."""
    report = review.report
    taken_up = "\n".join(t for path, t in review.texts if path[0] in ("problems", "plans"))
    for i, f in enumerate(report.followup):
        if f.status in ("部分落实", "未落实") and not terms.mentions(f.plan, taken_up):
            yield Hit(f"上年的安排“{f.plan}”标为{f.status}，但今年的“存在的不足”和“下一年度安排”中都没有提到它："
                      f"{_where_it_could_go(review, f.plan)}", ("followup", i, "plan"))
    old_year = review.loaded.previous[0] if review.loaded.previous else None
    for i, item in enumerate(report.problems.items):
        if item.status != "仍存在":
            continue
        path = ("problems", "items", i)
        planned = has_plan(item, review.plans_text)
        if not planned and terms.answered_by(item, review.plans_text) is None and path + ("text",) not in review.carried:
            yield Hit(f"上年的问题“{item.title or (item.text or '')[:20]}”仍存在，但下一年度安排中找不到针对它的措施："
                      "请在 plans 中补充一条", path + ("status",), key=True)
        if planned and path + ("text",) in review.carried:
            yield Hit(f"这条问题与{old_year}年的文字相同（相似度 {review.carried[path + ('text',)]:.0f}%）且仍存在："
                      "审阅者会问这一年为什么没有进展，请写明今年做了什么、为什么还没有解决", path + ("text",))


def has_plan(problem: Item, plans_text: str) -> bool:
    """Whether a plan takes the problem up: a concept they share, or (a title naming none) its own words."""
    answered = terms.answered_by(problem, plans_text)
    return answered if answered is not None else terms.mentions(problem.title or "", plans_text)


def _where_it_could_go(review: Review, plan: str) -> str:
    """The plan of this year closest to `plan` (most of its pairs), named with its line; else where to add one."""
    pairs = terms.core_pairs(plan)
    best = max(((sum(p in (item.title or "") + (item.text or "") for p in pairs), i, item)
                for i, item in enumerate(review.report.plans.items)), default=None, key=lambda x: x[0])
    if best and best[0]:
        _, i, item = best
        return (f"可以写入今年的安排“{item.title or (item.text or '')[:20]}”（{review.line_of(('plans', 'items', i))}），"
                "或在不足中说明没有落实的原因")
    return "请在 plans 中新增一条接续它，或在 problems 中说明没有落实的原因"


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


_DONE = re.compile(r"实现|完成|全部|配齐|全覆盖|100%|均已")  # a measure reporting a thing done
_LACKING = re.compile(r"不规范|不完整|不健全|不到位|不足|不够|缺乏|欠缺|短缺|尚未|没有|未能|薄弱|滞后")


@rule("contradiction", "实务", WARNING)
def contradiction(review: Review) -> Iterator[Hit]:
    """举措中说已做到的事，同年的不足或安排中没有又说它仍欠缺（按执法记录仪、一户式等具体事项判断）

    A sentence of the year's work that names a specific thing (terms.THINGS) with a figure or a word of
    completion (实现, 完成, 全部, 配齐, 全覆盖) says it is done; a sentence of a problem or a plan naming the same
    thing with a word of lack (不规范, 尚未, 不足, 缺乏) says it is not. One finding for each thing, at the claim,
    naming the other place. Broad words (培训, 宣传) are not things: they are in every part."""
    claims: dict[str, tuple] = {}
    lacks: dict[str, tuple] = {}
    figures = zh.References(review.report.figures)
    for sentence in review.sentences:
        things, part = terms.things(sentence.text), sentence.path[0]
        if not things:
            continue
        if part in _REPORTING and (_DONE.search(sentence.text) or figures.used_in(sentence.text)):
            for thing in things:
                claims.setdefault(thing, (sentence, sentence.text.index(thing)))
        elif part in ("problems", "plans") and _LACKING.search(sentence.text):
            for thing in things:
                lacks.setdefault(thing, (sentence, sentence.text.index(thing)))
    for thing, (claim, at) in claims.items():
        if thing not in lacks:
            continue
        lack = lacks[thing][0]
        part = "存在的不足" if lack.path[0] == "problems" else "下一年度安排"
        yield review.hit_in(
            f"这里说“{thing}”已经做到（{_excerpt(claim.text)}），而“{part}”中又说它仍有欠缺"
            f"（{review.line_of(lack.path, lack.line)}：{_excerpt(lack.text)}）：请核对，两处说法要一致",
            claim.path, claim.line, claim.offset + at)


def _excerpt(sentence: str) -> str:
    text = sentence.strip().rstrip("。；！？")
    return f"“{text[:30]}…”" if len(text) > 30 else f"“{text}”"


@rule("stale", "实务", WARNING)
def stale(review: Review) -> Iterator[Hit]:
    """文字与上年不雷同（相似度低于 90%，小标题和引语不算）；与上年相同且仍存在的问题有新的安排

    Compared with the year this one continues (based_on while its file exists, else the latest earlier
    year: workspace.TownDir.previous_year): Review.carried says which texts are compared and how. A problem
    carried unchanged is a finding only while no plan answers it; with one, followthrough asks what moved."""
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
