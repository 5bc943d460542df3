"""The printed page, measured: the examples rendered by LibreOffice (drafter export --pdf), read with pdfplumber.

Needs LibreOffice, poppler and the fonts that tools/setup-render.sh installs (CI runs it); without them these
tests fail rather than skip, because the format is only proven on the page. drafter maps the GB font names onto
those fonts itself (drafter/word/fonts.py), as it does for every user.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from drafter.cli import cli

from conftest import REPO, copy_examples

MM = 25.4 / 72  # mm per PostScript point
TOP, BOTTOM, LEFT, RIGHT = 37.0, 262.0, 28.0, 184.0  # the 156 × 225 mm text block
PITCH = 28.95 * MM
CHAR = 15.75 * MM  # 16 pt glyphs condensed by 0.25 pt: 28 fill the 156 mm line
HEADING_LINE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)[^。]*$")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    assert shutil.which("soffice"), "LibreOffice is missing: run tools/setup-render.sh"
    ws = tmp_path_factory.mktemp("render")
    copy_examples(ws)
    signed = ws / "towns" / "张家窝" / "2023.yaml"
    signed.write_text(signed.read_text(encoding="utf-8") + "signature:\n  date: 2024年1月6日\n", encoding="utf-8")
    out = {}
    for town, year in (("辛口", 2022), ("张家窝", 2023)):
        docx = ws / f"{town}.docx"
        args = ["--root", str(ws), "export", "-t", town, "-y", str(year), "-o", str(docx), "--pdf"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        out[town] = docx.with_suffix(".pdf")
    return out


def pages(pdf: Path) -> list[dict]:
    """Each page's rows: body rows (inside the block) and footer rows, with their characters."""
    result = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            rows = defaultdict(list)
            for c in page.chars:
                if c["text"].strip():
                    rows[round(c["bottom"] * MM, 1)].append(c)
            body = {y: sorted(cs, key=lambda c: c["x0"]) for y, cs in rows.items() if y < BOTTOM + 1}
            foot = {y: sorted(cs, key=lambda c: c["x0"]) for y, cs in rows.items() if y >= BOTTOM + 1}
            result.append({"body": dict(sorted(body.items())), "foot": foot})
    return result


def text(chars) -> str:
    return "".join(c["text"] for c in chars)


@pytest.mark.parametrize("town", ["辛口", "张家窝"])
def test_22_lines_a_page_on_the_grid_inside_the_block(rendered, town):
    all_pages = pages(rendered[town])
    assert len(all_pages) >= 5
    for n, page in enumerate(all_pages, 1):
        ys = list(page["body"])
        assert ys[0] > TOP and ys[-1] <= BOTTOM, (n, ys[0], ys[-1])
        for y in ys:  # every line sits on the 28.95 pt grid
            steps = (y - ys[0]) / PITCH
            assert abs(steps - round(steps)) < 0.1, (n, y)
        if n < len(all_pages):
            assert round((ys[-1] - ys[0]) / PITCH) + 1 == 22, (n, len(ys))


@pytest.mark.parametrize("town", ["辛口", "张家窝"])
def test_28_characters_and_the_margins(rendered, town):
    full_rows = []
    lefts, rights = [], []
    for page in pages(rendered[town]):
        rows = [chars for chars in page["body"].values() if chars[0]["size"] <= 20]  # not the title
        for i, chars in enumerate(rows):
            lefts.append(chars[0]["x0"] * MM)
            rights.append(chars[-1]["x1"] * MM)
            assert chars[-1]["x1"] * MM <= RIGHT + 0.3, text(chars)  # nothing past the right edge
            if all(ord(c["text"]) > 0x2E80 for c in chars) and chars[-1]["x1"] * MM > RIGHT - 1:
                # a line that fills the block: 28 character places, counting a first line's 2-character indent
                places = len(chars) + round((chars[0]["x0"] * MM - LEFT) / CHAR)
                following = text(rows[i + 1]) if i + 1 < len(rows) else ""
                # one place fewer only where the line-breaking rules (避头尾) carried a character down: so that
                # the next line does not begin with a closing mark, or this one does not end with an opening one
                carried = (len(following) > 1 and following[1] in "，。、；：？！）》”’") or (following[:1] != "" and following[0] in "《“（‘〔")
                assert places == 28 or (places == 27 and carried), (places, text(chars), following[:4])
                full_rows.append(places)
    assert len(full_rows) >= 40 and full_rows.count(28) / len(full_rows) > 0.85
    assert abs(min(lefts) - LEFT) < 1 and abs(max(rights) - RIGHT) < 1


@pytest.mark.parametrize("town", ["辛口", "张家窝"])
def test_page_numbers(rendered, town):
    for n, page in enumerate(pages(rendered[town]), 1):
        (chars,) = page["foot"].values()
        assert re.sub(r"\s", "", text(chars)) == f"—{n}—"
        assert {round(c["size"]) for c in chars} == {14}
        inset = 14 * MM  # one 4号 character
        if n % 2:
            assert abs(chars[-1]["x1"] * MM - (RIGHT - inset)) < 1, n
        else:
            assert abs(chars[0]["x0"] * MM - (LEFT + inset)) < 1, n
        y = list(page["foot"])[0]
        assert 5 < y - BOTTOM < 12  # under the block (§7.5: the dash 7 mm below it)


def test_title_lines_are_whole_words_and_even(rendered):
    first = pages(rendered["辛口"])[0]["body"]
    title = [text(chars) for chars in first.values() if chars[0]["size"] > 20]
    assert title == ["西青区辛口镇2022年度", "法治政府建设情况报告"]


@pytest.mark.parametrize("town", ["辛口", "张家窝"])
def test_no_heading_ends_a_page(rendered, town):
    for n, page in enumerate(pages(rendered[town]), 1):
        last = text(list(page["body"].values())[-1])
        assert not HEADING_LINE.match(last), (n, last)


def test_signature_and_date_never_stand_alone(rendered):
    last = pages(rendered["张家窝"])[-1]["body"]
    rows = [text(chars) for chars in last.values()]
    assert rows[-1] == "2024年1月6日" and rows[-3:-1] == ["中共西青区张家窝镇委员会", "西青区张家窝镇人民政府"]
    assert len(rows) > 3  # body text shares the page


def test_png_pages_for_a_quick_look(tmp_path):
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["--root", str(REPO), "export", "-t", "张家窝", "-y", "2023", "-o", str(out), "--png"])
    assert result.exit_code == 0, result.output
    pngs = [Path(x) for x in result.stdout.split() if x.endswith(".png")]
    with pdfplumber.open(out.with_suffix(".pdf")) as pdf:
        assert len(pngs) == len(pdf.pages) and all(p.read_bytes()[:4] == b"\x89PNG" for p in pngs)


def test_pdf_without_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    import drafter.word.pdf

    monkeypatch.setattr(drafter.word.pdf, "soffice", lambda: None)
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(cli, ["--root", str(REPO), "export", "-t", "辛口", "-y", "2022", "-o", str(out), "--pdf"])
    assert result.exit_code == 1 and "apt-get install libreoffice-writer-nogui" in result.output
    assert not out.exists()  # nothing half done
