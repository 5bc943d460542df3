"""Documents given to import, import --update and lint: ones that lie about their size, and broken ones.

Each is refused with a Chinese message naming the file and the part (never an internal error or a hang), or,
when Word would still open it, read as Word would. The broken ones are a small python-docx document with one
zip part rewritten.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from drafter import limits
from drafter.importer import read

from conftest import SMALL, Run

pytestmark = pytest.mark.timeout(60)

LINES = ["XX区甲镇2024年度法治政府建设情况报告", "2024年，甲镇依法行政。现将有关情况报告如下：",
         "一、强化组织保障，夯实法治根基", "镇党委开展学法活动。", "二、存在的不足", "执法力量不足。",
         "三、下一步打算", "加强执法队伍建设。"]
HINT = "文件已损坏或不是 Word 文档"
MB = 1024 * 1024


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict[str, bytes]:
    """The parts of a small report made by python-docx: numbering (List Number), a footer, A4 not set."""
    d = docx.Document()
    for text in LINES:
        d.add_paragraph(text)
    d.add_paragraph("组织执法人员培训。", style="List Number")
    d.sections[0].footer.paragraphs[0].text = "— 1 —"
    buf = io.BytesIO()
    d.save(buf)
    z = zipfile.ZipFile(buf)
    return {i.filename: z.read(i) for i in z.infolist()}


def build(path: Path, parts: dict[str, bytes], change: dict[str, Callable[[bytes], bytes]] | None = None,
          drop: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            if name not in drop:
                z.writestr(name, (change or {}).get(name, lambda b: b)(data))
    return path


def sub(pattern: str, new: str, count: int = 1) -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        out, n = re.subn(pattern.encode(), new.encode(), data, count=count)
        assert n, pattern
        return out
    return edit


def lint(root: Path, file: Path):
    return Run(root)("lint", str(file))


def import_(root: Path, file: Path):
    return Run(root)("import", str(file), "-t", "甲", "-y", "2024", "--dry-run")


def refused(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert all(w in result.output for w in words), result.output


DOC, STYLES, NUMBERING, RELS = "word/document.xml", "word/styles.xml", "word/numbering.xml", "word/_rels/document.xml.rels"
ENTITIES = ('<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1 or "") + ";") * 10}">' for i in range(1, 10)) + "]>")

# A broken part the way the 77 inputs broke: the change, and the words of the message
BROKEN = {
    "truncated_document": ({DOC: lambda b: b[: len(b) // 2]}, (), "word/document.xml 不是完好的 XML"),
    "document_not_xml": ({DOC: lambda b: b"not xml at all"}, (), "word/document.xml 不是完好的 XML"),
    "empty_document": ({DOC: lambda b: b""}, (), "word/document.xml 不是完好的 XML"),
    "duplicate_attribute": ({DOC: sub("<w:pgSz ", '<w:pgSz w:w="1" ')}, (), "redefined"),
    "no_body": ({DOC: sub(r"<w:body>.*</w:body>", "")}, (), "word/document.xml 中没有正文（w:body）"),
    "not_a_document": ({DOC: lambda b: b'<?xml version="1.0"?><foo/>'}, (), "没有正文（w:body）"),
    "rels_dropped": ({}, (RELS,), "引用了不存在的关系"),
    "styles_dropped": ({}, (STYLES,), "缺少 word/styles.xml"),
    "content_types_dropped": ({}, ("[Content_Types].xml",), "缺少 [Content_Types].xml"),
    "styles_not_styles": ({STYLES: lambda b: b'<?xml version="1.0"?><x/>'}, (), "word/styles.xml 应是样式部件"),
    "styles_outside_the_file": ({RELS: sub(r'Target="styles.xml"', 'Target="http://x/s.xml" TargetMode="External"')},
                                (), "样式部件在文件以外"),
    "footer_reference_without_id": ({DOC: sub(r' r:id="rId\d+"', "")}, (), "页眉或页脚引用缺少 r:id"),
    "entity_bomb": ({DOC: lambda b: b.replace(b"?>", b"?>" + ENTITIES.encode(), 1).replace(b"<w:t>", b"<w:t>&a9;", 1)},
                    (), "含有 DTD 声明"),
    "not_word": ({"[Content_Types].xml": sub("wordprocessingml.document.main", "spreadsheetml.sheet.main")},
                 (), "不是 Word 文档"),
}


@pytest.mark.parametrize("change, drop, words", BROKEN.values(), ids=BROKEN)
def test_a_broken_part_is_named_by_import_and_lint(tmp_path, base, change, drop, words):
    f = build(tmp_path / "broken.docx", base, change, drop)
    refused(lint(tmp_path, f), str(f), "无法打开这个 .docx", words, HINT)
    refused(import_(tmp_path, f), words, HINT)
    assert not (tmp_path / "towns").exists()


def test_import_update_names_the_broken_part_and_leaves_the_yaml(small, base):
    f = build(small.root / "broken.docx", base, {DOC: lambda b: b[:-100]})
    before = (small.root / SMALL).read_bytes()
    refused(small("import", str(f), "-t", "甲", "-y", "2024", "--update", "--yes"), "word/document.xml 不是完好的 XML")
    assert (small.root / SMALL).read_bytes() == before


@pytest.mark.parametrize("raw, words", [
    (b"PK\x03\x04 truncated", "不是 zip 压缩包"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "设有打开密码"),
])
def test_not_a_zip_or_an_encrypted_document(tmp_path, raw, words):
    f = tmp_path / "report.docx"
    f.write_bytes(raw)
    refused(lint(tmp_path, f), words)
    refused(import_(tmp_path, f), words)


# Broken in ways Word shrugs off: read as Word reads them, findings and all
READABLE = {
    "page_width_99999999999": {DOC: sub(r'w:w="\d+"', 'w:w="99999999999"')},
    "page_width_400_digits": {DOC: sub(r'w:w="\d+"', 'w:w="' + "9" * 400 + '"')},
    "page_width_abc": {DOC: sub(r'w:w="\d+"', 'w:w="abc"')},
    "margin_x": {DOC: sub(r'w:top="\d+"', 'w:top="x"')},
    "line_spacing_zero": {DOC: sub(r"<w:sectPr", '<w:p><w:pPr><w:spacing w:line="0" w:lineRule="exact"/></w:pPr>'
                                                   '<w:r><w:t>正文。</w:t></w:r></w:p><w:sectPr')},
    "no_section": {DOC: sub(r"<w:sectPr.*</w:sectPr>", "")},
    "level_x": {NUMBERING: sub(r'w:ilvl="\d"', 'w:ilvl="x"', 0)},
    "start_x": {NUMBERING: sub(r'<w:start w:val="\d+"', '<w:start w:val="x"', 0)},
    "num_id_x": {DOC: sub(r"<w:pStyle w:val=\"ListNumber\"/>", '<w:numPr><w:numId w:val="x"/><w:ilvl w:val="y"/></w:numPr>')},
    "style_type_x": {STYLES: sub(r'w:type="paragraph" w:default="1"', 'w:type="x" w:default="1"')},
    # the style chain (basedOn) the numbering reader followed for ever
    "based_on_cycle": {STYLES: sub(r'(w:styleId="Normal">)', r'\1<w:basedOn w:val="Heading1"/>'),
                       DOC: sub(r"<w:p>", '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>')},
    "based_on_itself": {STYLES: sub(r'(w:styleId="Normal">)', r'\1<w:basedOn w:val="Normal"/>')},
    # a numbering style cycle: the list's abstract numbering links to a style whose numbering is the list's own
    "numbering_style_cycle": {NUMBERING: sub(r'(<w:abstractNum [^>]*>)', r'\1<w:numStyleLink w:val="ListNumber"/>', 0),
                              STYLES: sub(r'(w:styleId="ListNumber">)', r'\1<w:basedOn w:val="ListNumber"/>')},
}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("change", READABLE.values(), ids=READABLE)
def test_what_word_would_open_is_read(tmp_path, base, change):
    f = build(tmp_path / "odd.docx", base, change)
    result = lint(tmp_path, f)
    assert result.exit_code == 1 and "共" in result.output and "内部错误" not in result.output, result.output
    result = import_(tmp_path, f)
    assert result.exit_code == 0 and "--dry-run" in result.output, result.output


def test_a_broken_page_size_is_reported_as_a_finding(tmp_path, base):
    f = build(tmp_path / "odd.docx", base, READABLE["page_width_400_digits"])
    assert "§5.1 纸张" in lint(tmp_path, f).output


@pytest.mark.parametrize("change", ["", "based_on_itself", "numbering_style_cycle"])
def test_numbering_from_a_style_is_still_read(tmp_path, base, change):
    f = build(tmp_path / "odd.docx", base, READABLE.get(change))
    paragraphs, _ = read(f)
    assert paragraphs[-1].text == "1.组织执法人员培训。"


# --- sizes: what the file says of itself is not believed ---------------------------------------------------
@pytest.fixture(scope="module")
def bomb(tmp_path_factory, base) -> Path:
    """A .docx of 1 MB whose document.xml unzips to 1 GB (the issue's reproducer), streamed, never held."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in base.items():
            if name != DOC:
                z.writestr(name, data)
        with z.open(DOC, "w", force_zip64=True) as f:
            f.write(base[DOC].split(b"<w:body>")[0] + b"<w:body>")
            chunk = b" " * MB
            for _ in range(1024):
                f.write(chunk)
            f.write(b"</w:body></w:document>")
    assert path.stat().st_size < 2 * MB
    return path


def test_a_zip_bomb_is_refused_by_every_command(small, bomb):
    words = ("word/document.xml 解压后有 1024", f"超过 {limits.MAX_DOCX_PART_BYTES // MB} MB")
    refused(small("lint", str(bomb)), *words)
    refused(small("import", str(bomb), "-t", "乙", "-y", "2024"), *words)
    before = (small.root / SMALL).read_bytes()
    refused(small("import", str(bomb), "-t", "甲", "-y", "2024", "--update", "--yes"), *words)
    assert (small.root / SMALL).read_bytes() == before


def _lie_about_size(path: Path, name: str, size: int) -> None:
    """Rewrite the uncompressed size of `name` in the zip's local and central headers."""
    raw = bytearray(path.read_bytes())
    encoded = name.encode()
    for signature, offset, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = raw.find(signature)
        while at >= 0:
            if raw[at + name_at: at + name_at + len(encoded)] == encoded:
                raw[at + offset: at + offset + 4] = struct.pack("<I", size)
            at = raw.find(signature, at + 1)
    path.write_bytes(bytes(raw))


def test_a_header_that_lies_about_the_size_is_not_believed(tmp_path, base):
    f = build(tmp_path / "liar.docx", base, {DOC: lambda b: b + b" " * (limits.MAX_DOCX_PART_BYTES + MB)})
    _lie_about_size(f, DOC, 5000)
    refused(lint(tmp_path, f), "word/document.xml 无法解压")


def test_too_many_parts_or_too_much_in_all(tmp_path, base):
    many = {**base, **{f"word/media/x{i}.bin": b"x" for i in range(limits.MAX_DOCX_PARTS)}}
    refused(lint(tmp_path, build(tmp_path / "many.docx", many)), f"超过 {limits.MAX_DOCX_PARTS} 个")
    part = b"\0" * (limits.MAX_DOCX_PART_BYTES - MB)
    big = {**base, **{f"word/media/p{i}.bin": part for i in range(limits.MAX_DOCX_UNZIPPED_BYTES // len(part) + 1)}}
    refused(lint(tmp_path, build(tmp_path / "big.docx", big)), f"解压后超过 {limits.MAX_DOCX_UNZIPPED_BYTES // MB} MB")


def test_a_large_file_is_refused_by_lint_and_update_too(small):
    f = small.root / "huge.docx"
    f.write_bytes(b"PK\x03\x04" + b"\0" * (limits.MAX_DOCUMENT_BYTES + 1))
    refused(small("lint", str(f)), "超过 5 MB")
    refused(small("import", str(f), "-t", "甲", "-y", "2024", "--update"), "超过 5 MB")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "fifo"])
def test_devices_and_pipes_are_not_read(small, device):  # a folder: click refuses it first
    f = small.root / "report.docx"
    if device == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("FIFOs are POSIX")
        os.mkfifo(f)
    else:
        if not Path(device).exists():
            pytest.skip(f"no {device}")
        f.symlink_to(device)
    for args in (("lint",), ("import", "-t", "甲", "-y", "2025"), ("import", "-t", "甲", "-y", "2024", "--update")):
        refused(small(args[0], str(f), *args[1:]), "不是普通文件", str(f))
