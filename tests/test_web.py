"""`drafter serve`'s routes, through Starlette's test client: what a clerk's browser sends, and what lands on disk."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from drafter.cli import cli

from conftest import REPO, Run, edit
from web_form import changed, csrf, post, set_field, year_form

YEAR = "/t/辛口/2022"




def test_towns_page_shows_each_year_and_its_state(web):
    page = web.get("/")
    assert page.status_code == 200
    assert "辛口" in page.text and "2022 年度" in page.text
    for town, year in (("辛口", 2022), ("张家窝", 2023)):  # as many warnings as drafter check finds
        found = CliRunner().invoke(cli, ["--root", str(REPO), "check", "-t", town, "-y", str(year), "--format", "json"])
        warnings = sum(f["level"] == "警告" for f in json.loads(found.stdout)["findings"])
        assert warnings and f"{warnings} 个警告" in page.text, town
    assert all(word in page.text for word in ("起草下一年度", "导入已有报告", "带回修改稿"))


def test_year_page_shows_the_form_the_figures_and_the_check(web):
    page = web.get(YEAR)
    assert page.status_code == 200
    fields = dict(year_form(page.text))
    assert fields["figures.审查合同.value"] == "284"
    assert fields["duties.items.o-2.text"].startswith("督促领导班子成员带头学习")
    assert "{{ 集体学法 }}" in fields["duties.items.o-2.text"]
    assert "在下一年度安排中找不到对应的措施" in page.text  # the one warning, beside the form
    assert 'data-field="problems.items.o-' in page.text  # …leading to its field


def save(web, fields) -> object:
    return post(web, f"{YEAR}/save", fields)


def test_a_one_figure_edit_is_a_one_line_diff(web, ws):
    file = ws / "towns/辛口/2022.yaml"
    before = file.read_text(encoding="utf-8")
    fields = year_form(web.get(YEAR).text)
    set_field(fields, "figures.审查合同.value", "300")
    answer = save(web, fields)
    assert answer.status_code == 200, answer.text
    assert "已保存" in answer.text
    assert changed(before, file.read_text(encoding="utf-8")) == [
        "-  审查合同: {value: 284, unit: 份, label: 法律顾问与公职律师审查合同}",
        "+  审查合同: {value: 300, unit: 份, label: 法律顾问与公职律师审查合同}"]


def test_saving_an_unchanged_form_writes_nothing(web, ws):
    file = ws / "towns/辛口/2022.yaml"
    before = file.read_bytes()
    answer = save(web, year_form(web.get(YEAR).text))
    assert answer.status_code == 200 and "没有修改" in answer.text
    assert file.read_bytes() == before


def test_a_figure_written_as_words_is_refused_at_its_field(web, ws):
    file = ws / "towns/辛口/2022.yaml"
    before = file.read_bytes()
    fields = year_form(web.get(YEAR).text)
    set_field(fields, "figures.审查合同.value", "约300")
    set_field(fields, "opening.formula", "现将有关情况报告如下：")
    answer = save(web, fields)
    assert answer.status_code == 422
    assert "“约300”不是数字：数值栏只写数字，如 300；约数请勾选右边的“约/余”" in answer.text
    cell = answer.text[answer.text.index('id="f-figures.审查合同.value"'):][:900]
    assert "不是数字" in cell  # at the field itself
    assert 'value="约300"' in cell and "现将有关情况报告如下：" in answer.text  # what the clerk typed is kept
    assert file.read_bytes() == before


def test_a_save_after_the_file_changed_shows_both_versions_and_writes_nothing(web, ws):
    file = ws / "towns/辛口/2022.yaml"
    fields = year_form(web.get(YEAR).text)
    edit(file, "{value: 284,", "{value: 290,")  # meanwhile, in a text editor
    changed = file.read_bytes()
    set_field(fields, "figures.审查合同.value", "300")
    answer = save(web, fields)
    assert answer.status_code == 409
    assert "被改动过" in answer.text and "没有写入" in answer.text
    row = answer.text[answer.text.index("数字 · 审查合同 · 数值"):][:200]
    assert "300" in row and "290" in row  # the clerk's and the file's
    assert "载入文件中的版本" in answer.text
    assert file.read_bytes() == changed


def test_a_post_without_the_pages_token_is_refused(web, ws):
    file = ws / "towns/辛口/2022.yaml"
    before = file.read_bytes()
    fields = [f for f in year_form(web.get(YEAR).text) if f[0] != "csrf"]
    set_field(fields, "figures.审查合同.value", "300")
    answer = post(web, f"{YEAR}/save", fields, htmx=False)
    assert answer.status_code == 403
    assert "安全令牌" in answer.text
    wrong = [["csrf", "x" * 43], *fields]
    assert post(web, f"{YEAR}/save", wrong).status_code == 403
    assert file.read_bytes() == before


def test_another_host_name_is_refused(web):
    """A page on another site that names this server by a host of its own (DNS rebinding) gets nothing."""
    assert web.get("/", headers={"Host": "evil.example:8000"}).status_code == 400


@pytest.mark.parametrize("path", ["/t/..%2F..%2Fetc/2022", "/t/%2E%2E/2022", "/t/.hidden/2022",
                                  "/exports/..%2Ftowns%2F辛口%2F2022.yaml", "/exports/.secret.docx",
                                  "/static/..%2F..%2Fweb%2Fapp.py", "/t/辛口/2022/..%2F..%2F..%2Fetc"])
def test_no_path_from_a_request_leaves_the_workspace(web, path):
    answer = web.get(path)
    assert answer.status_code in (400, 404)
    assert "root:" not in answer.text and "def create_app" not in answer.text


def test_a_town_linked_out_of_the_workspace_is_refused(web, ws, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "town.yaml").write_text("name: 外镇\n", encoding="utf-8")
    os.symlink(outside, ws / "towns" / "外")
    answer = web.get("/t/外/2022")
    assert answer.status_code == 404 and "工作目录以外" in answer.text


def test_an_upload_too_large_is_refused_and_nothing_written(web, ws):
    page = web.get("/")
    big = b"x" * (6 * 1024 * 1024)
    answer = web.post("/import", data={"csrf": csrf(page.text)}, files={"file": ("报告.txt", big, "text/plain")})
    assert answer.status_code == 413
    assert "上传的文件太大（超过 5 MB）" in answer.text
    assert sorted(p.name for p in (ws / "towns").iterdir()) == ["张家窝", "辛口"]


def test_an_upload_leaves_nothing_behind_refused_or_read(web, ws):
    """A foreign page's upload without the token is refused and not kept; one read is gone once imported,
    even under a long Chinese name (300 bytes)."""
    from pathlib import Path

    scratch = Path(web.app.state.web.tmp.name)
    seed = (REPO / "tests" / "seeds" / "辛口-2022.txt").read_bytes()
    refused = web.post("/import", files={"file": ("报告.txt", seed, "text/plain")})
    assert refused.status_code == 403 and not list(scratch.iterdir())
    answer = web.post("/import", data={"csrf": csrf(web.get("/").text), "force": "on"},
                      files={"file": ("辛口" * 50 + ".txt", seed, "text/plain")}, follow_redirects=False)
    assert answer.status_code == 303 and not list(scratch.iterdir())


def test_serve_refuses_another_host(tmp_path):
    result = Run(tmp_path).runner.invoke(__import__("drafter.cli", fromlist=["cli"]).cli,
                                         ["--root", str(tmp_path), "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "只在本机（127.0.0.1）上提供网页，不能用 --host 0.0.0.0" in result.output


def test_serve_without_the_web_extra_says_how_to_install_it(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_web(name, *args, **kwargs):
        if name.startswith("starlette") or name == "uvicorn":
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_web)
    for module in [m for m in __import__("sys").modules if m.startswith("drafter.web")]:
        monkeypatch.delitem(__import__("sys").modules, module)
    result = Run(tmp_path)("serve", "--no-browser")
    assert result.exit_code == 1
    assert "请先安装：pip install 'drafter[web]'" in result.output


def test_the_change_beside_last_years_value_is_decimal(web, ws):
    """97.3 last year, 98.6 now: the page says +1.3, as a person would, not 1.2999999999999972."""
    run = Run(ws)
    edit(ws / "towns/辛口/2022.yaml", "集体学法: {value: 17,", "集体学法: {value: 97.3,")
    assert run("new", "-t", "辛口", "-y", "2023").exit_code == 0
    edit(ws / "towns/辛口/2023.yaml", "集体学法: {value: null,", "集体学法: {value: 98.6,")
    page = web.get("/t/辛口/2023").text
    assert "+1.3（+1.3%）" in page and "1.29999" not in page
