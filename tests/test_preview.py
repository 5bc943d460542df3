"""Previews (`export --pdf/--png`): the fonts that stand in for the GB fonts, said in one line; page pictures a
person can read; a draft that says so on its first page, its comments carried into the PDF.

Like test_printed_page.py, needs LibreOffice, poppler and the fonts tools/setup-render.sh installs.
"""

from __future__ import annotations

import struct
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner, Result
from pdfminer.pdftypes import resolve1

from drafter import pipeline
from drafter.cli import cli
from drafter.word import fonts, pdf

from conftest import Run, small_town

MM = 25.4 / 72
pytestmark = pytest.mark.timeout(120)  # LibreOffice and pdftoppm: a hang fails instead of stalling the run


def font_file(family: str) -> Path:
    found = subprocess.run(["fc-match", "--format", "%{file}", family], capture_output=True, text=True).stdout
    assert family.replace(" ", "") in found.replace(" ", ""), f"{family} is not installed: run tools/setup-render.sh"
    return Path(found)


def fontconfig(tmp: Path, font_dirs: set[Path], names: dict[str, list[str]] | None = None) -> Path:
    """A fontconfig file that sees only `font_dirs`, each family in `names` also answering to the names given
    (as if the GB fonts were installed); a cache of its own, so that the renaming applies."""
    renames = "".join(f'<match target="scan"><test name="family"><string>{family}</string></test>'
                      + "".join(f'<edit name="family" mode="append"><string>{n}</string></edit>' for n in also)
                      + "</match>" for family, also in (names or {}).items())
    dirs = "".join(f"<dir>{d}</dir>" for d in sorted(font_dirs))
    conf = tmp / "fonts-test.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig>{dirs}<cachedir>{tmp / "fc-cache"}</cachedir>{renames}'
                    "</fontconfig>", encoding="utf-8")
    return conf


def pdf_fonts(pdf: Path) -> set[str]:
    with pdfplumber.open(pdf) as doc:
        return {c["fontname"].split("+", 1)[-1] for page in doc.pages for c in page.chars}


def png_width(png: Path) -> int:
    return struct.unpack(">I", png.read_bytes()[16:20])[0]  # IHDR's width


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, tuple[Path, Result]]:
    """The small town-year as a final (with page pictures) and as a draft (with its PDF)."""
    root = tmp_path_factory.mktemp("preview")
    small_town(root)
    out = {}
    for kind, args in (("final", ["--png"]), ("draft", ["--draft", "--pdf"])):
        docx = root / f"{kind}.docx"
        result = Run(root)("export", "-t", "甲", "-y", "2024", "-o", str(docx), *args)
        assert result.exit_code == 0, result.output
        out[kind] = (docx, result)
    return out


def test_missing_gb_fonts_are_stood_in_for_and_named_in_one_line(exported):
    out, result = exported["final"]
    (line,) = [x for x in result.stderr.splitlines() if "字体替代" in x]
    for pair in ("仿宋_GB2312 → FandolFang", "楷体_GB2312 → FandolKai", "黑体 → Noto Sans CJK SC",
                 "方正小标宋简体 → Noto Serif CJK SC 粗体", "宋体 → Noto Serif CJK SC"):
        assert pair in line
    assert "与 Word 一致" in line  # all of them look-alikes: only the real fonts would be closer
    used = pdf_fonts(out.with_suffix(".pdf"))
    assert {"FandolFang-Regular", "FandolKai-Regular"} <= used and any("NotoSerif" in f and "Bold" in f for f in used)
    assert "仿宋_GB2312" in zipfile.ZipFile(out).read("word/document.xml").decode()  # the .docx keeps the GB names


def test_no_font_line_where_the_gb_fonts_are_installed(small, tmp_path, monkeypatch):
    fandol = {f: font_file(f) for f in ("FandolFang", "FandolKai", "FandolHei", "FandolSong")}
    names = {"FandolFang": ["仿宋_GB2312"], "FandolKai": ["楷体_GB2312"], "FandolHei": ["黑体"],
             "FandolSong": ["宋体", "方正小标宋简体"]}
    monkeypatch.setenv("FONTCONFIG_FILE", str(fontconfig(tmp_path, {f.parent for f in fandol.values()}, names)))
    out = small.root / "r.docx"
    result = small("export", "-t", "甲", "-y", "2024", "-o", str(out), "--pdf")
    assert result.exit_code == 0, result.output
    assert "字体替代" not in result.output
    assert "FandolFang-Regular" in pdf_fonts(out.with_suffix(".pdf"))  # the "GB font" itself


def test_without_a_chinese_look_alike_the_line_says_how_to_get_closer(tmp_path, monkeypatch):
    monkeypatch.setenv("FONTCONFIG_FILE", str(fontconfig(tmp_path, {font_file("DejaVu Sans").parent})))
    subs = fonts.substitutions(["仿宋_GB2312", "黑体"], fonts.environment(tmp_path))
    assert [(s.name, s.close) for s in subs] == [("仿宋_GB2312", False), ("黑体", False)]
    line = fonts.describe(subs)
    assert line.startswith("字体替代：仿宋_GB2312 → DejaVu") and "tools/setup-render.sh" in line and "\n" not in line


def test_page_pictures_at_150_dpi_or_as_asked(exported, tmp_path, monkeypatch):
    out, result = exported["final"]
    pngs = [Path(x) for x in result.stdout.split() if x.endswith(".png")]
    assert pngs and all(png_width(p) == 1241 for p in pngs)  # A4's 210 mm at 150 dpi
    assert all(png_width(p) == 2481 for p in pdf.to_png(out.with_suffix(".pdf"), tmp_path, 300))
    asked = {}
    monkeypatch.setattr(pipeline, "export_docx", lambda *a, **kw: asked.update(kw) or pipeline.Exported(out, []))
    assert CliRunner().invoke(cli, ["export", "-t", "甲", "-y", "2024", "--dpi", "300"]).exit_code == 0
    assert asked["png"] and asked["dpi"] == 300  # --dpi alone asks for pictures


@pytest.mark.parametrize("dpi", ["20", "601", "高"])
def test_dpi_out_of_range_is_a_usage_error(small, dpi):
    result = small("export", "-t", "甲", "-y", "2024", "--dpi", dpi)
    assert result.exit_code == 2 and "--dpi" in result.output
    assert not (small.root / "exports").exists()


def first_page_rows(pdf: Path) -> tuple[list[dict], list[dict]]:
    with pdfplumber.open(pdf) as doc:
        return doc.pages[0].chars, [c for page in doc.pages[1:] for c in page.chars]


def test_a_draft_says_so_at_the_top_right_of_its_first_page_and_keeps_the_final_layout(exported):
    (draft, _), (final, _) = exported["draft"], exported["final"]
    first, rest = first_page_rows(draft.with_suffix(".pdf"))
    mark = [c for c in first if c["bottom"] * MM < 37]  # above the text block
    assert "".join(c["text"] for c in mark) == "征求意见稿"
    assert abs(mark[-1]["x1"] * MM - 184) < 1 and {round(c["size"]) for c in mark} == {16}  # 3号, flush right
    assert "征求意见稿" not in "".join(c["text"] for c in rest)
    final_first, final_rest = first_page_rows(final.with_suffix(".pdf"))
    assert "征求意见" not in "".join(c["text"] for c in final_first)

    def places(chars):
        return [(c["text"], round(c["x0"], 1), round(c["top"], 1)) for c in chars]

    assert places([c for c in first if c not in mark]) == places(final_first) and places(rest) == places(final_rest)
    assert CliRunner().invoke(cli, ["lint", str(draft)]).exit_code == 0  # the first page keeps its page number


def test_draft_comments_are_notes_in_the_pdf(small):
    assert small("new", "-t", "甲", "-y", "2025").exit_code == 0  # texts carried over, not yet reviewed
    out = small.root / "d.docx"
    result = small("export", "-t", "甲", "-y", "2025", "-o", str(out), "--draft", "--pdf")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as z:
        comments = z.read("word/comments.xml").decode().count("<w:comment ")
    with pdfplumber.open(out.with_suffix(".pdf")) as doc:
        notes = [resolve1(a) for page in doc.pages for a in resolve1(page.page_obj.attrs.get("Annots")) or []]
    texts = [n["Contents"].decode("utf-16") for n in notes if n["Subtype"].name == "Text"]
    assert comments > 0 and len(texts) == comments and "文字尚未核对（沿用上年或示例的文字）" in texts
    assert f"{comments} 处批注在 PDF 中是注释" in result.stderr
