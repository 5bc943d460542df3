"""`drafter check`: one small YAML per finding, located exactly; the examples; output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter.cli import cli
from drafter.rules import RULES

from conftest import SMALL_TOWN, SMALL_YEAR, small_town


def check(tmp_path: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(tmp_path), "check", "-t", "甲", "-y", "2024", *args])


def findings(tmp_path: Path) -> list[dict]:
    result = check(tmp_path, "--format", "json")
    return json.loads(result.stdout)["findings"]


def place(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of `needle` (+ offset characters) in `text`, found independently."""
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return n, line.index(needle) + offset + 1
    raise AssertionError(needle)


def test_base_is_clean(tmp_path):
    small_town(tmp_path)
    result = check(tmp_path)
    assert result.exit_code == 0 and "没有发现问题" in result.stdout, result.stdout


# (rule, level, old, new, needle in the edited file, offset of the finding within the needle)
CASES = [
    ("yaml", "错误", "  formula: 现将", "  formula: [现将", "现将", -1),
    ("schema", "错误", "  heading: 主要举措与成效", "  headng: 主要举措与成效", "headng:", 0),
    ("schema", "错误", "{value: 12,", "{value: 十二,", "十二", 0),
    ("text", "错误", "{{ 合同 }}。", "{{ 合同 }}，{{ 案件 }}。", "案件 }}", 0),
    ("text", "错误", "{{ 合同 }}。", "{{ 合同 }。", "{{ year }}", 0),
    ("required", "错误", "  heading: 下一年度推进法治政府建设的主要安排\n  items:\n    - title: 加强执法队伍建设\n      text: 组织执法人员培训。\n",
     "  heading: 下一年度推进法治政府建设的主要安排\n", "plans:", 0),
    ("coverage", "警告", "heading: 存在的不足与原因", "heading: 工作展望", "工作展望", 0),
    ("unfilled", "错误", "{value: 12,", "{value: null,", "null", 0),
    ("unreviewed", "错误", "    - title: 加强行政执法\n", "    - title: 加强行政执法\n      reviewed: false\n", "reviewed", 0),
    ("undecided", "错误", "      text: 执法人员专业水平", "      status: 待填\n      text: 执法人员专业水平", "status", 0),
    ("undecided", "错误", "      text: 执法人员专业水平", "      status: 已整改\n      text: 执法人员专业水平", "status", 0),
    ("answered", "警告", "    - title: 加强执法队伍建设\n      text: 组织执法人员培训。",
     "    - title: 加强机关建设\n      text: 组织学习。", "- title: 执法队伍专业度", 2),
    ("punct", "警告", "坚持依法行政，共", "坚持依法行政,共", ",", 0),
    ("pairs", "警告", "开展执法培训。", "开展“执法培训。", "开展“执法", 0),
    ("spaces", "警告", "开展执法培训。", "开展 执法培训。", " 执法培训", 0),
    ("numbering", "警告", "开展执法培训。", "开展执法培训：1、集中培训。", "1、", 0),
    ("repeat", "警告", "开展执法培训。", "开展执法培训。。", "。。", 0),
    ("years", "警告", "开展执法培训。", "开展执法培训，落实2021年计划。", "2021年", 0),
    ("unused", "警告", "  合同: {value: 12", "  案件: {value: 3, unit: 件}\n  合同: {value: 12", "案件:", 0),
    ("schema", "错误", "date: 2025年1月6日", "date: 2025年01月06日", "2025年01月06日", 0),
]


@pytest.mark.parametrize("rule, level, old, new, needle, offset", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_finding_is_located(tmp_path, rule, level, old, new, needle, offset):
    assert old in SMALL_YEAR
    text = SMALL_YEAR.replace(old, new, 1)
    file = small_town(tmp_path, text)
    found = findings(tmp_path)
    line, column = place(text, needle, offset)
    hits = [f for f in found if f["rule"] == rule]
    assert hits, found
    assert (hits[0]["level"], hits[0]["line"], hits[0]["column"]) == (level, line, column), hits[0]
    assert hits[0]["file"] == str(file) and hits[0]["tier"] == RULES[rule].tier
    assert not [f for f in found if f["rule"] != rule], found  # one defect, one kind of finding


def test_year_in_book_title_is_not_a_stale_year(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("开展执法培训。", "落实《纲要（2021—2025年）》。"))
    assert findings(tmp_path) == []


def test_followup_rules(tmp_path):
    text = SMALL_YEAR + ("followup:\n"
                         "  - plan: 加强执法队伍建设\n    status: 待填\n"
                         "  - plan: 推进政务公开\n    status: 已落实\n"
                         "  - plan: 做好复议应诉\n    status: 部分落实\n    measure: 加强行政执\n")
    small_town(tmp_path, text)
    got = [(f["line"], f["column"], f["message"]) for f in findings(tmp_path) if f["rule"] == "followup"]
    assert [(line, col) for line, col, _ in got] == [place(text, "status: 待填"), place(text, "status: 已落实"),
                                                    place(text, "measure: 加强行政执", 9)]
    assert "你是不是想写“加强行政执法”" in got[2][2]


def test_stale_text_against_the_previous_year(tmp_path):
    long_text = "严格落实行政执法三项制度，全面推行执法公示、执法全过程记录和重大执法决定法制审核制度，规范执法行为。"
    old = SMALL_YEAR.replace("开展执法培训。", long_text).replace("执法人员专业水平参差不齐。", "执法人员专业水平参差不齐，法律专业人才短缺，部分基层执法人员法治意识不足。")
    small_town(tmp_path, old, year=2023)
    new = old.replace("规范执法行为。", "规范执法行为！").replace("    - title: 执法队伍专业度有待提高\n",
                                                          "    - title: 执法队伍专业度有待提高\n      status: 仍存在\n")
    new = new.replace("- title: 加强执法队伍建设\n      text: 组织执法人员培训。", "- title: 加强机关建设\n      text: 组织学习。")
    file = small_town(tmp_path, new)
    stale = [f for f in findings(tmp_path) if f["rule"] == "stale"]
    # the opening is word for word last year's too; one changed character does not make a text new
    assert [(f["line"], f["column"]) for f in stale] == [
        place(new, "{{ year }}年"), place(new, long_text[:10]), place(new, "执法人员专业水平")]
    assert "2023年" in stale[1]["message"] and "新措施" in stale[2]["message"]
    assert file.exists()


def test_rules_can_be_switched_off_in_town_yaml(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("组织执法人员培训。", "组织学习。"), town_text=SMALL_TOWN + "checks_off: [answered]\n")
    result = check(tmp_path)
    assert result.exit_code == 0 and "answered" in result.stdout and "没有发现问题" in result.stdout
    small_town(tmp_path, SMALL_YEAR, town_text=SMALL_TOWN + "checks_off: [punct]\n")
    result = check(tmp_path)
    assert result.exit_code == 1 and "只能关闭实务类" in result.stdout


def test_examples_have_no_errors_and_only_agreed_warnings(ws):
    # ws holds the example town-years only: a town or year a user adds to towns/ is not checked here
    result = CliRunner().invoke(cli, ["--root", str(ws), "check", "--all", "--format", "json"])
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["errors"] == 0
    by_file = {}
    for f in data["findings"]:
        by_file.setdefault(Path(f["file"]).parent.name, []).append(f["rule"])
    # 辛口: a problem with no cause, no 2023 plan touches 重大行政决策, no 落款 (a web text); 张家窝: 《纲要（2021-2025年）》
    # with a hyphen, a bare 100%, "存在问题" without 原因 and two problems without one, "下一步工作举措", the
    # half-width , ( ) its last part really has, no 落款. tests/test_check_reviewer.py has each rule's cases.
    assert by_file == {"辛口": ["causes", "answered", "signature"],
                       "张家窝": ["citations", "figures", "causes", "causes", "causes", "headings", *["punct"] * 13,
                                 "signature"]}


def test_exit_codes_and_text_output(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("坚持依法行政，共", "坚持依法行政,共"))
    result = check(tmp_path)
    assert result.exit_code == 0 and "【开头】" in result.stdout and "共 0 个错误、1 个警告。" in result.stdout
    assert check(tmp_path, "--strict").exit_code == 1
    small_town(tmp_path, SMALL_YEAR.replace("  heading: 主要举措与成效", "  headng: 主要举措与成效"))
    assert check(tmp_path).exit_code == 1
    usage = CliRunner().invoke(cli, ["--root", str(tmp_path), "check"])
    assert usage.exit_code == 2


def test_check_by_path_and_rules_listing(tmp_path):
    file = small_town(tmp_path)
    result = CliRunner().invoke(cli, ["check", str(file)])
    assert result.exit_code == 0 and "没有发现问题" in result.stdout
    listing = CliRunner().invoke(cli, ["check", "--rules"]).stdout
    for rule in RULES.values():
        assert rule.id in listing and rule.tier in listing


def test_export_prints_warnings_and_strict_refuses(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("坚持依法行政，共", "坚持依法行政,共"))
    out = tmp_path / "r.docx"
    runner = CliRunner()
    result = runner.invoke(cli, ["--root", str(tmp_path), "export", "-t", "甲", "-y", "2024", "-o", str(out)])
    assert result.exit_code == 0 and "警告：" in result.stderr and out.exists()
    out.unlink()
    result = runner.invoke(cli, ["--root", str(tmp_path), "export", "-t", "甲", "-y", "2024", "-o", str(out), "--strict"])
    assert result.exit_code == 1 and "--strict" in result.stderr and not out.exists()


def test_export_uses_the_towns_rule_set(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("组织执法人员培训。", "组织学习。").replace("加强执法队伍建设", "加强机关建设"),
               town_text=SMALL_TOWN + "checks_off: [answered]\n")
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "export", "-t", "甲", "-y", "2024", "-o", str(out), "--strict"])
    assert result.exit_code == 0 and "answered" not in result.output


def test_spaces_around_figures_are_caught_and_title_spaces_are_not(tmp_path):
    text = "title: 甲镇 2024年度 法治政府建设情况报告\n" + SMALL_YEAR.replace("共审查合同{{ 合同 }}。", "共审查合同 {{ 合同 }} 。")
    small_town(tmp_path, text)
    spaces = [f for f in findings(tmp_path) if f["rule"] == "spaces"]
    assert [(f["line"], f["column"]) for f in spaces] == [place(text, " {{ 合同"), place(text, " 。")]


def test_years_rule_skips_ranges_and_targets(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("开展执法培训。", "到2035年基本建成法治政府，落实纲要（2021—2025年）。"))
    assert [f for f in findings(tmp_path) if f["rule"] == "years"] == []


def test_all_reports_a_broken_or_missing_town_file_once(tmp_path):
    small_town(tmp_path)
    broken = tmp_path / "towns" / "乙"
    broken.mkdir()
    (broken / "town.yaml").write_text("name: 乙镇\ndistrct: 丙区\n", encoding="utf-8")
    for year in (2023, 2024):
        (broken / f"{year}.yaml").write_text(SMALL_YEAR, encoding="utf-8")
    (tmp_path / "towns" / "丁").mkdir()
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "check", "--all"])
    assert result.exit_code == 1
    assert result.stdout.count("distrct") == 1 and "没有检查 2023、2024 年度" in result.stdout
    assert "缺少 town.yaml" in result.stdout


@pytest.mark.parametrize("rule, level, old, new, needle, offset", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_export_agrees_with_check(tmp_path, rule, level, old, new, needle, offset):
    """One registry: what check calls an error stops a final export, a warning is printed and the document
    written; a draft is stopped only by the errors it cannot show in the document."""
    small_town(tmp_path, SMALL_YEAR.replace(old, new, 1))
    message = next(f["message"] for f in findings(tmp_path) if f["rule"] == rule)
    runner = CliRunner()
    export = ["--root", str(tmp_path), "export", "-t", "甲", "-y", "2024", "-o"]
    final = runner.invoke(cli, [*export, str(tmp_path / "final.docx")])
    assert message in final.stderr
    assert (final.exit_code, (tmp_path / "final.docx").exists()) == ((1, False) if level == "错误" else (0, True))
    draft = runner.invoke(cli, [*export, str(tmp_path / "draft.docx"), "--draft"])
    shown_in_draft = rule in ("required", "unfilled", "unreviewed", "undecided")
    assert draft.exit_code == (0 if level == "警告" or shown_in_draft else 1), draft.output


def test_summary_says_which_errors_a_draft_can_show(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("{value: 12,", "{value: null,").replace("  formula: 现将", "  formula: 现将{{ 案件 }}"))
    result = check(tmp_path)
    assert result.exit_code == 1
    assert "共 2 个错误、0 个警告。其中 1 个错误是还没有完成的内容" in result.stdout and "--draft" in result.stdout


def test_a_rule_that_cannot_be_off_says_why_and_blocks_only_the_final_report(tmp_path):
    small_town(tmp_path, town_text=SMALL_TOWN + "checks_off: [unreviewed, punct, nosuch]\n")
    result = check(tmp_path)
    assert result.exit_code == 1
    assert "“unreviewed”是错误" in result.stdout and "“punct”是国家标准" in result.stdout
    assert "“nosuch”不是 drafter 的规则" in result.stdout
    runner, root = CliRunner(), ["--root", str(tmp_path)]
    final = runner.invoke(cli, [*root, "export", "-t", "甲", "-y", "2024", "-o", str(tmp_path / "f.docx")])
    assert final.exit_code == 1 and "“unreviewed”是错误" in final.stderr and not (tmp_path / "f.docx").exists()
    assert runner.invoke(cli, [*root, "export", "-t", "甲", "-y", "2024", "--draft", "-o", str(tmp_path / "d.docx")]).exit_code == 0
    assert runner.invoke(cli, [*root, "preview", "-t", "甲", "-y", "2024"]).exit_code == 0


def test_final_export_lists_every_error_in_file_order_and_hints_draft_only_when_it_helps(tmp_path):
    text = SMALL_YEAR.replace("{value: 12,", "{value: null,").replace("开展执法培训。", "开展执法培训{{ 案件 }}。")
    file = small_town(tmp_path, text)
    args = ["--root", str(tmp_path), "export", "-t", "甲", "-y", "2024", "-o", str(tmp_path / "r.docx")]
    result = CliRunner().invoke(cli, args)
    listed = [int(line.split(":")[1]) for line in result.stderr.splitlines() if line.startswith(f"错误：{file}:")]
    assert listed == sorted(listed) and len(listed) == 2
    assert "其中 1 处是还没有完成的内容；改正其余的错误后，可先加 --draft" in result.stderr
    assert CliRunner().invoke(cli, [*args, "--draft"]).exit_code == 1  # the undefined name still stops a draft


def test_followup_may_name_an_item_under_duties(tmp_path):
    """A plan about 关键少数 is reported under 第一责任人职责: the clerk names that item, and check agrees."""
    text = SMALL_YEAR.replace("  lead: 党政主要负责人认真履职。\n", "  items:\n    - title: 抓住领导干部这个关键少数\n      text: 组织集体学法。\n")
    text += "followup:\n  - plan: 抓好关键少数\n    status: 已落实\n    measure: 抓住领导干部这个关键少数\n"
    small_town(tmp_path, text)
    assert [f for f in findings(tmp_path) if f["rule"] == "followup"] == []
    small_town(tmp_path, text.replace("measure: 抓住领导干部这个关键少数", "measure: 抓住领导干部"))
    got = [f["message"] for f in findings(tmp_path) if f["rule"] == "followup"]
    assert len(got) == 1 and "你是不是想写“抓住领导干部这个关键少数”" in got[0]
