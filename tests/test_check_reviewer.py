"""The reviewer's rules (causes, headings, signature, followthrough, contradiction, figures, yoy, citations) and
the noise they named: for each rule a case it must catch, located, and a near miss it must leave alone."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_check import check, findings, place

from drafter.cli import cli
from drafter.rules import RULES

from conftest import SMALL_YEAR, small_town

CAUSE = "执法人员专业水平参差不齐。主要原因是缺少系统培训。"  # SMALL_YEAR's problem, with its cause
FIGURES = "  合同: {value: 12, unit: 份, label: 审查合同}"
# Last year (2023): the same report, but its opening says something else, so that only what a case carries over
# from it is like last year's text.
LAST_YEAR = SMALL_YEAR.replace("{{ year }}年，甲镇坚持依法行政，共审查合同{{ 合同 }}。",
                               "{{ year }}年，甲镇围绕中心工作，扎实推进法治政府建设各项任务，审查合同{{ 合同 }}。")
CARRIED = "执法人员专业水平参差不齐，部分执法人员对新修订的法律法规掌握不够及时、不够全面。"  # a problem kept a year
STILL = "    - title: 执法队伍专业度有待提高\n"
FOLLOWUP = "followup:\n  - plan: {plan}\n    status: {status}\n"


def add_figures(*lines: str) -> tuple[str, str]:
    return FIGURES, "\n".join([FIGURES, *lines])


# (rule, [(old, new), ...] applied to SMALL_YEAR, text appended, needle, offset of the finding in it,
#  last year's file or None)
CAUGHT = [
    ("causes", [(CAUSE, "执法人员专业水平参差不齐。")], "", "- title: 执法队伍专业度", 2, None),
    ("causes", [("heading: 存在的不足与原因", "heading: 存在问题")], "", "存在问题", 0, None),
    ("headings", [("heading: 下一年度推进法治政府建设的主要安排", "heading: 下一步工作举措")], "", "下一步工作举措", 0, None),
    ("headings", [("heading: 主要举措与成效", "heading: 主要工作情况")], "", "主要工作情况", 0, None),
    ("signature", [("signature: {organ: 甲镇人民政府, date: 2025年1月6日}\n", "")], "", "figures:", 0, None),
    ("signature", [], "", "opening:", 0, "addressee: 乙区人民政府：\n" + LAST_YEAR),
    ("followthrough", [], FOLLOWUP.format(plan="进一步推进政务公开工作", status="未落实"), "进一步推进政务公开", 0, None),
    ("followthrough", [(STILL, STILL + "      status: 仍存在\n"), (CAUSE, CARRIED)], "", CARRIED[:10], 0,
     LAST_YEAR.replace(CAUSE, CARRIED)),
    ("followthrough", [(STILL, "    - title: 档案管理不够规范\n      status: 仍存在\n")], "", "status: 仍存在", 0, None),
    ("contradiction", [("开展执法培训。", "为执法人员配齐执法记录仪。"), (CAUSE, "执法记录仪数量不足，原因是经费有限。")], "",
     "配齐执法记录仪", 2, None),
    ("contradiction", [("开展执法培训。", "配备执法记录仪{{ 记录仪 }}。"), ("组织执法人员培训。", "针对执法记录仪配备不足，增购一批。"),
                       add_figures("  记录仪: {value: 30, unit: 台}")], "", "执法记录仪{{", 0, None),
    ("figures", [("开展执法培训。", "办理合同{{ 甲类 }}、{{ 乙类 }}。"),
                 (FIGURES, FIGURES[:-1] + ", parts: [甲类, 乙类]}\n  甲类: {value: 8, unit: 份}\n  乙类: {value: 7, unit: 份}")],
     "", "[甲类, 乙类]", 0, None),
    ("figures", [("共审查合同{{ 合同 }}。", "共审查合同{{ 合同 }}，其中买卖合同{{ 甲类 }}、租赁合同{{ 乙类 }}。"),
                 add_figures("  甲类: {value: 8, unit: 份}", "  乙类: {value: 7, unit: 份}")], "", "{{ 合同 }}，其中", 0, None),
    ("figures", [("开展执法培训。", "执法人员参训率{{ 参训率 }}。"), add_figures("  参训率: {value: 100, unit: '%'}")], "",
     "{{ 参训率 }}", 0, None),
    ("figures", [("开展执法培训。", "执法培训实现全覆盖。")], "", "全覆盖", 0, None),
    ("yoy", [("共审查合同{{ 合同 }}。", "共审查合同{{ 合同 }}，同比增长。")], "", "{{ 合同 }}，同比", 0,
     LAST_YEAR.replace("{value: 12,", "{value: 20,")),
    ("citations", [("开展执法培训。", "落实《法治政府建设实施纲要（2015—2020年）》。")], "", "《法治政府", 0, None),
    ("citations", [("开展执法培训。", "落实《重大行政决策程序条例》。")], "", "《重大行政", 0, None),
    ("citations", [("开展执法培训。", "落实《法治政府建设实施纲要（2021-2025年）》。")], "", "《法治政府", 0, None),
    ("citations", [("开展执法培训。", "深化“七五”普法。")], "", "“七五”", 0, None),
    ("citations", [("开展执法培训。", "落实《西青区普法规划（2016—2020年）》。")], "", "《西青区", 0, None),
]

# (why, [(old, new), ...], text appended, last year's file or None): no finding at all
NEAR_MISSES = [
    ("a weak sign of a cause", [(CAUSE, "执法人员对新法学习还不够深入。")], "", None),
    ("a cause of its own", [(CAUSE, "执法人员专业水平参差不齐。\n      cause: 受疫情影响，集中培训减少。")], "", None),
    ("the lead gives the causes", [("  heading: 存在的不足与原因\n", "  heading: 存在的不足与原因\n  lead: 由于基层力量薄弱，仍存在以下不足：\n"),
                                   (CAUSE, "执法人员专业水平参差不齐。")], "", None),
    ("a plan heading naming next year", [("heading: 下一年度推进法治政府建设的主要安排", "heading: '{{ next_year }}年工作计划'")], "", None),
    ("a plan heading with the year written", [("heading: 下一年度推进法治政府建设的主要安排", "heading: 2025年工作打算")], "", None),
    ("a drafted year whose 落款 was deleted", [("signature: {organ: 甲镇人民政府, date: 2025年1月6日}\n", ""),
                                              ("opening:", "based_on: 2023\nopening:")], "", None),
    ("last year had no addressee either", [], "", LAST_YEAR),
    ("a plan not carried out, taken up again", [], FOLLOWUP.format(plan="加强执法队伍建设", status="未落实"), None),
    ("a plan about a thing no concept names, taken up", [("组织执法人员培训。", "做好档案整理，组织执法人员培训。")],
     FOLLOWUP.format(plan="做好档案整理工作", status="部分落实") + "    measure: 加强行政执法\n", None),
    ("a problem still there, rewritten this year", [(STILL, STILL + "      status: 仍存在\n")], "",
     LAST_YEAR.replace(CAUSE, CARRIED)),
    ("a measure that only works on the thing", [("开展执法培训。", "加强执法记录仪管理。"), (CAUSE, "执法记录仪数量不足，原因是经费有限。")],
     "", None),
    ("a plan that continues the thing", [("开展执法培训。", "为执法人员配齐执法记录仪。"), ("组织执法人员培训。", "持续做好执法记录仪管理。")],
     "", None),
    ("parts within the total", [("共审查合同{{ 合同 }}。", "共审查合同{{ 合同 }}，其中买卖合同{{ 甲类 }}、租赁合同{{ 乙类 }}。"),
                                add_figures("  甲类: {value: 5, unit: 份}", "  乙类: {value: 7, unit: 份}")], "", None),
    ("parts in another unit are not added", [("共审查合同{{ 合同 }}。", "共审查合同{{ 合同 }}，其中涉及金额{{ 金额 }}。"),
                                             add_figures("  金额: {value: 300, unit: 万元}")], "", None),
    ("an approximate total", [("共审查合同{{ 合同 }}。", "共审查合同{{ 合同 }}，其中买卖合同{{ 甲类 }}。"),
                              add_figures("  甲类: {value: 15, unit: 份}"),
                              ("{value: 12, unit: 份", "{value: 12, approx: true, unit: 份")], "", None),
    ("100% with its count", [("开展执法培训。", "参训执法人员{{ 参训人数 }}，参训率{{ 参训率 }}。"),
                             add_figures("  参训率: {value: 100, unit: '%'}", "  参训人数: {value: 23, unit: 名}")], "", None),
    ("全覆盖 with a count written", [("开展执法培训。", "23名执法人员培训实现全覆盖。")], "", None),
    ("a rate below 100%", [("开展执法培训。", "执法人员参训率{{ 参训率 }}。"), add_figures("  参训率: {value: 98, unit: '%'}")], "", None),
    ("全覆盖 as next year's aim", [("组织执法人员培训。", "组织执法人员培训，实现全覆盖。")], "", None),
    ("growth that is growth", [("共审查合同{{ 合同 }}。", "共审查合同{{ 合同 }}，同比增长。")], "",
     LAST_YEAR.replace("{value: 12,", "{value: 10,")),
    ("a change named by its own figure", [("开展执法培训。", "执法案件同比下降{{ 降幅 }}。"),
                                          add_figures("  降幅: {value: 15, unit: '%'}")], "",
     LAST_YEAR.replace("开展执法培训。", "执法案件同比下降{{ 降幅 }}。").replace(FIGURES, FIGURES + "\n  降幅: {value: 10, unit: '%'}")),
    ("documents in force, and short names", [("开展执法培训。", "落实《法治政府建设实施纲要（2021—2025年）》和新《行政处罚法》，推进“八五”普法。")],
     "", None),
]


def _case(tmp_path, edits, appended, last_year):
    if last_year is not None:
        small_town(tmp_path, last_year, year=2023)
    text = SMALL_YEAR
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return small_town(tmp_path, text + appended), text + appended


@pytest.mark.parametrize("rule, edits, appended, needle, offset, last_year", CAUGHT,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CAUGHT)])
def test_each_reviewer_finding_is_located(tmp_path, rule, edits, appended, needle, offset, last_year):
    file, text = _case(tmp_path, edits, appended, last_year)
    found = findings(tmp_path)
    hits = [f for f in found if f["rule"] == rule]
    assert hits, found
    line, column = place(text, needle, offset)
    assert (hits[0]["level"], hits[0]["line"], hits[0]["column"]) == (RULES[rule].level, line, column), hits[0]
    assert hits[0]["file"] == str(file) and hits[0]["tier"] == RULES[rule].tier
    assert not [f for f in found if f["rule"] != rule], found  # one defect, one kind of finding


@pytest.mark.parametrize("why, edits, appended, last_year", NEAR_MISSES, ids=[c[0] for c in NEAR_MISSES])
def test_near_misses_are_left_alone(tmp_path, why, edits, appended, last_year):
    _case(tmp_path, edits, appended, last_year)
    assert findings(tmp_path) == []


def test_messages_name_what_to_do_and_the_second_place(tmp_path):
    """Each message says what is wrong and how to mend it; a rule that names two places names both."""
    said = {}
    for i, (rule, edits, appended, _, _, last_year) in enumerate(CAUGHT):
        root = tmp_path / str(i)
        _case(root, edits, appended, last_year)
        said.setdefault(rule, []).append(findings(root)[0]["message"])
    assert said["causes"][0] == ("问题“执法队伍专业度有待提高”没有写原因：条例要求报告不足和原因。"
                                 "请用 cause 写明（如 cause: 主要原因是……），或在正文中说明（由于……、受……影响）")
    assert said["causes"][1] == "标题“存在问题”没有“原因”：条例的这一项是“存在的不足和原因”，请写明原因，标题可写作“存在的不足与原因”"
    assert said["headings"][0] == ("标题“下一步工作举措”没有“下一年度”“安排”，与条例的措辞不一致："
                                   "条例的这一项是“下一年度推进法治政府建设的主要安排”，建议照此写")
    assert "“成效”" in said["headings"][1] and "建议写作“主要举措与成效”" in said["headings"][1]
    assert said["signature"][0].startswith("报告没有落款：上报的公文应有发文机关署名和成文日期（GB/T 9704 §7.3.5）")
    assert "2023 年度的报告写了“乙区人民政府：”" in said["signature"][1]
    assert said["followthrough"][0] == ("上年的安排“进一步推进政务公开工作”标为未落实，但今年的“存在的不足”和“下一年度安排”中都没有提到它："
                                        "请在 plans 中新增一条接续它，或在 problems 中说明没有落实的原因")
    assert "与2023年的文字相同" in said["followthrough"][1] and "为什么没有进展" in said["followthrough"][1]
    assert "仍存在，但下一年度安排中找不到针对它的措施" in said["followthrough"][2]
    text = _case(tmp_path / "x", CAUGHT[9][1], "", None)[1]
    assert f"第 {place(text, '执法记录仪数量不足')[0]} 行" in said["contradiction"][0]
    assert "“存在的不足”中又说它仍有欠缺" in said["contradiction"][0]
    assert "“下一年度安排”中又说它仍有欠缺" in said["contradiction"][1]
    assert said["figures"][0].startswith("合计“合同”是 12份，少于其中各部分之和 15份（甲类 8份 + 乙类 7份）")
    assert said["figures"][2].startswith("“参训率”是 100%，同一句中却没有给出基数") and "全覆盖" in said["figures"][3]
    assert said["yoy"][0].startswith("正文说“合同”同比增长，而数据是2023年 20份、今年 12份，比上年减少8份（下降40%）")
    assert "towns/甲/2023.yaml:" in said["yoy"][0] and "{{ 合同.change }}" in said["yoy"][0]
    assert said["citations"][0].startswith("《法治政府建设实施纲要（2015—2020年）》的期限到 2020 年，2024 年度的报告还引用它")
    assert said["citations"][1] == "文件名应为《重大行政决策程序暂行条例》（国务院），这里写作《重大行政决策程序条例》"
    assert said["citations"][3].startswith("“七五”普法的期限到 2020 年")


def test_a_2026_report_citing_the_2021_2025_outline(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("开展执法培训。", "落实《法治政府建设实施纲要（2021—2025年）》。"), year=2026)
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "check", "-t", "甲", "-y", "2026"])
    assert "《法治政府建设实施纲要（2021—2025年）》的期限到 2025 年，2026 年度的报告还引用它" in result.stdout


def test_a_town_can_switch_off_the_practice_rules_but_not_the_regulation(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("开展执法培训。", "执法培训实现全覆盖。"),
               town_text="name: 甲镇\ndistrict: 乙区\nchecks_off: [figures, contradiction, followthrough, yoy, citations]\n")
    assert check(tmp_path).exit_code == 0 and findings(tmp_path) == []
    small_town(tmp_path, town_text="name: 甲镇\ndistrict: 乙区\nchecks_off: [causes]\n")
    assert "“causes”是条例的要求" in check(tmp_path).stdout


def test_stale_leaves_titles_and_quotations_alone(tmp_path):
    """The reviewer's noise: an item title the same as last year's, and the opening's standard quotation."""
    quote = "习近平总书记强调：“推进全面依法治国，法治政府建设是重点任务和主体工程，对法治国家、法治社会建设具有示范带动作用”。"
    title = "加强行政执法，坚持严格规范公正文明执法，提升执法质效"
    last = (SMALL_YEAR.replace("{{ year }}年，甲镇坚持依法行政，共审查合同{{ 合同 }}。", quote + "甲镇坚持依法行政，审查合同{{ 合同 }}。")
            .replace("- title: 加强行政执法", f"- title: {title}"))
    small_town(tmp_path, last, year=2023)
    small_town(tmp_path, last.replace("甲镇坚持依法行政，审查合同{{ 合同 }}。", "{{ year }}年，甲镇统筹推进法治建设，共审查合同{{ 合同 }}。"))
    assert findings(tmp_path) == []
    # the same report with the text after the quotation copied too is still stale
    small_town(tmp_path, last)
    assert [f["rule"] for f in findings(tmp_path)] == ["stale"]


def test_a_plan_not_carried_out_is_pointed_to_the_plan_it_could_join(tmp_path):
    text = (SMALL_YEAR.replace("组织执法人员培训。", "做好档案整理，组织执法人员培训。")
            + FOLLOWUP.format(plan="加强档案数字化建设", status="未落实"))
    small_town(tmp_path, text)
    [finding] = findings(tmp_path)
    assert finding["message"] == (f"上年的安排“加强档案数字化建设”标为未落实，但今年的“存在的不足”和“下一年度安排”中都没有提到它："
                                  f"可以写入今年的安排“加强执法队伍建设”（第 {place(text, '- title: 加强执法队伍建设')[0]} 行），"
                                  "或在不足中说明没有落实的原因")


def test_a_problem_not_yet_judged_is_asked_once(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace(STILL, STILL + "      status: 待填\n").replace(CAUSE, "执法人员专业水平参差不齐。"))
    assert [f["rule"] for f in findings(tmp_path)] == ["undecided"]


def test_a_report_on_last_years_plans_is_the_measures_part(tmp_path):
    """"上年工作计划完成情况" reports the measures (as import reads it): coverage finds the part, and only the
    headings rule asks for the regulation's wording."""
    _case(tmp_path, [("heading: 主要举措与成效", "heading: 上年工作计划完成情况")], "", None)
    assert [f["rule"] for f in findings(tmp_path)] == ["headings"]
