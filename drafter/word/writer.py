"""The writer stage: paragraphs with roles -> a .docx in GB/T 9704-2012 format."""

from __future__ import annotations

import datetime as dt
import io
import os

import docx
from docx.document import Document as DocumentObject

from ..blocks import Block
from . import gbt9704 as gb


def build(blocks: list[Block], fonts: gb.Fonts = gb.GB_FONTS, author: str = "") -> DocumentObject:
    doc = docx.Document()
    body = doc.element.body
    for p in list(body):
        if p.tag != docx.oxml.ns.qn("w:sectPr"):
            body.remove(p)
    gb.setup_document(doc, fonts)
    title = ""
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.role == "标题":
            title = block.text.replace(" ", "")
            _title(doc, block, fonts)
            _blank(doc)  # 标题下空一行 (§7.3.2)
        elif block.role == "署名":
            organs = [b for b in blocks[i:] if b.role == "署名"]
            date = next((b for b in blocks[i:] if b.role == "日期"), None)
            _signature(doc, organs, date, fonts)
            i += len(organs) + (1 if date else 0)
            continue
        else:
            _paragraph(doc, block, fonts)
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


def _paragraph(doc: DocumentObject, block: Block, fonts: gb.Fonts, **indents: int):
    p = doc.add_paragraph()
    fmt = gb.ROLE_FORMATS[block.role]
    # a run-in heading ("（一）标题。正文") is a paragraph of text: only a heading on its own line keeps with next
    run_in = len({r.role for r in block.runs}) > 1 or block.role == "正文"
    gb.set_paragraph_props(p, fmt, keep_next=fmt.keep_next and not run_in, outline=not run_in, **indents)
    for run in block.runs:
        r = gb.add_run(p, run.text, *_font(fonts, run.role), latin=fonts.latin)
        if run.mark:
            gb.highlight(r)
    if block.notes:
        doc.add_comment(p.runs, text="；".join(block.notes), author="drafter", initials="DR")
    return p


def _blank(doc: DocumentObject, keep_next: bool = False) -> None:
    p = doc.add_paragraph()
    gb.set_paragraph_props(p, gb.ROLE_FORMATS["正文"], keep_next=keep_next)


def _title(doc: DocumentObject, block: Block, fonts: gb.Fonts) -> None:
    p = doc.add_paragraph()
    gb.set_paragraph_props(p, gb.ROLE_FORMATS["标题"])
    font, size = _font(fonts, "标题")
    for n, line in enumerate(gb.break_title(block.text.split())):
        if n:
            gb.add_line_break(p)
        gb.add_run(p, line, font, size, latin=fonts.latin)


def _signature(doc: DocumentObject, organs: list[Block], date: Block | None, fonts: gb.Fonts) -> None:
    """正文下空一行; the last paragraph before it keeps with the signature so that it never stands alone."""
    last = doc.paragraphs[-1] if doc.paragraphs else None
    if last is not None:
        gb.keep_with_next(last)
    _blank(doc, keep_next=True)
    organ_right, date_left, date_right = gb.signature_indents([o.text for o in organs], date.text if date else "")
    for n, organ in enumerate(organs):
        p = _paragraph(doc, organ, fonts, right=organ_right)
        if date or n < len(organs) - 1:
            gb.keep_with_next(p)
    if date:
        if date_left is not None:
            _paragraph(doc, date, fonts, left=date_left)
        else:
            p = _paragraph(doc, date, fonts, right=date_right)
            gb.set_alignment(p, "right")


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
