"""`drafter new`: next year's draft from last year, then the draft and the final export."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from ruamel.yaml import YAML

from conftest import edit, line_of

SRC = Path("towns/辛口/2022.yaml")
NEW = Path("towns/辛口/2024.yaml")


def rt() -> YAML:
    y = YAML()
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    return y


def load(path: Path):
    return rt().load(path.read_text(encoding="utf-8"))


def walk(node, key: str):
    """Every value stored under `key` anywhere in the tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from walk(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v, key)


def test_new_carries_last_year(run, ws):
    old = load(ws / SRC)
    result = run("new", "--town", "辛口", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "沿用 2022 年度" in result.output and str(NEW) in result.output
    assert f"待填的数字：{len(old['figures'])} 个" in result.output
    assert f"需说明落实情况的上年安排：{len(old['plans']['items'])} 条" in result.output

    new = load(ws / NEW)
    text = (ws / NEW).read_text(encoding="utf-8")
    # figures: every value cleared, last year's value beside it as a comment
    for name, fig in old["figures"].items():
        assert new["figures"][name]["value"] is None
        line = next(x for x in text.splitlines() if x.strip().startswith(f"{name}:"))
        assert f"# 2022年: {fig['value']}" in line  # 2023 is skipped: the comment names the year
    # plans: every 2022 plan is in the checklist, to be filled; this year's plans start empty
    assert [f["plan"] for f in new["followup"]] == [p["title"] for p in old["plans"]["items"]]
    assert {f["status"] for f in new["followup"]} == {"待填"}
    assert not new["plans"]["items"]  # empty, to be written
    # headings and group titles kept; every carried text unreviewed; problems wait for a decision
    for key in ("duties", "measures", "problems"):
        assert new[key]["heading"] == old[key]["heading"]
    assert [g["title"] for g in new["measures"]["items"]] == [g["title"] for g in old["measures"]["items"]]
    assert set(walk(new, "reviewed")) == {False}
    carried = [old["opening"]] + [old[k] for k in ("duties", "measures", "problems")]
    texts_to_review = sum(len(list(walk(node, "text"))) + ("lead" in node) for node in carried)
    assert len(list(walk(new, "reviewed"))) == texts_to_review == 19
    assert "待核对的文字：19 处" in result.output
    assert [p["status"] for p in new["problems"]["items"]] == ["待填"] * len(old["problems"]["items"])
    assert new["based_on"] == 2022
    # comments and key order of the source survive
    assert "# 二、推进法治政府建设的主要举措与成效" in text
    assert [k for k in new if k not in ("based_on", "followup", "addressee", "signature")] == list(old)
    # what a report needs and 2022 lacked is asked for, in the model's key order
    assert list(new)[:2] == ["based_on", "addressee"] and list(new)[-2:] == ["signature", "figures"]
    assert new["addressee"] is None and new["signature"] == {"date": None}


def test_new_file_is_byte_stable(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    raw = (ws / NEW).read_bytes()
    out = io.StringIO()
    rt().dump(rt().load(raw.decode("utf-8")), out)
    assert out.getvalue().encode("utf-8") == raw


def test_second_new_refuses_and_force_keeps_backup(run, ws):
    assert run("new", "-t", "辛口", "-y", "2024").exit_code == 0
    target = ws / NEW
    edit(target, "formula_paragraph: true", "formula_paragraph: true  # 我的修改")
    mine = target.read_bytes()
    result = run("new", "-t", "辛口", "-y", "2024")
    assert result.exit_code == 1 and "已存在" in result.output and "--force" in result.output
    assert target.read_bytes() == mine
    result = run("new", "-t", "辛口", "-y", "2024", "--force")
    assert result.exit_code == 0 and "2024.yaml.bak" in result.output
    assert (ws / "towns/辛口/2024.yaml.bak").read_bytes() == mine
    assert b"# \xe6\x88\x91\xe7\x9a\x84\xe4\xbf\xae\xe6\x94\xb9" not in target.read_bytes()  # regenerated


def test_force_twice_never_overwrites_a_backup(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    target = ws / NEW
    edit(target, "formula_paragraph: true", "formula_paragraph: true  # 第一次修改")
    first = target.read_bytes()
    run("new", "-t", "辛口", "-y", "2024", "--force")
    edit(target, "formula_paragraph: true", "formula_paragraph: true  # 第二次修改")
    second = target.read_bytes()
    result = run("new", "-t", "辛口", "-y", "2024", "--force")
    assert "2024.yaml.bak.2" in result.output
    assert (ws / "towns/辛口/2024.yaml.bak").read_bytes() == first
    assert (ws / "towns/辛口/2024.yaml.bak.2").read_bytes() == second


def test_final_export_refuses_until_filled_then_says_2024(run, ws, tmp_path):
    assert run("new", "-t", "辛口", "-y", "2024").exit_code == 0
    target = ws / NEW
    result = run("export", "-t", "辛口", "-y", "2024")
    assert result.exit_code == 1 and "--draft" in result.output
    fig_line = next(n for n, x in enumerate(target.read_text(encoding="utf-8").splitlines(), 1)
                    if x.strip().startswith("审查合同:"))
    assert f"{target}:{fig_line}:" in result.output and "审查合同" in result.output
    assert "reviewed" in result.output and "下一年度主要安排" in result.output

    # the user's work, done by editing the YAML
    y = rt()
    data = y.load(target.read_text(encoding="utf-8"))
    for fig in data["figures"].values():
        fig["value"] = 7
    for node in _maps(data):
        if "reviewed" in node:
            node["reviewed"] = True
        if node.get("status") == "待填" and "plan" not in node:
            node["status"] = "仍存在"
    data["plans"]["lead"] = "{{ next_year }}年，我镇将继续推进法治政府建设。"
    data["plans"]["items"] = [{"title": "进一步加强执法队伍建设", "text": "组织专题培训。"}]
    data["addressee"] = "中共西青区委、西青区人民政府："
    data["signature"]["date"] = "2025年1月6日"
    with target.open("w", encoding="utf-8") as f:
        y.dump(data, f)

    out = tmp_path / "final.docx"
    result = run("export", "-t", "辛口", "-y", "2024", "-o", str(out))
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    body = "".join(texts)
    assert texts[0].replace("\n", "") == "西青区辛口镇2024年度法治政府建设情况报告"
    assert "《全面依法治镇委员会2024年工作要点》" in body and "2025年，我镇将" in body
    assert "2022" not in body and "2023年" not in body
    assert "共审查合同份数7份" in body and "【待填" not in body
    assert not _has_comments(out)


def _maps(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _maps(v)
    elif isinstance(node, list):
        for v in node:
            yield from _maps(v)


def _has_comments(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:
        return any(n.endswith("comments.xml") for n in z.namelist())


def test_draft_export_marks_gaps_and_unreviewed_text(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    result = run("export", "-t", "辛口", "-y", "2024", "--draft")
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.name == "西青区辛口镇2024年度法治政府建设情况报告（征求意见稿）.docx"
    document = docx.Document(str(path))
    gap = next(r for p in document.paragraphs for r in p.runs if r.text == "【待填：2022年 284 份】")
    assert gap._r.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}highlight") is not None
    assert "【待填：2022年 10余 家】" in "".join(p.text for p in document.paragraphs)
    with zipfile.ZipFile(path) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert comments.count("文字尚未核对") >= 10
    assert "请判断已整改还是仍存在" in comments


def test_draft_survives_a_broken_previous_year(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    src = ws / SRC
    text = src.read_text(encoding="utf-8")
    src.write_text(text[: text.index("figures:")] + "figures:\n  - 审查合同\n", encoding="utf-8")
    result = run("preview", "-t", "辛口", "-y", "2024", "--draft")
    assert result.exit_code == 0 and "【待填：法律顾问与公职律师审查合同】" in result.output


def test_empty_value_is_located_at_its_key(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    result = run("export", "-t", "辛口", "-y", "2024")
    target = ws / NEW
    n = line_of(target, "  审查合同: {value: null")
    column = (ws / NEW).read_text(encoding="utf-8").splitlines()[n - 1].index("null") + 1
    assert f"{target}:{n}:{column}: 数字“审查合同”" in result.output  # the gap itself, not the next line
    result = run("check", "-t", "辛口", "-y", "2024")
    plans = line_of(target, "plans:")
    assert f"{target}:{plans}:1: 错误: “下一年度主要安排”部分还没有内容" in result.output  # empty items: no drift


def test_plans_written_under_the_empty_items_key_load(run, ws, tmp_path):
    run("new", "-t", "辛口", "-y", "2024")
    target = ws / NEW
    edit(target, "  items:\n\n", "  items:\n    - title: 进一步加强执法队伍建设\n      text: 组织专题培训。\n\n")
    result = run("preview", "-t", "辛口", "-y", "2024", "--draft")
    assert result.exit_code == 0, result.output
    assert "（一）进一步加强执法队伍建设。组织专题培训。" in result.output


def test_old_year_left_in_text_is_listed(run, ws):
    edit(ws / SRC, "明确全年法治建设的工作思路", "明确2022年法治建设的工作思路")
    edit(ws / SRC, "《法治政府建设实施纲要（2021—2025年）》", "《法治政府建设实施纲要（2021—2022年）》")
    result = run("new", "-t", "辛口", "-y", "2024")
    assert result.exit_code == 0
    listed = re.findall(r"2024\.yaml:(\d+): …(.*)…", result.output)
    lines = (ws / NEW).read_text(encoding="utf-8").splitlines()
    assert [int(n) for n, _ in listed] == [n for n, x in enumerate(lines, 1) if "明确2022年法治建设" in x]
    assert "2021—2022年" in (ws / NEW).read_text(encoding="utf-8")  # a title in 《》 is left alone


def test_chained_new_does_not_pile_up_comments_and_warns(run, ws):
    run("new", "-t", "辛口", "-y", "2024")
    result = run("new", "-t", "辛口", "-y", "2025")
    assert "2024 年度的文件还没有完成" in result.output and "--from 2022" in result.output
    text = (ws / "towns/辛口/2025.yaml").read_text(encoding="utf-8")
    assert text.count("安排的落实清单") == 1 and text.count("报告引用的数字") == 1
    assert "# 2022年: 284 份" in text  # the last known value survives an unfilled year


def test_user_note_on_a_figure_survives_new(run, ws):
    edit(ws / SRC, "label: 法律顾问与公职律师审查合同}", "label: 法律顾问与公职律师审查合同}  # 来源：司法所台账")
    run("new", "-t", "辛口", "-y", "2023")
    line = next(x for x in (ws / "towns/辛口/2023.yaml").read_text(encoding="utf-8").splitlines()
                if x.strip().startswith("审查合同:"))
    assert line.endswith("# 上年: 284 份；来源：司法所台账")


def test_new_town_skeleton(run, ws):
    result = run("new", "-t", "新安", "-y", "2024", "--district", "西青区", "--name", "新安镇")
    assert result.exit_code == 0, result.output
    town = load(ws / "towns/新安/town.yaml")
    assert (town["name"], town["district"]) == ("新安镇", "西青区")
    year = load(ws / "towns/新安/2024.yaml")
    assert set(year) >= {"opening", "duties", "measures", "problems", "plans", "figures"}
    assert run("export", "-t", "新安", "-y", "2024").exit_code == 1
    result = run("export", "-t", "新安", "-y", "2024", "--draft")
    assert result.exit_code == 0, result.output
    assert docx.Document(result.stdout.strip()).paragraphs[0].text.startswith("西青区新安镇2024年度")


def test_skeleton_group_title_must_be_rewritten(run, ws):
    run("new", "-t", "新安", "-y", "2024", "--district", "西青区", "--name", "新安镇")
    result = run("export", "-t", "新安", "-y", "2024")
    target = ws / "towns/新安/2024.yaml"
    n = line_of(target, "（分类标题")
    assert f"{target}:{n + 1}:" in result.output


def test_town_found_by_short_name_when_created_by_full_name(run, ws):
    run("new", "-t", "新安镇", "-y", "2024", "--district", "西青区", "--name", "新安镇")
    result = run("export", "-t", "新安", "-y", "2024", "--draft")
    assert result.exit_code == 0, result.output
    assert docx.Document(result.stdout.strip()).paragraphs[0].text.startswith("西青区新安镇")


def test_new_town_needs_district_and_name(run, ws):
    result = run("new", "-t", "新安", "-y", "2024")
    assert result.exit_code == 1 and "--district" in result.output and "--name" in result.output
    assert not (ws / "towns/新安").exists()


def test_bad_years(run, ws):
    result = run("new", "-t", "辛口", "-y", "2022", "--from", "2022")
    assert result.exit_code == 1 and "必须晚于" in result.output
    result = run("new", "-t", "辛口", "-y", "2024", "--from", "2019")
    assert result.exit_code == 1 and "2019" in result.output and "现有年度：2022" in result.output
    assert not (ws / NEW).exists()


def test_town_name_with_path_refused(run, ws):
    result = run("new", "-t", "../x", "-y", "2024", "--district", "西青区", "--name", "x镇")
    assert result.exit_code == 1 and "路径" in result.output
    assert sorted(p.name for p in ws.iterdir()) == ["towns"]


def test_invalid_source_reports_and_writes_nothing(run, ws):
    edit(ws / SRC, "  heading: 主要举措与成效", "  headng: 主要举措与成效")
    result = run("new", "-t", "辛口", "-y", "2024")
    assert result.exit_code == 1 and "headng" in result.output and str(SRC) in result.output
    assert not (ws / NEW).exists()
    assert not list((ws / "towns/辛口").glob(".*tmp"))


def test_each_part_gets_a_comment_even_from_a_bare_source(run, ws):
    src = ws / SRC
    bare = [x for x in src.read_text(encoding="utf-8").splitlines() if not x.lstrip().startswith("#")]
    src.write_text("\n".join(bare) + "\n", encoding="utf-8")
    assert run("new", "-t", "辛口", "-y", "2024").exit_code == 0
    lines = (ws / NEW).read_text(encoding="utf-8").splitlines()
    for key in ("opening", "duties", "measures", "problems", "plans", "followup", "figures"):
        n = lines.index(f"{key}:")
        above = next(x for x in reversed(lines[:n]) if x.strip())
        assert above.startswith("# "), (key, above)


def test_a_new_street_district_or_department_is_signed_by_its_own_organs(run, ws):
    """The level follows the name: a 街道 signs as 工作委员会 and 办事处, a 区 as 区委员会 and 区人民政府."""
    cases = [("西营门", "西营门街道", "西青区", ["中共西青区西营门街道工作委员会", "西青区西营门街道办事处"]),
             ("西青区", "西青区", "天津市", ["中共天津市西青区委员会", "天津市西青区人民政府"]),
             ("司法局", "西青区司法局", "西青区", ["西青区司法局"])]
    for short, name, district, organs in cases:
        result = run("new", "-t", short, "-y", "2024", "--district", district, "--name", name)
        assert result.exit_code == 0, result.output
        town = YAML(typ="safe").load((ws / "towns" / short / "town.yaml").read_text(encoding="utf-8"))
        assert town["organ"] == organs, short
    out = ws / "d.docx"
    assert run("export", "-t", "司法局", "-y", "2024", "--draft", "-o", str(out)).exit_code == 0
    title = docx.Document(str(out)).paragraphs
    assert title[0].text.replace("\n", "") == "西青区司法局2024年度法治政府建设情况报告"  # its district once
