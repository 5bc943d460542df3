"""`drafter new` as the clerk meets it: a skipped year named, approx decided again, addressee and date asked for."""

from __future__ import annotations

from pathlib import Path

from conftest import SMALL, SMALL_TOWN, SMALL_YEAR, Run, edit, line_of, small_town

NEW = Path("towns/辛口/2024.yaml")
ADDRESSEE = "中共西青区委、西青区人民政府："


def test_skipped_year_is_named_with_the_import_to_fill_it(run, ws):
    result = run("new", "-t", "辛口", "-y", "2024")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]  # before anything else the summary says
    assert first.startswith("注意：没有 2023 年度的文件，本稿沿用的是 2022 年度")
    assert "drafter import 报告.docx --town 辛口 --year 2023" in first
    assert "drafter new --town 辛口 --year 2024 --force" in first
    text = (ws / NEW).read_text(encoding="utf-8")
    assert "problems 中2022年的问题" in text and "2022年报告中的安排的落实清单" in text
    assert "上年" not in text.split("\nopening:")[0]  # the header never calls 2022 last year

    assert "没有 2022 年度的文件" not in run("new", "-t", "张家窝", "-y", "2024").output  # 2023 is there


def test_followup_measure_may_name_any_item(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    text = (ws / NEW).read_text(encoding="utf-8")
    assert "（举措和成效、第一责任人职责或其他部分中的都可以）" in text and "举措小标题" not in text


def test_approx_is_decided_again_and_the_comment_keeps_it(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    target = ws / NEW
    line = target.read_text(encoding="utf-8").splitlines()[line_of(target, "授信企业:") - 1]
    assert "approx: false" in line and "# 2022年: 10余 家" in line
    edit(target, "授信企业: {value: null,", "授信企业: {value: 15,")
    shown = run("preview", "-t", "辛口", "-y", "2024", "--draft").output
    assert "推动15家中小微企业" in shown and "15余家" not in shown


def test_addressee_and_date_are_gaps_until_filled_or_deleted(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    target = ws / NEW
    shown = run("preview", "-t", "辛口", "-y", "2024", "--draft").output
    assert "【待填：主送机关】" in shown and "【待填：成文日期】" in shown
    result = run("check", "-t", "辛口", "-y", "2024")
    assert f"{target}:{line_of(target, 'addressee:')}:1: 错误: 主送机关还没有填写：请写 addressee" in result.output
    assert f"{target}:{line_of(target, '  date:')}:3: 错误: 成文日期还没有填写" in result.output

    edit(target, "addressee:", f"addressee: {ADDRESSEE}")
    edit(target, "  date:", "  date: 2025年1月6日")
    shown = run("preview", "-t", "辛口", "-y", "2024", "--draft").output
    assert ADDRESSEE in shown and "2025年1月6日" in shown and "【待填：主送" not in shown

    # a report that goes out with neither: the clerk deletes the lines, and nothing is asked any more
    edit(target, f"addressee: {ADDRESSEE}", "")
    edit(target, "signature:", "signature_deleted:")
    text = target.read_text(encoding="utf-8").replace("signature_deleted:\n  date: 2025年1月6日", "")
    target.write_text(text, encoding="utf-8")
    result = run("check", "-t", "辛口", "-y", "2024")
    assert "主送机关" not in result.output and "成文日期" not in result.output, result.output


def test_seed_reports_without_an_addressee_are_not_asked(run, ws):
    result = run("check", "-t", "辛口", "-y", "2022")
    assert result.exit_code == 0 and "主送机关" not in result.output


def test_town_addressee_is_the_default_and_new_does_not_ask(run, ws):
    town = ws / "towns/辛口/town.yaml"
    town.write_text(town.read_text(encoding="utf-8") + f"addressee: {ADDRESSEE}\n", encoding="utf-8")
    assert ADDRESSEE in run("preview", "-t", "辛口", "-y", "2022").output
    run("new", "-t", "辛口", "-y", "2024")
    assert "addressee" not in (ws / NEW).read_text(encoding="utf-8")
    edit(ws / SRC_2022, "opening:", "addressee: 区委、区政府：\nopening:")
    shown = run("preview", "-t", "辛口", "-y", "2022").output
    assert "区委、区政府：" in shown and ADDRESSEE not in shown  # the year's own wins


SRC_2022 = Path("towns/辛口/2022.yaml")


def test_town_addressee_and_multiline_refused(tmp_path):
    small_town(tmp_path, town_text=SMALL_TOWN + "addressee: |-\n  区委\n  区政府：\n")
    result = Run(tmp_path)("check", "-t", "甲", "-y", "2024")
    assert result.exit_code == 1 and "主送机关只能写一行" in result.output


def test_update_from_a_draft_with_gaps_changes_nothing(tmp_path):
    small_town(tmp_path, "addressee:\n" + SMALL_YEAR.replace("{organ: 甲镇人民政府, date: 2025年1月6日}", "{date: null}"),
               town_text=SMALL_TOWN + "organ: [甲镇人民政府]\n")
    run = Run(tmp_path)
    out = tmp_path / "draft.docx"
    assert run("export", "-t", "甲", "-y", "2024", "--draft", "-o", str(out)).exit_code == 0
    before = (tmp_path / SMALL).read_bytes()
    result = run("import", str(out), "--update", "-t", "甲", "-y", "2024", "--yes")
    assert result.exit_code == 0 and "没有可以带回 YAML 的修改" in result.output, result.output
    assert (tmp_path / SMALL).read_bytes() == before


def test_update_leaves_the_town_addressee_in_town_yaml(tmp_path):
    small_town(tmp_path, town_text=SMALL_TOWN + f"addressee: {ADDRESSEE}\n")
    run = Run(tmp_path)
    out = tmp_path / "final.docx"
    assert run("export", "-t", "甲", "-y", "2024", "-o", str(out)).exit_code == 0
    result = run("import", str(out), "--update", "-t", "甲", "-y", "2024", "--yes")
    assert result.exit_code == 0 and "没有可以带回 YAML 的修改" in result.output, result.output
    assert "addressee" not in (tmp_path / SMALL).read_text(encoding="utf-8")


def test_a_fresh_draft_brought_back_unchanged_proposes_nothing(run, ws):
    """The clerk drafts 2023 from 2022, exports the 征求意见稿 and brings it back before anyone touched it:
    the figure gaps, the empty plans and drafter's own margin notes are not edits."""
    run("new", "-t", "辛口", "-y", "2023")
    out = ws / "draft.docx"
    assert run("export", "-t", "辛口", "-y", "2023", "--draft", "-o", str(out)).exit_code == 0
    before = (ws / "towns/辛口/2023.yaml").read_bytes()
    result = run("import", str(out), "--update", "-t", "辛口", "-y", "2023", "--yes")
    assert result.exit_code == 0 and "没有可以带回 YAML 的修改" in result.output, result.output
    assert "批注" not in result.output and (ws / "towns/辛口/2023.yaml").read_bytes() == before
