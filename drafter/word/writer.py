"""The writer stage: paragraphs with roles -> a .docx in GB/T 9704-2012 format."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.text.paragraph import Paragraph
from lxml import etree

from ..blocks import Block
from . import base, oxml
from . import gbt9704 as gb
from .revisions import OWN_AUTHOR

DRAFT_HIGHLIGHT = "yellow"  # gaps to fill in a draft; a final document has none


@dataclass
class _Para:
    """One paragraph to write: its format and its runs, already XML (see _runs)."""

    fmt: gb.RoleFormat
    runs: str
    keep_next: bool | None = None
    outline: bool = True
    left: int = 0
    right: int = 0
    align: str | None = None  # overrides fmt.align
    notes: tuple[str, ...] = ()


def build(blocks: list[Block], fonts: gb.Fonts = gb.GB_FONTS, author: str = "",
          mark: str | None = None) -> DocumentObject:
    """The document; `mark` (a draft's 征求意见稿) goes at the top right of the first page.

    The paragraphs are made as one XML fragment and parsed once: python-docx's add_run/add_paragraph cost a
    dozen Python calls per character run, most of an export's time."""
    doc = base.open_base()
    _set_defaults(doc, fonts)
    if mark is not None:
        _first_page(doc.sections[0], mark, fonts)
    paras: list[_Para] = []
    title = ""
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.role == "标题":
            title = block.text.replace(" ", "")
            paras.append(_title(block, fonts))
            paras.append(_Para(gb.ROLE_FORMATS["正文"], ""))  # 标题下空一行 (§7.3.2)
        elif block.role == "署名":  # the organs in a row, and the date right after them
            end = next((j for j in range(i, len(blocks)) if blocks[j].role != "署名"), len(blocks))
            date = blocks[end] if end < len(blocks) and blocks[end].role == "日期" else None
            _signature(paras, blocks[i:end], date, fonts)
            i = end + (1 if date else 0)
            continue
        else:
            paras.append(_paragraph(block, fonts))
        i += 1
    body = doc.element.body
    end_of_body = body.find(qn("w:sectPr"))
    written = parse_xml(f"<w:body {nsdecls('w')}>{''.join(_xml(p) for p in paras)}</w:body>")
    for para, el in zip(paras, list(written)):
        end_of_body.addprevious(el)
        if para.notes:  # a comment needs a run to hang on, even in a paragraph left empty
            p = Paragraph(el, doc._body)
            doc.add_comment(p.runs or [p.add_run("")], text="；".join(para.notes), author=OWN_AUTHOR, initials="DR")
    _properties(doc, title, author)
    return doc


def to_bytes(doc: DocumentObject) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _font(fonts: gb.Fonts, role: str) -> tuple[str, float]:
    fmt = gb.ROLE_FORMATS[role]
    return getattr(fonts, fmt.family), fmt.size_pt


def _paragraph(block: Block, fonts: gb.Fonts, **indents: int) -> _Para:
    fmt = gb.ROLE_FORMATS[block.role]
    # a run-in heading ("（一）标题。正文") is a paragraph of text: only a heading on its own line keeps with next
    run_in = len({r.role for r in block.runs}) > 1 or block.role == "正文"
    runs = "".join(_run(run.text, *_font(fonts, run.role), latin=fonts.latin, highlight=run.mark)
                   for run in block.runs)
    return _Para(fmt, runs, keep_next=fmt.keep_next and not run_in, outline=not run_in, notes=tuple(block.notes),
                 **indents)


def _title(block: Block, fonts: gb.Fonts) -> _Para:
    font, size = _font(fonts, "标题")
    lines = gb.break_title(block.text.split())
    return _Para(gb.ROLE_FORMATS["标题"], "".join(_run(line, font, size, latin=fonts.latin, br=n < len(lines) - 1)
                                                  for n, line in enumerate(lines)))


def _signature(paras: list[_Para], organs: list[Block], date: Block | None, fonts: gb.Fonts) -> None:
    """正文下空一行; the last paragraph before it keeps with the signature so that it never stands alone."""
    if paras:
        paras[-1].keep_next = True
    paras.append(_Para(gb.ROLE_FORMATS["正文"], "", keep_next=True))
    organ_right, date_left, date_right = gb.signature_indents([o.text for o in organs], date.text if date else "")
    for n, organ in enumerate(organs):
        p = _paragraph(organ, fonts, right=organ_right)
        p.keep_next = p.keep_next or bool(date or n < len(organs) - 1)
        paras.append(p)
    if date:
        if date_left is not None:
            paras.append(_paragraph(date, fonts, left=date_left))
        else:
            p = _paragraph(date, fonts, right=date_right)
            p.align = "right"
            paras.append(p)


_W_NS = f' xmlns:w="{nsmap["w"]}"'
_BREAKS = re.compile(r"([\t\n\r])")


def _xml(p: _Para) -> str:
    return f"<w:p>{_ppr(p.fmt, p.left, p.right, p.keep_next, p.outline, p.align)}{p.runs}</w:p>"


@functools.lru_cache(maxsize=256)
def _ppr(fmt: gb.RoleFormat, left: int, right: int, keep_next: bool | None, outline: bool, align: str | None) -> str:
    """A paragraph's pPr as XML, made by the oxml layer (where the child order is declared) once per format."""
    p = OxmlElement("w:p")
    oxml.set_paragraph_props(p, fmt, left=left, right=right, keep_next=keep_next, outline=outline)
    if align is not None:
        oxml.child(p.pPr, "w:jc", val=align)
    return etree.tostring(p.pPr, encoding="unicode").replace(_W_NS, "")


@functools.lru_cache(maxsize=256)
def _rpr(font: str, size_pt: float, latin: str | None, highlight: bool) -> str:
    r = OxmlElement("w:r")
    rpr = r.get_or_add_rPr()
    oxml.set_run_props(rpr, font, size_pt, condensed=size_pt == gb.BODY_PT, latin=latin)
    if highlight:
        oxml.child(rpr, "w:highlight", val=DRAFT_HIGHLIGHT)
    return etree.tostring(rpr, encoding="unicode").replace(_W_NS, "")


def _run(text: str, font: str, size_pt: float, latin: str | None = None, highlight: bool = False,
         br: bool = False) -> str:
    """A run as python-docx's add_run writes it: tabs and line breaks as their own elements, xml:space kept
    only where a text starts or ends with a space; `br` ends it with a line break (a title's lines)."""
    content = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            content.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            content.append(f"<w:t{space}>{oxml.escape(piece)}</w:t>")
    return f"<w:r>{_rpr(font, size_pt, latin, highlight)}{''.join(content)}{'<w:br/>' if br else ''}</w:r>"


def _first_page(section, mark: str, fonts: gb.Fonts) -> None:
    """A draft's first page: the mark in its header (where and why: gb.DRAFT_MARK), and the odd pages' number
    (§7.5: the first page is numbered too)."""
    section.different_first_page_header_footer = True  # for the mark only
    base.page_number_footer(section.first_page_footer, "right")
    header = section.first_page_header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0].clear()
    oxml.set_paragraph_props(paragraph._p, gb.MARK_FORMAT)
    oxml.child(paragraph._p.pPr, "w:spacing", before=str(gb.MARK_SPACE_BEFORE_TWIPS))
    run = paragraph.add_run(mark)
    oxml.set_run_props(run._r.get_or_add_rPr(), fonts.heiti, gb.BODY_PT, condensed=True)


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
