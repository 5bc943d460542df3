"""A .docx's paragraphs as they read with every tracked change (修订) accepted, who made the changes, and its
comments (批注): what import and `import --update` read, so an edit made with 修订 on is read as the edit.

python-docx's Paragraph.text reads only a paragraph's direct runs and hyperlinks: the new text of a tracked
insertion (w:ins) was lost, and a figure edited 1500 → 1600 read as neither number. Here the text is every
w:t outside deleted (w:del) or moved-away (w:moveFrom) content, wherever it nests (w:ins, w:moveTo, w:hyperlink,
w:smartTag, w:sdt, w:fldSimple); a paragraph whose mark was deleted joins the next one, as Word's 全部接受 does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {qn("w:del"), qn("w:moveFrom"), qn("w:pPr"), qn("w:rPr"), qn("w:txbxContent"), _MC_FALLBACK}
_CHARS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_CHANGES = (qn("w:ins"), qn("w:del"), qn("w:moveTo"), qn("w:moveFrom"))
_MARK_GONE = (qn("w:del"), qn("w:moveFrom"))
UNSIGNED = "未署名"


@dataclass
class Comment:
    number: int | None  # the paragraph it is anchored to, counted as document.paragraphs; None: in a table
    author: str
    text: str


@dataclass
class Accepted:
    paragraphs: list[tuple[int, object, str]]  # (number of its first paragraph, that paragraph, text)
    authors: Counter = field(default_factory=Counter)  # tracked changes per author
    comments: list[Comment] = field(default_factory=list)


def accepted(document) -> Accepted:
    """The body's paragraphs with all changes accepted, and the document's tracked changes and comments."""
    out = Accepted([])
    pending: tuple[int, object, str] | None = None
    anchors: dict[str, int] = {}
    for n, p in enumerate(document.paragraphs, 1):
        text = text_of(p._p)
        pending = (n, p, text) if pending is None else (pending[0], pending[1], pending[2] + text)
        for mark in p._p.iter(qn("w:commentRangeStart"), qn("w:commentReference")):
            anchors.setdefault(mark.get(qn("w:id")), n)
        if not _mark_deleted(p._p):
            out.paragraphs.append(pending)
            pending = None
    if pending is not None:
        out.paragraphs.append(pending)
    body = document.element.body
    for change in body.iter(*_CHANGES):
        if change.getparent().tag != qn("w:rPr") or change.tag in _MARK_GONE:  # an inserted mark is no edit
            out.authors[change.get(qn("w:author")) or UNSIGNED] += 1
    out.comments = _comments(document, anchors)
    return out


def text_of(element) -> str:
    """The text of a paragraph (or a comment's paragraphs) with changes accepted."""
    parts: list[str] = []
    _walk(element, parts)
    return "".join(parts)


def _walk(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == qn("w:t"):
            parts.append(child.text or "")
        elif tag in _CHARS:
            parts.append(_CHARS[tag])
        else:
            _walk(child, parts)


def _mark_deleted(p) -> bool:
    rpr = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    return rpr is not None and any(rpr.find(t) is not None for t in _MARK_GONE)


OWN_AUTHOR = "drafter"  # the author of a draft's own margin notes (未核对, 待判断): not a reader's comment


def _comments(document, anchors: dict[str, int]) -> list[Comment]:
    found = []
    for rel in document.part.rels.values():
        if rel.reltype != RT.COMMENTS or rel.is_external:
            continue
        root = getattr(rel.target_part, "element", None)
        if root is None or root.tag != qn("w:comments"):
            continue
        for c in root.iter(qn("w:comment")):
            if c.get(qn("w:author")) == OWN_AUTHOR:
                continue
            text = "\n".join(t for t in (text_of(p) for p in c.iter(qn("w:p"))) if t)
            found.append(Comment(anchors.get(c.get(qn("w:id"))), c.get(qn("w:author")) or UNSIGNED, text))
    return found
