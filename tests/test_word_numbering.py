"""Word's automatic numbering: the labels a reader sees in Word, rebuilt from a real .docx's numbering part."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from drafter.word.numbering import Numbering

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LEVELS = (  # (numFmt, lvlText, start) per level: the report's 一、 （一） 1.
    ("chineseCounting", "%1、", 1),
    ("chineseCounting", "（%2）", 1),
    ("decimal", "%3.", 1),
)


def _num_pr(level: int, num_id: int = 7):
    return parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')


def _document(levels=LEVELS):
    document = docx.Document()
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text, start) in enumerate(levels))
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(f'<w:abstractNum {NS} w:abstractNumId="7">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="7"><w:abstractNumId w:val="7"/></w:num>'))
    return document


def _labels(document, path: Path) -> list[str]:
    """Save, open again as a reader would, and label every paragraph."""
    document.save(str(path))
    reopened = docx.Document(str(path))
    numbering = Numbering(reopened)
    return [numbering.label(p) for p in reopened.paragraphs]


def test_levels_count_and_restart_like_word(tmp_path):
    document = _document()
    for level in (0, 1, 2, 2, 1, 0, 1):
        document.add_paragraph("正文")._p.get_or_add_pPr().append(_num_pr(level))
    assert _labels(document, tmp_path / "levels.docx") == ["一、", "（一）", "1.", "2.", "（二）", "二、", "（一）"]


def test_numbering_from_the_paragraph_style_and_its_start(tmp_path):
    document = _document((("decimal", "%1.", 3),))
    style = document.styles.add_style("编号段落", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(_num_pr(0))
    document.add_paragraph("第一条", style="编号段落")
    document.add_paragraph("第二条", style="编号段落")
    assert _labels(document, tmp_path / "style.docx") == ["3.", "4."]


def test_plain_and_unknown_numbering_show_no_label(tmp_path):
    document = _document()
    document.add_paragraph("没有编号的段落")
    document.add_paragraph("编号定义不存在")._p.get_or_add_pPr().append(_num_pr(0, num_id=99))
    assert _labels(document, tmp_path / "plain.docx") == ["", ""]
