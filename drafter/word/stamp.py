"""Which town-year, and which version of its YAML, an exported .docx came from: written at export, read by
`import --update`, so a document exported before the YAML last changed is compared with what it was made from.

The town, year and the sha256 of the year file's bytes are custom document properties (docProps/custom.xml:
Word shows them under 文件 → 属性 → 自定义, and keeps them). The year file itself, gzip-compressed, is a custom
XML part (customXml/itemN.xml, the part Word keeps for data it does not show) so that the base of a three-way
comparison can be rebuilt: the YAML's data as it was, a few KB, without its comments (written as JSON, which
is YAML too). The document travels (to the district, to a leader, published): a clerk's notes in comments
(# 来源：司法所台账) stay at home; the data is what the report prints, plus the follow-up checklist.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from .. import limits

_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_PROPS_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_ITEM_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_ITEM_NS = "urn:drafter:year-file"
_ITEM_ID = "{6D1D5F0A-3C1B-4E55-9E0B-5A6F1D7C2B11}"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one fmtid Word uses for user-defined properties
TOWN, SHORT, YEAR, HASH = "drafter.镇街", "drafter.镇街简称", "drafter.年度", "drafter.YAML-sha256"


@dataclass(frozen=True)
class Stamp:
    town: str
    short: str
    year: int | None
    sha256: str
    yaml: bytes | None  # the year file the document was exported from, when the document still holds it


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(doc, town: str, short: str, year: int, data: object, sha256: str) -> None:
    """Add the stamp to a python-docx Document before it is saved: `data` is the year file as loaded, whose
    bytes have the digest `sha256`."""
    package = doc.part.package
    root = etree.Element(f"{{{_PROPS_NS}}}Properties", nsmap={None: _PROPS_NS, "vt": _VT})
    for pid, (name, value) in enumerate(((TOWN, town), (SHORT, short), (YEAR, str(year)),
                                         (HASH, sha256)), 2):  # pid 0 and 1 are reserved
        prop = etree.SubElement(root, f"{{{_PROPS_NS}}}property", fmtid=_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = value
    props = Part(PackURI("/docProps/custom.xml"), _PROPS_CT, _xml(root), package)
    package.relate_to(props, RT.CUSTOM_PROPERTIES)

    data = _without_comments(data)
    item = etree.Element(f"{{{_ITEM_NS}}}yaml", nsmap={None: _ITEM_NS}, encoding="gzip+base64", sha256=digest(data))
    item.text = base64.b64encode(gzip.compress(data, mtime=0)).decode("ascii")
    name = package.next_partname("/customXml/item%d.xml")  # a document may hold items of its own
    item_part = Part(name, "application/xml", _xml(item), package)
    doc.part.relate_to(item_part, RT.CUSTOM_XML)
    ds = etree.Element(f"{{{_DS}}}datastoreItem", nsmap={"ds": _DS})
    ds.set(f"{{{_DS}}}itemID", _ITEM_ID)
    etree.SubElement(etree.SubElement(ds, f"{{{_DS}}}schemaRefs"), f"{{{_DS}}}schemaRef").set(f"{{{_DS}}}uri", _ITEM_NS)
    props_name = PackURI(name.replace("/item", "/itemProps"))
    item_part.relate_to(Part(props_name, _ITEM_PROPS_CT, _xml(ds), package),
                        RT.CUSTOM_XML_PROPS)


def read(document) -> Stamp | None:
    """The stamp of a document opened by word.package.open_docx; None when it has none (not exported by drafter,
    or by a version before stamps). A stamp Word or another editor mangled reads as none."""
    package = document.part.package
    props = next((r.target_part for r in package.rels.values()
                  if r.reltype == RT.CUSTOM_PROPERTIES and not r.is_external), None)
    if props is None:
        return None
    root = _parse(props.blob)
    values = {} if root is None else {p.get("name"): "".join(p.itertext()).strip()
                                      for p in root.iter(f"{{{_PROPS_NS}}}property")}
    if not values.get(HASH) or not values.get(SHORT):
        return None
    year = values.get(YEAR, "")
    return Stamp(values.get(TOWN, ""), values[SHORT], int(year) if year.isdigit() and len(year) == 4 else None,
                 values[HASH], _yaml(document))


def _without_comments(data: object) -> bytes:
    """The data as JSON, which is YAML too: unambiguous to read back, and made in a tenth of a YAML dump's time."""
    return json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def _yaml(document) -> bytes | None:
    for rel in document.part.rels.values():
        if rel.reltype != RT.CUSTOM_XML or rel.is_external:
            continue
        root = _parse(rel.target_part.blob)
        if root is None or root.tag != f"{{{_ITEM_NS}}}yaml":
            continue
        try:
            packed = base64.b64decode(root.text or "", validate=True)
            with gzip.GzipFile(fileobj=io.BytesIO(packed)) as f:
                data = f.read(limits.MAX_YAML_BYTES + 1)  # a gzip bomb unpacks no further than a year file can be
        except (ValueError, OSError, EOFError):
            continue
        if len(data) <= limits.MAX_YAML_BYTES and digest(data) == root.get("sha256"):
            return data
    return None


def _parse(blob: bytes):
    try:
        return etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
