"""Rules on what a final report may not leave open, and on the regulation's four items being there.

The renderer records what it meets left open (texts.Fact); these rules word it. A draft shows each of
them in the document instead (a highlighted gap, a margin note), so they stop only a final export.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import DEFAULT_HEADINGS, PART_NAMES, PENDING, REQUIRED_PARTS, names_item
from . import ERROR, WARNING, Hit, Review, rule, terms


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
        if not names_item(heading, key):
            yield Hit(f"标题“{heading}”看不出是条例要求的“{PART_NAMES[key]}”：审阅者可能认为缺少这项内容，"
                      f"请在标题中点明（如“{DEFAULT_HEADINGS[key]}”）", (key, "heading"))


@rule("causes", "条例", WARNING)
def causes(review: Review) -> Iterator[Hit]:
    """每个不足都写明原因（cause，或正文中的“由于”“受……影响”“原因在于”等），部分标题不丢“原因”

    The regulation's item is 不足和原因: a problem that states only its symptoms leaves half of it out. A
    cause is a `cause`, or a text with a sign of one (terms.CAUSE_STRONG, CAUSE_WEAK); a part whose lead gives
    the causes of all its problems, or that has an item on 原因, answers for every item. A problem carried
    from last year and not yet judged (status 待填) is left to undecided."""
    part = review.report.problems
    heading = part.heading or DEFAULT_HEADINGS["problems"]
    if "原因" not in heading and names_item(heading, "problems"):
        yield Hit(f"标题“{heading}”没有“原因”：条例的这一项是“存在的不足和原因”，请写明原因，"
                  f"标题可写作“{DEFAULT_HEADINGS['problems']}”", ("problems", "heading"))
    if terms.CAUSE_STRONG.search(part.lead or "") or any("原因" in (item.title or "") for item in part.items):
        return
    said_of: dict[int, list[tuple[tuple, str]]] = {}  # each problem's texts at any depth
    for path, text in review.texts:
        if path[:2] == ("problems", "items"):
            said_of.setdefault(path[2], []).append((path, text))
    for i, item in enumerate(part.items):
        said = said_of.get(i, [])
        if item.status in ("待填", "已整改") or any(
                path[-1] == "cause" or terms.CAUSE_STRONG.search(t) or terms.CAUSE_WEAK.search(t) for path, t in said):
            continue  # undecided or solved (undecided's error), or a cause given
        name = item.title or (item.text or "")[:20]
        yield Hit(f"问题“{name}”没有写原因：条例要求报告不足和原因。请用 cause 写明（如 cause: 主要原因是……），"
                  "或在正文中说明（由于……、受……影响）", ("problems", "items", i))


# The two things each item's wording in the regulation names, each with the words that say it.
_WORDING = {
    "duties": ("党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
               (("第一责任人", "主要负责人"), ("职责", "履职"))),
    "measures": ("推进法治政府建设的主要举措和成效", (("举措", "措施", "做法", "工作"), ("成效", "成果", "成绩", "效果"))),
    "plans": ("下一年度推进法治政府建设的主要安排",
              (("下一年度", "下一年", "明年", "next_year"), ("安排", "计划", "打算", "思路"))),
}


@rule("headings", "条例", WARNING)
def headings(review: Review) -> Iterator[Hit]:
    """部分标题用条例的措辞（如“下一年度推进法治政府建设的主要安排”，而不是“下一步工作举措”）

    A heading may shorten the regulation's wording but not drop one of the two things it names (举措 and
    成效; 下一年度 and 安排): "下一步" is not next year, and 举措 is the word of the part on this year's work.
    A heading coverage cannot place at all is left to coverage; the problems part's 原因 to causes."""
    for key, (wording, groups) in _WORDING.items():
        heading = getattr(review.report, key).heading
        if heading is None or not names_item(heading, key):
            continue
        wanted = [*groups[0], f"{review.year + 1}年"] if key == "plans" else groups[0]
        missing = [group[0] for group in (wanted, groups[1]) if not any(w in heading for w in group)]
        if missing:
            said = "”“".join(missing)
            advice = "建议照此写" if wording == DEFAULT_HEADINGS[key] else f"建议写作“{DEFAULT_HEADINGS[key]}”"
            yield Hit(f"标题“{heading}”没有“{said}”，与条例的措辞不一致：条例的这一项是“{wording}”，{advice}",
                      (key, "heading"))


@rule("signature", "国标", WARNING)
def signature(review: Review) -> Iterator[Hit]:
    """报告有落款（发文机关署名和成文日期）；上年有主送机关的，今年也写（GB/T 9704 §7.2.4、§7.3.5）

    A warning, not an error: a report published on the web is printed without its 落款 and 主送机关 (the
    two examples are such texts). A year being drafted is asked more firmly: `drafter new` writes
    `signature: {date: null}`, whose empty date `required` reports as an error until it is filled (the draft
    shows the gap); a drafted year (based_on) without the key had it deleted, which README tells the clerk
    to do for a report without a 落款, so that choice is not questioned again. The organ is never missing:
    it falls back to town.yaml's organ, then to the town's full name. Whether a town's reports carry an
    addressee is read from last year's: a report with none, after one with one, has most likely lost it."""
    report, town = review.report, review.loaded.town
    if report.signature is None and report.based_on is None:
        before = next((k for k in ("figures", "layout") if k in report.model_fields_set), None)
        at = review.source.where((before,), key=True) if before else review.source.where(())
        yield Hit("报告没有落款：上报的公文应有发文机关署名和成文日期（GB/T 9704 §7.3.5）。请加上 signature:"
                  f" {{date: {review.year + 1}年1月6日}}（署名不写则用 town.yaml 的 organ）；网上公开的文本不要落款时，可不理会此条",
                  ("signature",), line=at.line, column=at.column)
    if report.addressee or town.addressee or "addressee" in report.model_fields_set:
        return  # written, or `addressee: null`, which `required` reports as a gap
    previous = review.loaded.previous
    if previous is not None and previous[1].addressee:
        at = review.source.where(("opening",), key=True)  # where an addressee is written
        yield Hit(f"报告没有主送机关，而 {previous[0]} 年度的报告写了“{previous[1].addressee}”：上报的报告应写主送机关"
                  "（GB/T 9704 §7.2.4）。请在 opening 之前写 addressee（或在 town.yaml 中写默认的 addressee）",
                  ("addressee",), line=at.line, column=at.column)
