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
    result, _, doc = imported(tmp_path, report(
        "石桥乡2023年度法治政府建设情况报告", "2023年，石桥乡推进法治政府建设。现将有关情况报告如下:",
        "一、工作举措及成效", "(一)健全制度", "修订制度5项。", *PARTS[4:]))
    assert result.exit_code == 0, result.output
    assert "“工作举措及成效” → measures" in result.output
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


def _yishi(text: str) -> list[str]:
    return re.findall(r"[一二三四五六七八九十]+是", text)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lists_keep_their_numbering(tmp_path, name):
    """一是…二是…三是… come back in the same order: a list after a colon (主要有以下不足：一是…) included."""
    want = EXPECTED[name]
    assert run(tmp_path, "import", str(CORPUS / name), *want["args"]).exit_code == 0
    town_dir = next((tmp_path / "towns").iterdir())
    draft = tmp_path / "draft.docx"
    assert run(tmp_path, "export", "-t", town_dir.name, "-y", str(want["year"]), "--draft", "-o", str(draft)).exit_code == 0
    printed = (CORPUS / name).read_text(encoding="utf-8").replace("\n", "")  # PDF text wraps inside 一是 too
    assert _yishi("".join(docx_paragraphs(draft))) == _yishi(printed)


def report(*lines: str) -> str:
    return "\n".join(lines) + "\n"


PARTS = ("一、党政主要负责人履行推进法治建设第一责任人职责情况", "镇党委书记认真履行第一责任人职责，全年研究法治工作6次。",
         "二、主要举措和成效", "全年办理行政处罚案件23件。",
         "三、存在的不足和原因", "执法力量不足。", "四、2024年工作安排", "加强执法队伍建设。")


def imported(tmp_path: Path, text: str, *args: str, encoding: str = "utf-8"):
    src = tmp_path / "r.txt"
    src.write_bytes(text.encode(encoding))
    result = run(tmp_path, "import", str(src), *args)
    towns = tmp_path / "towns"
    folder = next(towns.iterdir()) if towns.exists() else None
    doc = (YAML(typ="safe", pure=True).load(next(folder.glob("20*.yaml")).read_text(encoding="utf-8"))
           if folder else None)
    return result, folder, doc


@pytest.mark.parametrize("opening", [
    "2023年，在区委、区政府的坚强领导下，青禾镇扎实推进法治政府建设。现将有关情况报告如下：",
    "2023年，杏花镇的经验给了我们启发，我镇扎实推进法治政府建设。现将有关情况报告如下：",
])
def test_no_title_unit_from_the_signature_before_the_opening(tmp_path, opening):
    result, folder, doc = imported(tmp_path, report(opening, *PARTS, "中共青禾镇委员会", "青禾镇人民政府", "2024年1月19日"))
    assert result.exit_code == 0, result.output
    assert folder.name == "青禾" and "报告单位按落款或开头取“青禾镇”" in result.output


def test_a_department_signs_with_its_own_name(tmp_path):
    result, folder, doc = imported(tmp_path, report("云岭区司法局2023年度法治政府建设情况报告", "2023年，云岭区司法局依法履职。",
                                                    *PARTS, "云岭区司法局", "2024年1月19日"))
    assert result.exit_code == 0, result.output
    assert doc["signature"]["organ"] == ["云岭区司法局"]
    assert "云岭区司法局" not in str(doc["plans"])


@pytest.mark.parametrize("heading, part", [
    ("2023年工作计划完成情况", "measures"), ("当前面临的困难和问题", "problems"), ("2024年工作要点", "plans"),
    ("坚持问题导向，补齐法治短板", "measures"),
])
def test_heading_words_in_their_sense(tmp_path, heading, part):
    parts = [p if p != "二、主要举措和成效" else f"二、{heading}" for p in PARTS]
    if part != "measures":  # the heading takes its part's place; the report still has all four
        parts = [*PARTS[:2], "二、主要举措和成效", PARTS[3], f"三、{heading}", "有关内容。", *PARTS[4:]]
        parts = [p.replace("三、存在", "四、存在").replace("四、2024年工作安排", "五、2024年工作安排") for p in parts]
    result, folder, doc = imported(tmp_path, report("青禾镇2023年度法治政府建设情况报告", "2023年，青禾镇依法行政。", *parts))
    assert result.exit_code == 0, result.output
    assert where_chapter_went(doc, heading) == part, result.output


def test_two_reports_in_one_file_are_refused(tmp_path):
    text = report("青禾镇2023年度法治政府建设情况报告", "2023年，青禾镇依法行政。", *PARTS,
                  "青禾镇2022年度法治政府建设情况报告", "2022年，青禾镇依法行政。", *PARTS)
    result, folder, _ = imported(tmp_path, text)
    assert result.exit_code == 1 and "两份报告" in result.output and "第 11 行" in result.output and folder is None


def test_a_lead_list_before_groups_exports(tmp_path):
    parts = list(PARTS)
    parts[1] = "镇党委书记认真履职。一是带头学法。全年学法12次。二是带头述法。年终述法全覆盖。"
    parts[2:2] = ["（一）完善工作机制", "1.调整领导小组。明确分工。"]
    result, folder, _ = imported(tmp_path, report("青禾镇2023年度法治政府建设情况报告", "2023年，青禾镇依法行政。", *parts))
    assert result.exit_code == 0, result.output
    out = tmp_path / "d.docx"
    exported = run(tmp_path, "export", "-t", folder.name, "-y", "2023", "--draft", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    assert "镇党委书记认真履职。一是带头学法。全年学法12次。二是带头述法。年终述法全覆盖。" in docx_paragraphs(out)


def test_two_files_joined_with_their_byte_order_marks(tmp_path):
    text = "\ufeff" + report("青禾镇2023年度法治政府建设情况报告", "2023年，青禾镇依法行政。") + "\ufeff" + report(*PARTS)
    result, _, doc = imported(tmp_path, text)
    assert result.exit_code == 0 and "没有找到条例要求的内容" not in result.output, result.output
    assert "\ufeff" not in str(doc)


def test_options_that_contradict_the_title_are_said(tmp_path):
    text = report("青禾镇2023年度法治政府建设情况报告", "2023年，青禾镇依法行政。", *PARTS)
    result, _, _ = imported(tmp_path, text, "--town", "杏花", "--year", "2024")
    assert result.exit_code == 0
    assert "标题写的是“青禾镇”，按 --town 杏花 导入" in result.output
    assert "标题写的是 2023 年度，按 --year 2024 导入" in result.output


def test_pdf_text_with_long_printed_lines_is_joined(tmp_path):
    """A PDF printed small has 50-odd characters a line: still printed lines to join, not a web page's paragraphs."""
    body = "镇党委书记认真履行第一责任人职责，" * 12 + "全年研究法治工作6次。"
    wrapped = [body[i: i + 53] for i in range(0, len(body), 53)]
    text = report("青禾镇2023年度法治政府建设情况报告", "2023年，青禾镇依法行政。",
                  "一、党政主要负责人履行推进法治建设第一责任人职责情况", *wrapped, *PARTS[2:])
    result, _, doc = imported(tmp_path, text)
    assert result.exit_code == 0, result.output
    lead = doc["duties"]["lead"].strip()
    assert "\n" not in lead and lead.startswith(body[:40])  # one paragraph, as printed


def test_gb18030_text_cut_inside_its_last_character(tmp_path):
    raw = report("青禾镇2023年度法治政府建设情况报告", "2023年，青禾镇依法行政。", *PARTS).encode("gb18030").rstrip()[:-1]
    src = tmp_path / "r.txt"
    src.write_bytes(raw)
    result = run(tmp_path, "import", str(src))
    assert result.exit_code == 0 and "GB18030" in result.output and "最后一个字只剩半个" in result.output, result.output


@pytest.mark.parametrize("title, kept", [
    ("青禾镇2023年度法治政府建设情况报告（征求意见稿）", "青禾镇2023年度法治政府建设情况报告"),
    ("青禾镇2023年法治政府建设工作总结", "青禾镇2023年法治政府建设工作总结"),
])
def test_titles_of_drafts_and_summaries(tmp_path, title, kept):
    result, _, _ = imported(tmp_path, report(title, "2023年，青禾镇依法行政。", *PARTS), "--dry-run")
    assert result.exit_code == 0 and f"标题：{kept}（青禾镇" in result.output, result.output


def test_full_width_dot_after_a_chapter_number(tmp_path):
    parts = [p.replace("、", "．", 1) if p[1] == "、" else p for p in PARTS]
    result, _, doc = imported(tmp_path, report("青禾镇2023年度法治政府建设情况报告", "2023年，青禾镇依法行政。", *parts))
    assert result.exit_code == 0 and "没有找到条例要求的内容" not in result.output, result.output


@pytest.mark.parametrize("number", ["青委发〔2024〕3号", "青委发[2024]3号", "青委发（2024）3号"])
def test_document_number_however_bracketed(tmp_path, number):
    text = report(number, "中共青禾镇委员会", "关于2023年度法治政府建设情况的报告", "2023年，青禾镇依法行政。", *PARTS)
    result, folder, doc = imported(tmp_path, text)
    assert result.exit_code == 0 and folder.name == "青禾", result.output
    assert doc["doc_number"] == number


def test_organ_and_date_on_one_line(tmp_path):
    result, _, doc = imported(tmp_path, report("青禾镇2023年度法治政府建设情况报告", "2023年，青禾镇依法行政。", *PARTS,
                                               "青禾镇人民政府　　2024年1月19日"))
    assert result.exit_code == 0 and "中断" not in result.output, result.output
    assert doc["signature"] == {"organ": ["青禾镇人民政府"], "date": "2024年1月19日"}


def test_problems_and_plans_under_one_heading(tmp_path):
    parts = [*PARTS[:4], "三、存在的问题及下一步打算", "一是执法力量不足。二是普法针对性不强。",
             "下一步，我镇将重点抓好以下工作：一是加强执法队伍建设；二是深化精准普法。"]
    result, _, doc = imported(tmp_path, report("青禾镇2023年度法治政府建设情况报告", "2023年，青禾镇依法行政。", *parts))
    assert result.exit_code == 0 and "没有找到条例要求的内容" not in result.output, result.output
    assert doc["problems"]["heading"] == "存在的问题及下一步打算" and "执法力量不足" in str(doc["problems"])
    assert "加强执法队伍建设" in str(doc["plans"]) and "执法力量不足" not in str(doc["plans"])


@pytest.mark.parametrize("title, folder, unit", [
    ("德清县新市镇2023年度法治政府建设情况报告", "新市", "德清县新市镇，镇"),
    ("广州市番禺区市桥街道2023年度法治政府建设情况报告", "市桥", "番禺区市桥街道，街道"),
    ("县前街道2023年度法治政府建设情况报告", "县前", "县前街道，街道"),
    ("城区街道2023年度法治政府建设情况报告", "城区", "城区街道，街道"),
    ("大镇乡2023年度法治政府建设情况报告", "大镇", "大镇乡，乡"),
    ("滨江新区街道2023年度法治政府建设情况报告", "滨江新区", "滨江新区街道，街道"),
    ("云岭区城镇管理局2023年度法治政府建设情况报告", "云岭区城镇管理局", "云岭区城镇管理局，部门"),
    ("杭州市西湖区2023年法治政府建设情况报告", "西湖区", "杭州市西湖区，区"),
])
def test_unit_names_with_place_words_inside(tmp_path, title, folder, unit):
    """新市镇, 市桥街道, 县前街道: a 区/县/市/镇 inside a name is part of the name, not a place above it."""
    result, made, _ = imported(tmp_path, report(title, "2023年，依法行政。", *PARTS))
    assert result.exit_code == 0 and made.name == folder and f"（{unit}，2023 年度）" in result.output, result.output
