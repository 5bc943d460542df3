"""`drafter lint`: drafter's own output passes; the errors other tools make (spec/gbt9704.md §6) are caught."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from drafter.cli import cli

from conftest import REPO, small_town

EXAMPLE = REPO / "examples" / "西青区辛口镇2022年度法治政府建设情况报告.docx"


def lint(path: Path):
    return CliRunner().invoke(cli, ["lint", str(path)])


def mutate(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """A copy of the example with regex edits applied to its parts (a defect another tool would write)."""
    out = tmp_path / "mutated.docx"
    with zipfile.ZipFile(EXAMPLE) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename).decode("utf-8") if item.filename.endswith(".xml") else None
            for part, subs in edits.items():
                if data is not None and re.fullmatch(part, item.filename):
                    for old, new in subs:
                        data, n = re.subn(old, new, data)
                        assert n, (part, old)
            dst.writestr(item, data.encode("utf-8") if data is not None else src.read(item.filename))
    return out


def test_drafter_output_passes():
    result = lint(EXAMPLE)
    assert result.exit_code == 0 and "符合 GB/T 9704-2012" in result.stdout, result.stdout


def test_a_draft_passes_its_first_page_marked_and_numbered(tmp_path):
    small_town(tmp_path)
    out = tmp_path / "draft.docx"
    assert CliRunner().invoke(cli, ["--root", str(tmp_path), "export", "-t", "甲", "-y", "2024", "--draft", "-o", str(out)]).exit_code == 0
    section = docx.Document(str(out)).sections[0]
    assert [p.text for p in section.first_page_header.paragraphs] == ["征求意见稿"]
    assert lint(out).exit_code == 0


def test_drafter_format_passes_and_the_source_text_punctuation_is_named():
    # 张家窝's report really has half-width , ( ) in its part 四 (kept as written): the only finding
    result = lint(REPO / "examples" / "西青区张家窝镇2023年度法治政府建设情况报告.docx")
    violations = [x for x in result.stdout.splitlines() if x.startswith("不符合")]
    assert len(violations) == 1 and "§9 GB/T 15834" in violations[0] and "（二）持续强化法治宣" in violations[0]


def test_plain_python_docx_document_fails_on_every_count(tmp_path):
    d = docx.Document()
    for text in ("西青区某镇2024年度法治政府建设情况报告", "一、主要举措和成效", "（一）依法决策。审查合同。", "2024年01月06日"):
        d.add_paragraph(text)
    path = tmp_path / "plain.docx"
    d.save(str(path))
    result = lint(path)
    assert result.exit_code == 1
    for clause in ("§5.1 纸张", "§5.2.1 页边", "§5.2.1 版心", "§7.5 页码", "§5.2.2 正文", "§5.2.3 每行字数",
                   "§5.2.3 每页行数", "§7.3.3 段落", "§7.3.3 一级标题", "§7.3.3 二级标题", "§7.3.5.4 成文日期"):
        assert clause in result.stdout, clause
    assert "第 2 段「一、主要举措和成效」" in result.stdout


# Each defect below is one that spec/gbt9704.md §6 found in a published tool.
DEFECTS = {
    "29.6 pt lines: 21 a page (hehecat)": (
        {r"word/document\.xml": [(r'w:line="579"', 'w:line="592"')]}, "§5.2.3 每页行数", "只能排 21 行"),
    "page numbers in Times New Roman, no inset (hehecat)": (
        {r"word/footer\d\.xml": [(r'w:ascii="宋体"', 'w:ascii="Times New Roman"'),
                                 (r'<w:ind w:left="\d+" w:right="\d+"', '<w:ind w:left="0" w:right="0"')]},
        "§7.5 页码", "数字应为宋体"),
    "no condensing: 27 characters a line (sinnohzeng)": (
        {r"word/(document|styles)\.xml": [(r'<w:spacing w:val="-5"/>', "")]}, "§5.2.3 每行字数", "27 字"),
    "US Letter, bottom margin 27 mm (fujianbang)": (
        {r"word/document\.xml": [(r'<w:pgSz w:w="11906" w:h="16838"/>', '<w:pgSz w:w="12240" w:h="15840"/>'),
                                 (r'w:bottom="1984"', 'w:bottom="1531"')]}, "§5.1 纸张", "A4"),
    "15.6 pt paragraph spacing (Mrered)": (
        {r"word/document\.xml": [(r'w:after="0"', 'w:after="312"')]}, "§5.2.3 每页行数", "段后距应为 0"),
    "hyphens around the page number (gigu003)": (
        {r"word/footer\d\.xml": [("\u2014", "-")]}, "§7.5 页码", "一字线"),
    "font.name only: no eastAsia font (python-docx #346)": (
        {r"word/(document|styles)\.xml": [(r' w:eastAsia="[^"]+"', "")]}, "§5.2.2 正文", "中文字体应为仿宋"),
    "theme font wins over the name (python-docx #1601)": (
        {r"word/document\.xml": [(r'w:eastAsia="仿宋_GB2312"', 'w:eastAsiaTheme="minorEastAsia" w:eastAsia="仿宋_GB2312"')]},
        "§5.2.2 正文", "主题"),
    "no odd/even footers": ({r"word/settings\.xml": [(r"<w:evenAndOddHeaders/>", "")]}, "§7.5 页码", "奇偶页不同"),
    "headings in the wrong font": (
        {r"word/document\.xml": [(r'w:eastAsia="黑体"', 'w:eastAsia="宋体"')]}, "§7.3.3 一级标题", "黑体"),
    "red text": ({r"word/document\.xml": [(r'<w:color w:val="000000"/>', '<w:color w:val="FF0000"/>')]},
                 "§5.2.4 颜色", "#FF0000"),
    "a first page of its own, unnumbered": (
        {r"word/document\.xml": [(r"(<w:docGrid )", r"<w:titlePg/>\1")]}, "§7.5 页码", "首页页脚没有页码"),
}


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_other_tools_errors_are_caught(tmp_path, defect):
    edits, clause, words = DEFECTS[defect]
    result = lint(mutate(tmp_path, edits))
    assert result.exit_code == 1, result.stdout
    line = next((x for x in result.stdout.splitlines() if clause in x and words in x), None)
    assert line, result.stdout


def test_unreadable_files(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    result = lint(bad)
    assert result.exit_code == 1 and "无法打开" in result.output
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf")
    assert "另存为 .docx" in lint(old).output


def test_measures_with_units_and_missing_margins_do_not_crash(tmp_path):
    with_units = mutate(tmp_path, {r"word/document\.xml": [(r'w:line="579"', 'w:line="28.95pt"')]})
    assert lint(with_units).exit_code == 0  # 28.95pt is the same line pitch
    (tmp_path / "mutated.docx").unlink()
    no_margins = mutate(tmp_path, {r"word/document\.xml": [(r"<w:pgMar [^>]*/>", "")]})
    result = lint(no_margins)
    assert result.exit_code == 1 and "没有设置页边距" in result.stdout and "内部错误" not in result.output


def test_every_run_is_checked_not_only_the_first(tmp_path):
    red = ('<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:color w:val="FF0000"/>'
           '<w:sz w:val="24"/></w:rPr><w:t>后加的一句。</w:t></w:r></w:p>')
    path = mutate(tmp_path, {r"word/document\.xml": [(r"(促进依法办事。.*?</w:t></w:r>)</w:p>", r"\1" + red)]})
    result = lint(path)
    assert "#FF0000" in result.stdout and "现为 宋体" in result.stdout


def test_a_centred_document_number_is_not_taken_for_the_title(tmp_path):
    number = ('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/>'
              '<w:sz w:val="32"/></w:rPr><w:t>辛口党委〔2024〕5号</w:t></w:r></w:p>')
    path = mutate(tmp_path, {r"word/document\.xml": [(r"(<w:body>)", r"\1" + number)]})
    result = lint(path)
    assert result.exit_code == 0, result.stdout
