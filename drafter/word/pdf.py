"""PDF and page pictures of a written report, through LibreOffice (and poppler's pdftoppm for pictures).

LibreOffice is the renderer available on a Linux machine; it reads one setting of ours backwards: it maps
`w:overflowPunct w:val="0"` (no punctuation hanging past the margin, as Word reads it) to "hang", while its
own exporter writes the opposite. The copy handed to it therefore carries the value LibreOffice needs.
LibreOffice also runs with drafter's font stand-ins (fonts.py), so a machine without the GB fonts still shows 仿宋,
楷体, 黑体 and 宋体 as four faces, and the caller learns which faces stood in.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ..errors import DrafterError
from ..limits import PREVIEW_DPI
from . import fonts

INSTALL_HINT = ("请先安装 LibreOffice：Debian/Ubuntu 上运行 sudo apt-get install libreoffice-writer-nogui；"
                "Windows/macOS 请从 libreoffice.org 安装，并确保 soffice 在 PATH 中")
_OWN_MARKUP = (b'<w:overflowPunct w:val="0"/>', b'<w:overflowPunct w:val="1"/>')
TIMEOUT = 120


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def for_libreoffice(docx_bytes: bytes) -> bytes:
    """The document as LibreOffice must read it to lay it out as Word does (see the module's note)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename in ("word/document.xml", "word/styles.xml"):
                data = data.replace(*_OWN_MARKUP)
            dst.writestr(item, data)
    return out.getvalue()


def to_pdf(docx_bytes: bytes, target: Path, families: list[str], comments: bool = False) -> list[fonts.Substitution]:
    """Write `target` (.pdf) from the document, through a temporary folder: never a half-written PDF; with
    `comments`, Word's comments become PDF notes. Returns what stood in for those of `families` not installed."""
    office = soffice()
    if office is None:
        raise DrafterError.one(f"导出 PDF 需要 LibreOffice，但没有找到 soffice。{INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-") as tmp:
        work = Path(tmp)
        source = work / "report.docx"
        source.write_bytes(for_libreoffice(docx_bytes))
        profile = work / "profile"  # a private profile: a running LibreOffice of the user's is left alone
        # LibreOffice 7.4 has no comments-in-the-margin export (ExportNotesInMargin came later): notes it is
        export = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}' if comments else "pdf"
        cmd = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", export, "--outdir", str(work), str(source)]
        env = {**fonts.environment(work), "SAL_USE_VCLPLUGIN": "svp"}
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, env=env)
        except subprocess.TimeoutExpired:
            raise DrafterError.one(f"LibreOffice 在 {TIMEOUT} 秒内没有完成转换：请关闭正在运行的 LibreOffice 后重试") from None
        pdf = work / "report.pdf"
        if done.returncode != 0 or not pdf.exists():
            raise DrafterError.one(f"LibreOffice 转换 PDF 失败：{(done.stderr or done.stdout).strip()[:300]}")
        from ..files import write

        write(target, pdf.read_bytes())
        return fonts.substitutions(families, env)


def to_png(pdf: Path, folder: Path, dpi: int = PREVIEW_DPI) -> list[Path]:
    """Page pictures <pdf stem>-1.png … for a quick look, `dpi` pixels to the inch."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise DrafterError.one("生成页面图片需要 pdftoppm：Debian/Ubuntu 上运行 sudo apt-get install poppler-utils")
    prefix = folder / pdf.stem
    for old in folder.glob(f"{pdf.stem}-*.png"):  # a longer earlier version's last pages must not linger
        old.unlink()

    def pictures(pages: tuple[int, int] | None) -> subprocess.CompletedProcess:
        span = ["-f", str(pages[0]), "-l", str(pages[1])] if pages else []
        return subprocess.run([tool, "-r", str(dpi), "-png", *span, str(pdf), str(prefix)], capture_output=True,
                              text=True, timeout=TIMEOUT)

    # PNG compression, not drawing, takes most of the time (~0.6 s a page at 150 dpi): one pdftoppm per core
    from concurrent.futures import ThreadPoolExecutor  # here: 4 ms of every command's start-up otherwise

    try:
        count = page_count(pdf)
        workers = min(os.cpu_count() or 1, count)
        spans = [(1 + count * i // workers, count * (i + 1) // workers) for i in range(workers)] if workers > 1 else [None]
        with ThreadPoolExecutor(len(spans)) as pool:
            failed = [done for done in pool.map(pictures, spans) if done.returncode != 0]
    except subprocess.TimeoutExpired:
        raise DrafterError.one(f"pdftoppm 在 {TIMEOUT} 秒内没有画完页面图片：可以改用较低的 --dpi 重试") from None
    if failed:
        raise DrafterError.one(f"pdftoppm 失败：{failed[0].stderr.strip()[:300]}")
    return sorted(folder.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def page_count(pdf: Path) -> int:
    """Pages in `pdf` by poppler's pdfinfo (installed with pdftoppm); 1 when it cannot tell."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        return 1
    info = subprocess.run([tool, str(pdf)], capture_output=True, text=True, timeout=TIMEOUT).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(found.group(1)) if found else 1
