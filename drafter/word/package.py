"""Opening a .docx someone gives drafter (import, import --update, lint): the one place where a broken or hostile
file becomes a Chinese message naming the part, before python-docx or lxml read more than a report would need.

A .docx is a zip of XML parts. Its size on disk says little: 1 MB of zeros unzips to 1 GB, and the sizes in
the zip's headers can lie. So the entries are counted, and each is unzipped with a bound on the bytes actually
read; only then does python-docx read them, from a copy of exactly those bytes. What python-docx resolves
lazily later (the main parts' roots, the relationships sections name) is checked here too, so reading the
document afterwards meets no broken package.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from .. import inputs, limits
from ..errors import DrafterError

_HINT = "文件已损坏或不是 Word 文档：请在 Word 中打开后另存为 .docx 再试"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_ROOTS = {  # the parts drafter reads through python-docx: the root element each must have, and its name
    RT.STYLES: ("w:styles", "样式"), RT.NUMBERING: ("w:numbering", "编号"), RT.SETTINGS: ("w:settings", "设置"),
    RT.HEADER: ("w:hdr", "页眉"), RT.FOOTER: ("w:ftr", "页脚"),
}
_UNZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError,
                 RuntimeError, ValueError, OSError)  # RuntimeError: an encrypted entry


def open_docx(file: Path, raw: bytes | None = None):
    """`file` (whose bytes are `raw`, if already read) as a python-docx Document, or a DrafterError."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    raw = inputs.read_bytes(file, limits.MAX_DOCUMENT_BYTES) if raw is None else raw
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE file: Word's encrypted .docx, or an old .doc
        raise DrafterError.one("这个文件设有打开密码，或是改了扩展名的旧版 .doc：请在 Word 中取消密码，"
                               "或另存为 .docx 后再试", file)
    parts = _unzip(file, raw)
    for name, data in parts.items():
        if name.lower().endswith((".xml", ".rels")) and b"<!DOCTYPE" in data:
            raise _broken(file, f"{name} 含有 DTD 声明（<!DOCTYPE>），Word 文档中不会有")
    for name in ("[Content_Types].xml", "_rels/.rels"):
        if name not in parts:
            raise _broken(file, f"缺少 {name}")
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    try:
        document = docx.Document(copy)
    except etree.XMLSyntaxError as e:
        raise _broken(file, _bad_xml(parts) or f"有一个部件不是完好的 XML（{e.msg}）") from None
    except KeyError as e:
        missing = re.search(r"named '([^']+)'", str(e))
        raise _broken(file, f"缺少 {missing.group(1)}" if missing else f"缺少部件 {e}") from None
    except (PackageNotFoundError, zipfile.BadZipFile, ValueError, TypeError, AttributeError) as e:
        kind = re.search(r"content type is '([^']*)'", str(e))
        raise _broken(file, f"主文档的类型是 {kind.group(1)}，不是 Word 文档" if kind
                      else f"不是完整的 Word 文档（{type(e).__name__}：{e}）") from None
    _check_parts(file, document)
    return document


def _unzip(file: Path, raw: bytes) -> dict[str, bytes]:
    """Every entry's bytes, refusing a zip with too many entries or too much in them, before or while unzipping."""
    try:
        z = zipfile.ZipFile(io.BytesIO(raw))
        infos = [i for i in z.infolist() if not i.is_dir()]
    except _UNZIP_ERRORS as e:
        raise _broken(file, f"它不是 zip 压缩包（{type(e).__name__}）") from None
    if len(infos) > limits.MAX_DOCX_PARTS:
        raise _too_big(file, f"有 {len(infos)} 个部件，超过 {limits.MAX_DOCX_PARTS} 个")
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.filename in parts:
            raise _broken(file, f"{info.filename} 出现了两次")
        if info.file_size > limits.MAX_DOCX_PART_BYTES:
            raise _too_big(file, f"{info.filename} 解压后有 {_mb(info.file_size)}，超过 {_mb(limits.MAX_DOCX_PART_BYTES)}")
        try:
            with z.open(info) as f:
                data = f.read(limits.MAX_DOCX_PART_BYTES + 1)  # the header's size may lie: bound what is read
        except _UNZIP_ERRORS as e:
            raise _broken(file, f"{info.filename} 无法解压（{e}）") from None
        if len(data) > limits.MAX_DOCX_PART_BYTES:
            raise _too_big(file, f"{info.filename} 解压后超过 {_mb(limits.MAX_DOCX_PART_BYTES)}")
        total += len(data)
        if total > limits.MAX_DOCX_UNZIPPED_BYTES:
            raise _too_big(file, f"解压后超过 {_mb(limits.MAX_DOCX_UNZIPPED_BYTES)}")
        parts[info.filename] = data
    return parts


def _bad_xml(parts: dict[str, bytes]) -> str | None:
    """Which part python-docx could not parse, and where: it does not say."""
    from docx.oxml.parser import oxml_parser
    from lxml import etree

    for name, data in parts.items():
        if name.lower().endswith((".xml", ".rels")):
            try:
                etree.fromstring(data, oxml_parser)
            except etree.XMLSyntaxError as e:
                line, column = e.position
                reason = re.sub(r", line \d+, column \d+$", "", e.msg)
                return f"{name} 不是完好的 XML（第 {line} 行第 {column} 列：{reason}）"
    return None


def _check_parts(file: Path, document) -> None:
    """What python-docx would stumble on only later: a main part without its body, a styles, numbering, settings,
    header or footer part of the wrong kind or outside the file, a relationship id that names nothing."""
    from docx.opc.part import XmlPart

    main = document.part
    if main.element.tag != qn("w:document") or main.element.find(qn("w:body")) is None:
        raise _broken(file, f"{_name(main)} 中没有正文（w:body）")
    for rel in main.rels.values():
        if rel.reltype not in _ROOTS:
            continue
        root, kind = _ROOTS[rel.reltype]
        if rel.is_external:
            raise _broken(file, f"{_name(main)} 的{kind}部件在文件以外（{rel.target_ref}）")
        part = rel.target_part
        if not isinstance(part, XmlPart) or part.element.tag != qn(root):
            raise _broken(file, f"{_name(part)} 应是{kind}部件（{root}），却不是")
    for ref in main.element.iter(qn("w:headerReference"), qn("w:footerReference")):
        if ref.get(f"{_R}id") is None:
            raise _broken(file, f"{_name(main)} 中的页眉或页脚引用缺少 r:id")
    for part in main.package.iter_parts():
        if not isinstance(part, XmlPart):
            continue
        for element in part.element.iter():
            for attr, value in element.attrib.items():
                if attr.startswith(_R) and value not in part.rels:
                    rels = str(part.partname.rels_uri).lstrip("/")
                    raise _broken(file, f"{_name(part)} 引用了不存在的关系 {value}（{rels} 缺失或不完整）")


def _name(part) -> str:
    return str(part.partname).lstrip("/")


def _broken(file: Path, what: str) -> DrafterError:
    return DrafterError.one(f"无法打开这个 .docx：{what}。{_HINT}", file)


def _too_big(file: Path, what: str) -> DrafterError:
    return DrafterError.one(f"这个 .docx {what}：一份报告不会这么大（可能是“压缩炸弹”），请检查是否选错了文件", file)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB" if size % (1024 * 1024) == 0 else f"{size / 1024 / 1024:.1f} MB"
