"""`drafter import`: the seeds as they are (PDF artifacts included), a drafter .docx, and bad input."""

from __future__ import annotations

import difflib
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from drafter.cli import cli

from conftest import REPO, SEED_FILES, SEEDS
from test_golden import docx_paragraphs, headings, squash


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), *args])


def export_text(root: Path, town: str, year: int) -> list[str]:
    out = root / f"{town}-{year}.docx"
    result = run(root, "export", "-t", town, "-y", str(year), "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    return docx_paragraphs(out)


@pytest.mark.parametrize("town", sorted(SEED_FILES))
def test_seed_imports_and_exports_back(tmp_path, town):
    seed_file, year = SEED_FILES[town]
    seed = SEEDS / seed_file
    started = time.perf_counter()
    result = run(tmp_path, "import", str(seed))
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert "文本编码：UTF-8" in result.stdout and f"towns/{town}/{year}.yaml" in result.stdout
    paragraphs = export_text(tmp_path, town, year)
    text = seed.read_text(encoding="utf-8")
    ratio = difflib.SequenceMatcher(None, squash("".join(paragraphs)), squash(text), autojunk=False).ratio()
    assert ratio >= 0.99, ratio
    assert headings(paragraphs) == headings(text.splitlines())
    assert elapsed < 5  # generous: measured in bench/, this only catches a hang

    # close to the hand-made example: same layout, same parts and item titles, as many figures
    y = YAML(typ="safe", pure=True)
    made = y.load((tmp_path / "towns" / town / f"{year}.yaml").read_text(encoding="utf-8"))
    hand = y.load((REPO / "towns" / town / f"{year}.yaml").read_text(encoding="utf-8"))
    assert y.load((tmp_path / "towns" / town / "town.yaml").read_text(encoding="utf-8"))["layout"] == \
        y.load((REPO / "towns" / town / "town.yaml").read_text(encoding="utf-8"))["layout"]
    for key in ("duties", "measures", "problems", "plans"):
        assert made[key]["heading"] == hand[key]["heading"]
        assert [i.get("title") for i in made[key]["items"]] == [i.get("title") for i in hand[key]["items"]]
    assert len(made["figures"]) == len(hand["figures"])
    assert sorted(f["value"] for f in made["figures"].values()) == sorted(f["value"] for f in hand["figures"].values())


def test_dry_run_writes_nothing(tmp_path):
    result = run(tmp_path, "import", str(SEEDS / SEED_FILES["辛口"][0]), "--dry-run")
    assert result.exit_code == 0 and "--dry-run" in result.stdout and "→ duties" in result.stdout
    assert not (tmp_path / "towns").exists()


def test_refuses_to_overwrite_then_force_keeps_backup(tmp_path):
    seed = str(SEEDS / SEED_FILES["辛口"][0])
    assert run(tmp_path, "import", seed).exit_code == 0
    target = tmp_path / "towns" / "辛口" / "2022.yaml"
    before = target.read_bytes()
    result = run(tmp_path, "import", seed)
    assert result.exit_code == 1 and "已存在" in result.output and target.read_bytes() == before
    assert run(tmp_path, "import", seed, "--force").exit_code == 0
    assert (tmp_path / "towns" / "辛口" / "2022.yaml.bak").read_bytes() == before


def test_drafter_docx_round_trip(tmp_path):
    """An exported .docx imported and exported again: the same text and the same figures."""
    ws = tmp_path / "a"
    original = REPO / "examples" / "西青区张家窝镇2023年度法治政府建设情况报告.docx"
    result = run(ws, "import", str(original))
    assert result.exit_code == 0, result.output
    again = export_text(ws, "张家窝", 2023)
    assert squash("".join(again)) == squash("".join(docx_paragraphs(original)))
    y = YAML(typ="safe", pure=True)
    made = y.load((ws / "towns" / "张家窝" / "2023.yaml").read_text(encoding="utf-8"))["figures"]
    hand = y.load((REPO / "towns" / "张家窝" / "2023.yaml").read_text(encoding="utf-8"))["figures"]
    assert sorted((f["value"], f["unit"]) for f in made.values()) == sorted((f["value"], f["unit"]) for f in hand.values())


def test_gb18030_text_is_read_and_named(tmp_path):
    src = tmp_path / "report.txt"
    src.write_bytes((SEEDS / SEED_FILES["辛口"][0]).read_text(encoding="utf-8").encode("gb18030"))
    result = run(tmp_path, "import", str(src))
    assert result.exit_code == 0 and "文本编码：GB18030" in result.stdout


@pytest.mark.parametrize("name, content, words", [
    ("empty.txt", b"   \n", "空的"),
    ("notes.txt", "今天开会，讨论了三件事。\n".encode(), "没有找到报告标题"),
    ("noparts.txt", "XX镇2024年度安全生产工作报告\n今年工作很好。\n".encode(), "一级标题"),  # not this kind of report
    ("binary.txt", b"\x00\x01\x02garbage", "不是文本文件"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "已损坏"),
    ("old.doc", b"\xd0\xcf\x11\xe0 old word", "另存为"),
    ("weird.txt", b"\xff\xff\x81\x30 abc", "编码"),
])
def test_bad_input(tmp_path, name, content, words):
    src = tmp_path / name
    src.write_bytes(content)
    result = run(tmp_path, "import", str(src))
    assert result.exit_code == 1 and words in result.output, result.output
    assert "Traceback" not in result.output and not (tmp_path / "towns").exists()


def test_huge_file_is_refused(tmp_path):
    src = tmp_path / "huge.txt"
    src.write_bytes(b"a" * (6 * 1024 * 1024))
    result = run(tmp_path, "import", str(src))
    assert result.exit_code == 1 and "MB" in result.output


def test_topic_chapters_become_categories_of_the_measures(tmp_path):
    src = tmp_path / "topics.txt"
    src.write_text("XX区甲镇2024年度法治政府建设情况报告\n2024年，甲镇依法行政。现将有关情况报告如下：\n"
                   "一、强化组织保障，夯实法治根基\n镇党委开展学法活动。\n"
                   "二、存在的不足\n执法力量不足。\n三、下一步打算\n加强执法队伍建设。\n", encoding="utf-8")
    result = run(tmp_path, "import", str(src))
    assert result.exit_code == 0, result.output
    assert "强化组织保障，夯实法治根基" in result.stdout and "都是工作举措和成效" in result.stdout
    assert "“主要举措与成效” → measures" in result.stdout  # a topic chapter is a measure, not 第一责任人职责
    assert "没有找到条例要求的内容：第一责任人职责" in result.stdout  # the regulation item it could not find is named
    final = run(tmp_path, "export", "-t", "甲", "-y", "2024")
    assert final.exit_code == 1 and "第一责任人职责" in final.output  # the missing part must be written first
    draft = tmp_path / "d.docx"
    assert run(tmp_path, "export", "-t", "甲", "-y", "2024", "--draft", "-o", str(draft)).exit_code == 0
    exported = docx_paragraphs(draft)
    at = exported.index("一、主要举措与成效")
    assert exported[at + 1: at + 3] == ["（一）强化组织保障，夯实法治根基", "镇党委开展学法活动。"]


def test_joint_report_with_number_addressee_and_signature(tmp_path):
    src = tmp_path / "joint.txt"
    src.write_text(
        "辛口党委〔2025〕5号\n中共西青区辛口镇委员会 西青区辛口镇人民政府\n关于2024年法治政府建设情况的报告\n"
        "中共西青区委、西青区人民政府：\n"
        "2024年，辛口镇坚持依法行政，全年审查合同120份。现将有关情况报告如下：\n"
        "一、履行第一责任人职责情况\n党委书记带头学法。\n二、主要举措和成效\n（一）依法决策。落实合法性审查。\n"
        "三、存在的不足和原因\n（一）执法力量不足。人员少。\n四、2025年工作安排\n（一）加强执法队伍。充实人员。\n"
        "中共西青区辛口镇委员会\n西青区辛口镇人民政府\n2025年1月20日\n", encoding="utf-8")
    result = run(tmp_path, "import", str(src))
    assert result.exit_code == 0, result.output
    y = YAML(typ="safe", pure=True).load((tmp_path / "towns" / "辛口" / "2024.yaml").read_text(encoding="utf-8"))
    assert y["doc_number"] == "辛口党委〔2025〕5号"
    assert y["title"] == "中共西青区辛口镇委员会 西青区辛口镇人民政府 关于{{ year }}年法治政府建设情况的报告" \
        or y["title"].replace("{{ year }}", "2024") == "中共西青区辛口镇委员会 西青区辛口镇人民政府 关于2024年法治政府建设情况的报告"
    assert y["addressee"] == "中共西青区委、西青区人民政府："
    assert y["signature"] == {"organ": ["中共西青区辛口镇委员会", "西青区辛口镇人民政府"], "date": "2025年1月20日"}
    assert y["opening"]["formula"] == "现将有关情况报告如下："
    assert "{{ 审查合同 }}" in y["opening"]["text"] or "{{" in y["opening"]["text"]
    paras = export_text(tmp_path, "辛口", 2024)
    assert paras[0].split("\n") == ["中共西青区辛口镇委员会", "西青区辛口镇人民政府", "关于2024年法治政府建设情况的报告"]
    assert paras[-3:] == ["中共西青区辛口镇委员会", "西青区辛口镇人民政府", "2025年1月20日"]


def _numbered_docx(path: Path) -> None:
    """A report whose 一、 and （一） come from Word's automatic numbering, not from the text."""
    from docx.oxml import parse_xml

    document = docx.Document()
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def add(text: str, level: int | None = None) -> None:
        p = document.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    add("西青区甲镇2024年度法治政府建设情况报告")
    add("2024年，甲镇依法行政。现将有关情况报告如下：")
    for n, (heading, sub) in enumerate([("履行第一责任人职责情况", "带头学法"), ("主要举措与成效", "依法决策"),
                                         ("存在的不足与原因", "执法力量不足"), ("下一年度工作安排", "加强执法队伍")]):
        add(heading, 0)
        add(f"{sub}。具体内容{n}。", 1)
    document.save(str(path))


def test_word_automatic_numbering_is_read(tmp_path):
    src = tmp_path / "numbered.docx"
    _numbered_docx(src)
    result = run(tmp_path, "import", str(src))
    assert result.exit_code == 0, result.output
    assert "“存在的不足与原因” → problems" in result.stdout
    texts = export_text(tmp_path, "甲", 2024)
    assert "三、存在的不足与原因" in texts and "（一）执法力量不足。具体内容2。" in texts


TRAPS = """西营门街道党工委文件
西营门党工委〔2024〕3号
中共天津市西青区西营门街道工作委员会
天津市西青区西营门街道办事处
关于2023年度法治政府建设情况的报告
2023年，西营门街道坚持依法行政，召开会议研究法治工作12次，为群众办理事项5,012件。现将有关情况报告如下：
一、履行第一责任人职责情况
党工委书记带头学法。一是带头学法。全年学法4次。
二是带头决策。依据《行政处罚法》第32条办理案件。
三是带头督办。对法治工作逐项督办。
- 2 -
天津市西青区西营门街道办事处关于2023年度法治政府建设情况的报告
二、主要举措与成效
（一）规范行政执法
坚持严格规范公正文明执法。
三、存在的不足与原因
（一）执法力量不足。
四、2024年工作打算
1.加强执法队伍建设
2.深化法治宣传教育
中共天津市西青区西营门街道工作委员会
天津市西青区西营门街道办事处
2024年1月20日
"""


def test_a_report_full_of_traps_comes_back_word_for_word(tmp_path):
    src = tmp_path / "jd.txt"
    src.write_text(TRAPS, encoding="utf-8")
    result = run(tmp_path, "import", str(src))
    assert result.exit_code == 0, result.output
    assert "版头“西营门街道党工委文件”" in result.stdout and "towns/西营门/2023.yaml" in result.stdout
    y = YAML(typ="safe", pure=True).load((tmp_path / "towns/西营门/2023.yaml").read_text(encoding="utf-8"))
    assert y["doc_number"] == "西营门党工委〔2024〕3号"
    assert y["signature"]["organ"] == ["中共天津市西青区西营门街道工作委员会", "天津市西青区西营门街道办事处"]
    assert [i["title"] for i in y["plans"]["items"]] == ["加强执法队伍建设", "深化法治宣传教育"]
    assert sorted(f["value"] for f in y["figures"].values()) == [4, 12, 5012]  # 第32条 is not a figure
    out = tmp_path / "r.docx"
    assert run(tmp_path, "export", "-t", "西营门", "-y", "2023", "-o", str(out), "--draft").exit_code == 0
    expected = TRAPS.split("\n", 2)[2]  # the 版头 is not printed
    expected = expected.replace("- 2 -\n天津市西青区西营门街道办事处关于2023年度法治政府建设情况的报告\n", "")  # page furniture
    expected = expected.replace("5,012", "5012")  # a figure is stored as a number
    assert squash("".join(docx_paragraphs(out))) == squash(expected)


def test_utf16_text_from_notepad(tmp_path):
    src = tmp_path / "unicode.txt"
    src.write_bytes((SEEDS / SEED_FILES["辛口"][0]).read_text(encoding="utf-8").encode("utf-16"))
    result = run(tmp_path, "import", str(src), "--dry-run")
    assert result.exit_code == 0 and "文本编码：UTF-16" in result.stdout


def test_tables_are_named_not_silently_dropped(tmp_path):
    document = docx.Document(str(REPO / "examples" / "西青区辛口镇2022年度法治政府建设情况报告.docx"))
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "行政复议案件 3件"
    src = tmp_path / "with-table.docx"
    document.save(str(src))
    result = run(tmp_path, "import", str(src), "--dry-run")
    assert result.exit_code == 0 and "1 个表格" in result.stdout
