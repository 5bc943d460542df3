"""The exported .docx asks for GB/T 9704-2012: read back from the XML, independently of the writer."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 1440 / 25.4  # twips per mm


@pytest.fixture(scope="module")
def doc_path(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from drafter.cli import cli

    from conftest import REPO

    out = tmp_path_factory.mktemp("fmt") / "report.docx"
    result = CliRunner().invoke(cli, ["--root", str(REPO), "export", "-t", "辛口", "-y", "2022", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def document(doc_path):
    return docx.Document(str(doc_path))


def paragraph(document, pattern: str):
    return next(p for p in document.paragraphs if re.match(pattern, p.text))


def run_props(run) -> dict:
    rpr = run._r.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    return {
        "eastAsia": fonts.get(qn("w:eastAsia")),
        "ascii": fonts.get(qn("w:ascii")),
        "theme": [a for a in fonts.attrib if a.endswith("Theme")],
        "sz": int(rpr.find(qn("w:sz")).get(qn("w:val"))),
        "spacing": rpr.find(qn("w:spacing")).get(qn("w:val")) if rpr.find(qn("w:spacing")) is not None else None,
        "bold": rpr.find(qn("w:b")) is not None,
        "color": rpr.find(qn("w:color")).get(qn("w:val")) if rpr.find(qn("w:color")) is not None else None,
    }


def ppr(p, tag: str, attr: str):
    el = p._p.pPr.find(qn(tag))
    return None if el is None else el.get(qn(f"w:{attr}"))


def test_page_a4_and_margins(document):
    s = document.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    text_w = (s.page_width - s.left_margin - s.right_margin) / 635  # EMU -> twips
    text_h = (s.page_height - s.top_margin - s.bottom_margin) / 635
    assert abs(text_w - 156 * MM) < 2 and abs(text_h - 225 * MM) < 2
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    assert s._sectPr.find(qn("w:titlePg")) is None  # the first page is numbered


def test_title(document):
    title = document.paragraphs[0]
    assert title.text.replace("\n", "") == "西青区辛口镇2022年度法治政府建设情况报告"
    assert ppr(title, "w:jc", "val") == "center"
    for run in title.runs:
        props = run_props(run)
        assert (props["eastAsia"], props["sz"], props["bold"], props["theme"]) == ("方正小标宋简体", 44, False, [])
    lines = title.text.split("\n")
    assert lines == ["西青区辛口镇2022年度", "法治政府建设情况报告"]  # words whole, lines even
    assert document.paragraphs[1].text == ""  # 标题下空一行


@pytest.mark.parametrize("pattern, font", [
    (r"^习近平总书记", "仿宋_GB2312"),            # body
    (r"^一、", "黑体"),                          # level 1
    (r"^（一）政府职能实现深入转变$", "楷体_GB2312"),  # level 2, own line
    (r"^1\.健全制度体系", "仿宋_GB2312"),         # level 3
])
def test_fonts_sizes_indent_spacing(document, pattern, font):
    p = paragraph(document, pattern)
    props = run_props(p.runs[0])
    assert props["eastAsia"] == font and props["ascii"] == font and not props["theme"]
    assert props["sz"] == 32 and props["spacing"] == "-5" and props["color"] in (None, "000000", "auto")
    assert ppr(p, "w:spacing", "line") == "579" and ppr(p, "w:spacing", "lineRule") == "exact"
    assert ppr(p, "w:spacing", "before") == "0" and ppr(p, "w:spacing", "after") == "0"
    assert ppr(p, "w:ind", "firstLineChars") == "200" and ppr(p, "w:ind", "firstLine") == "630"
    assert p._p.pPr.find(qn("w:numPr")) is None  # numbering is typed, never Word auto-numbering


def test_run_in_heading_switches_font(document):
    p = paragraph(document, r"^（一）执法隐患仍然存在")
    assert p.runs[0].text == "（一）执法隐患仍然存在，管理力度有待加强。"
    assert run_props(p.runs[0])["eastAsia"] == "楷体_GB2312"
    assert run_props(p.runs[1])["eastAsia"] == "仿宋_GB2312"
    assert p._p.pPr.find(qn("w:keepNext")) is None  # a paragraph of text, not a heading line


def test_own_line_headings_keep_with_next(document):
    for pattern in (r"^一、", r"^二、", r"^（一）政府职能"):
        assert paragraph(document, pattern)._p.pPr.find(qn("w:keepNext")) is not None


def test_defaults_language_and_no_theme_fonts(doc_path):
    with zipfile.ZipFile(doc_path) as z:
        styles = z.read("word/styles.xml").decode()
        settings = z.read("word/settings.xml").decode()
        document = z.read("word/document.xml").decode()
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)
    assert 'w:eastAsia="仿宋_GB2312"' in defaults and "eastAsiaTheme" not in defaults
    assert re.search(r'<w:lang [^>]*w:eastAsia="zh-CN"', defaults)
    assert re.search(r'<w:themeFontLang [^>]*w:eastAsia="zh-CN"', settings)
    assert "<w:evenAndOddHeaders" in settings
    assert "<w:numPr>" not in document and "w:color w:val=\"FF0000\"" not in document


def test_footers_page_numbers(doc_path, document):
    s = document.sections[0]
    with zipfile.ZipFile(doc_path) as z:
        names = z.namelist()
    footers = {"odd": s.footer, "even": s.even_page_footer}
    for side, footer in footers.items():
        assert not footer.is_linked_to_previous
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml), side
        assert p.text.startswith("\u2014") and p.text.endswith("\u2014"), p.text  # — N —
        for run in p.runs:
            props = run_props(run)
            assert (props["eastAsia"], props["ascii"], props["sz"]) == ("宋体", "宋体", 28)
        jc = "right" if side == "odd" else "left"
        assert ppr(p, "w:jc", "val") == jc
        assert ppr(p, "w:ind", jc) == "280"  # 空一字 of 4号 = 14 pt
    assert sum(n.startswith("word/footer") for n in names) == 2
    assert abs(s.footer_distance.mm - 25) < 0.5


def test_core_properties(document):
    props = document.core_properties
    assert props.title == "西青区辛口镇2022年度法治政府建设情况报告"
    assert props.language == "zh-CN" and "python-docx" not in (props.author or "")


def _first_runs(tmp_path, *args: str, town_extra: str = "") -> dict:
    """eastAsia and ascii fonts of the title's, the body's and a 一级 heading's first run."""
    from click.testing import CliRunner

    from drafter.cli import cli

    from conftest import copy_examples

    copy_examples(tmp_path)
    town = tmp_path / "towns" / "辛口" / "town.yaml"
    town.write_text(town.read_text(encoding="utf-8") + town_extra, encoding="utf-8")
    out = tmp_path / "f.docx"
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "export", "-t", "辛口", "-y", "2022", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    found = {}
    for name, pattern in (("title", r"^西青区"), ("body", r"^习近平"), ("h1", r"^一、")):
        props = run_props(paragraph(document, pattern).runs[0])
        found[name] = (props["eastAsia"], props["ascii"])
    return found


def test_windows_font_profile(tmp_path):
    assert _first_runs(tmp_path, "--fonts", "windows") == {
        "title": ("宋体", "宋体"), "body": ("仿宋", "仿宋"), "h1": ("黑体", "黑体")}


def test_town_picks_fonts_and_times_for_digits(tmp_path):
    found = _first_runs(tmp_path, town_extra="fonts: windows\nlatin_times: true\n")
    assert found == {"title": ("宋体", "Times New Roman"), "body": ("仿宋", "Times New Roman"),
                     "h1": ("黑体", "Times New Roman")}
