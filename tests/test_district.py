"""The district's view: export --all, status, diff, summary (.xlsx, .csv, .docx) and chart, on real small
workspaces; every value checked against the YAML read independently (ruamel's safe loader)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from ruamel.yaml import YAML

from drafter import batch, district
from drafter.workspace import Workspace

from conftest import REPO, SMALL_YEAR, Run, copy_examples, edit, line_of, small_town

XINKOU = REPO / "towns" / "辛口" / "2022.yaml"


def figures_of(file: Path) -> dict:
    """The figures of a year file, read without drafter."""
    return YAML(typ="safe").load(file.read_text(encoding="utf-8"))["figures"]


def shown(figure: dict | None) -> str:
    """A figure as the district's tables show it, worked out here: 无, 待填, 284, 10余."""
    if figure is None:
        return "无"
    if figure.get("value") is None:
        return "待填"
    value = figure["value"]
    value = int(value) if isinstance(value, float) and value.is_integer() else value
    return f"{value}{'余' if figure.get('approx') else ''}"


def xinkou_2024(root: Path) -> Path:
    """辛口 2024 beside the example's 2022: a figure changed, one pending, one dropped, one renamed (its label
    kept), one with another unit, one new, and an approximate one."""
    text = XINKOU.read_text(encoding="utf-8")
    for old, new in [("集体学法: {value: 17", "集体学法: {value: 20"), ("政务服务: {value: 5012", "政务服务: {value: null"),
                     ("  海河分: {value: 264, unit: 人, label: 累计注册海河分}\n", ""), ("{{ 海河分 }}", "264人"),
                     ("  审查合同: {value: 284", "  合同审查: {value: 300"), ("{{ 审查合同 }}", "{{ 合同审查 }}"),
                     ("法律意见: {value: 20, unit: 次", "法律意见: {value: 22, unit: 件"),
                     ("授信企业: {value: 10,", "授信企业: {value: 12,"),
                     ("figures:\n", "figures:\n  新数字: {value: 5, unit: 个, label: 新增的数字}\n")]:
        assert old in text, old
        text = text.replace(old, new)
    target = root / "towns" / "辛口" / "2024.yaml"
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def district_ws(tmp_path: Path) -> Run:
    """辛口 2022 and 2024, 张家窝 2023, and two small towns in 2024: 甲 finished, 乙 with two figures to fill."""
    copy_examples(tmp_path)
    xinkou_2024(tmp_path)
    small_town(tmp_path)
    pending = SMALL_YEAR.replace("合同: {value: 12", "合同: {value: null").replace(
        "开展执法培训。", "开展执法培训{{ 培训 }}。") + "  培训: {value: null, unit: 次, label: 执法培训}\n"
    small_town(tmp_path, pending, town="乙", town_text="name: 乙镇\ndistrict: 乙区\n")
    return Run(tmp_path)


# --- export --all ---------------------------------------------------------------------------------------------
@pytest.mark.timeout(120)
def test_export_all_two_jobs_one_broken_town(district_ws):
    root = district_ws.root
    broken = root / "towns" / "乙" / "2024.yaml"
    edit(broken, "  formula: 现将", "  formula_x: 现将")
    result = district_ws("export", "--all", "--jobs", "2")
    assert result.exit_code == 1, result.output
    located = f"{broken}:{line_of(broken, 'formula_x')}:3: 未知的键“formula_x”"
    assert f"乙      2024  失败：{located}" in result.stdout and f"  错误：{located}" in result.stderr
    exported = sorted((root / "exports").iterdir())
    assert [p.name for p in exported] == sorted([
        "乙区甲镇2024年度法治政府建设情况报告.docx", "西青区张家窝镇2023年度法治政府建设情况报告.docx",
        "西青区辛口镇2022年度法治政府建设情况报告.docx"])  # 辛口 2024 has figures to fill: it fails too
    for path in exported:  # whole documents, no temporary file left beside them
        assert docx.Document(str(path)).paragraphs[0].text
    assert "辛口    2024  失败：" in result.stdout and "失败的 2 项：" in result.stderr
    assert result.stdout.endswith("共 5 项：已导出 3 份，失败 2 份。\n")


@pytest.mark.timeout(120)
def test_export_all_one_year_into_a_folder_then_kept_then_forced(district_ws, tmp_path):
    out = tmp_path / "2024报告"
    result = district_ws("export", "--all", "--year", "2024", "-o", str(out), "--draft", "-j", "2")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["乙区乙镇2024年度法治政府建设情况报告（征求意见稿）.docx",
                     "乙区甲镇2024年度法治政府建设情况报告（征求意见稿）.docx",
                     "西青区辛口镇2024年度法治政府建设情况报告（征求意见稿）.docx"]
    assert "张家窝  2024  未起草" in result.stdout
    before = {p: p.read_bytes() for p in out.iterdir()}
    again = district_ws("export", "--all", "--year", "2024", "-o", str(out), "--draft")
    assert again.exit_code == 0 and again.stdout.count("已存在，未覆盖") == 3
    assert "3 份已存在（未覆盖，如要覆盖请加 --force）" in again.stdout
    assert {p: p.read_bytes() for p in out.iterdir()} == before
    forced = district_ws("export", "--all", "--year", "2024", "-o", str(out), "--draft", "--force", "-j", "1")
    assert forced.exit_code == 0 and forced.stdout.endswith("共 4 项：已导出 3 份，未起草 1 个。\n")


def test_export_all_writes_what_a_single_export_writes(district_ws, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    def parts(path: Path) -> dict[str, bytes]:  # the zip's own timestamps are the moment of writing
        with zipfile.ZipFile(path) as z:
            return {name: z.read(name) for name in z.namelist()}

    single = district_ws("export", "-t", "辛口", "-y", "2022")
    path = Path(single.stdout.strip())
    first = parts(path)
    path.unlink()
    assert district_ws("export", "--all", "-y", "2022", "-j", "1").exit_code == 0
    assert parts(path) == first


def test_export_all_usage_slips(district_ws):
    for args, said in [(["--all", "-t", "辛口"], "不能与 --town"), (["-t", "辛口", "-y", "2022", "-j", "2"],
                                                                    "--jobs 只能与 --all 同用"),
                       (["-t", "辛口"], "缺少选项 --year"), (["--all", "-j", "0"], "--jobs")]:
        result = district_ws("export", *args)
        assert result.exit_code == 2 and said in result.stderr, (args, result.output)
    (district_ws.root / "a.docx").write_bytes(b"")
    result = district_ws("export", "--all", "-o", str(district_ws.root / "a.docx"))
    assert result.exit_code == 1 and "--all 时 -o 应是一个文件夹" in result.stderr


def test_export_all_a_defect_in_one_town_year_is_reported_and_the_rest_exported(district_ws, monkeypatch):
    from drafter import pipeline

    real = pipeline.export_docx

    def failing(ws, town, year, *args, **kwargs):
        if town == "甲":
            raise RuntimeError("坏了")
        return real(ws, town, year, *args, **kwargs)

    monkeypatch.setattr(pipeline, "export_docx", failing)
    result = district_ws("export", "--all", "-y", "2024", "--draft", "-j", "1")
    assert result.exit_code == 3 and "甲      2024  失败：drafter 内部错误（RuntimeError: 坏了）" in result.stdout
    assert result.stdout.endswith("共 4 项：已导出 2 份，失败 1 份，未起草 1 个。\n")


_EXPORT_ONE = batch.export_one


def dying(root, town, year, options):
    """A worker that dies on 甲 as if killed: no exception, no result."""
    if town == "甲":
        os._exit(9)
    return _EXPORT_ONE(root, town, year, options)


@pytest.mark.timeout(60)
@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork", reason="the patch reaches workers by fork")
def test_export_all_survives_a_worker_that_dies(district_ws, monkeypatch):
    monkeypatch.setattr(batch, "export_one", dying)
    result = district_ws("export", "--all", "-y", "2024", "--draft", "-j", "2")
    assert result.exit_code == 3, result.output
    assert "甲      2024  失败：导出这一年度的进程意外退出。请单独导出它：drafter export --town 甲 --year 2024" in result.stdout
    assert result.stdout.endswith("共 4 项：已导出 2 份，失败 1 份，未起草 1 个。\n")  # the others all written


def test_export_all_two_towns_one_title(district_ws):
    """A town copied into a second folder: both reports would be one file."""
    root = district_ws.root
    (root / "towns" / "甲2").mkdir()
    for name in ("town.yaml", "2024.yaml"):
        (root / "towns" / "甲2" / name).write_bytes((root / "towns" / "甲" / name).read_bytes())
    result = district_ws("export", "--all", "-y", "2024", "--draft", "-j", "2")
    assert result.exit_code == 1
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.startswith("甲")}
    exported, lost = ("甲", "甲2") if "已导出" in rows["甲"] else ("甲2", "甲")
    assert f"失败：与 {exported} 2024 年度的报告同名" in rows[lost]  # workers race: whichever claimed it first
    written = Path(rows[exported].split("已导出 ")[1].split(".docx")[0] + ".docx")
    from drafter.word import package, stamp

    assert stamp.read(package.open_docx(written)).short == exported  # the file is the one the table names
    assert not list(written.parent.glob(".*.tmp"))  # no claim left behind


@pytest.mark.timeout(180)
@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice is not installed")
def test_export_all_with_pdf_counts_pages(district_ws):
    result = district_ws("export", "--all", "-y", "2022", "--pdf")
    assert result.exit_code == 0, result.output
    import pdfplumber

    row = next(line for line in result.stdout.splitlines() if line.startswith("辛口")).split()
    with pdfplumber.open(Path(row[4].split("（")[0]).with_suffix(".pdf")) as pdf:
        pages = len(pdf.pages)
    assert result.stdout.startswith("镇街    年度  页数  状态") and row[:3] == ["辛口", "2022", str(pages)]


def test_export_all_with_nothing_to_export(district_ws):
    result = district_ws("export", "--all", "-y", "2030")
    assert result.exit_code == 1 and "没有可以导出的年度文件：没有镇街有 2030 年度的数据" in result.stderr
    assert not (district_ws.root / "exports").exists()


def test_export_all_lists_a_few_problems_of_each_failure_and_where_the_rest_are():
    from drafter.limits import BATCH_PROBLEMS_SHOWN

    problems = tuple(f"towns/辛口/2024.yaml:{n}:1: 还没有填写" for n in range(1, 9))
    report = batch.describe([batch.Outcome("辛口", 2024, batch.FAILED, problems=problems)])
    assert report.table[1].startswith("辛口  2024  失败：towns/辛口/2024.yaml:1:1:")
    assert report.failures == ["失败的 1 项：", "辛口 2024：",
                               *(f"  错误：{p}" for p in problems[:BATCH_PROBLEMS_SHOWN]),
                               "  ……另有 3 条，用 drafter check --town 辛口 --year 2024 逐条查看"]


def test_export_all_in_process_reports_progress(district_ws):
    seen = []
    outcomes = batch.export_all(Workspace(district_ws.root), 2022, jobs=1, progress=seen.append)
    assert [(o.town, o.status) for o in outcomes] == [("乙", "未起草"), ("张家窝", "未起草"), ("甲", "未起草"),
                                                      ("辛口", "已导出")]
    assert sorted(seen, key=outcomes.index) == outcomes


# --- status ----------------------------------------------------------------------------------------------------
def test_status_each_town_of_a_year(district_ws):
    root = district_ws.root
    result = district_ws("status", "--year", "2024")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[2:6]}
    assert rows["张家窝"].split()[1:] == ["未起草"]
    jia = root / "towns" / "甲" / "2024.yaml"
    changed = dt.datetime.fromtimestamp(jia.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    assert rows["甲"].split()[1:] == ["已完成", *changed.split()]
    pending = [f for f in figures_of(root / "towns" / "乙" / "2024.yaml").values() if f["value"] is None]
    assert rows["乙"].split()[1:3] == [str(len(pending)), "处待填"]
    assert "共 4 个镇街：可导出正式稿 1 个，未起草 1 个。" in result.stdout


def test_status_names_a_broken_file_and_defaults_to_the_latest_year(district_ws):
    broken = district_ws.root / "towns" / "甲" / "2024.yaml"
    edit(broken, "{{ 合同 }}", "{{ 合约 }}")
    result = district_ws("status")
    assert result.stdout.startswith("2024 年度各镇街的进度：")
    assert f"甲：{broken}:{line_of(broken, '合约')}:" in result.stdout and "1 个错误" in result.stdout


# --- diff ------------------------------------------------------------------------------------------------------
def test_diff_matches_by_name_then_label_and_never_invents(district_ws):
    root = district_ws.root
    before, after = figures_of(root / "towns" / "辛口" / "2022.yaml"), figures_of(root / "towns" / "辛口" / "2024.yaml")
    d = district.diff(Workspace(root), "辛口", 2022, 2024)
    rows = {" → ".join(c.names): c for c in d.columns}
    for name in before.keys() & after.keys():
        unit = before[name]["unit"] != after[name]["unit"]  # then each value is shown with its own unit
        assert (rows[name].cell(0), rows[name].cell(1)) == (
            shown(before[name]) + (before[name]["unit"] if unit else ""),
            shown(after[name]) + (after[name]["unit"] if unit else "")), name
    assert (rows["海河分"].cell(0), rows["海河分"].cell(1)) == (shown(before["海河分"]), "无")
    assert (rows["新数字"].cell(0), rows["新数字"].cell(1)) == ("无", "5")
    renamed = rows["审查合同 → 合同审查"]  # matched by its label
    assert (renamed.cell(0), renamed.cell(1)) == (str(before["审查合同"]["value"]), str(after["合同审查"]["value"]))
    assert len(d.columns) == len(before.keys() | after.keys()) - 1
    result = district_ws("diff", "--town", "辛口", "--from", "2022", "--to", "2024")
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.stdout.splitlines()[2:-1]}
    assert lines["集体学法"][3:] == ["17", "20", "+3", "+17.6%"]
    assert lines["政务服务"][3:] == ["5012", "待填", "—"]  # no change worked out from a value not there
    assert lines["海河分"][3:] == ["264", "无", "只在", "2022", "年度"]
    assert lines["法律意见"][2:] == ["次", "→", "件", "20次", "22件", "单位不同"]
    assert lines["授信企业"][3:] == ["10余", "12余", "约+2", "约+20.0%"]
    assert "只在 2022 年度的 1 个，只在 2024 年度的 1 个" in result.stdout
    assert district_ws("diff", "-t", "辛口").stdout == result.stdout  # the latest year and the one before it


def test_diff_refuses_what_cannot_be_compared(district_ws):
    assert "之前没有年度可比" in district_ws("diff", "-t", "张家窝").stderr
    assert "同一年度" in district_ws("diff", "-t", "辛口", "--from", "2024", "--to", "2024").stderr
    result = district_ws("diff", "-t", "辛口", "--from", "2021", "--to", "2022")
    assert result.exit_code == 1 and "没有 2021 年度的数据" in result.stderr


# --- summary ---------------------------------------------------------------------------------------------------
def expected_rows(root: Path, year: int) -> dict[str, dict]:
    """Each town's figures of `year` by name, read without drafter; towns without the year have none."""
    out = {}
    for town in sorted((root / "towns").iterdir()):
        name = YAML(typ="safe").load((town / "town.yaml").read_text(encoding="utf-8"))["name"]
        file = town / f"{year}.yaml"
        out[name] = figures_of(file) if file.exists() else None
    return out


def test_summary_xlsx(district_ws):
    from openpyxl import load_workbook

    root = district_ws.root
    result = district_ws("summary", "--year", "2024", "-o", str(root / "2024汇总.xlsx"))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(root / "2024汇总.xlsx").worksheets[0]
    assert sheet.freeze_panes == "B2"
    header = [c.value for c in sheet[1]]
    assert header[0] == "镇街" and header[-1] == "备注"
    assert "法律顾问与公职律师审查合同（份）" in header and "审查合同（份）" in header
    expected = expected_rows(root, 2024)
    by_label = {f"{f['label'] or n}（{f['unit']}）": n for figures in expected.values() if figures
                for n, f in figures.items()}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        figures = expected.pop(row[0])
        if figures is None:
            assert set(row[1:-1]) == {None} and row[-1] == "未起草"
            continue
        for heading, value in zip(header[1:-1], row[1:-1]):
            figure = figures.get(by_label[heading])
            if figure is None:
                assert value is None, heading  # absent: an empty cell, never 0
            elif figure["value"] is None:
                assert value == "待填", heading
            else:
                assert value == figure["value"], heading
    assert not expected
    approx = [c for c in sheet[2 + 3] if c.number_format == 'General"余"']  # 辛口 is the 4th town
    assert [c.value for c in approx] == [12, 1000]


def test_summary_csv_and_unreadable_town(district_ws):
    root = district_ws.root
    broken = root / "towns" / "甲" / "2024.yaml"
    edit(broken, "合同: {value: 12", "合同: {valu: 12")
    result = district_ws("summary", "-y", "2024", "-o", str(root / "汇总.csv"))
    assert result.exit_code == 1 and f"错误：{broken}:{line_of(broken, 'valu:')}:" in result.stderr
    rows = list(csv.reader((root / "汇总.csv").read_text(encoding="utf-8-sig").splitlines()))
    header, body = rows[0], {r[0]: r for r in rows[1:]}
    assert body["甲镇"][-1].startswith(f"有误：{broken}:") and set(body["甲镇"][1:-1]) == {""}
    xinkou = figures_of(root / "towns" / "辛口" / "2024.yaml")
    column = {h: i for i, h in enumerate(header)}
    for name, figure in xinkou.items():
        assert body["辛口镇"][column[f"{figure['label']}（{figure['unit']}）"]] == shown(figure), name
    assert body["乙镇"][column["审查合同（份）"]] == "待填" and body["乙镇"][column["执法培训（次）"]] == "待填"
    assert body["辛口镇"][column["执法培训（次）"]] == ""  # not in 辛口's report: empty, not 0


def test_summary_docx_is_a_gbt9704_document_with_tables(district_ws):
    from drafter.word import lint

    root = district_ws.root
    out = root / "汇总.docx"
    assert district_ws("summary", "-y", "2024", "-o", str(out)).exit_code == 0
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "2024年度法治政府建设情况数字汇总"  # the towns' districts differ
    tables = document.tables
    assert len(tables) > 1 and all(t.rows[0].cells[0].text == "镇街" for t in tables)
    cells = {}
    for t in tables:
        heads = [c.text for c in t.rows[0].cells]
        for row in t.rows[1:]:
            for head, cell in zip(heads[1:], row.cells[1:]):
                cells[row.cells[0].text, head] = cell.text
    xinkou = figures_of(root / "towns" / "辛口" / "2024.yaml")
    for figure in xinkou.values():
        assert cells["辛口镇", f"{figure['label']}（{figure['unit']}）"] == shown(figure)
    assert cells["张家窝镇", "新增的数字（个）"] == "—" and cells["甲镇", "新增的数字（个）"] == "—"
    header_run = tables[0].rows[0].cells[1].paragraphs[0].runs[0]._r
    assert header_run.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia")) == "黑体"
    ind = tables[0].rows[1].cells[1].paragraphs[0]._p.pPr.ind
    assert ind.get(docx.oxml.ns.qn("w:firstLine")) == "0"  # the body's indent does not leak into cells
    assert tables[0].rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert not any(f.violation for f in lint.lint(out))


def test_summary_keeps_a_formula_in_a_label_as_text(district_ws):
    """A label a spreadsheet would run (=HYPERLINK(…)) stays text in the .xlsx and the .csv."""
    from openpyxl import load_workbook

    root = district_ws.root
    edit(root / "towns" / "乙" / "2024.yaml", "label: 审查合同", 'label: "=HYPERLINK(\\"http://x\\")"')
    assert district_ws("summary", "-o", str(root / "a.xlsx")).exit_code == 0
    heads = {c.value: c for c in load_workbook(root / "a.xlsx").worksheets[0][1]}
    cell = heads['=HYPERLINK("http://x")（份）']
    assert cell.data_type == "s"
    assert district_ws("summary", "-o", str(root / "a.csv")).exit_code == 0
    header = next(csv.reader((root / "a.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert '\'=HYPERLINK("http://x")（份）' in header


def test_summary_refuses_like_an_export(district_ws):
    root = district_ws.root
    assert "应以 .xlsx、.csv、.docx 结尾" in district_ws("summary", "-o", str(root / "a.pdf")).stderr
    (root / "a.xlsx").write_bytes(b"old")
    result = district_ws("summary", "-o", str(root / "a.xlsx"))
    assert result.exit_code == 1 and "文件已存在" in result.stderr and (root / "a.xlsx").read_bytes() == b"old"
    assert "输出文件夹不存在" in district_ws("summary", "-o", str(root / "no" / "a.csv")).stderr
    default = district_ws("summary")
    assert default.exit_code == 0 and default.stdout.strip().endswith("exports/2024年度数字汇总.xlsx")


# --- matching ----------------------------------------------------------------------------------------------------
def test_match_prefers_names_and_never_puts_two_of_one_source_together():
    from drafter.model import Figure

    a = {"审查合同": Figure(value=1, unit="份", label="审查合同"), "x": Figure(value=2, label="同一说明"),
         "y": Figure(value=3, label="同一说明")}
    b = {"合同审查": Figure(value=4, unit="份", label="审查合同"), "y": Figure(value=5, label="同一说明"),
         "x": Figure(value=None, label="另一说明")}
    columns = district.match([a, b])
    assert [(c.names, c.cell(0), c.cell(1)) for c in columns] == [
        (["审查合同", "合同审查"], "1", "4"), (["x"], "2", "待填"), (["y"], "3", "5")]


# --- chart -----------------------------------------------------------------------------------------------------
def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


needs_font = pytest.mark.skipif(__import__("drafter.word.fonts", fromlist=["x"]).chinese_face() is None,
                                reason="no Chinese font installed")


@needs_font
@pytest.mark.timeout(120)
def test_chart_across_years_and_across_towns(district_ws):
    root = district_ws.root
    result = district_ws("chart", "--town", "辛口", "--figure", "合同审查")  # the new name finds the renamed one
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path == root / "exports" / "辛口-合同审查.png" and png_size(path) == (1200, 675)
    towns = district_ws("chart", "--year", "2024", "-f", "法律顾问与公职律师审查合同", "-o", str(root / "c.png"))
    assert towns.exit_code == 0 and png_size(root / "c.png") == (1200, 675)


def test_chart_says_what_it_cannot_draw(district_ws):
    result = district_ws("chart", "-t", "辛口", "-f", "审查合")
    assert result.exit_code == 1 and "找不到数字“审查合”。你是不是想写“审查合同”？" in result.stderr
    assert "单位不一致（次、件）" in district_ws("chart", "-t", "辛口", "-f", "法律意见").stderr
    assert "都还没有数值" in district_ws("chart", "-y", "2024", "-f", "执法培训").stderr
    both = district_ws("chart", "-t", "辛口", "-y", "2024", "-f", "集体学法")
    assert both.exit_code == 2 and "二者之一" in both.stderr
    assert not (district_ws.root / "exports").exists()


def test_chart_without_a_chinese_font(district_ws, tmp_path, monkeypatch):
    empty = tmp_path / "empty-fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))  # a fontconfig that knows no font at all
    result = district_ws("chart", "-t", "辛口", "-f", "集体学法")
    assert result.exit_code == 1 and "没有找到能显示中文的字体" in result.stderr
    assert "fonts-noto-cjk" in result.stderr and not (district_ws.root / "exports" / "辛口-集体学法.png").exists()
    from drafter.word import fonts

    monkeypatch.setattr(fonts, "has_fontconfig", lambda: False)  # Windows: matplotlib's own list, here without any
    monkeypatch.setattr("matplotlib.font_manager.fontManager.ttflist", [])
    assert "没有找到能显示中文的字体" in district_ws("chart", "-t", "辛口", "-f", "集体学法").stderr


def test_chart_without_its_extra_says_how_to_install_it(district_ws, monkeypatch):
    """matplotlib is the `chart` extra: a town's install has none, and the command says what to install."""
    import sys

    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    result = district_ws("chart", "-t", "辛口", "-f", "集体学法")
    assert result.exit_code == 1 and "pip install 'drafter[chart]'" in result.stderr
    assert not (district_ws.root / "exports" / "辛口-集体学法.png").exists()
