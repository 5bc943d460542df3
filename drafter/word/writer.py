"""The writer stage: paragraphs with roles -> a .docx in GB/T 9704-2012 format."""

from __future__ import annotations

import datetime as dt
import io
import os

import docx
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Twips
from docx.text.paragraph import Paragraph

from ..blocks import Block
from . import gbt9704 as gb
from . import oxml
from .revisions import OWN_AUTHOR

DRAFT_HIGHLIGHT = WD_COLOR_INDEX.YELLOW  # gaps to fill in a draft; a final document has none


class _Body:
    """The document's body, appended to in constant time: python-docx's add_paragraph looks for the body's
    sectPr from the first paragraph on, every time, which makes a long report quadratic."""

    def __init__(self, doc: DocumentObject):
        self.doc = doc
        doc.element.body.clear_content()  # keeps the sectPr, last in the body
        self._end = doc.element.body.find(qn("w:sectPr"))
        self.last: Paragraph | None = None

    def add_paragraph(self) -> Paragraph:
        p = OxmlElement("w:p")
        self._end.addprevious(p)
        self.last = Paragraph(p, self.doc._body)
        return self.last


def build(blocks: list[Block], fonts: gb.Fonts = gb.GB_FONTS, author: str = "",
          mark: str | None = None) -> DocumentObject:
    """The document; `mark` (a draft's 征求意见稿) goes at the top right of the first page."""
    doc = docx.Document()
    body = _Body(doc)
    _setup_document(doc, fonts, mark)
    title = ""
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.role == "标题":
            title = block.text.replace(" ", "")
            _title(body, block, fonts)
            _blank(body)  # 标题下空一行 (§7.3.2)
        elif block.role == "署名":  # the organs in a row, and the date right after them
            end = next((j for j in range(i, len(blocks)) if blocks[j].role != "署名"), len(blocks))
            date = blocks[end] if end < len(blocks) and blocks[end].role == "日期" else None
            _signature(body, blocks[i:end], date, fonts)
            i = end + (1 if date else 0)
            continue
        else:
            _paragraph(body, block, fonts)
        i += 1
    _properties(doc, title, author)
    return doc


def to_bytes(doc: DocumentObject) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _font(fonts: gb.Fonts, role: str) -> tuple[str, float]:
    fmt = gb.ROLE_FORMATS[role]
    return getattr(fonts, fmt.family), fmt.size_pt


def _paragraph(body: _Body, block: Block, fonts: gb.Fonts, **indents: int):
    p = body.add_paragraph()
    fmt = gb.ROLE_FORMATS[block.role]
    # a run-in heading ("（一）标题。正文") is a paragraph of text: only a heading on its own line keeps with next
    run_in = len({r.role for r in block.runs}) > 1 or block.role == "正文"
    oxml.set_paragraph_props(p._p, fmt, keep_next=fmt.keep_next and not run_in, outline=not run_in, **indents)
    for run in block.runs:
        r = _add_run(p, run.text, *_font(fonts, run.role), latin=fonts.latin)
        if run.mark:
            r.font.highlight_color = DRAFT_HIGHLIGHT
    if block.notes:  # a comment needs a run to hang on, even in a paragraph left empty
        body.doc.add_comment(p.runs or [p.add_run("")], text="；".join(block.notes), author=OWN_AUTHOR, initials="DR")
    return p


def _blank(body: _Body, keep_next: bool = False) -> None:
    p = body.add_paragraph()
    oxml.set_paragraph_props(p._p, gb.ROLE_FORMATS["正文"], keep_next=keep_next)


def _title(body: _Body, block: Block, fonts: gb.Fonts) -> None:
    p = body.add_paragraph()
    oxml.set_paragraph_props(p._p, gb.ROLE_FORMATS["标题"])
    font, size = _font(fonts, "标题")
    for n, line in enumerate(gb.break_title(block.text.split())):
        if n:
            p.runs[-1].add_break()
        _add_run(p, line, font, size, latin=fonts.latin)


def _signature(body: _Body, organs: list[Block], date: Block | None, fonts: gb.Fonts) -> None:
    """正文下空一行; the last paragraph before it keeps with the signature so that it never stands alone."""
    if body.last is not None:
        body.last.paragraph_format.keep_with_next = True
    _blank(body, keep_next=True)
    organ_right, date_left, date_right = gb.signature_indents([o.text for o in organs], date.text if date else "")
    for n, organ in enumerate(organs):
        p = _paragraph(body, organ, fonts, right=organ_right)
        if date or n < len(organs) - 1:
            p.paragraph_format.keep_with_next = True
    if date:
        if date_left is not None:
            _paragraph(body, date, fonts, left=date_left)
        else:
            p = _paragraph(body, date, fonts, right=date_right)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _add_run(paragraph: Paragraph, text: str, font: str, size_pt: float, latin: str | None = None):
    run = paragraph.add_run(text)
    oxml.set_run_props(run._r.get_or_add_rPr(), font, size_pt, condensed=size_pt == gb.BODY_PT, latin=latin)
    return run


def _setup_document(doc: DocumentObject, fonts: gb.Fonts, mark: str | None) -> None:
    """Page, grid, defaults, language and odd/even footers: everything that is not a paragraph."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(gb.PAGE_WIDTH_MM), Mm(gb.PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(gb.MARGIN_TOP_MM), Mm(gb.MARGIN_BOTTOM_MM)
        section.left_margin, section.right_margin = Mm(gb.MARGIN_LEFT_MM), Mm(gb.MARGIN_RIGHT_MM)
        section.gutter = Twips(0)
        section.header_distance, section.footer_distance = Mm(gb.HEADER_DISTANCE_MM), Mm(gb.FOOTER_DISTANCE_MM)
        section.different_first_page_header_footer = mark is not None  # for the mark only: see _first_page
        oxml.child(section._sectPr, "w:docGrid", clear=True, type="lines", linePitch=str(gb.LINE_TWIPS))
    _set_defaults(doc, fonts)
    doc.settings.odd_and_even_pages_header_footer = True  # <w:evenAndOddHeaders/>, §7.5
    oxml.child(doc.settings.element, "w:themeFontLang", clear=True, val="zh-CN", eastAsia="zh-CN")
    for section in doc.sections:
        _page_number_footer(section.footer, "right", fonts)  # odd pages: 居右空一字
        _page_number_footer(section.even_page_footer, "left", fonts)  # even pages: 居左空一字
        if mark is not None:
            _first_page(section, mark, fonts)


def _first_page(section, mark: str, fonts: gb.Fonts) -> None:
    """A draft's first page: the mark in its header (where and why: gb.DRAFT_MARK), and the odd pages' number
    (§7.5: the first page is numbered too)."""
    _page_number_footer(section.first_page_footer, "right", fonts)
    header = section.first_page_header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0].clear()
    oxml.set_paragraph_props(paragraph._p, gb.MARK_FORMAT)
    oxml.child(paragraph._p.pPr, "w:spacing", before=str(gb.MARK_SPACE_BEFORE_TWIPS))
    _add_run(paragraph, mark, fonts.heiti, gb.BODY_PT)


def _set_defaults(doc: DocumentObject, fonts: gb.Fonts) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    oxml.set_run_props(rpr, fonts.fangsong, gb.BODY_PT, condensed=True, latin=fonts.latin)
    oxml.child(rpr, "w:lang", val="zh-CN", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    for old in list(ppr):
        ppr.remove(old)
    oxml.grid_props(ppr)
    normal = doc.styles["Normal"]
    oxml.set_run_props(normal.element.get_or_add_rPr(), fonts.fangsong, gb.BODY_PT, condensed=True,
                       latin=fonts.latin)


def _page_number_footer(footer, side: str, fonts: gb.Fonts) -> None:
    """"— N —" in 4号 宋体 with a PAGE field (§7.5)."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0].clear()
    fmt = gb.RoleFormat("song", gb.PAGE_NUMBER_PT, align=side, first_line_indent=False)
    inset = gb.PAGE_NUMBER_INSET_TWIPS
    oxml.set_paragraph_props(paragraph._p, fmt, left=inset if side == "left" else 0,
                             right=inset if side == "right" else 0)
    oxml.child(paragraph._p.pPr, "w:spacing", lineRule="auto", line="240")
    _add_run(paragraph, gb.PAGE_DASH + " ", fonts.song, gb.PAGE_NUMBER_PT)
    for part in oxml.page_field():
        _add_run(paragraph, "", fonts.song, gb.PAGE_NUMBER_PT)._r.append(part)
    _add_run(paragraph, " " + gb.PAGE_DASH, fonts.song, gb.PAGE_NUMBER_PT)


def _properties(doc: DocumentObject, title: str, author: str) -> None:
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.language = "zh-CN"
    props.comments = ""
    props.keywords = ""
    props.subject = "法治政府建设情况报告"
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds: a fixed timestamp on request
    when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    props.created = props.modified = when.replace(tzinfo=None)
    props.revision = 1
