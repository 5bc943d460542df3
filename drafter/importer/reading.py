"""A report file -> paragraphs: the size limit, UTF-8/GB18030/UTF-16 text, .docx, and PDF text cleaned up."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import inputs
from ..errors import DrafterError
from ..limits import MAX_DOCUMENT_BYTES, MAX_PARAGRAPHS
from ..model import DATE_RE
from ..word.numbering import Numbering
from ..word.package import open_docx
from ..word.revisions import accepted
from ..zh import UNPRINTABLE, em_width

ZH_NUMERALS = "一二三四五六七八九十"
TOP = re.compile(rf"^[{ZH_NUMERALS}]+[、，.．]")
GROUP = re.compile(rf"^[（(][{ZH_NUMERALS}]+[）)]")
NUMBERED = re.compile(r"^\d{1,2}[.．、](?!\d)")
YISHI = re.compile(rf"^[{ZH_NUMERALS}]+是")
_PAGE_NO = re.compile(r"^(?:[—\-–－]\s*\d{1,3}\s*[—\-–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,3})$")
_END = tuple("。！？：；")
SENTENCE_END = (*_END, ":", ";")  # PDF text writes some of them half-width
_SPACES = re.compile(r"(?<![A-Za-z])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?![A-Za-z])")


@dataclass
class Para:
    text: str
    where: str  # "第 12 行" / "第 5 段": for messages about the input
    notes: list[str] = field(default_factory=list)  # what reading it could not keep, for the summary


def read(file: Path) -> tuple[list[Para], str | None]:
    """The input's paragraphs, and the text encoding used (None for .docx)."""
    suffix = file.suffix.lower()
    if suffix == ".doc":
        raise DrafterError.one("这是旧版 Word 文件（.doc）：请在 Word 或 WPS 中“另存为” .docx 后再导入", file)
    raw = inputs.read_bytes(file, MAX_DOCUMENT_BYTES)
    if not raw.strip():
        raise DrafterError.one("文件是空的", file)
    if suffix == ".docx" or raw[:4] == b"PK\x03\x04":
        return _read_docx(file, raw), None
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Notepad's "Unicode"
        text = raw.decode("utf-16", errors="replace")
        if not text.strip("\ufeff \r\n"):
            raise DrafterError.one("文件是空的", file)
        return _not_too_many(_join_lines(text), file), "UTF-16"
    if b"\x00" in raw[:4096]:
        raise DrafterError.one("这不是文本文件，也不是 .docx：请导入 .docx，或把报告文字另存为 .txt", file)
    decoded = _decode(raw)
    if decoded is None:
        raise DrafterError.one("无法识别文本的编码（既不是 UTF-8 也不是 GB18030/GBK）：请用 UTF-8 另存", file)
    text, encoding, cut = decoded
    paras = _not_too_many(_join_lines(text), file)
    if cut and paras:
        paras[0].notes.append("文件的最后一个字只剩半个（文件在复制或下载时被截断），已去掉：请核对报告的结尾")
    return paras, encoding


def _not_too_many(paras: list, file: Path) -> list:
    """The paragraphs, if no more than a report has: everything after reading works paragraph by paragraph."""
    if len(paras) > MAX_PARAGRAPHS:
        raise DrafterError.one(f"文件有 {len(paras)} 段，超过 {MAX_PARAGRAPHS} 段：一份年度报告通常只有几十到一两百段，"
                               "这不像一份报告。请只导入报告本身", file)
    return paras


def _decode(raw: bytes) -> tuple[str, str, bool] | None:
    """The text, the name of the encoding that reads it (UTF-8 first, then GB18030, which covers GBK), and
    whether the last character was cut in half (a download cut short: that half is dropped)."""
    for encoding, name in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030")):
        try:
            return raw.decode(encoding), name, False
        except UnicodeDecodeError as e:
            if e.end == len(raw) and e.start >= len(raw) - 3 and e.start > 0:
                try:
                    return raw[: e.start].decode(encoding), name, True
                except UnicodeDecodeError:
                    continue
    return None


def _read_docx(file: Path, raw: bytes) -> list[Para]:
    document = open_docx(file, raw)
    numbering = Numbering(document)
    read = accepted(document)
    paras = []
    for n, p, text in _not_too_many(read.paragraphs, file):
        text = clean_line(text.replace("\n", ""))
        if text:
            paras.append(Para(numbering.label(p) + text, f"第 {n} 段"))
    if not paras:
        return paras
    # said in the summary: what the text alone does not show is not silently gone
    if document.tables:
        paras[0].notes.append(f"文档中有 {len(document.tables)} 个表格，drafter 不导入表格：表中的内容请手工写入")
    if read.authors:
        who = "、".join(f"{name} {count} 处" for name, count in read.authors.most_common())
        paras[0].notes.append(f"文档中有修订（已按全部接受读取）：{who}")
    if read.comments:
        listed = "".join(f"\n  {f'第 {c.number} 段' if c.number else '表格中'} {c.author}：“{_short(c.text)}”"
                         for c in read.comments)
        paras[0].notes.append(f"文档中有 {len(read.comments)} 条批注（drafter 不会带回批注，请逐条处理）：{listed}")
    return paras


def _short(text: str, size: int = 60) -> str:
    text = clean_line(text.replace("\n", " "))
    return text if len(text) <= size else text[:size] + "…"


def clean_line(line: str) -> str:
    """A line without its spaces, nor characters no report can hold (a text file's stray control characters)."""
    return _SPACES.sub("", UNPRINTABLE.sub("", line).replace("\ufeff", "").strip())


def _join_lines(text: str) -> list[Para]:
    """PDF text: one line per printed line. Join the lines of a paragraph; drop page numbers and running heads."""
    lines = [(n, clean_line(x)) for n, x in enumerate(text.splitlines(), 1)]
    lines = [(n, x) for n, x in lines if x and not _PAGE_NO.match(x)]
    counts = Counter(x for _, x in lines if len(x) <= 30)
    lines = [(n, x) for n, x in lines if counts.get(x, 0) < 3 or TOP.match(x)]  # running heads repeat on every page
    widths = [round(em_width(x)) for _, x in lines if 20 <= em_width(x) <= 40]
    full = Counter(widths).most_common(1)[0][0] if widths else 28
    # text copied from a web page has a paragraph a line: many lines longer than any printed line, most of them
    # ending a sentence (a PDF's long printed lines end mid-sentence)
    long = [x for _, x in lines if em_width(x) > 50]
    web = len(long) >= max(2, len(lines) // 5) and sum(x.endswith(_END) for x in long) >= 0.6 * len(long)
    paras: list[Para] = []
    while lines and is_masthead(lines[0][1]):  # 版头: the organ's mark (…文件) and the document number
        paras.append(Para(lines[0][1], f"第 {lines[0][0]} 行"))
        lines = lines[1:]
    for k in range(min(5, len(lines))):  # the title's lines are short and end without punctuation: take them first
        if len(lines[k][1]) > 40 or lines[k][1].endswith(SENTENCE_END):
            break
        title = "".join(x for _, x in lines[: k + 1])
        if TITLE_END.search(title):
            paras.append(Para(title, f"第 {lines[0][0]} 行"))
            # a running head repeats the title (or its last line) at the top of later pages; an organ's name
            # on the title's first line is also the signature's, so only the line naming the report counts
            last = lines[k][1]
            lines = [(n, x) for n, x in lines[k + 1:] if x != title and not (x.endswith(last) and len(x) <= 60)]
            paras.append(Para("", ""))  # a boundary: the opening never joins the title
            break
    # the last paragraph's lines are joined once it ends (joining line by line is quadratic); deciding where
    # it ends reads no more than its last 100 characters (see _starts_paragraph)
    parts, tail = ([paras[-1].text], paras[-1].text[-100:]) if paras else ([], "")
    for n, line in lines:
        if paras and tail and not web and not _starts_paragraph(tail, line, full):
            parts.append(line)
            tail = (tail + line)[-100:]
            continue
        if paras:
            paras[-1].text = "".join(parts)
        if paras and not tail:
            paras[-1] = Para(line, f"第 {n} 行")
        else:
            paras.append(Para(line, f"第 {n} 行"))
        parts, tail = [line], line[-100:]
    if paras:
        paras[-1].text = "".join(parts)
    return paras


ORGAN_END = r"(?:委员会|人民政府|办事处|党委|党工委|政府|管委会|局|办公室)"  # a department signs too
ORGAN = re.compile(rf"^\w{{2,20}}{ORGAN_END}$")
DOC_NUMBER = re.compile(r"\w{1,12}[〔\[［(（]\d{4}[〕\]］)）]\d+号")  # 〔〕 by the standard; [] and （） typed
DOC_NUMBER_LINE = re.compile(rf"^{DOC_NUMBER.pattern}$")


# How a title ends: 报告 (or 总结), maybe with the mark of a draft after it, which is no part of the title.
TITLE_END = re.compile(r"(?:报告|总结)(?P<mark>[（(](?:征求意见稿|送审稿|讨论稿|修改稿|草稿)[）)])?$")
# What a report of this kind says in its title or first paragraphs; text without it is refused, not guessed at.
ABOUT = re.compile(r"法治政府|法治建设|依法行政|依法治")


def is_title_line(text: str) -> bool:
    """A line that titles a report of this kind (inside a text: a second report begins)."""
    return len(text) <= 60 and bool(TITLE_END.search(text)) and bool(ABOUT.search(text))


def ends_sentence(text: str, ends: tuple[str, ...] = _END) -> bool:
    return text.rstrip("”’）)").endswith(ends)


def is_masthead(line: str) -> bool:
    return bool(DOC_NUMBER_LINE.match(line)) or (line.endswith("文件") and len(line) <= 20)


def _starts_paragraph(prev: str, line: str, full: float) -> bool:
    """Whether `line` starts a new paragraph after `prev`; of a `prev` over 60 characters only its end counts."""
    if TOP.match(line) or GROUP.match(line) or NUMBERED.match(line):
        return True
    if DATE_RE.match(line) or ORGAN.match(line) or ORGAN.match(prev):  # a signature: a line each
        return True
    if is_title_line(prev):  # a second report starts
        return True
    if (TOP.match(prev) or GROUP.match(prev)) and "。" not in prev:
        # a heading ends on its line unless that line is full and a short line with no end follows: the rest of it
        wraps = len(prev) <= 60 and full - 4 <= em_width(prev) <= full + 1.5 and em_width(line) < full - 1.5
        return not (wraps and not ends_sentence(line))
    last_line = prev[-60:]  # the width that matters is the last printed line's, unknown once joined
    ended = ends_sentence(prev)
    if YISHI.match(line) and ended:
        return True
    width = em_width(last_line) if len(prev) <= 60 else None
    return ended and (width is None or width < full - 1.5 or width > full + 4)


def is_heading_line(text: str) -> bool:
    return bool(len(text) <= 40 and (TOP.match(text) or GROUP.match(text)) and "。" not in text)
