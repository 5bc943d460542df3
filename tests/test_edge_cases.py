"""Cases found by trying to break drafter the way a user would: each failed before its fix."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import docx

from conftest import edit, line_of

SRC = Path("towns/辛口/2022.yaml")
NEW = Path("towns/辛口/2024.yaml")


def test_force_twice_never_overwrites_a_backup(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    target = ws / NEW
    edit(target, "formula_paragraph: true", "formula_paragraph: true  # 第一次修改")
    first = target.read_bytes()
    run("new", "-t", "辛口", "-y", "2024", "--force")
    edit(target, "formula_paragraph: true", "formula_paragraph: true  # 第二次修改")
    second = target.read_bytes()
    result = run("new", "-t", "辛口", "-y", "2024", "--force")
    assert "2024.yaml.bak.2" in result.output
    assert (ws / "towns/辛口/2024.yaml.bak").read_bytes() == first
    assert (ws / "towns/辛口/2024.yaml.bak.2").read_bytes() == second


def test_written_files_follow_the_umask_and_keep_their_mode(run, ws):
    old = os.umask(0o022)
    try:
        run("new", "-t", "辛口", "-y", "2024")
        assert stat.S_IMODE((ws / NEW).stat().st_mode) == 0o644
        out = ws / "r.docx"
        out.write_bytes(b"x")
        out.chmod(0o664)
        run("export", "-t", "辛口", "-y", "2022", "-o", str(out), "--force")
        assert stat.S_IMODE(out.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_slash_in_title_stays_in_exports(run, ws):
    f = ws / SRC
    f.write_text("title: ../../逃逸/法治政府 建设情况报告\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("export", "-t", "辛口", "-y", "2022")
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.parent == ws / "exports" and path.exists()


def test_multiline_plain_text_is_refused(run, ws):
    edit(ws / SRC, "  formula: 现将工作情况汇报如下：", "  formula: 现将工作情况\n    汇报如下：")
    result = run("export", "-t", "辛口", "-y", "2022")
    assert result.exit_code == 1 and "|-" in result.output
    assert f"{ws / SRC}:{line_of(ws / SRC, 'formula: 现将工作情况')}:12:" in result.output


def test_computing_with_figures(run, ws):
    edit(ws / SRC, "{{ 审查合同 }}", "{{ 审查合同.value * 2 }}份")
    assert "审查合同份数568份" in run("preview", "-t", "辛口", "-y", "2022").output
    edit(ws / SRC, "{{ 审查合同.value * 2 }}份", "{{ 审查合同 + 1 }}")
    result = run("preview", "-t", "辛口", "-y", "2022")
    assert result.exit_code == 1 and ".value" in result.output and "内部错误" not in result.output
    assert f"{ws / SRC}:{line_of(ws / SRC, '{{ 审查合同 + 1 }}')}:" in result.output


def test_draft_survives_a_broken_previous_year(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    src = ws / SRC
    text = src.read_text(encoding="utf-8")
    src.write_text(text[: text.index("figures:")] + "figures:\n  - 审查合同\n", encoding="utf-8")
    result = run("preview", "-t", "辛口", "-y", "2024", "--draft")
    assert result.exit_code == 0 and "【待填：法律顾问与公职律师审查合同】" in result.output


def test_chained_new_does_not_pile_up_comments_and_warns(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    result = run("new", "-t", "辛口", "-y", "2025")
    assert "2024 年度的文件还没有完成" in result.output and "--from 2022" in result.output
    text = (ws / "towns/辛口/2025.yaml").read_text(encoding="utf-8")
    assert text.count("安排的落实清单") == 1 and text.count("报告引用的数字") == 1
    assert "# 2022年: 284 份" in text  # the last known value survives an unfilled year


def test_user_note_on_a_figure_survives_new(run, ws):
    edit(ws / SRC, "label: 法律顾问与公职律师审查合同}", "label: 法律顾问与公职律师审查合同}  # 来源：司法所台账")
    run("new", "-t", "辛口", "-y", "2023")
    line = next(x for x in (ws / "towns/辛口/2023.yaml").read_text(encoding="utf-8").splitlines()
                if x.strip().startswith("审查合同:"))
    assert line.endswith("# 上年: 284 份；来源：司法所台账")


def test_fixed_problem_may_not_stay_in_the_final_report(run, ws):
    edit(ws / SRC, "    - title: 执法隐患仍然存在，管理力度有待加强\n",
         "    - title: 执法隐患仍然存在，管理力度有待加强\n      status: 已整改\n")
    result = run("export", "-t", "辛口", "-y", "2022")
    assert result.exit_code == 1 and "已整改" in result.output


def test_inline_title_only_item_ends_its_sentence(run, ws):
    f = ws / SRC
    text = f.read_text(encoding="utf-8")
    start = text.index("    - title: 争做尊法学法守法用法模范\n") + len("    - title: 争做尊法学法守法用法模范\n")
    end = text.index("    - title: 强化班子建设")
    f.write_text(text[:start] + text[end:], encoding="utf-8")
    out = run("preview", "-t", "辛口", "-y", "2022").output
    assert "二是争做尊法学法守法用法模范。三是强化班子建设" in out


def test_empty_value_is_located_at_its_key(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    result = run("export", "-t", "辛口", "-y", "2024")
    target = ws / NEW
    n = line_of(target, "  审查合同: {value: null")
    column = (ws / NEW).read_text(encoding="utf-8").splitlines()[n - 1].index("null") + 1
    assert f"{target}:{n}:{column}: 数字“审查合同”" in result.output  # the gap itself, not the next line
    result = run("check", "-t", "辛口", "-y", "2024")
    plans = line_of(target, "plans:")
    assert f"{target}:{plans}:1: 错误: “下一年度主要安排”部分还没有内容" in result.output  # empty items: no drift


def test_skeleton_group_title_must_be_rewritten(run, ws):
    run("new", "-t", "新安", "-y", "2024", "--district", "西青区", "--name", "新安镇")
    result = run("export", "-t", "新安", "-y", "2024")
    target = ws / "towns/新安/2024.yaml"
    n = line_of(target, "（分类标题")
    assert f"{target}:{n + 1}:" in result.output


def test_year_layout_changes_only_what_it_names(run, ws):
    f = ws / SRC
    f.write_text(f.read_text(encoding="utf-8") + "layout:\n  measures: {numbering: [（一）, （1）]}\n",
                 encoding="utf-8")
    out = run("preview", "-t", "辛口", "-y", "2022").output
    assert "（1）健全制度体系" in out
    assert "一是带头认真履行职责" in out  # duties keep the town's inline 一是 layout


def test_plans_written_under_the_empty_items_key_load(run, ws, tmp_path):
    run("new", "-t", "辛口", "-y", "2024")
    target = ws / NEW
    edit(target, "  items:\n\n", "  items:\n    - title: 进一步加强执法队伍建设\n      text: 组织专题培训。\n\n")
    result = run("preview", "-t", "辛口", "-y", "2024", "--draft")
    assert result.exit_code == 0, result.output
    assert "（一）进一步加强执法队伍建设。组织专题培训。" in result.output


def test_town_found_by_short_name_when_created_by_full_name(run, ws):
    run("new", "-t", "新安镇", "-y", "2024", "--district", "西青区", "--name", "新安镇")
    result = run("export", "-t", "新安", "-y", "2024", "--draft")
    assert result.exit_code == 0, result.output
    assert docx.Document(result.stdout.strip()).paragraphs[0].text.startswith("西青区新安镇")


def test_gbk_file_gets_a_chinese_message(run, ws):
    f = ws / SRC
    text = f.read_text(encoding="utf-8")
    f.write_bytes(text.encode("gbk"))
    first_chinese = next(n for n, x in enumerate(text.splitlines(), 1) if not x.isascii())
    result = run("export", "-t", "辛口", "-y", "2022")
    assert result.exit_code == 1 and "UTF-8" in result.output and f"{f}:{first_chinese}:" in result.output


def test_punctuation_inside_braces_is_explained(run, ws):
    edit(ws / SRC, "{{ 审查合同 }}", "{{ 审查合同，}}")
    result = run("export", "-t", "辛口", "-y", "2022")
    assert result.exit_code == 1 and "字符“，”" in result.output
    assert f"{ws / SRC}:{line_of(ws / SRC, '{{ 审查合同，}}')}:" in result.output


def test_yaml_slips_are_explained_in_chinese(run, ws):
    f = ws / SRC
    good = f.read_text(encoding="utf-8")
    for broken, words in (("  formula: 现将工作情况汇报如下：", "\tformula: 现将工作情况汇报如下："),
                          ("  formula: 现将工作情况汇报如下：", "  formula: [现将工作情况汇报如下："),
                          ("  formula: 现将工作情况汇报如下：", "  formula: 现将: 汇报如下：")):
        f.write_text(good.replace(broken, words), encoding="utf-8")
        result = run("export", "-t", "辛口", "-y", "2022")
        assert result.exit_code == 1 and f"{f}:{line_of(f, words.strip()[:8])}:" in result.output
        message = result.output.split("YAML 格式错误：")[1]
        assert not any(w in message.split("。")[0] for w in ("found", "expected", "mapping")), message
