"""`import --update` of documents as Word leaves them: tracked changes (修订), comments (批注), an export older
than the YAML, another town-year's document. Each test is the clerk's steps: export, edit as Word would, update."""

from __future__ import annotations

import base64
import gzip
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from conftest import SMALL, SMALL_YEAR, Run, edit, edit_docx, small_town

pytestmark = pytest.mark.timeout(60)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
WHEN = 'w:date="2025-01-06T09:00:00Z"'


def _export(run: Run, name: str = "报告.docx", *args: str) -> Path:
    out = run.root / name
    result = run("export", "-t", "甲", "-y", "2024", "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return out


def _update(run: Run, doc: Path, *args: str):
    return run("import", str(doc), "--update", "--yes", *args)


def _track(path: Path, old: str, new: str, author: str) -> None:
    """Replace `old` by `new` the way Word does with 修订 on: the old text in w:del, the new in w:ins."""
    document = docx.Document(str(path))
    p = next(p for p in document.paragraphs if old in p.text)
    before, after = p.text.split(old, 1)
    rpr = p.runs[0]._r.rPr
    for r in list(p._p.iter(qn("w:r"))):
        r.getparent().remove(r)

    def run(text: str, tag: str = "w:t"):
        r = parse_xml(f'<w:r {W}><{tag} xml:space="preserve"></{tag}></w:r>')
        r[0].text = text
        if rpr is not None:
            r.insert(0, parse_xml(rpr.xml))
        return r

    p._p.append(run(before))
    for kind, text, tag in (("del", old, "w:delText"), ("ins", new, "w:t")):
        if text:
            change = parse_xml(f'<w:{kind} {W} w:id="{len(text) + len(kind)}" w:author="{author}" {WHEN}/>')
            change.append(run(text, tag))
            p._p.append(change)
    p._p.append(run(after))
    document.save(str(path))


def _tracked(root: Path, year_text: str, old: str, new: str, author: str) -> tuple[str, str]:
    """Export, edit `old` → `new` with 修订 on, --update: what the clerk sees, and the year file after."""
    run = Run(root)
    year = small_town(root, year_text)
    doc = _export(run)
    _track(doc, old, new, author)
    result = _update(run, doc)
    assert result.exit_code == 0, result.output
    return result.stdout, year.read_text(encoding="utf-8")


def test_a_figure_edited_with_track_changes_comes_back_as_the_new_number(tmp_path):
    shown, text = _tracked(tmp_path, SMALL_YEAR.replace("{value: 12,", "{value: 1500,"), "1500", "1600", "张三")
    assert "文档中有修订（已按全部接受读取）：张三 2 处" in shown
    assert "数字 合同：1500 → 1600" in shown and "1 处修改" in shown
    assert "{value: 1600, unit: 份" in text


def test_a_sentence_deleted_with_track_changes_is_gone_from_the_yaml(tmp_path):
    year_text = SMALL_YEAR.replace("开展执法培训。", "开展执法培训。加强监督检查。")
    shown, text = _tracked(tmp_path, year_text, "加强监督检查。", "", "李四")
    assert "李四 1 处" in shown
    assert "开展执法培训。" in text and "加强监督检查" not in text


def test_comments_are_listed_and_nothing_else_changes(small):
    doc = _export(small)
    document = docx.Document(str(doc))
    n, p = next((n, p) for n, p in enumerate(document.paragraphs, 1) if "共审查合同" in p.text)
    document.add_comment(p.runs, text="请核实合同份数", author="王五")
    document.save(str(doc))
    before = (small.root / SMALL).read_bytes()
    result = _update(small, doc)
    assert result.exit_code == 0, result.output
    assert "文档中有 1 条批注（drafter 不会带回批注，请逐条处理）：" in result.stdout
    assert f"第 {n} 段 王五：“请核实合同份数”" in result.stdout
    assert "没有可以带回 YAML 的修改。" in result.stdout
    assert (small.root / SMALL).read_bytes() == before


def test_an_export_older_than_the_yaml_brings_back_only_its_word_edits(small):
    year = small.root / SMALL
    old = _export(small, "旧.docx")
    newer = _export(small, "新.docx")
    edit_docx(newer, {"开展执法培训。": "开展执法培训三次。"})  # brought back first: the YAML moves on
    assert _update(small, newer).exit_code == 0
    edit_docx(old, {"组织执法人员培训。": "组织执法人员轮训。"})  # the old copy, edited in Word later
    result = _update(small, old)
    assert result.exit_code == 0, result.output
    assert "这份文档导出后，YAML 又改动过：只带回在 Word 中做的修改" in result.stdout
    assert "1 处修改" in result.stdout and "三次" not in result.stdout  # nothing proposes undoing the first edit
    text = year.read_text(encoding="utf-8")
    assert "开展执法培训三次。" in text and "组织执法人员轮训。" in text


def test_a_place_changed_in_both_is_listed_as_a_conflict_not_applied(small):
    year = small.root / SMALL
    old = _export(small)
    edit(year, "开展执法培训。", "开展执法培训三次。")  # by hand, after the export
    edit_docx(old, {"开展执法培训。": "开展执法检查。", "组织执法人员培训。": "组织执法人员轮训。"})
    result = _update(small, old)
    assert result.exit_code == 0, result.output
    assert ("这份文档导出后，YAML 又改动过：只带回在 Word 中做的修改，YAML 中后来的修改都保留；"
            "以下 1 处两边都改过，没有应用") in result.stdout
    assert "两边都改过（未应用）：measures.items.0.text：Word 中改为“开展执法检查。”，YAML 中已改为“开展执法培训三次。”" \
        in result.stdout
    text = year.read_text(encoding="utf-8")
    assert "开展执法培训三次。" in text and "执法检查" not in text and "组织执法人员轮训。" in text


def test_a_document_without_a_stamp_says_the_base_is_unknown(small):
    doc = _export(small)
    document = docx.Document(str(doc))
    rels = document.part.package.rels
    rels.pop(next(k for k, r in rels.items() if r.reltype == RT.CUSTOM_PROPERTIES))
    document.save(str(doc))
    edit_docx(doc, {"组织执法人员培训。": "组织执法人员轮训。"})
    result = _update(small, doc)
    assert result.exit_code == 0, result.output
    assert "这份文档没有记录它是从哪一版 YAML 导出的" in result.stdout
    assert "组织执法人员轮训。" in (small.root / SMALL).read_text(encoding="utf-8")


def test_another_year_or_town_is_refused(small):
    root = small.root
    small_town(root, year=2023)
    small_town(root, town="丙", town_text="name: 丙镇\ndistrict: 乙区\n")
    last_year = root / "2023.docx"
    assert small("export", "-t", "甲", "-y", "2023", "-o", str(last_year)).exit_code == 0
    other = root / "丙.docx"
    assert small("export", "-t", "丙", "-y", "2024", "-o", str(other)).exit_code == 0
    before = (root / SMALL).read_bytes()
    for doc, named in ((last_year, "甲镇 2023"), (other, "丙镇 2024")):
        result = _update(small, doc, "-t", "甲", "-y", "2024")
        assert result.exit_code == 1, result.output
        assert f"这份文档是 {named} 年度的报告，不是 甲镇 2024 年度的：请检查文件或 --town/--year" in result.output
    assert (root / SMALL).read_bytes() == before


def test_a_deleted_paragraph_mark_joins_the_next_and_moved_text_reads_once(tmp_path):
    from drafter.word.revisions import accepted

    document = docx.Document()
    first, second = document.add_paragraph("一是加强"), document.add_paragraph("执法培训。")
    first._p.get_or_add_pPr().append(parse_xml(f'<w:rPr {W}><w:del w:id="1" w:author="张三" {WHEN}/></w:rPr>'))
    second._p.append(parse_xml(f'<w:moveFrom {W} w:id="2" w:author="李四" {WHEN}><w:r><w:t>旧处</w:t></w:r></w:moveFrom>'))
    second._p.append(parse_xml(f'<w:moveTo {W} w:id="3" w:author="李四" {WHEN}><w:r><w:t>新处</w:t></w:r></w:moveTo>'))
    read = accepted(document)
    assert [(n, text) for n, _, text in read.paragraphs] == [(1, "一是加强执法培训。新处")]
    assert read.authors == {"张三": 1, "李四": 2}


def test_the_yaml_kept_in_an_export_leaves_the_clerks_comments_at_home(tmp_path):
    """The document travels; the YAML copy it keeps for --update has the data, not the notes in comments."""
    small_town(tmp_path, SMALL_YEAR.replace("  合同: {value: 12, unit: 份, label: 审查合同}",
                                            "  合同: {value: 12, unit: 份, label: 审查合同}  # 来源：司法所台账，王某某电话"))
    out = tmp_path / "r.docx"
    assert Run(tmp_path)("export", "-t", "甲", "-y", "2024", "-o", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    kept = [gzip.decompress(base64.b64decode(m.group(1))).decode("utf-8")
            for blob in parts.values() for m in re.finditer(rb'encoding="gzip\+base64"[^>]*>([^<]+)<', blob)]
    assert len(kept) == 1 and "审查合同" in kept[0] and "司法所台账" not in kept[0]
    assert not any("司法所台账".encode() in blob for blob in parts.values())


def test_a_line_added_in_word_where_the_yaml_has_none_either_is_applied(small):
    """The YAML changed after the export, so only Word's edits come back: an addressee typed into the Word copy,
    where neither the exported YAML nor today's has one, is an edit, not a conflict with a deletion."""
    year = small.root / SMALL
    doc = _export(small)
    edit(year, "开展执法培训。", "开展执法培训三次。")  # by hand, after the export
    document = docx.Document(str(doc))
    blank = next(p for p in document.paragraphs[1:] if not p.text.strip())  # the line under the title
    blank.add_run("乙区人民政府：")
    document.save(str(doc))
    result = _update(small, doc)
    assert result.exit_code == 0, result.output
    assert "两边都改过" not in result.stdout and "1 处修改" in result.stdout, result.stdout
    text = year.read_text(encoding="utf-8")
    assert "addressee: 乙区人民政府：" in text and "开展执法培训三次。" in text
