"""PDF and page pictures of a written report, through LibreOffice (and poppler's pdftoppm for pictures).

LibreOffice is the renderer available on a Linux machine; it reads one setting of ours backwards: it maps
`w:overflowPunct w:val="0"` (no punctuation hanging past the margin, as Word reads it) to "hang", while its
own exporter writes the opposite. The copy handed to it therefore carries the value LibreOffice needs.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ..errors import DrafterError

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


def to_pdf(docx_bytes: bytes, target: Path) -> None:
    """Write `target` (.pdf) from the document, through a temporary folder: never a half-written PDF."""
    office = soffice()
    if office is None:
        raise DrafterError.one(f"导出 PDF 需要 LibreOffice，但没有找到 soffice。{INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-") as tmp:
        work = Path(tmp)
        source = work / "report.docx"
        source.write_bytes(for_libreoffice(docx_bytes))
        profile = work / "profile"  # a private profile: a running LibreOffice of the user's is left alone
        cmd = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(work), str(source)]
        env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp"}
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, env=env)
        except subprocess.TimeoutExpired:
            raise DrafterError.one(f"LibreOffice 在 {TIMEOUT} 秒内没有完成转换：请关闭正在运行的 LibreOffice 后重试") from None
        pdf = work / "report.pdf"
        if done.returncode != 0 or not pdf.exists():
            raise DrafterError.one(f"LibreOffice 转换 PDF 失败：{(done.stderr or done.stdout).strip()[:300]}")
        from ..files import write

        write(target, pdf.read_bytes())


def to_png(pdf: Path, folder: Path, dpi: int = 80) -> list[Path]:
    """Page pictures <pdf stem>-1.png … for a quick look."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise DrafterError.one("生成页面图片需要 pdftoppm：Debian/Ubuntu 上运行 sudo apt-get install poppler-utils")
    prefix = folder / pdf.stem
    for old in folder.glob(f"{pdf.stem}-*.png"):  # a longer earlier version's last pages must not linger
        old.unlink()
    done = subprocess.run([tool, "-r", str(dpi), "-png", str(pdf), str(prefix)], capture_output=True, text=True,
                          timeout=TIMEOUT)
    if done.returncode != 0:
        raise DrafterError.one(f"pdftoppm 失败：{done.stderr.strip()[:300]}")
    return sorted(folder.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
