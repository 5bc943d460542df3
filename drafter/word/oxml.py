"""The OOXML drafter writes, on lxml elements (python-docx's oxml layer): run and paragraph properties
and the PAGE field. Every new child goes where the schema's sequence puts it: Word may refuse a file whose
property elements are out of order.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .gbt9704 import CHAR_SPACING, INDENT_TWIPS, LINE_TWIPS, RoleFormat

# Child sequences from the WordprocessingML schema (ECMA-376 Part 1, wml.xsd).
PPR_SEQUENCE = (  # CT_PPr: CT_PPrBase, then rPr, sectPr, pPrChange
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)
RPR_SEQUENCE = (  # CT_RPr: EG_RPrBase, then rPrChange
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
    "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange",
)
SECTPR_SEQUENCE = (  # CT_SectPr: header and footer references, then EG_SectPrContents, sectPrChange
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
    "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg",
    "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
)
SEQUENCES = {
    qn(f"w:{parent}"): {qn(f"w:{tag}"): rank for rank, tag in enumerate(sequence)}
    for parent, sequence in (("pPr", PPR_SEQUENCE), ("rPr", RPR_SEQUENCE), ("sectPr", SECTPR_SEQUENCE))
}
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def escape(text: str) -> str:
    """Text for XML character data (xml.sax.saxutils' escape, which imports urllib and ssl: 15 ms of start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def child(parent, tag: str, clear: bool = False, **attrs: str):
    """The child `tag` ("w:jc") of `parent`, created at its schema position if missing, with its w: attributes
    set; `clear` drops the old ones first."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        ranks = SEQUENCES.get(parent.tag, {})
        if el.tag not in ranks:
            raise ValueError(f"no schema sequence places {tag} in {parent.tag}")
        later = next((c for c in parent if ranks.get(c.tag, -1) > ranks[el.tag]), None)
        if later is None:
            parent.append(el)
        else:
            later.addprevious(el)
    if clear:
        el.attrib.clear()
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def set_run_props(rpr, font: str, size_pt: float, condensed: bool, latin: str | None = None) -> None:
    """Font in all four rFonts slots (python-docx's font.name leaves eastAsia unset), size, spacing.

    `latin` puts digits and Latin letters (the ascii and hAnsi slots) in another font."""
    rfonts = child(rpr, "w:rFonts")
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme"):  # a theme attribute would win over the explicit name
            del rfonts.attrib[attr]
    for slot in FONT_SLOTS:
        rfonts.set(qn(f"w:{slot}"), latin if latin and slot in ("ascii", "hAnsi") else font)
    rfonts.set(qn("w:hint"), "eastAsia")
    child(rpr, "w:color", clear=True, val="000000")
    if condensed:
        child(rpr, "w:spacing", clear=True, val=str(CHAR_SPACING))
    elif (spacing := rpr.find(qn("w:spacing"))) is not None:
        rpr.remove(spacing)
    for tag in ("w:sz", "w:szCs"):
        child(rpr, tag, clear=True, val=str(round(size_pt * 2)))


def set_paragraph_props(p, fmt: RoleFormat, *, left: int = 0, right: int = 0, keep_next: bool | None = None,
                        outline: bool = True) -> None:
    """The w:p element's pPr, from scratch: what `fmt` asks for, on the grid."""
    ppr = p.get_or_add_pPr()
    for old in list(ppr):
        ppr.remove(old)
    if keep_next if keep_next is not None else fmt.keep_next:
        child(ppr, "w:keepNext")
    grid_props(ppr)
    ind = child(ppr, "w:ind", left=str(left), right=str(right))
    if fmt.first_line_indent:  # both forms: Word writes both, LibreOffice reads only the twips
        ind.set(qn("w:firstLineChars"), "200")
        ind.set(qn("w:firstLine"), str(INDENT_TWIPS))
    else:
        ind.set(qn("w:firstLine"), "0")
    child(ppr, "w:jc", val=fmt.align)
    if outline and fmt.outline_level is not None:
        child(ppr, "w:outlineLvl", val=str(fmt.outline_level))


def grid_props(ppr) -> None:
    """What keeps every paragraph on the 22 × 28 grid."""
    child(ppr, "w:widowControl", val="0")  # widow control would shorten pages below 22 lines
    child(ppr, "w:overflowPunct", val="0")  # no closing punctuation hanging past the right margin
    child(ppr, "w:autoSpaceDE", val="0")  # no extra space between Chinese and Latin letters or digits
    child(ppr, "w:autoSpaceDN", val="0")
    child(ppr, "w:snapToGrid", val="0")  # exact spacing already keeps the grid; LO doubles 2号 lines otherwise
    child(ppr, "w:spacing", before="0", after="0", line=str(LINE_TWIPS), lineRule="exact")


def page_field() -> list:
    """A PAGE field as Word writes it, one element per run: begin, instruction, separate, a shown number, end.
    (python-docx has no field API.)"""
    begin, separate, end = (OxmlElement("w:fldChar", {qn("w:fldCharType"): kind})
                            for kind in ("begin", "separate", "end"))
    instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instr.text = " PAGE "
    shown = OxmlElement("w:t")
    shown.text = "1"
    return [begin, instr, separate, shown, end]
