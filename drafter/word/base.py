"""The base document every export starts from: page, grid, settings and page-number footers, made once.

python-docx's own template carries 790 KB of styles (styles.xml and Word 2010's stylesWithEffects.xml) that
drafter never uses, a thumbnail of another document and a sample custom XML part; parsing and saving them was
a third of an export. `make()` builds the base from that template without them; base.docx beside this module is
its output, shipped in the package (tools/make_base.py writes it; a test keeps the two equal). What depends on
the font profile (defaults, Normal) and a draft's mark is set per export by the writer.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import docx
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Twips

from . import gbt9704 as gb
from . import oxml

BASE = Path(__file__).with_name("base.docx")
# The styles a document needs to name its defaults; every paragraph's format is written on the paragraph.
_KEPT_STYLES = ("Normal", "DefaultParagraphFont", "TableNormal", "NoList")
_DROPPED = (RT.THUMBNAIL, RT.CUSTOM_XML, RT.NUMBERING, RT.WEB_SETTINGS,
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")


@functools.cache
def _bytes() -> bytes:
    return BASE.read_bytes()


def open_base() -> DocumentObject:
    return docx.Document(io.BytesIO(_bytes()))


def make() -> bytes:
    """The base document, from python-docx's template."""
    doc = docx.Document()
    for rels in (doc.part.package.rels, doc.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype in _DROPPED:
                rels.pop(r_id)
    styles = doc.styles.element
    for el in list(styles):
        if el.tag == qn("w:latentStyles") or (el.tag == qn("w:style") and el.get(qn("w:styleId")) not in _KEPT_STYLES):
            styles.remove(el)
    for section in doc.sections:
        section.page_width, section.page_height = Mm(gb.PAGE_WIDTH_MM), Mm(gb.PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(gb.MARGIN_TOP_MM), Mm(gb.MARGIN_BOTTOM_MM)
        section.left_margin, section.right_margin = Mm(gb.MARGIN_LEFT_MM), Mm(gb.MARGIN_RIGHT_MM)
        section.gutter = Twips(0)
        section.header_distance, section.footer_distance = Mm(gb.HEADER_DISTANCE_MM), Mm(gb.FOOTER_DISTANCE_MM)
        oxml.child(section._sectPr, "w:docGrid", clear=True, type="lines", linePitch=str(gb.LINE_TWIPS))
    doc.settings.odd_and_even_pages_header_footer = True  # <w:evenAndOddHeaders/>, §7.5
    oxml.child(doc.settings.element, "w:themeFontLang", clear=True, val="zh-CN", eastAsia="zh-CN")
    for section in doc.sections:
        page_number_footer(section.footer, "right")  # odd pages: 居右空一字
        page_number_footer(section.even_page_footer, "left")  # even pages: 居左空一字
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def page_number_footer(footer, side: str) -> None:
    """"— N —" in 4号 宋体 with a PAGE field (§7.5); 宋体 in every font profile."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0].clear()
    fmt = gb.RoleFormat("song", gb.PAGE_NUMBER_PT, align=side, first_line_indent=False)
    inset = gb.PAGE_NUMBER_INSET_TWIPS
    oxml.set_paragraph_props(paragraph._p, fmt, left=inset if side == "left" else 0,
                             right=inset if side == "right" else 0)
    oxml.child(paragraph._p.pPr, "w:spacing", lineRule="auto", line="240")

    def run(text: str = ""):
        r = paragraph.add_run(text)
        oxml.set_run_props(r._r.get_or_add_rPr(), gb.GB_FONTS.song, gb.PAGE_NUMBER_PT, condensed=False)
        return r

    run(gb.PAGE_DASH + " ")
    for part in oxml.page_field():
        run()._r.append(part)
    run(" " + gb.PAGE_DASH)
