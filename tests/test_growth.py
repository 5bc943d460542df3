"""Work that grows with the input stays linear, or stops at a limit (drafter/limits.py) with a message.

Each test is the shortest input that used to hang (or the limit's first step past it); bench/bench_growth.py
measures the times. The guard on each is generous: it fails a regression instead of hanging the run.
"""

from __future__ import annotations

import json
import random
from math import comb
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from drafter.cli import cli
from drafter.limits import MAX_FIGURES, MAX_PARAGRAPHS, TITLE_MAX_LINES
from drafter.word.gbt9704 import TITLE_MAX_EM, break_title
from drafter.zh import em_width

from conftest import REPO, SMALL, SMALL_YEAR, Run, small_town


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- titles -------------------------------------------------------------------------------------------
def exhaustive_break_title(words: list[str], max_em: float = TITLE_MAX_EM) -> list[str]:
    """break_title as it was: every set of breaks tried, for the fewest lines that fit (exponential)."""
    pieces: list[str] = []
    for w in words:
        if em_width(w) <= max_em:
            pieces.append(w)
        else:
            n = int(em_width(w) // max_em) + 1
            size = -(-len(w) // n)
            pieces.extend(w[i : i + size] for i in range(0, len(w), size))
    widths = [em_width(p) for p in pieces]
    best = None
    for lines in range(1, len(pieces) + 1):
        for cuts in _cut_sets(len(pieces), lines - 1):
            bounds = [0, *cuts, len(pieces)]
            spans = [sum(widths[a:b]) for a, b in zip(bounds, bounds[1:])]
            if max(spans) > max_em:
                continue
            score = max(spans) - min(spans) + 0.01 * sum(i * s for i, s in enumerate(spans)) / max(spans)
            if best is None or score < best[0]:
                best = (score, ["".join(pieces[a:b]) for a, b in zip(bounds, bounds[1:])])
        if best:
            return best[1]
    return pieces


def _cut_sets(n: int, k: int, start: int = 1) -> list[list[int]]:
    if k == 0:
        return [[]]
    return [[c, *rest] for c in range(start, n) for rest in _cut_sets(n, k - 1, c + 1)]


def _quick_for_the_old_one(words: list[str]) -> bool:
    """Whether the exhaustive search tries fewer than 20,000 sets of breaks on `words` (a few seconds)."""
    if not words:
        return True
    pieces = sum(int(em_width(w) // TITLE_MAX_EM) + 1 if em_width(w) > TITLE_MAX_EM else 1 for w in words)
    lines = max(1, -(-sum(em_width(w) for w in words) // TITLE_MAX_EM))  # at least this many are tried
    return sum(comb(pieces - 1, k) for k in range(int(lines) + 1)) < 20_000


def _random_words(rng: random.Random) -> list[str]:
    chars = "法治政府建设情况报告西青区辛口镇"
    shape = rng.random()
    n = rng.randint(0, 12)
    if shape < 0.3:  # all the same width: ties everywhere
        return ["字" * rng.randint(1, 9)] * n
    if shape < 0.6:  # with half-width letters and digits
        return ["".join(rng.choice(chars + "2024ab") for _ in range(rng.randint(1, 8))) for _ in range(n)]
    return ["".join(rng.choice(chars) for _ in range(rng.choice([1, 2, 3, 4, 6, 9, 12, 17, 19, 30])))
            for _ in range(n)]


@pytest.mark.timeout(300)
def test_break_title_gives_what_the_exhaustive_search_gave():
    rng = random.Random(9704)
    tried = 0
    while tried < 1500:
        words = _random_words(rng)
        if _quick_for_the_old_one(words):
            tried += 1
            assert break_title(words) == exhaustive_break_title(words), words


@pytest.mark.timeout(10)
@pytest.mark.parametrize("words", [
    ["法治政府建设情况"] * 24,  # two to a line, twelve lines: over 10 s
    ["字" * 500],  # 28 pieces of 18: over 10 s
    ["法治政府建设"[: 2 + i % 5] for i in range(40)],
    ["a"] * 144,
    ["法治政府建设"[: 1 + i % 6] for i in range(2000)],  # past the limit: only a town's template gets here
    ["字" * 20_000],
], ids=["24 words", "500 unspaced", "40 words", "144 letters", "2000 words", "20000 unspaced"])
def test_break_title_is_quick_however_long(words):
    lines = break_title(words)
    assert "".join(lines) == "".join(words)
    assert all(em_width(line) <= TITLE_MAX_EM for line in lines)


@pytest.mark.timeout(60)
def test_a_title_wider_than_the_limit_is_refused_where_it_is_written(small):
    limit = TITLE_MAX_LINES * TITLE_MAX_EM
    file = small.root / SMALL
    file.write_text(f"title: {'字' * int(limit + 1)}\n" + SMALL_YEAR, encoding="utf-8")
    before = tree(small.root)
    for command in (["export", "-t", "甲", "-y", "2024"], ["preview", "-t", "甲", "-y", "2024"],
                    ["check", "-t", "甲", "-y", "2024"]):
        result = small(*command)
        assert result.exit_code == 1, result.output
        assert f"{file}:1:8: " in result.output and "请缩短 title" in result.output
        assert f"标题有 {limit + 1:g} 个字宽，超过 {TITLE_MAX_LINES} 行（每行最多 {TITLE_MAX_EM} 个字）" in result.output
    assert tree(small.root) == before
    file.write_text(f"title: {'字' * int(limit)}\n" + SMALL_YEAR, encoding="utf-8")
    assert small("export", "-t", "甲", "-y", "2024").exit_code == 0


@pytest.mark.timeout(60)
def test_a_title_made_too_long_by_town_yaml_names_it(tmp_path):
    small_town(tmp_path, town_text=f"name: {'甲' * 60}镇\ndistrict: 乙区\n")
    result = Run(tmp_path)("export", "-t", "甲", "-y", "2024")
    assert result.exit_code == 1
    assert "中的 district、name 和年度生成" in result.output and "town.yaml" in result.output


# --- figures and paragraphs of a year file --------------------------------------------------------------
def _figures(n: int) -> str:
    return "".join(f"  f{i}: {{value: {i}, unit: 份}}\n" for i in range(n))


@pytest.mark.timeout(120)
def test_new_refuses_a_year_with_more_figures_than_a_report_has(small):
    (small.root / SMALL).write_text(SMALL_YEAR + _figures(MAX_FIGURES), encoding="utf-8")  # one more than 合同
    before = tree(small.root)
    result = small("new", "-t", "甲", "-y", "2025")
    assert result.exit_code == 1
    assert f"“figures”：有 {MAX_FIGURES + 1} 个数字，超过 {MAX_FIGURES} 个" in result.output
    assert tree(small.root) == before


@pytest.mark.timeout(120)
def test_a_year_at_the_figure_limit_is_carried_forward(small):
    (small.root / SMALL).write_text(SMALL_YEAR + _figures(MAX_FIGURES - 1), encoding="utf-8")
    result = small("new", "-t", "甲", "-y", "2025")
    assert result.exit_code == 0, result.output
    assert f"待填的数字：{MAX_FIGURES} 个" in result.output


@pytest.mark.timeout(60)
@pytest.mark.parametrize("lines", [MAX_PARAGRAPHS, 200_000])
def test_export_refuses_a_text_longer_than_a_report(small, lines):
    body = "".join(f"    第{i}段。\n" for i in range(lines))
    file = small.root / SMALL
    file.write_text(SMALL_YEAR.replace("  text: |-\n", "  text: |-\n" + body, 1), encoding="utf-8")
    result = small("export", "-t", "甲", "-y", "2024")
    assert result.exit_code == 1
    # a long text is refused for its paragraphs, a very long one already for its size (MAX_YAML_BYTES)
    assert (f"{file}: 年度文件的内容约有" in result.output and f"超过 {MAX_PARAGRAPHS} 段" in result.output
            or f"{file}: 文件有" in result.output and "超过 1 MB" in result.output), result.output
    assert not (small.root / "exports").exists()


@pytest.mark.timeout(120)
def test_check_with_many_figures_and_items_reports_as_before(small):
    items = "".join(f"    - title: 第{i}项工作\n      text: 完成{{{{ f{i} }}}}。\n" for i in range(90))
    year = SMALL_YEAR.replace("    - title: 加强行政执法\n      text: 开展执法培训。\n", items)
    (small.root / SMALL).write_text(year + _figures(MAX_FIGURES - 1).replace("value: 0,", "value: null,"),
                                    encoding="utf-8")
    result = small("check", "-t", "甲", "-y", "2024", "--format", "json")
    found = json.loads(result.output)["findings"]
    unused = {f["message"].split("“")[1].split("”")[0] for f in found if f["rule"] == "unused"}
    assert unused == {f"f{i}" for i in range(90, MAX_FIGURES - 1)}
    assert [f["message"] for f in found if f["rule"] == "unfilled"] == ["数字“f0”（无说明）还没有填写数值，请填写 value"]


# --- imported and linted documents -------------------------------------------------------------------
def _docx(path: Path, paragraphs: int) -> Path:
    document = docx.Document()
    document.add_paragraph("西青区辛口镇2022年度法治政府建设情况报告")
    document.add_paragraph("一、主要举措和成效")
    for i in range(paragraphs - 2):
        document.add_paragraph(f"开展执法培训第{i}次。")
    document.save(str(path))
    return path


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", ["import", "lint"])
def test_a_document_longer_than_a_report_is_refused(tmp_path, command):
    file = _docx(tmp_path / "长.docx", MAX_PARAGRAPHS + 1)
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), command, str(file)])
    assert result.exit_code == 1
    assert f"{file}: " in result.output and f"有 {MAX_PARAGRAPHS + 1} 段，超过 {MAX_PARAGRAPHS} 段" in result.output
    assert not (tmp_path / "towns").exists()


@pytest.mark.timeout(60)
def test_lint_of_a_document_at_the_limit_finds_each_paragraph_once(tmp_path):
    result = CliRunner().invoke(cli, ["lint", str(_docx(tmp_path / "长.docx", MAX_PARAGRAPHS))])
    assert result.exit_code == 1
    assert f"等 {MAX_PARAGRAPHS - 1} 段" in result.output  # every paragraph but the title, each listed once


@pytest.mark.timeout(30)
@pytest.mark.parametrize("every", [5, 51])
def test_import_of_one_long_pdf_paragraph_is_linear(tmp_path, every):
    """50,000 printed lines without a full stop are one paragraph (3 MB): joined once, its numbers read in
    place. Reading each number's clause from the paragraph's start took 85 s for a number every fifth line;
    that many numbers are refused now, and one every 51st line is imported."""
    lines = "".join(f"组织全镇执法人员参加专题学习{'共' + str(i) + '人次' if i % every == 0 else ''}没有句号的一行\n"
                    for i in range(50_000))
    file = tmp_path / "报告.txt"
    file.write_text("西青区辛口镇2022年度法治政府建设情况报告\n一、主要举措和成效\n" + lines, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "import", "--dry-run", str(file)])
    if every == 5:
        assert result.exit_code == 1
        assert f"{file}: 报告中有 10000 个带单位的数字，超过 {MAX_FIGURES} 个" in result.output
    else:
        assert result.exit_code == 0, result.output
        assert "数字：981 个" in result.output


@pytest.mark.timeout(30)
@pytest.mark.parametrize("command", ["import", "lint"])
def test_styles_based_on_each_other_do_not_hang(tmp_path, command):
    document = docx.Document()
    first = document.styles.add_style("甲样式", 1)
    second = document.styles.add_style("乙样式", 1)
    first.base_style, second.base_style = second, first  # a loop python-docx writes without complaint
    for text in ("西青区辛口镇2022年度法治政府建设情况报告", "一、主要举措和成效", "开展执法培训3次。"):
        document.add_paragraph(text, style=first)
    document.save(str(tmp_path / "环.docx"))
    args = ["import", "--dry-run"] if command == "import" else ["lint"]
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), *args, str(tmp_path / "环.docx")])
    assert result.exit_code in (0, 1), result.output
    assert "内部错误" not in result.output


# --- the writer -------------------------------------------------------------------------------------------
@pytest.mark.timeout(60)
def test_a_signature_is_the_organs_in_a_row_and_the_date_after_them(small):
    """A template may put text between a 署名 and a 日期: each paragraph is written once, in its place."""
    templates = small.root / "towns" / "甲" / "templates"
    templates.mkdir()
    main = (REPO / "templates" / "report.j2").read_text(encoding="utf-8")
    (templates / "report.j2").write_text(main + "[署名] 甲镇人民政府\n[正文] 附：联系人。\n[日期] 2025年1月6日\n",
                                         encoding="utf-8")
    out = small.root / "out.docx"
    assert small("export", "-t", "甲", "-y", "2024", "-o", str(out)).exit_code == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs if p.text]
    assert texts[-3:] == ["甲镇人民政府", "附：联系人。", "2025年1月6日"]
