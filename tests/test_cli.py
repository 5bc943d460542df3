"""The command line as a user runs it: results, and a clear Chinese message with exit 1 for bad input."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest

from drafter import __version__

from conftest import REPO, SMALL, SMALL_YEAR, edit, export_refused, line_of, small_town

YEAR_FILE = Path("towns/辛口/2022.yaml")


def test_version_and_help(run):
    assert run("--version").output.strip() == f"drafter {__version__}"
    result = run("export", "--help")
    assert result.exit_code == 0 and "用法：" in result.output and "--force" in result.output


def test_towns_lists_towns_and_years(run):
    result = run("towns")
    assert result.exit_code == 0
    assert "辛口\t西青区辛口镇\t2022" in result.output and "张家窝\t西青区张家窝镇\t2023" in result.output


def test_export_default_path_and_full_town_name(run, ws):
    result = run("export", "--town", "辛口镇", "--year", "2022")
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path == ws / "exports" / "西青区辛口镇2022年度法治政府建设情况报告.docx"
    assert docx.Document(str(path)).paragraphs[0].text.startswith("西青区辛口镇2022年度")


def test_existing_output_refused_then_forced(run, ws):
    out = ws / "r.docx"
    out.write_bytes(b"user's own file")
    result = run("export", "-t", "辛口", "-y", "2022", "-o", str(out))
    assert result.exit_code == 1 and "已存在" in result.output and "--force" in result.output
    assert out.read_bytes() == b"user's own file"
    result = run("export", "-t", "辛口", "-y", "2022", "-o", str(out), "--force")
    assert result.exit_code == 0 and out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in ws.iterdir()) == ["r.docx", "towns"]  # no temporary files left


def test_unknown_town_lists_towns(run):
    result = run("export", "-t", "新安", "-y", "2022")
    assert result.exit_code == 1
    assert "找不到镇街“新安”" in result.output and "辛口" in result.output and "张家窝" in result.output
    assert "Traceback" not in result.output


def test_unknown_year_lists_years(run):
    result = run("export", "-t", "辛口", "-y", "2025")
    assert result.exit_code == 1 and "2025" in result.output and "现有年度：2022" in result.output


@pytest.mark.parametrize("name", ["../辛口", "a/b", ".."])
def test_town_name_with_path_is_refused(run, name):
    result = run("export", "-t", name, "-y", "2022")
    assert result.exit_code == 1 and "路径" in result.output


def test_usage_errors_exit_2(run):
    assert run("export", "-t", "辛口").exit_code == 2
    result = run("export", "-t", "辛口", "-y", "abc")
    assert result.exit_code == 2 and "不是整数" in result.output
    result = run("export", "--twn", "辛口")
    assert result.exit_code == 2 and "--town" in result.output


def test_malformed_yaml_names_line_and_column(small):
    f = small.root / SMALL
    out = export_refused(small, f, "  heading: 主要举措与成效", "  heading: 主要举措与成效\n   bad: [1, 2")
    assert "YAML 格式错误" in out and "Traceback" not in out
    # the line is indented by 3 where its neighbours have 2: YAML stops at its colon
    line = line_of(f, "bad: [1, 2")
    column = f.read_text(encoding="utf-8").splitlines()[line - 1].index(":") + 1
    assert f"{f}:{line}:{column}: YAML 格式错误：" in out and "缩进不对" in out


def test_yaml_slips_are_explained_in_chinese(small):
    formula = "  formula: 现将有关情况报告如下："
    for words in ("\tformula: 现将有关情况报告如下：", "  formula: [现将有关情况报告如下：", "  formula: 现将: 报告如下："):
        f = small_town(small.root, SMALL_YEAR.replace(formula, words))
        result = small("export", "-t", "甲", "-y", "2024")
        assert result.exit_code == 1 and f"{f}:{line_of(f, words.strip()[:8])}:" in result.output
        message = result.output.split("YAML 格式错误：")[1]
        assert not any(w in message.split("。")[0] for w in ("found", "expected", "mapping")), message


def test_gbk_file_gets_a_chinese_message(small):
    f = small.root / SMALL
    text = f.read_text(encoding="utf-8")
    f.write_bytes(text.encode("gbk"))
    first_chinese = next(n for n, x in enumerate(text.splitlines(), 1) if not x.isascii())
    result = small("export", "-t", "甲", "-y", "2024")
    assert result.exit_code == 1 and "UTF-8" in result.output and f"{f}:{first_chinese}:" in result.output


# An edit of the small year file (old -> new) that export refuses with these words, naming the line that holds
# `needle`, followed there by `then` (a column, the message); no needle: the fault has no one line to name.
REFUSED = {
    "unknown_key_suggests_closest": ("  heading: 主要举措与成效", "  headng: 主要举措与成效",
                                     [], "headng:", "3: 未知的键“headng”。你是不是想写“heading”？"),
    "wrong_type_is_located": ("{value: 12,", "{value: 十二,", ["应为数字"], "十二", ""),
    "punctuation_inside_braces_is_explained": ("{{ 合同 }}", "{{ 合同，}}", ["字符“，”"], "{{ 合同，}}", ""),
    "unfilled_figure_refused": ("{value: 12,", "{value: null,", ["审查合同", "还没有填写"], "value: null", ""),
    "folded_scalar_refused": ("text: |-", "text: >-", ["折叠块", "“|”"], None, ""),
    "multiline_plain_text_is_refused": ("  formula: 现将有关情况报告如下：", "  formula: 现将有关情况\n    报告如下：",
                                        ["|-"], "formula: 现将有关情况", "12:"),
}


@pytest.mark.parametrize("old, new, words, needle, then", REFUSED.values(), ids=REFUSED)
def test_refused_edit_is_explained_and_located(small, old, new, words, needle, then):
    f = small.root / SMALL
    out = export_refused(small, f, old, new)
    assert all(w in out for w in words), out
    assert needle is None or f"{f}:{line_of(f, needle)}:{then}" in out, out


def test_undefined_figure_in_text(small):
    f = small.root / SMALL
    out = export_refused(small, f, "{{ 合同 }}", "{{ 合 }}")
    line = line_of(f, "{{ 合 }}")
    column = f.read_text(encoding="utf-8").splitlines()[line - 1].index("{{ 合 }}") + 4
    assert f"{f}:{line}:{column}: " in out
    assert "未定义的名称“合”" in out and "“合同”" in out


def test_computing_with_figures(small):
    f = small.root / SMALL
    edit(f, "{{ 合同 }}", "{{ 合同.value * 2 }}份")
    assert "共审查合同24份" in small("preview", "-t", "甲", "-y", "2024").output
    edit(f, "{{ 合同.value * 2 }}份", "{{ 合同 + 1 }}")
    result = small("preview", "-t", "甲", "-y", "2024")
    assert result.exit_code == 1 and ".value" in result.output and "内部错误" not in result.output
    assert f"{f}:{line_of(f, '{{ 合同 + 1 }}')}:" in result.output


def test_bad_signature_date(small):
    f = small.root / SMALL
    f.write_text(f.read_text(encoding="utf-8").replace("date: 2025年1月6日", "date: 2023年01月06日"), encoding="utf-8")
    result = small("export", "-t", "甲", "-y", "2024")
    assert result.exit_code == 1 and "2024年1月6日" in result.output
    assert f"{f}:{line_of(f, '2023年01月06日')}:" in result.output


def test_signature_is_written_right_with_date_below(run, ws, tmp_path):
    f = ws / YEAR_FILE
    f.write_text(f.read_text(encoding="utf-8") + "signature:\n  date: 2023-01-06\n", encoding="utf-8")
    out = tmp_path / "s.docx"
    assert run("export", "-t", "辛口", "-y", "2022", "-o", str(out)).exit_code == 0
    paras = [p for p in docx.Document(str(out)).paragraphs]
    texts = [p.text for p in paras]
    assert texts[-3:] == ["中共西青区辛口镇委员会", "西青区辛口镇人民政府", "2023年1月6日"]
    assert texts[-4] == ""  # 正文下空一行
    assert all(p.paragraph_format.alignment == 2 for p in paras[-3:-1])  # right
    organ_right = paras[-2].paragraph_format.right_indent.twips
    date_left = paras[-1].paragraph_format.left_indent.twips
    # the date starts two characters to the right of where the (longest) organ line starts
    text_width = 8844
    organ_start = text_width - organ_right - len("中共西青区辛口镇委员会") * 315
    assert abs(date_left - (organ_start + 2 * 315)) <= 1 and organ_right == 630


def test_template_override_from_town_folder(run, ws, tmp_path):
    parts = ws / "towns" / "辛口" / "templates" / "parts"
    parts.mkdir(parents=True)
    (parts / "problems.j2").write_text("[正文] 本部分由本镇模板生成。\n", encoding="utf-8")
    out = tmp_path / "o.docx"
    assert run("export", "-t", "辛口", "-y", "2022", "-o", str(out)).exit_code == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    i = texts.index("三、存在的不足与原因")
    assert texts[i + 1] == "本部分由本镇模板生成。" and texts[i + 2].startswith("四、")


def test_template_syntax_error_names_template_and_line(run, ws):
    tpl = ws / "towns" / "辛口" / "templates"
    tpl.mkdir(parents=True)
    (tpl / "opening.j2").write_text("[正文] 开头\n[正文] {% if %}\n", encoding="utf-8")
    result = run("export", "-t", "辛口", "-y", "2022")
    assert result.exit_code == 1 and "模板语法错误" in result.output
    assert f"{tpl / 'opening.j2'}:2" in result.output


def test_misspelt_template_variable_is_an_error(run, ws):
    tpl = ws / "towns" / "辛口" / "templates"
    tpl.mkdir(parents=True)
    (tpl / "opening.j2").write_text("{% for para in opening %}\n[正文] {{ paragraph }}\n{% endfor %}\n",
                                    encoding="utf-8")
    result = run("export", "-t", "辛口", "-y", "2022")
    assert result.exit_code == 1 and "未定义的变量“paragraph”" in result.output
    assert f"{tpl / 'opening.j2'}:2" in result.output


def test_user_text_cannot_inject_roles(run, ws, tmp_path):
    f = ws / YEAR_FILE
    edit(f, "各项工作取得了较好成效。", "各项工作取得了较好成效[正文]。")
    out = tmp_path / "t.docx"
    assert run("export", "-t", "辛口", "-y", "2022", "-o", str(out)).exit_code == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any(t.endswith("较好成效[正文]。") for t in texts)


def test_output_folder_missing_or_unwritable(run, ws):
    result = run("export", "-t", "辛口", "-y", "2022", "-o", str(ws / "nowhere" / "r.docx"))
    assert result.exit_code == 1 and "输出文件夹不存在" in result.output
    result = run("export", "-t", "辛口", "-y", "2022", "-o", "/sys/r.docx")  # read-only even for root
    assert result.exit_code == 1 and "无法写入" in result.output or "没有权限" in result.output


def test_crash_while_writing_leaves_no_partial_file(run, ws, monkeypatch):
    out = ws / "r.docx"
    out.write_bytes(b"previous version")

    def fail(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    result = run("export", "-t", "辛口", "-y", "2022", "-o", str(out), "--force")
    assert result.exit_code == 1 and "失败" in result.output
    assert out.read_bytes() == b"previous version"
    assert sorted(p.name for p in ws.iterdir()) == ["r.docx", "towns"]


def test_root_option_works_from_elsewhere(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from drafter.cli import cli

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--root", str(REPO), "preview", "-t", "张家窝", "-y", "2023"])
    assert result.exit_code == 0 and "四、下一步工作举措" in result.output


def test_inline_part_with_nested_items_is_an_error_not_a_loss(run, ws):
    f = ws / YEAR_FILE
    edit(f, "    - title: 争做尊法学法守法用法模范\n", "    - title: 争做尊法学法守法用法模范\n      items:\n        - text: 下一层\n")
    result = run("export", "-t", "辛口", "-y", "2022")
    assert result.exit_code == 1 and "inline" in result.output
    assert f"{f}:{line_of(f, '      items:')}:7: " in result.output


def _export_texts(run, ws, tmp_path) -> list:
    out = tmp_path / "x.docx"
    result = run("export", "-t", "辛口", "-y", "2022", "-o", str(out))
    assert result.exit_code == 0, result.output
    return docx.Document(str(out)).paragraphs


def test_title_override_breaks_where_the_user_put_spaces(run, ws, tmp_path):
    f = ws / YEAR_FILE
    f.write_text("title: 中共西青区辛口镇委员会 西青区辛口镇人民政府 关于{{ year }}年法治政府建设情况的报告\n"
                 + f.read_text(encoding="utf-8"), encoding="utf-8")
    title = _export_texts(run, ws, tmp_path)[0].text
    # 11 + 10 characters do not fit one 18-character title line: each organ on its own line
    assert title.split("\n") == ["中共西青区辛口镇委员会", "西青区辛口镇人民政府", "关于2022年法治政府建设情况的报告"]


def test_addressee_sits_under_the_title_flush_left(run, ws, tmp_path):
    f = ws / YEAR_FILE
    f.write_text("addressee: 中共西青区委、西青区人民政府：\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
    paras = _export_texts(run, ws, tmp_path)
    assert [p.text for p in paras[1:3]] == ["", "中共西青区委、西青区人民政府："]
    assert paras[2].paragraph_format.first_line_indent == 0
    assert paras[3].text.startswith("习近平总书记强调")


def test_fifth_part_other_comes_after_plans(run, ws, tmp_path):
    f = ws / YEAR_FILE
    f.write_text(f.read_text(encoding="utf-8") + "other:\n  lead: |-\n    无其他需要报告的情况。\n", encoding="utf-8")
    texts = [p.text for p in _export_texts(run, ws, tmp_path)]
    i = texts.index("五、其他需要报告的情况")
    assert texts[i - 1].startswith("（六）进一步开展好普法宣传教育工作") and texts[i + 1] == "无其他需要报告的情况。"
