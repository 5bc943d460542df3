"""What the reviewer's rules added to the data: a problem's `cause` printed after its text, a figure's
`parts`, and `{{ 名称.last }}` / `{{ 名称.change }}` computed from last year's file, as the Word text reads."""

from __future__ import annotations

import docx
import pytest
from test_check import findings, place

from conftest import SMALL, SMALL_YEAR, Run, edit_docx, small_town

OPENING = "{{ year }}年，甲镇坚持依法行政，共审查合同{{ 合同 }}。"


def exported(tmp_path, text: str, last_year_value: str | None = "286", unit: str = "份") -> list[str]:
    """The paragraphs of the final export of the small town-year whose opening is `text`, last year's 合同
    (2023) being `last_year_value` (None: no 2023 file)."""
    if last_year_value is not None:
        small_town(tmp_path, SMALL_YEAR.replace("{value: 12, unit: 份", f"{{value: {last_year_value}, unit: {unit}"),
                   year=2023)
    small_town(tmp_path, SMALL_YEAR.replace(OPENING, text).replace("{value: 12,", "{value: 298,"))
    out = tmp_path / "r.docx"
    result = Run(tmp_path)("export", "-t", "甲", "-y", "2024", "-o", str(out))
    assert result.exit_code == 0, result.output
    return [p.text for p in docx.Document(str(out)).paragraphs]


@pytest.mark.parametrize("last, unit, said", [
    ("286", "份", "共审查合同298份，比上年增加12份（增长4.2%），上年286份。"),
    ("310", "份", "共审查合同298份，比上年减少12份（下降3.9%），上年310份。"),
    ("298", "份", "共审查合同298份，与上年持平，上年298份。"),
    ("0", "份", "共审查合同298份，比上年增加298份，上年0份。"),
    ("290, approx: true", "份", "共审查合同298份，比上年增加约8份（增长约2.8%），上年290余份。"),
])
def test_change_and_last_are_worded_from_the_data(tmp_path, last, unit, said):
    paragraphs = exported(tmp_path, "{{ year }}年，甲镇坚持依法行政，共审查合同{{ 合同 }}，{{ 合同.change }}，上年{{ 合同.last }}。",
                          last, unit)
    assert f"2024年，甲镇坚持依法行政，{said}现将有关情况报告如下：" in paragraphs


def test_a_rate_changes_by_percentage_points(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("{value: 12, unit: 份", "{value: 96.5, unit: '%'"), year=2023)
    small_town(tmp_path, SMALL_YEAR.replace(OPENING, "{{ year }}年，合同审查率{{ 合同 }}，{{ 合同.change }}。")
               .replace("{value: 12, unit: 份", "{value: 99, unit: '%'"))
    out = tmp_path / "r.docx"
    assert Run(tmp_path)("export", "-t", "甲", "-y", "2024", "-o", str(out)).exit_code == 0
    assert "2024年，合同审查率99%，比上年提高2.5个百分点。现将有关情况报告如下：" in [p.text for p in docx.Document(str(out)).paragraphs]


def test_an_older_year_is_named(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("{value: 12,", "{value: 286,"), year=2022)
    small_town(tmp_path, SMALL_YEAR.replace(OPENING, "共审查合同{{ 合同 }}，{{ 合同.change }}。").replace("{value: 12,", "{value: 298,"))
    assert "共审查合同298份，比2022年增加12份（增长4.2%）。" in Run(tmp_path)("preview", "-t", "甲", "-y", "2024").output


@pytest.mark.parametrize("last_year, words", [
    (None, "没有更早年度的文件，“合同”无法与上年比较（.last、.change）"),
    (SMALL_YEAR.replace("  合同: {value: 12, unit: 份, label: 审查合同}", "  案件: {value: 3, unit: 件}")
     .replace("{{ 合同 }}", "{{ 案件 }}"), "2023 年度的 figures 中没有“合同”"),
    (SMALL_YEAR.replace("{value: 12,", "{value: null,"), "2023 年度的 figures 中“合同”没有填写数值"),
    (SMALL_YEAR.replace("unit: 份", "unit: 件"), "数字“合同”的单位与 2023 年度的不同（“件”和“份”），无法比较"),
])
def test_a_change_with_nothing_to_compare_is_a_located_error(tmp_path, last_year, words):
    if last_year is not None:
        small_town(tmp_path, last_year, year=2023)
    text = SMALL_YEAR.replace(OPENING, "{{ year }}年，共审查合同{{ 合同 }}，{{ 合同.change }}。")
    small_town(tmp_path, text)
    [finding] = findings(tmp_path)
    assert finding["rule"] == "text" and finding["level"] == "错误" and words in finding["message"], finding
    assert finding["line"] == place(text, "{{ 合同.change }}")[0]


def test_an_unknown_attribute_lists_last_and_change(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("{{ 合同 }}。", "{{ 合同.lastt }}。"))
    [finding] = findings(tmp_path)
    assert "可用 .value（数值）、.unit（单位）、.last（上年的数字）或 .change（与上年比较）" in finding["message"]


def test_an_unfilled_figure_changes_to_a_gap_in_a_draft(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("{value: 12,", "{value: 286,"), year=2023)
    small_town(tmp_path, SMALL_YEAR.replace(OPENING, "共审查合同{{ 合同 }}，{{ 合同.change }}。").replace("{value: 12,", "{value: null,"))
    shown = Run(tmp_path)("preview", "-t", "甲", "-y", "2024", "--draft").output
    assert "共审查合同【待填：上年 286 份】，【待填：上年 286 份】。" in shown


WITH_CAUSE = SMALL_YEAR.replace("执法人员专业水平参差不齐。主要原因是缺少系统培训。",
                                "执法人员专业水平参差不齐。\n      cause: 主要原因是缺少系统培训。")


def test_a_cause_is_printed_after_the_text_and_brought_back_unchanged(tmp_path):
    small_town(tmp_path, WITH_CAUSE)
    run = Run(tmp_path)
    out = tmp_path / "r.docx"
    assert run("export", "-t", "甲", "-y", "2024", "-o", str(out)).exit_code == 0
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "（一）执法队伍专业度有待提高。执法人员专业水平参差不齐。主要原因是缺少系统培训。" in paragraphs
    before = (tmp_path / SMALL).read_bytes()
    result = run("import", str(out), "--update", "-t", "甲", "-y", "2024", "--yes")
    assert result.exit_code == 0 and "没有可以带回 YAML 的修改" in result.output, result.output
    # the text edited in Word comes back into text, the cause stays in cause
    edit_docx(out, {"参差不齐。": "参差不齐，年轻干部较多。"})
    result = run("import", str(out), "--update", "-t", "甲", "-y", "2024", "--yes")
    assert result.exit_code == 0, result.output
    written = (tmp_path / SMALL).read_text(encoding="utf-8")
    assert "执法人员专业水平参差不齐，年轻干部较多。\n      cause: 主要原因是缺少系统培训。" in written
    assert before != written.encode("utf-8")


def test_a_cause_edited_in_word_is_listed_not_carried_into_the_text(tmp_path):
    small_town(tmp_path, WITH_CAUSE)
    run = Run(tmp_path)
    out = tmp_path / "r.docx"
    assert run("export", "-t", "甲", "-y", "2024", "-o", str(out)).exit_code == 0
    edit_docx(out, {"缺少系统培训": "人员流动大"})
    before = (tmp_path / SMALL).read_bytes()
    result = run("import", str(out), "--update", "-t", "甲", "-y", "2024", "--yes")
    assert "“执法队伍专业度有待提高”的原因（cause）在文档中改动了：请直接编辑 YAML 的 cause" in result.output, result.output
    assert (tmp_path / SMALL).read_bytes() == before


def test_a_cause_alone_is_the_text(tmp_path):
    small_town(tmp_path, SMALL_YEAR.replace("      text: 执法人员专业水平参差不齐。主要原因是缺少系统培训。",
                                            "      cause: 主要原因是缺少系统培训。"))
    assert "（一）执法队伍专业度有待提高。主要原因是缺少系统培训。" in Run(tmp_path)("preview", "-t", "甲", "-y", "2024").output


def test_parts_must_name_other_figures(tmp_path):
    text = SMALL_YEAR.replace("label: 审查合同}", "label: 审查合同, parts: [合同甲]}")
    small_town(tmp_path, text)
    [finding] = findings(tmp_path)
    assert finding["rule"] == "schema" and finding["line"] == place(text, "  合同: {")[0]  # figures' first entry
    assert "数字“合同”的 parts 中的“合同甲”不是它的组成部分" in finding["message"]
