"""Tables in a GB/T 9704 document: portrait, as wide as the text block, 4号 text, 黑体 header repeated on every page.

The standard's only table clause (§8) is about tables turned landscape; a table wider than the text block is
therefore split into several portrait tables, each repeating the leading columns (a row's name), rather than
turned. Cells set their indent and spacing explicitly: the body's first-line indent and 22-line grid must not leak
into them.
"""

from __future__ import annotations

import copy

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..zh import em_width
from . import gbt9704 as gb
from . import oxml

_CHAR = gb.TABLE_PT * 20  # one 4号 character in twips
_PAD = 2 * gb.TABLE_CELL_MARGIN_TWIPS


def add_tables(doc: Document, header: list[str], rows: list[list[str]], fonts: gb.Fonts, keep: int = 1) -> int:
    """Append `rows` under `header` at the end of the document's body, split by columns into tables that fit
    the text block, each repeating the first `keep` columns; a blank line before each. Returns how many."""
    # a character to spare: digits and Latin letters are wider than half an em in most Chinese faces
    widest = [max(round((em_width(r[i]) + 1) * _CHAR) for r in [header, *rows]) + _PAD for i in range(keep)]
    lead = [min(max(_CHAR * 2 + _PAD, w), gb.TEXT_WIDTH_TWIPS // (3 * keep)) for w in widest]  # long names wrap
    room = gb.TEXT_WIDTH_TWIPS - sum(lead)
    per = max(1, room // (gb.TABLE_MIN_COLUMN_EM * _CHAR + _PAD))
    rest = list(range(keep, len(header)))
    chunks = [rest[i : i + per] for i in range(0, len(rest), per)] or [[]]
    for chunk in chunks:
        _blank(doc)
        width = room // max(1, len(chunk))
        picked = [*range(keep), *chunk]
        _table(doc, [[r[i] for i in picked] for r in [header, *rows]], lead + [width] * len(chunk), fonts)
    return len(chunks)


def _end(doc: Document):
    """Where new body content goes: before the body's final sectPr."""
    return doc.element.body.find(qn("w:sectPr"))


def _blank(doc: Document) -> None:
    p = OxmlElement("w:p")
    oxml.set_paragraph_props(p, gb.ROLE_FORMATS["正文"])
    _end(doc).addprevious(p)


def _el(tag: str, **attrs: str):
    return OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attrs.items()})


def _table(doc: Document, cells: list[list[str]], widths: list[int], fonts: gb.Fonts) -> None:
    tbl = _el("w:tbl")
    tbl_pr = _el("w:tblPr")  # children in CT_TblPr's order
    tbl_pr.append(_el("w:tblW", w=str(sum(widths)), type="dxa"))
    tbl_pr.append(_el("w:jc", val="center"))
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="single", sz=str(gb.TABLE_BORDER_EIGHTHS), space="0", color="000000"))
    tbl_pr.append(borders)
    tbl_pr.append(_el("w:tblLayout", type="fixed"))
    margins = _el("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_el(f"w:{side}", w=str(gb.TABLE_CELL_MARGIN_TWIPS), type="dxa"))
    tbl_pr.append(margins)
    tbl.append(tbl_pr)
    grid = _el("w:tblGrid")
    for w in widths:
        grid.append(_el("w:gridCol", w=str(w)))
    tbl.append(grid)
    made: dict[tuple[str, int], object] = {}  # a cell of each font and width, copied: building each is slow
    for n, row in enumerate(cells):
        tr = _el("w:tr")
        tr_pr = _el("w:trPr")
        tr_pr.append(_el("w:cantSplit"))
        if n == 0:
            tr_pr.append(_el("w:tblHeader"))  # repeated at the top of each page the table runs onto
        tr.append(tr_pr)
        font = fonts.heiti if n == 0 else fonts.fangsong
        for text, w in zip(row, widths):
            if (font, w) not in made:
                made[font, w] = _cell(w, font, fonts.latin)
            tc = copy.deepcopy(made[font, w])
            run = tc.find(f"{_P}/{_R}")
            if text:
                run.find(qn("w:t")).text = text
            else:
                run.getparent().remove(run)
            tr.append(tc)
        tbl.append(tr)
    _end(doc).addprevious(tbl)


_P, _R = qn("w:p"), qn("w:r")


def _cell(width: int, font: str, latin: str | None):
    tc = _el("w:tc")
    tc_pr = _el("w:tcPr")
    tc_pr.append(_el("w:tcW", w=str(width), type="dxa"))
    tc_pr.append(_el("w:vAlign", val="center"))
    tc.append(tc_pr)
    p = _el("w:p")
    oxml.set_paragraph_props(p, gb.RoleFormat("fangsong", gb.TABLE_PT, align="center", first_line_indent=False))
    oxml.child(p.pPr, "w:spacing", clear=True, before="0", after="0", line=str(gb.TABLE_LINE_TWIPS), lineRule="exact")
    r = _el("w:r")
    oxml.set_run_props(r.get_or_add_rPr(), font, gb.TABLE_PT, condensed=False, latin=latin)
    r.append(_el("w:t"))
    p.append(r)
    tc.append(p)
    return tc
