"""What a text, a template or an imported document can make drafter do (issue 10, classes 1–3): each answered
with a located Chinese message (exit 1), never a hang, an internal error (exit 3) or a forged mark."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import SEEDS, SMALL, SMALL_TOWN, SMALL_YEAR, Run, edit, line_of, small_town

ARGS = ("-t", "甲", "-y", "2024")
NESTED_LOOPS = "{% for x in range(99999) %}{% for y in range(99999) %}x{% endfor %}{% endfor %}"
SENTENCE = "多措并举、持续发力，各项工作取得了较好成效。"  # a sentence of the 辛口 seed, on one line


def findings(run: Run) -> list[dict]:
    result = run("check", *ARGS, "--format", "json")
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)["findings"]


# --- 1. template code carried in by import: text from a document is data --------------------------------------

@pytest.mark.timeout(30)
def test_imported_template_code_prints_as_written(tmp_path):
    seed = (SEEDS / "辛口-2022.txt").read_text(encoding="utf-8")
    assert SENTENCE in seed
    report = tmp_path / "report.txt"
    report.write_text(seed.replace(SENTENCE, f"多措并举{NESTED_LOOPS}、持续发力{{{{ 7*7 }}}}，各项{{#工作\x01取得了较好成效。"),
                      encoding="utf-8")
    run = Run(tmp_path)
    assert run("import", str(report)).exit_code == 0
    check = run("check", "-t", "辛口", "-y", "2022")  # the nested loops would run for hours
    assert "共 0 个错误" in check.output, check.output
    preview = run("preview", "-t", "辛口", "-y", "2022")
    assert preview.exit_code == 0, preview.output
    # the importer drops spaces between Chinese and other characters; the braces stay, and nothing runs
    assert "多措并举{%for x in range(99999)%}{%for y in range(99999)%}x{%endfor%}{%endfor%}、持续发力{{7*7}}，" \
           "各项{#工作取得了较好成效。" in preview.output
    assert "49" not in preview.output and "\x01" not in preview.output


@pytest.mark.timeout(30)
def test_template_code_typed_in_word_comes_back_as_text(run, ws):
    doc = ws / "edited.docx"
    assert run("export", "-t", "辛口", "-y", "2022", "-o", str(doc)).exit_code == 0
    document = docx.Document(str(doc))
    paragraph = next(p for p in document.paragraphs if SENTENCE in p.text)
    paragraph.runs[0].text = paragraph.text.replace(SENTENCE, f"多措并举{NESTED_LOOPS}，{{{{ 7*7 }}}}。")
    for r in paragraph.runs[1:]:
        r.text = ""
    document.save(str(doc))
    result = run("import", str(doc), "-t", "辛口", "-y", "2022", "--update", "--yes")
    assert result.exit_code == 0, result.output
    text = (ws / "towns/辛口/2022.yaml").read_text(encoding="utf-8")
    assert '多措并举{{ "{%" }}for x in range(99999)%}{{ "{%" }}for y' in text  # read as imported: spaces dropped
    assert "共 0 个错误" in run("check", "-t", "辛口", "-y", "2022").output
    preview = run("preview", "-t", "辛口", "-y", "2022")
    assert "多措并举{%for x in range(99999)%}{%for y in range(99999)%}x{%endfor%}{%endfor%}，{{7*7}}。" in preview.output


# --- 2. rendering without limits: every runaway a located message ----------------------------------------------

# A line each: what a text says, " ⇒ ", what the message says.
RUNAWAY_TEXTS = [line.split(" ⇒ ") for line in r"""
{% for x in range(99999) %}{% for y in range(99999) %}x{% endfor %}{% endfor %} ⇒ 循环合计超过 100000 次
{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %} ⇒ 循环合计超过 100000 次
{{ 'a' * 10**9 }} ⇒ 乘法“*”的结果会超过 1000000 个字符
{{ [1] * 10**9 }} ⇒ 乘法“*”的结果会超过 1000000 个字符
{{ 'x'|center(10**9) }} ⇒ 过滤器“center”的结果会超过 1000000 个字符
{{ 'x'.ljust(10**9) }} ⇒ ljust()的结果会超过 1000000 个字符
{{ range(100000)|join('x' * 100000) }} ⇒ 连接的结果会超过 1000000 个字符
{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% endif %}{% endmacro %}{{ d('x', 40) }} ⇒ 表达式的结果超过 1000000 个字符
{% set s = 'x' * 100000 %}{{ [s, s, s, s, s, s, s, s, s, s, s] }} ⇒ 表达式的结果超过 1000000 个字符
{{ '%999999999d'|format(1) }} ⇒ 格式化的结果会超过 1000000 个字符
{{ 7 ** 1000000 }} ⇒ 乘方“**”的结果会超过 1000 位数字
{{ range(10**18)|list }} ⇒ range() 的项数超过上限 100000
{{ lipsum(10**6) }} ⇒ 未定义的名称“lipsum”
{% macro f() %}{{ f() }}{% endmacro %}{{ f() }} ⇒ 调用嵌套超过 50 层
{{ "x"|marker(1) }} ⇒ 过滤器“marker”只能用于序号样式 （一） 1. （1） 一是，这里是“x”
{{ 1|runin }} ⇒ 过滤器“runin”只能用于文字
{{ "x"|role }} ⇒ 过滤器“role”只能用于序号样式
{{ 10000|zh }} ⇒ 过滤器“zh”只能用于 1–9999 的整数
{{ "a"|xmlattr }} ⇒ 过滤器“xmlattr”用法有误
{{ "a"|truncate(-1) }} ⇒ 过滤器“truncate”用法有误
{{ (1e308 * 10)|int }} ⇒ “*”运算的结果超出了数字的范围
{{ 1e999|int }} ⇒ 数字超出了范围
{{ 合同.value / 0 }} ⇒ 除数为 0
{{ '%c'|format(1) }} ⇒ 格式中不能用 %c 或 {:c}
{{ 'x'.encode() }} ⇒ 正文和模板中不能调用 str.encode()
{{ "\x01" }} ⇒ 写有 Word 无法保存的控制字符 U+0001
""".strip().splitlines()]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("code, words", RUNAWAY_TEXTS)
def test_runaway_text_is_a_located_text_error(small, code, words):
    file = small.root / SMALL
    edit(file, "开展执法培训。", "开展执法培训。" + code)
    [finding] = findings(small)
    assert finding["rule"] == "text" and finding["line"] == line_of(file, "开展执法培训"), finding
    assert words in finding["message"], finding["message"]
    preview = small("preview", *ARGS)
    assert preview.exit_code == 1 and f"{file}:{finding['line']}:" in preview.output and words in preview.output


RUNAWAY_TEMPLATES = {
    "nested loops": ("opening.j2", f"[正文] 开头\n{NESTED_LOOPS}\n", 2, "循环合计超过 100000 次"),
    "too much output": ("opening.j2", "{% for x in range(99999) %}\n[正文] " + "文字" * 50 + "\n{% endfor %}\n", None,
                        "输出超过 1000000 个字符"),
    "includes itself": ("report.j2", '[标题] 标题\n{% include "report.j2" %}\n', 2, "模板包含（include）了自身"),
    "recursive loop": ("opening.j2", "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}\n", 1, "调用嵌套超过 50 层"),
    "marker": ("opening.j2", '[正文] 开头\n[正文] {{ "x"|marker(1) }}\n', 2, "过滤器“marker”只能用于序号样式"),
    "control character": ("opening.j2", "[正文] 开头\n[正文] 甲\x1b[31m乙\n", 2, "控制字符 U+001B"),
    "drafter's own mark": ("opening.j2", '[正文] {{ "\\ufdd1" }}开头\n', 1, "非字符 U+FDD1"),
}


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name, source, line, words", RUNAWAY_TEMPLATES.values(), ids=RUNAWAY_TEMPLATES.keys())
def test_runaway_template_is_located_in_the_template(small, name, source, line, words):
    template = small.root / "towns/甲/templates" / name
    template.parent.mkdir()
    template.write_text(source, encoding="utf-8")
    result = small("preview", *ARGS)
    assert result.exit_code == 1, result.output
    assert f"错误：{template}:{line}: 模板出错：" in result.output if line else "错误：模板出错：" in result.output
    assert words in result.output and "\x1b" not in result.output


def test_what_reports_compute_still_works(small):
    edit(small.root / SMALL, "开展执法培训。", "开展执法培训{{ 合同.value * 2 }}次，{{ '%.1f'|format(合同.value / 8) }}，"
         "{{ '、'.join(['甲', '乙']) }}，{% for i in range(3) %}{{ i }}{% endfor %}，{{ town|replace('镇', '') }}。")
    result = small("preview", *ARGS)
    assert result.exit_code == 0, result.output
    assert "开展执法培训24次，1.5，甲、乙，012，甲。" in result.output


# --- 3. characters Word cannot hold --------------------------------------------------------------------------

def test_control_character_written_as_an_escape_is_located(small):
    file = small.root / SMALL
    edit(file, "text: 开展执法培训。", r'text: "开展执法培训\x01。"')
    [finding] = findings(small)
    assert finding["line"] == line_of(file, "开展执法培训")
    assert "文字中有 Word 无法保存的控制字符 U+0001（在“开展执法培训”之后），请删去它" in finding["message"]


def test_control_character_written_as_it_is_is_located(small):
    file = small.root / SMALL
    edit(file, "开展执法培训。", "开展执法\x01培训。")
    result = small("export", *ARGS)
    assert result.exit_code == 1
    line = line_of(file, "开展执法")
    column = file.read_text(encoding="utf-8").splitlines()[line - 1].index("\x01") + 1
    assert f"{file}:{line}:{column}: 文件中有 Word 无法保存的控制字符 U+0001，请删去它" in result.output


def test_nul_in_the_town_name_stops_export(tmp_path):
    small_town(tmp_path, town_text=SMALL_TOWN.replace("name: 甲镇", r'name: "甲\0镇"'))
    result = Run(tmp_path)("export", *ARGS)
    assert result.exit_code == 1
    assert f"{tmp_path / 'towns/甲/town.yaml'}:1:7: 文字中有 Word 无法保存的控制字符 U+0000（在“甲”之后）" in result.output


def test_escape_in_the_addressee_never_reaches_the_terminal(tmp_path):
    small_town(tmp_path, r'addressee: "\e[31m中共乙区委：\e[0m"' + "\n" + SMALL_YEAR)
    result = Run(tmp_path)("preview", *ARGS)
    assert result.exit_code == 1 and "\x1b" not in result.output
    assert "2024.yaml:1:12: 文字中有 Word 无法保存的控制字符 U+001B（在开头）" in result.output


def test_private_use_characters_are_text_not_drafter_marks(small):
    """U+E001–E003 were drafter's highlight and comment marks; they are the user's characters now (GBK's
    user-defined characters decode to them), and drafter's marks are noncharacters no text may hold."""
    edit(small.root / SMALL, "开展执法培训。", "开展\ue001执法\ue002培训\ue003。")
    out = small.root / "draft.docx"
    assert small("export", *ARGS, "--draft", "-o", str(out)).exit_code == 0
    assert any("开展\ue001执法\ue002培训\ue003。" in p.text for p in docx.Document(str(out)).paragraphs)
    with zipfile.ZipFile(out) as z:
        assert not any(n.endswith("comments.xml") for n in z.namelist())
        assert b"w:highlight" not in z.read("word/document.xml")


def test_drafter_marks_in_a_text_are_refused(small):
    file = small.root / SMALL
    edit(file, "text: 开展执法培训。", r'text: "开展执法培训\ufdd1。"')
    [finding] = findings(small)
    assert finding["line"] == line_of(file, "开展执法培训") and "非字符 U+FDD1" in finding["message"]


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_figure_must_be_a_finite_number(small, value):
    file = small.root / SMALL
    edit(file, "value: 12", f"value: {value}")
    [finding] = findings(small)
    assert finding["line"] == line_of(file, "合同:") and "数值须是有限的数" in finding["message"]
    preview = small("preview", *ARGS)
    assert preview.exit_code == 1 and "nan份" not in preview.output and "inf份" not in preview.output


def test_stray_control_characters_of_a_text_file_are_dropped_on_import(tmp_path):
    seed = (SEEDS / "辛口-2022.txt").read_text(encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text(seed.replace(SENTENCE, "多措并举\x07、持续发力\x1b，各项工作取得了较好成效。"), encoding="utf-8")
    run = Run(tmp_path)
    assert run("import", str(report)).exit_code == 0
    assert SENTENCE in Path(tmp_path / "towns/辛口/2022.yaml").read_text(encoding="utf-8")
