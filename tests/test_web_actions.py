"""`drafter serve`: items added, moved and removed; 已核对; export, download; new, import and Word edits back."""

from __future__ import annotations

from pathlib import Path

from drafter import yamlio

from conftest import edit, edit_docx, small_town
from web_form import changed, client, csrf, post, set_field, year_form

YEAR = "/t/辛口/2022"




def _item(fields, base: str) -> list[list[str]]:
    """The fields of one item (and its sub-items), taken out of `fields`."""
    taken = [f for f in fields if f[0] == base or f[0].startswith(base + ".")]
    for f in taken:
        fields.remove(f)
    return taken


def test_items_moved_removed_and_added_keep_every_other_line(web, ws):
    file = ws / "towns/辛口/2022.yaml"
    before = file.read_text(encoding="utf-8")
    fields = year_form(web.get(YEAR).text)
    plans = [f for f in fields if f[0].startswith("plans.items.")]
    first = _item(fields, "plans.items.o-0")
    second = _item(fields, "plans.items.o-1")
    at = fields.index(next(f for f in fields if f[0].startswith("plans.items.o-2")))
    fields[at:at] = second + first  # moved: the second plan first
    _item(fields, "plans.items.o-3")  # removed
    new = [["plans.items.n-1._", ""], ["plans.items.n-1.title", "推进重大行政决策规范化"],
           ["plans.items.n-1.text", "严格落实重大行政决策程序。"]]
    at = fields.index(next(f for f in fields if f[0].startswith("figures.")))
    fields[at:at] = new
    assert plans
    answer = post(web, f"{YEAR}/save", fields)
    assert answer.status_code == 200, answer.text
    after = file.read_text(encoding="utf-8")
    data = yamlio.load(file).data["plans"]["items"]
    old = yamlio.loads(before, file).data["plans"]["items"]
    assert [i["title"] for i in data] == [old[1]["title"], old[0]["title"], old[2]["title"], *[
        i["title"] for i in old[4:]], "推进重大行政决策规范化"]
    assert data[-1]["text"] == "严格落实重大行政决策程序。"
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == \
           [line for line in after.splitlines() if line.lstrip().startswith("#")]  # every comment line kept
    assert "没有提到决策" not in answer.text  # the new plan answers the problem of 决策


def test_marking_a_text_reviewed_is_one_line(web, ws):
    file = ws / "towns/辛口/2022.yaml"
    edit(file, "    - title: 争做尊法学法守法用法模范\n", "    - title: 争做尊法学法守法用法模范\n      reviewed: false\n")
    before = file.read_text(encoding="utf-8")
    page = web.get(YEAR).text
    assert "沿用上年的文字，待核对" in page and "1 个错误" in page
    fields = year_form(page)
    set_field(fields, "duties.items.o-1.reviewed", "true")
    answer = post(web, f"{YEAR}/save", fields)
    assert "0 个错误" in answer.text
    assert changed(before, file.read_text(encoding="utf-8")) == ["-      reviewed: false", "+      reviewed: true"]


def test_a_bad_date_is_shown_at_its_field_and_nothing_written(web, ws):
    file = ws / "towns/辛口/2022.yaml"
    before = file.read_bytes()
    fields = year_form(web.get(YEAR).text)
    set_field(fields, "signature.date", "2023-1-6")
    answer = post(web, f"{YEAR}/save", fields)
    assert answer.status_code == 422
    at = answer.text[answer.text.index('id="f-signature.date"'):][:800]
    assert "成文日期“2023-1-6”格式不对，应写成 2024年1月6日 这样" in at
    assert file.read_bytes() == before


def test_a_new_figure_needs_a_name_of_its_own(web, ws):
    file = ws / "towns/辛口/2022.yaml"
    before = file.read_bytes()
    fields = year_form(web.get(YEAR).text) + [["newfig.n-1.name", "审查合同"], ["newfig.n-1.value", "3"]]
    answer = post(web, f"{YEAR}/save", fields)
    assert answer.status_code == 422 and "已有名为“审查合同”的数字，请换一个名称" in answer.text
    fields[-2][1] = "调解纠纷"
    fields += [["newfig.n-1.unit", "件"], ["newfig.n-1.label", "调解矛盾纠纷"]]
    answer = post(web, f"{YEAR}/save", fields)
    assert answer.status_code == 200
    assert changed(before.decode(), file.read_text(encoding="utf-8")) == [
        "+  调解纠纷: {value: 3, unit: 件, label: 调解矛盾纠纷}"]


def test_export_refuses_a_final_report_with_the_list_and_writes_a_draft(web, ws):
    edit(ws / "towns/辛口/2022.yaml", "{value: 284,", "{value: null,")
    token = csrf(web.get(YEAR).text)
    final = web.post(f"{YEAR}/export", data={"csrf": token, "kind": "final"}, headers={"HX-Request": "true"})
    assert final.status_code == 400
    assert "正式稿没有导出" in final.text and "审查合同" in final.text
    assert 'data-field="figures.审查合同' in final.text  # leads to the field
    assert not (ws / "exports").exists()
    draft = web.post(f"{YEAR}/export", data={"csrf": token, "kind": "draft"}, headers={"HX-Request": "true"})
    assert draft.status_code == 200 and "已导出征求意见稿" in draft.text
    name = "西青区辛口镇2022年度法治政府建设情况报告（征求意见稿）.docx"
    assert (ws / "exports" / name).is_file()
    got = web.get(f"/exports/{name}")
    assert got.status_code == 200 and got.content == (ws / "exports" / name).read_bytes()
    again = web.post(f"{YEAR}/export", data={"csrf": token, "kind": "draft"}, headers={"HX-Request": "true"})
    assert "文件已存在" in again.text and "覆盖已有的文件" in again.text


def test_word_edits_come_back_change_by_change(web, ws, run):
    assert run("export", "-t", "辛口", "-y", "2022").exit_code == 0
    docx = ws / "exports" / "西青区辛口镇2022年度法治政府建设情况报告.docx"
    edit_docx(docx, {"284份": "290份", "积极引导群众评价": "积极引导群众参与评价"})
    file = ws / "towns/辛口/2022.yaml"
    before = file.read_text(encoding="utf-8")
    token = csrf(web.get(YEAR).text)
    listed = web.post(f"{YEAR}/update", data={"csrf": token},
                      files={"file": (docx.name, docx.read_bytes(), "application/octet-stream")})
    assert listed.status_code == 200, listed.text
    assert "数字 · 审查合同 · 数值" in listed.text and "<ins>参与</ins>" in listed.text
    url = str(listed.url).replace("http://127.0.0.1", "")
    accepted = web.post(url, data={"csrf": token, "accept": "0"})
    assert accepted.status_code == 200 and "已写入 1 处修改，没有接受的 1 处未写入" in accepted.text
    lines = changed(before, file.read_text(encoding="utf-8"))
    assert len(lines) == 2 and ("290" in lines[1] or "参与评价" in lines[1])


def test_new_year_and_import_from_the_towns_page(web, ws):
    token = csrf(web.get("/").text)
    made = web.post("/new", data={"csrf": token, "town": "辛口", "year": "2023"})
    assert made.status_code == 200 and "/2023?note=" in str(made.url)
    assert "沿用 2022 年度" in made.text and "待填的数字" in made.text
    assert (ws / "towns/辛口/2023.yaml").is_file()
    page = web.get("/t/辛口/2023").text
    assert ">2022 年<" in page or "2022 年</th>" in page  # last year's column
    assert "284份" in page  # last year's value beside the empty field
    seed = Path(__file__).parent / "seeds" / "张家窝-2023.txt"
    imported = web.post("/import", data={"csrf": token, "town": "新张", "year": "2023"},
                        files={"file": ("张家窝.txt", seed.read_bytes(), "text/plain")})
    assert imported.status_code == 200, imported.text
    assert (ws / "towns/新张/2023.yaml").is_file()


def test_a_broken_year_file_is_explained_not_shown(tmp_path):
    small_town(tmp_path, "opening:\n  text: [\n")
    with client(tmp_path) as web:
        page = web.get("/t/甲/2024")
    assert page.status_code == 200
    assert "年度文件有错误，网页暂时无法显示表单" in page.text and "2024.yaml:" in page.text


def test_a_problems_cause_is_its_own_field(web, ws):
    """Writing a problem's cause on the page adds one `cause:` line under it, and the causes warning goes."""
    file = ws / "towns/辛口/2022.yaml"
    before = file.read_text(encoding="utf-8")
    page = web.get(YEAR).text
    assert "没有写原因" in page
    fields = year_form(page)
    set_field(fields, "problems.items.o-0.cause", "主要原因是执法人员对音视频记录要求掌握不够。")
    answer = post(web, f"{YEAR}/save", fields)
    assert "已保存" in answer.text and "没有写原因" not in answer.text
    assert changed(before, file.read_text(encoding="utf-8")) == ["+      cause: 主要原因是执法人员对音视频记录要求掌握不够。"]
