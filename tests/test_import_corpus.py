"""`drafter import` on reports as towns, streets, townships, counties, districts and departments publish them.

tests/import_corpus/ holds fourteen reports written for these tests in the style of published ones (web pages
and PDF text; no title, two-line titles, topic chapters, cut-off texts, half-width punctuation, every marker),
and expected.yaml what a careful reader says each one is. Each must import, keep its text when exported again
as a draft, and put every 一级 chapter in the regulation's item it reports."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from drafter import zh
from drafter.cli import cli

from test_golden import docx_paragraphs, squash

CORPUS = Path(__file__).parent / "import_corpus"
EXPECTED = YAML(typ="safe", pure=True).load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
_PAGE_NUMBER = re.compile(r"^\s*[—\-–－]\s*\d{1,3}\s*[—\-–－]\s*$", re.M)


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), *args])


def kept(original: str, exported: str) -> float:
    """The share of the original's characters found in the export, in order (what the export adds costs nothing)."""
    a, b = squash(_PAGE_NUMBER.sub("", original)), squash(exported)
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(m.size for m in blocks) / len(a)


def where_chapter_went(doc: dict, heading: str) -> str | None:
    """The part whose heading, or one of whose categories, is the chapter's heading."""
    for key in ("duties", "measures", "problems", "plans", "other"):
        part = doc.get(key) or {}
        titles = [part.get("heading")] + [i.get("title") for i in part.get("items") or []]
        if any(t and squash(t).rstrip("。") == heading for t in titles):
            return key
    return None


def test_the_corpus_covers_every_kind_the_issue_names():
    kinds = [k for e in EXPECTED.values() for k in e["kinds"]]
    assert all(kinds.count(k) >= 2 for k in range(1, 7)), kinds
    assert {e["level"] for e in EXPECTED.values()} == set(zh.LEVELS)
    assert sorted(EXPECTED) == sorted(p.name for p in CORPUS.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_published_report_imports_whole(tmp_path, name):
    want = EXPECTED[name]
    src = CORPUS / name
    result = run(tmp_path, "import", str(src), *want["args"])
    assert result.exit_code == 0, result.output
    assert f"{want['town']}，{want['level']}，{want['year']} 年度）" in result.output  # the summary names the unit
    town_dir = next((tmp_path / "towns").iterdir())
    y = YAML(typ="safe", pure=True)
    town = y.load((town_dir / "town.yaml").read_text(encoding="utf-8"))
    assert town["name"] == want["town"] and zh.level_of(town["name"]) == want["level"] or town.get("level") == want["level"]
    if want["district"]:
        assert town["district"] == want["district"]
    doc = y.load((town_dir / f"{want['year']}.yaml").read_text(encoding="utf-8"))

    for heading, part in want["chapters"]:
        assert where_chapter_went(doc, squash(heading)) == part, (heading, part)
    assert ("中断" in result.output) == want["cut"], result.output
    assert ("signature" in doc) == want["signature"]
    assert ("文中没有标题" in result.output) == (want["title"] is None)

    draft = tmp_path / "draft.docx"
    exported = run(tmp_path, "export", "-t", town_dir.name, "-y", str(want["year"]), "--draft", "-o", str(draft))
    assert exported.exit_code == 0, exported.output
    paragraphs = docx_paragraphs(draft)
    if want["title"]:
        assert squash(paragraphs[0]) == want["title"]
    share = kept(src.read_text(encoding="utf-8"), "".join(paragraphs))
    assert share >= 0.95, share


def test_text_cut_inside_its_last_character(tmp_path):
    """A download cut short ends in half a UTF-8 character: the rest imports, and the summary says so."""
    raw = (CORPUS / "07-pdf-county-cut.txt").read_bytes().rstrip()[:-1]
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    src = tmp_path / "cut.txt"
    src.write_bytes(raw)
    result = run(tmp_path, "import", str(src))
    assert result.exit_code == 0, result.output
    assert "最后一个字只剩半个" in result.output and "中断" in result.output and "GB18030" not in result.output


def test_half_width_colon_ends_the_opening_and_not_the_heading(tmp_path):
    """PDF text writes "如下:" half-width: still the opening's formula, and the heading after it stays a heading."""
    src = tmp_path / "r.txt"
    src.write_text("石桥乡2023年度法治政府建设情况报告\n2023年，石桥乡推进法治政府建设。现将有关情况报告如下:\n"
                   "一、工作举措及成效\n(一)健全制度\n修订制度5项。\n二、存在的不足和原因\n执法力量不足。\n"
                   "三、下一步工作打算\n加强队伍建设。\n", encoding="utf-8")
    result = run(tmp_path, "import", str(src))
    assert result.exit_code == 0, result.output
    assert "“工作举措及成效” → measures" in result.output
    doc = YAML(typ="safe", pure=True).load((tmp_path / "towns" / "石桥" / "2023.yaml").read_text(encoding="utf-8"))
    assert doc["opening"]["formula"] == "现将有关情况报告如下:"


def test_not_a_report_without_a_title_is_still_refused(tmp_path):
    src = tmp_path / "notes.txt"
    src.write_text("今天上午召开了安全生产会议。\n会议要求各村做好防汛工作。\n", encoding="utf-8")
    result = run(tmp_path, "import", str(src), "--town", "石桥", "--year", "2023")
    assert result.exit_code == 1 and "不像一份法治政府建设情况报告" in result.output
    assert not (tmp_path / "towns").exists()


def test_no_title_no_town_asks_for_the_option(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("今年以来，我镇深入推进法治政府建设。现将有关情况报告如下：\n一、主要举措与成效\n修订制度5项。\n",
                   encoding="utf-8")
    result = run(tmp_path, "import", str(src))
    assert result.exit_code == 1 and "--town" in result.output and "Traceback" not in result.output
    result = run(tmp_path, "import", str(src), "--town", "石桥")
    assert result.exit_code == 1 and "--year" in result.output
    result = run(tmp_path, "import", str(src), "--town", "石桥", "--year", "2024")
    assert result.exit_code == 0 and "石桥镇2024年度法治政府建设情况报告" in result.output  # 我镇: a 镇
