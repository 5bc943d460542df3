"""The OOXML helpers on bare elements: children land in schema order whatever the call order, and setting
twice replaces."""

from __future__ import annotations

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from drafter.word import gbt9704 as gb
from drafter.word import oxml


def element(xml: str):
    """`xml` parsed, with the w: namespace declared on its root."""
    name = xml[1:].split(">")[0].split()[0].rstrip("/")
    return parse_xml(xml.replace(f"<{name}", f"<{name} {nsdecls('w')}", 1))


def children(parent) -> list[str]:
    return [etree.QName(c).localname for c in parent]


def w(el, attr: str) -> str | None:
    return el.get(qn(f"w:{attr}"))


@pytest.mark.parametrize("order", [["w:jc", "w:ind", "w:spacing"], ["w:ind", "w:jc", "w:spacing"],
                                   ["w:spacing", "w:jc", "w:ind"]])
def test_ppr_children_follow_the_schema_not_the_calls(order):
    ppr = element("<w:pPr><w:pStyle w:val='a'/></w:pPr>")
    for tag in order:
        oxml.child(ppr, tag)
    assert children(ppr) == ["pStyle", "spacing", "ind", "jc"]


def test_rpr_children_follow_the_schema_not_the_calls():
    rpr = element("<w:rPr/>")
    for tag in ("w:lang", "w:sz", "w:highlight", "w:rFonts", "w:rStyle", "w:color"):
        oxml.child(rpr, tag)
    assert children(rpr) == ["rStyle", "rFonts", "color", "sz", "highlight", "lang"]


def test_child_twice_replaces_and_clear_drops_old_attributes():
    ppr = element("<w:pPr/>")
    oxml.child(ppr, "w:jc", val="left")
    oxml.child(ppr, "w:jc", val="right")
    spacing = oxml.child(ppr, "w:spacing", before="120", line="240")
    oxml.child(ppr, "w:spacing", clear=True, line="579")
    assert children(ppr) == ["spacing", "jc"]
    assert w(ppr[1], "val") == "right"
    assert w(spacing, "line") == "579" and w(spacing, "before") is None


def test_child_passes_over_elements_the_schema_does_not_name():
    rpr = element("<w:rPr><w:sz w:val='32'/><x:ext xmlns:x='urn:x'/></w:rPr>")
    oxml.child(rpr, "w:lang", val="zh-CN")
    oxml.child(rpr, "w:rFonts")
    assert children(rpr) == ["rFonts", "sz", "ext", "lang"]


def test_child_places_in_sectpr_and_refuses_to_guess_elsewhere():
    sect = element("<w:sectPr><w:pgSz/><w:pgMar/><w:cols/><w:docGrid/></w:sectPr>")
    oxml.child(sect, "w:titlePg")
    oxml.child(sect, "w:type", val="nextPage")
    assert children(sect) == ["type", "pgSz", "pgMar", "cols", "titlePg", "docGrid"]
    settings = element("<w:settings><w:themeFontLang w:val='en-US'/></w:settings>")
    assert w(oxml.child(settings, "w:themeFontLang", val="zh-CN"), "val") == "zh-CN"  # found, not placed
    with pytest.raises(ValueError, match="no schema sequence"):
        oxml.child(settings, "w:evenAndOddHeaders")


def test_run_props_in_schema_order_with_all_four_font_slots():
    rpr = element("<w:rPr><w:rStyle w:val='s'/>"
                  "<w:rFonts w:asciiTheme='minorHAnsi' w:eastAsiaTheme='minorEastAsia'/><w:b/>"
                  "<w:sz w:val='22'/><w:lang w:val='en-US'/></w:rPr>")
    oxml.set_run_props(rpr, "仿宋_GB2312", gb.BODY_PT, condensed=True, latin="Times New Roman")
    assert children(rpr) == ["rStyle", "rFonts", "b", "color", "spacing", "sz", "szCs", "lang"]
    rfonts = rpr.find(qn("w:rFonts"))
    assert [w(rfonts, s) for s in ("ascii", "hAnsi", "eastAsia", "cs", "hint")] == [
        "Times New Roman", "Times New Roman", "仿宋_GB2312", "仿宋_GB2312", "eastAsia"]
    assert w(rfonts, "asciiTheme") is None and w(rfonts, "eastAsiaTheme") is None  # a theme would win
    assert [w(rpr.find(qn(t)), "val") for t in ("w:color", "w:spacing", "w:sz", "w:szCs")] == [
        "000000", str(gb.CHAR_SPACING), "32", "32"]


def test_run_props_set_twice_replace():
    rpr = element("<w:rPr/>")
    oxml.set_run_props(rpr, "仿宋_GB2312", gb.BODY_PT, condensed=True)
    oxml.set_run_props(rpr, "宋体", gb.PAGE_NUMBER_PT, condensed=False)
    assert children(rpr) == ["rFonts", "color", "sz", "szCs"]  # not condensed: no spacing left over
    assert w(rpr.find(qn("w:rFonts")), "ascii") == "宋体"
    assert w(rpr.find(qn("w:sz")), "val") == "28"


def test_paragraph_props_replace_the_old_ones_in_schema_order():
    p = element("<w:p><w:pPr><w:jc w:val='center'/><w:pStyle w:val='H1'/><w:numPr/></w:pPr><w:r/></w:p>")
    oxml.set_paragraph_props(p, gb.ROLE_FORMATS["一级"], right=630)
    ppr = p.find(qn("w:pPr"))
    assert children(ppr) == ["keepNext", "widowControl", "overflowPunct", "autoSpaceDE", "autoSpaceDN",
                             "snapToGrid", "spacing", "ind", "jc", "outlineLvl"]
    spacing, ind, jc, level = (ppr.find(qn(f"w:{t}")) for t in ("spacing", "ind", "jc", "outlineLvl"))
    assert [w(spacing, a) for a in ("before", "after", "line", "lineRule")] == [
        "0", "0", str(gb.LINE_TWIPS), "exact"]
    assert [w(ind, a) for a in ("left", "right", "firstLineChars", "firstLine")] == ["0", "630", "200", "630"]
    assert (w(jc, "val"), w(level, "val")) == ("both", "0")


def test_paragraph_props_without_keep_next_or_outline_and_set_again():
    p = element("<w:p/>")
    oxml.set_paragraph_props(p, gb.ROLE_FORMATS["二级"], keep_next=False, outline=False)
    ppr = p.find(qn("w:pPr"))
    assert "keepNext" not in children(ppr) and "outlineLvl" not in children(ppr)
    oxml.set_paragraph_props(p, gb.ROLE_FORMATS["标题"])
    assert p.findall(qn("w:pPr")) == [ppr] and children(ppr).count("ind") == 1
    ind = ppr.find(qn("w:ind"))
    assert (w(ind, "firstLine"), w(ind, "firstLineChars")) == ("0", None)  # the heading's indent is gone
    assert w(ppr.find(qn("w:jc")), "val") == "center"


def test_page_field_is_begin_instruction_separate_number_end():
    parts = oxml.page_field()
    assert [etree.QName(e).localname for e in parts] == ["fldChar", "instrText", "fldChar", "t", "fldChar"]
    assert [w(e, "fldCharType") for e in parts[::2]] == ["begin", "separate", "end"]
    assert parts[1].text == " PAGE " and parts[1].get(qn("xml:space")) == "preserve"
