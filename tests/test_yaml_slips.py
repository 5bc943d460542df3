"""YAML slips a clerk makes: every one reported in one run, each at the line with the mistake, with the fix."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from drafter.cli import cli

from conftest import SMALL_YEAR, small_town

HEADING = "  heading: 主要举措与成效"  # line 9 of SMALL_YEAR, the first key under measures:
FIGURE = SMALL_YEAR.splitlines().index("  合同: {value: 12, unit: 份, label: 审查合同}") + 1  # its line


def check(root, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), "check", "-t", "甲", "-y", "2024", *args])


def findings(root) -> tuple[int, list[dict]]:
    result = check(root, "--format", "json")
    return result.exit_code, json.loads(result.stdout)["findings"]


def export(root) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), "export", "-t", "甲", "-y", "2024"])
    return result.exit_code, result.output


def places(found: list[dict], rule: str) -> list[tuple[int, int]]:
    return [(f["line"], f["column"]) for f in found if f["rule"] == rule]


def test_full_width_colon_is_named_at_its_own_line(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace(HEADING, "  heading：主要举措与成效"))
    code, found = findings(tmp_path)
    assert code == 1 and places(found, "yaml") == [(9, 10)], found  # not line 10, where YAML stops
    assert "键后面的冒号要用半角“:”（英文冒号），并在后面空一格" in found[0]["message"]


@pytest.mark.parametrize("old, new, line, words", [
    (HEADING, "   heading: 主要举措与成效", 9, "这一行缩进 3 个空格，应与第 10 行的 items 对齐，用 2 个空格"),
    ("  lead: 党政", "    lead: 党政", 7, "这一行缩进 4 个空格，应与第 6 行的 heading 对齐，用 2 个空格"),
    ("      text: 开展执法培训。", "     text: 开展执法培训。", 12, "这一行缩进 5 个空格，应与第 11 行的 title 对齐，用 6 个空格"),
], ids=["shallower-sibling-below", "deeper-than-sibling", "key-of-a-list-item"])
def test_misindented_key_says_how_many_spaces(tmp_path, old, new, line, words):
    small_town(tmp_path, SMALL_YEAR.replace(old, new))
    code, found = findings(tmp_path)
    assert code == 1 and [f["line"] for f in found] == [line], found
    assert words in found[0]["message"] and "列表" not in found[0]["message"]


def test_every_syntax_error_in_one_run_and_the_rest_checked(tmp_path):
    text = (SMALL_YEAR.replace(HEADING, "  heading：主要举措与成效")
            .replace("      text: 开展执法培训。", "     text: 开展执法培训。")  # a second slip in the same section
            .replace("  heading: 下一年度", "   heading: 下一年度")
            .replace("  lead: 党政主要负责人认真履职。", "  lead: 党政主要负责人认真履职,")  # a warning outside them
            .replace("{value: 12,", "{value: 约300份,"))
    small_town(tmp_path, text)
    code, found = findings(tmp_path)
    assert code == 1
    assert [f["line"] for f in found if f["rule"] == "yaml"] == [9, 12, 19], found
    assert [f["line"] for f in found if f["rule"] == "schema"] == [FIGURE], found  # no "缺少 measures" noise
    file = tmp_path / "towns" / "甲" / "2024.yaml"
    assert json.loads(check(tmp_path, "--format", "json").stdout)["unread"] == [f"{file}: measures", f"{file}: plans"]
    assert f"因格式错误没有检查完的部分：{file}: measures、{file}: plans，改正格式错误后请再运行 check。" in \
        check(tmp_path).stdout
    code, out = export(tmp_path)  # export stops at the syntax errors, listing them all
    assert code == 1 and out.count("YAML 格式错误") == 3, out


def test_rules_run_on_the_sections_read(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace(HEADING, "  heading：主要举措与成效")
               .replace("  lead: 党政主要负责人认真履职。", "  lead: 党政主要负责人认真履职,好。"))
    code, found = findings(tmp_path)
    assert [(f["rule"], f["line"]) for f in found] == [("yaml", 9), ("punct", 7)], found


@pytest.mark.timeout(20)
def test_many_syntax_errors_are_bounded(tmp_path):
    from drafter import limits
    text = SMALL_YEAR + "".join(f"k{i}：\n  x: 1\n" for i in range(limits.MAX_YAML_SYNTAX_ERRORS + 5))
    small_town(tmp_path, text)
    code, found = findings(tmp_path)
    assert code == 1 and len(found) == limits.MAX_YAML_SYNTAX_ERRORS + 1, found
    assert f"超过 {limits.MAX_YAML_SYNTAX_ERRORS} 处" in found[-1]["message"]


@pytest.mark.parametrize("typed, unit, words", [
    ("约300份", "份", "数值只写数字：写 value: 300（单位“份”已在 unit 中）；“约”“余”请写 approx: true"),
    ("300余件", "份", "数值只写数字：写 value: 300，单位另写 unit: 件；“约”“余”请写 approx: true"),
    ("300份", "份", "数值只写数字：写 value: 300（单位“份”已在 unit 中）"),
])
def test_figure_typed_as_spoken_gets_the_fix(tmp_path, typed, unit, words):
    small_town(tmp_path, SMALL_YEAR.replace("{value: 12, unit: 份", f"{{value: {typed}, unit: {unit}"))
    code, found = findings(tmp_path)
    assert code == 1 and places(found, "schema") == [(FIGURE, 15)], found
    assert found[0]["message"] == f"“figures.合同.value”：{words}"
    assert ("approx" in words) == ("approx" in found[0]["message"])
