"""`drafter import --update`: edits made in Word come back into the YAML, exactly and nothing more."""

from __future__ import annotations

import difflib
from pathlib import Path

import docx

from drafter.cli import cli

from conftest import edit, edit_docx

YEAR = Path("towns/辛口/2022.yaml")


def _export(run, ws) -> Path:
    out = ws / "edited.docx"
    assert run("export", "-t", "辛口", "-y", "2022", "-o", str(out)).exit_code == 0
    return out


def _diff(before: str, after: str) -> list[str]:
    return [x for x in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if x[:1] in "+-" and not x.startswith(("+++", "---"))]


def test_three_edits_change_exactly_three_places(run, ws):
    before = (ws / YEAR).read_text(encoding="utf-8")
    doc = _export(run, ws)
    edit_docx(doc, {"共审查合同份数284份": "共审查合同份数300份",          # a number
                     "（一）政府职能实现深入转变": "（一）政府职能加快转变",     # a heading
                     "积小胜为大胜，": ""})                                  # a sentence
    result = run("import", str(doc), "-t", "辛口", "-y", "2022", "--update", "--yes")
    assert result.exit_code == 0, result.output
    assert "数字 审查合同：284 → 300" in result.stdout and "3 处修改" in result.stdout
    after = (ws / YEAR).read_text(encoding="utf-8")
    changed = _diff(before, after)
    assert len(changed) == 6, changed  # three lines out, three lines in
    assert "-    - title: 政府职能实现深入转变" in changed and "+    - title: 政府职能加快转变" in changed
    assert any(x.startswith("+  审查合同: {value: 300, unit: 份") for x in changed)
    assert any(x.startswith("-") and "积小胜为大胜" in x for x in changed)
    # the export reads as edited
    again = ws / "again.docx"
    assert run("export", "-t", "辛口", "-y", "2022", "-o", str(again)).exit_code == 0
    assert [p.text for p in docx.Document(str(again)).paragraphs] == [p.text for p in docx.Document(str(doc)).paragraphs]


def test_rewritten_sentence_keeps_its_figures_and_years_by_name(run, ws):
    doc = _export(run, ws)
    edit_docx(doc, {"《全面依法治镇委员会2022年工作要点》": "《全面依法治镇委员会2022年工作要点（修订）》",
                     "全年，法律顾问与公职律师共审查合同份数": "全年，法律顾问与公职律师依法共审查合同份数"})
    assert run("import", str(doc), "-t", "辛口", "-y", "2022", "--update", "--yes").exit_code == 0
    text = (ws / YEAR).read_text(encoding="utf-8")
    assert "《全面依法治镇委员会{{ year }}年工作要点（修订）》" in text
    assert "依法共审查合同份数{{ 审查合同 }}" in text and "{value: 284," in text


def test_unplaceable_changes_are_listed_not_guessed(run, ws):
    before = (ws / YEAR).read_bytes()
    doc = _export(run, ws)
    document = docx.Document(str(doc))
    target = next(p for p in document.paragraphs if p.text.startswith("2.优化服务供给"))
    target.insert_paragraph_before("3.新增的一条举措。内容。")
    document.save(str(doc))
    result = run("import", str(doc), "-t", "辛口", "-y", "2022", "--update", "--yes")
    assert "无法对应" in result.stdout and "条目数不同" in result.stdout
    assert (ws / YEAR).read_bytes() == before


def test_nothing_is_applied_without_confirmation(run, ws):
    before = (ws / YEAR).read_bytes()
    doc = _export(run, ws)
    edit_docx(doc, {"共审查合同份数284份": "共审查合同份数300份"})
    result = run.runner.invoke(cli, ["--root", str(ws), "import", str(doc), "-t", "辛口", "-y", "2022", "--update"],
                               input="n\n")
    assert result.exit_code == 1 and "284 → 300" in result.output and "未写入" in result.output
    assert (ws / YEAR).read_bytes() == before
    result = run("import", str(doc), "-t", "辛口", "-y", "2022", "--update", "--dry-run")
    assert result.exit_code == 0 and "--dry-run" in result.stdout
    assert (ws / YEAR).read_bytes() == before


def test_unchanged_document_changes_nothing(run, ws):
    before = (ws / YEAR).read_bytes()
    doc = _export(run, ws)
    result = run("import", str(doc), "-t", "辛口", "-y", "2022", "--update", "--yes")
    assert result.exit_code == 0 and "没有可以带回" in result.stdout
    assert (ws / YEAR).read_bytes() == before


def test_a_new_number_is_not_mistaken_for_a_figure_inside_it(run, ws):
    doc = _export(run, ws)
    edit_docx(doc, {"共审查合同份数284份，": "共审查合同份数284份，新增法律咨询17次，"})
    assert run("import", str(doc), "-t", "辛口", "-y", "2022", "--update", "--yes").exit_code == 0
    text = (ws / YEAR).read_text(encoding="utf-8")
    assert "新增法律咨询17次，提供法律意见{{ 法律意见 }}，参与信访接待{{ 信访接待 }}" in text


def test_one_figure_edited_to_two_values_is_a_conflict_not_a_guess(run, ws):
    f = ws / YEAR
    f.write_text(f.read_text(encoding="utf-8").replace("政务服务{{ 政务服务 }}", "政务服务{{ 审查合同 }}"), encoding="utf-8")
    before = f.read_bytes()
    doc = _export(run, ws)
    edit_docx(doc, {"共审查合同份数284份": "共审查合同份数290份", "全年共办理政务服务284份": "全年共办理政务服务300份"})
    result = run("import", str(doc), "-t", "辛口", "-y", "2022", "--update", "--yes")
    assert "两个不同的值" in result.stdout and f.read_bytes() == before


def test_formula_date_and_title_changes_come_back(run, ws):
    f = ws / YEAR
    f.write_text(f.read_text(encoding="utf-8") + "signature:\n  date: 2023年1月6日\n", encoding="utf-8")
    doc = _export(run, ws)
    edit_docx(doc, {"现将工作情况汇报如下：": "现将有关情况报告如下：", "2023年1月6日": "2023年1月9日"})
    assert run("import", str(doc), "-t", "辛口", "-y", "2022", "--update", "--yes").exit_code == 0
    text = f.read_text(encoding="utf-8")
    assert "formula: 现将有关情况报告如下：" in text and "date: 2023年1月9日" in text


def test_a_comment_beside_an_edited_text_stays_beside_it(run, ws):
    """A clerk's note after a one-line text (# 来源：…) stays on that line when Word's edit comes back, and
    no other line of the file changes."""
    old = "在落实行政执法“三项制度”方面，还存在着音视频记录不规范不完整等问题隐患，需要进一步深化“一户式”执法档案保管制度，加强目录清单管理。"
    edit(ws / YEAR, f"      text: |-\n        {old}\n", f"      text: {old}  # 来源：执法大队台账\n")
    before = (ws / YEAR).read_text(encoding="utf-8")
    doc = _export(run, ws)
    edit_docx(doc, {"还存在着音视频记录": "仍存在音视频记录"})
    result = run("import", str(doc), "-t", "辛口", "-y", "2022", "--update", "--yes")
    assert result.exit_code == 0, result.output
    new = old.replace("还存在着音视频记录", "仍存在音视频记录")
    removed, added = _diff(before, (ws / YEAR).read_text(encoding="utf-8"))  # one line out, one in
    assert removed == f"-      text: {old}  # 来源：执法大队台账"
    assert added.startswith(f"+      text: {new} ") and added.endswith("# 来源：执法大队台账")  # ruamel keeps its column
