"""Rules on what a final report may not leave open, and on the regulation's four items being there.

The renderer records what it meets left open (texts.Fact); these rules word it. A draft shows each of
them in the document instead (a highlighted gap, a margin note), so they stop only a final export.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import DEFAULT_HEADINGS, PART_MEANINGS, PART_NAMES, PENDING, REQUIRED_PARTS
from . import ERROR, WARNING, Hit, Review, rule


def _facts(review: Review, kind: str) -> Iterator[tuple]:
    return (f.path for f in review.resolved.facts if f.kind == kind)


@rule("required", "条例", ERROR, draft_shows=True)
def required(review: Review) -> Iterator[Hit]:
    """四个必备部分都有内容，主送机关和成文日期已填写

    The regulation asks for each of the four items; a report without one is not a report."""
    for (key,) in _facts(review, "empty"):
        yield Hit(f"“{PART_NAMES[key]}”部分还没有内容：请写 lead 或 items", (key,), key=True)
    for path in _facts(review, "undated"):
        yield Hit("成文日期还没有填写：请写 signature.date，如 2024年1月6日", path, key=True)
    for path in _facts(review, "noaddressee"):
        yield Hit("主送机关还没有填写：请写 addressee，如 中共西青区委、西青区人民政府：；"
                  "报告不写主送机关时删去 addressee 这一行", path, key=True)


@rule("unfilled", "实务", ERROR, draft_shows=True)
def unfilled(review: Review) -> Iterator[Hit]:
    """正文用到的数字都已填写

    A figure left `null` would print as a gap; reported once per figure, at its value."""
    for path in _facts(review, "figure"):
        name = path[1]
        label = review.report.figures[name].label or "无说明"
        yield Hit(f"数字“{name}”（{label}）还没有填写数值，请填写 value", path + ("value",))


@rule("unreviewed", "实务", ERROR, draft_shows=True)
def unreviewed(review: Review) -> Iterator[Hit]:
    """沿用上年或示例的文字都已核对

    `drafter new` marks every carried text `reviewed: false`; printing it unread risks last year's facts."""
    for path in _facts(review, "unreviewed"):
        what = "开头" if path == ("opening",) else "导语" if len(path) == 1 else "条目"
        yield Hit(f"{what}的文字尚未核对（reviewed: false）：核对、更新后改为 true（或删去这一行）",
                  path + ("reviewed",), key=True)


@rule("undecided", "实务", ERROR, draft_shows=True)
def undecided(review: Review) -> Iterator[Hit]:
    """上年的问题已判断是否整改，已整改的不再列为问题

    An error, not a warning: a problem marked 已整改 yet listed under 不足 says two opposite things in the
    printed report, and one marked 待填 has not been judged at all."""
    for path in _facts(review, "status"):
        if review.report.at(path).status == PENDING:
            message = "上年的问题还没有判断：把 status 改为 已整改 或 仍存在（已整改的问题请删去或改写）"
        else:
            message = "这条问题标为“已整改”，不应再写在“存在的不足”中：请删去这一条，或改写为仍存在的问题并把 status 改为 仍存在"
        yield Hit(message, path + ("status",), key=True)


@rule("coverage", "条例", WARNING)
def coverage(review: Review) -> Iterator[Hit]:
    """条例要求报告的各项内容（第一责任人职责、举措和成效、不足和原因、下一年度安排）都能在报告中找到

    A heading that names none of an item's words (PART_MEANINGS) leaves a reviewer unsure it is there."""
    for key in REQUIRED_PARTS:
        heading = getattr(review.report, key).heading or DEFAULT_HEADINGS[key]
        if not PART_MEANINGS[key].search(heading):
            yield Hit(f"标题“{heading}”看不出是条例要求的“{PART_NAMES[key]}”：审阅者可能认为缺少这项内容，"
                      f"请在标题中点明（如“{DEFAULT_HEADINGS[key]}”）", (key, "heading"))
