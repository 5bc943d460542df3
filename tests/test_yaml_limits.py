"""YAML that explodes: alias bombs, deep nesting, odd keys, huge numbers, a second BOM, a FIFO as a year file.

Each is refused quickly with a located Chinese message by every command that reads the file, and what `check`
accepts, `new` and `import --update` load (they share one parser and one set of limits).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from drafter import limits

from conftest import REPO, SMALL, SMALL_YEAR, Run, line_of, small_town

pytestmark = pytest.mark.timeout(30)

LAUGHS = "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))


def check(small: Run):
    return small("check", "-t", "甲", "-y", "2024")


def refused(small: Run, year_text: str, *words: str, needle: str | None = None) -> str:
    """Write the year file, check it: exit 1, the words, the line of `needle` named; the output."""
    f = small_town(small.root, year_text)
    result = check(small)
    assert result.exit_code == 1, result.output
    assert all(w in result.output for w in words), result.output
    assert needle is None or f"{f}:{line_of(f, needle)}:" in result.output, result.output
    return result.output


def test_alias_bomb_is_refused_before_it_is_expanded(small):
    refused(small, SMALL_YEAR + LAUGHS, f"超过 {limits.MAX_YAML_NODES} 个", "别名", needle="lol5:")


@pytest.mark.parametrize("every_command", [
    ("export", "-t", "甲", "-y", "2024"),
    ("new", "-t", "甲", "-y", "2025"),
    ("preview", "-t", "甲", "-y", "2024"),
])
def test_every_command_refuses_the_alias_bomb(small, every_command):
    small_town(small.root, SMALL_YEAR + LAUGHS)
    result = small(*every_command)
    assert result.exit_code == 1 and "别名" in result.output, result.output
    assert not (small.root / "towns/甲/2025.yaml").exists()


def test_import_update_refuses_the_alias_bomb_and_leaves_the_file(small, tmp_path):
    doc = tmp_path / "out.docx"
    assert small("export", "-t", "甲", "-y", "2024", "-o", str(doc)).exit_code == 0
    f = small_town(small.root, SMALL_YEAR + LAUGHS)
    before = f.read_bytes()
    result = small("import", str(doc), "-t", "甲", "-y", "2024", "--update", "--yes")
    assert result.exit_code == 1 and "别名" in result.output and f.read_bytes() == before


def test_an_alias_to_its_own_anchor_and_too_many_aliases(small):
    refused(small, SMALL_YEAR + "x: &me [1, *me]\n", "引用了包含它自己的锚点", needle="x: &me")
    many = "".join(f"a{i}: *one\n" for i in range(limits.MAX_YAML_ALIASES + 1))
    refused(small, SMALL_YEAR + "one: &one 1\n" + many, f"超过 {limits.MAX_YAML_ALIASES} 个")


def test_aliases_within_the_limits_still_read(small):
    f = small_town(small.root, SMALL_YEAR.replace("  合同: {value: 12, unit: 份, label: 审查合同}",
                                                  "  合同: &c {value: 12, unit: 份, label: 审查合同}\n"))
    assert check(small).exit_code == 0, check(small).output
    assert f.exists()


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_nesting_is_refused_without_a_crash(tmp_path, depth):
    # in a child process: the C composer this replaces died of a segfault at 100,000 levels
    small_town(tmp_path, SMALL_YEAR + "x: " + "[" * depth + "]" * depth + "\n")
    code = "import sys; from drafter.cli import cli; sys.argv[0] = 'drafter'; cli()"
    result = subprocess.run([sys.executable, "-c", code, "--root", str(tmp_path), "check", "-t", "甲", "-y", "2024"],
                            capture_output=True, text=True, encoding="utf-8", timeout=60,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{tmp_path / SMALL}:{SMALL_YEAR.count(chr(10)) + 1}:" in result.stdout
    assert f"嵌套超过 {limits.MAX_YAML_DEPTH} 层" in result.stdout


def test_nesting_reached_through_aliases_counts(small):
    deep = "[" * 40 + "]" * 40
    refused(small, SMALL_YEAR + f"a: &a {deep}\nb: [[[[[[[[[[[[*a]]]]]]]]]]]]\n", "嵌套超过", needle="b: [")


@pytest.mark.parametrize("key", ["'[x'", "int", "float", "'function-after[x]'"])
def test_a_top_level_key_spelled_like_a_pydantic_tag_is_an_unknown_key(small, key):
    f = small.root / SMALL
    out = refused(small, SMALL_YEAR + f"{key}: 1\n", f"未知的键“{key.strip(chr(39))}”")
    assert f"{f}:{line_of(f, key + ': 1')}:1: " in out


def test_a_figure_named_int_is_located(small):
    out = refused(small, SMALL_YEAR.replace("合同: {value: 12", "int: {value: 十二").replace("{{ 合同 }}", "{{ int }}"),
                  "“figures.int.value”应为数字", needle="int: {value: 十二")
    assert "内部错误" not in out


def test_a_5000_digit_number(small):
    refused(small, SMALL_YEAR.replace("value: 12", "value: " + "9" * 5000),
            f"数字有 5000 位，超过 {limits.MAX_YAML_NUMBER_DIGITS} 位", needle="value: 999")


@pytest.mark.parametrize("value, words", [
    ("2024-02-30", "不是有效的日期或数字"), ("!!int abc", "不是有效的日期或数字"),
    ("!!python/name:os.system", "不可用"), ("!foo bar", "不可用"),
])
def test_a_value_that_cannot_be_built_is_located(small, value, words):
    signed = SMALL_YEAR.replace("signature: {organ: 甲镇人民政府, date: 2025年1月6日}", f"signature:\n  date: {value}")
    refused(small, signed, words, needle=f"date: {value}")


def test_a_tab_inside_a_plain_title_is_refused_by_check_and_new_alike(small):
    year = SMALL_YEAR.replace("- title: 加强行政执法", "- title: 加强\t行政执法")
    f = small.root / SMALL
    out = refused(small, year, "文字中间有 Tab", needle="加强\t行政执法")
    place = f"{f}:{line_of(f, '加强')}:"
    new = small("new", "-t", "甲", "-y", "2025")
    assert new.exit_code == 1 and place in new.output and "文字中间有 Tab" in new.output, new.output
    assert place in out


# Inputs the C parser and the round-trip parser disagreed on (found by mutating a year file)
DISAGREED = {
    "tab_in_plain_text": "    - title: 加强\t行政执法\n",
    "chinese_anchor": "    - title: &执法 加强行政执法\n",
    "double_colon_key": "    - title:: 加强行政执法\n",
    "line_separator": "    - title: 加强\u2028行政执法\n",
    "next_line": "    - title: 加强\x85行政执法\n",
}


@pytest.mark.parametrize("line", DISAGREED.values(), ids=DISAGREED)
def test_what_check_accepts_new_and_update_load(small, tmp_path, line):
    doc = tmp_path / "out.docx"
    assert small("export", "-t", "甲", "-y", "2024", "-o", str(doc)).exit_code == 0
    small_town(small.root, SMALL_YEAR.replace("    - title: 加强行政执法\n", line))
    accepted = check(small).exit_code == 0
    new = small("new", "-t", "甲", "-y", "2025")
    update = small("import", str(doc), "-t", "甲", "-y", "2024", "--update", "--dry-run")
    assert new.exit_code == (0 if accepted else 1), new.output
    assert update.exit_code == (0 if accepted else 1), update.output


def test_a_second_bom_is_located(small):
    f = small.root / SMALL
    f.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + SMALL_YEAR.encode())
    result = check(small)
    assert result.exit_code == 1 and f"{f}:1:2: " in result.output and "BOM" in result.output, result.output
    f.write_bytes(b"\xef\xbb\xbf" + SMALL_YEAR.encode())  # one at the start is fine
    assert check(small).exit_code == 0


def test_a_huge_text_and_a_huge_file(small):
    refused(small, SMALL_YEAR.replace("开展执法培训。", "培" * (limits.MAX_YAML_SCALAR_CHARS + 1)),
            f"超过 {limits.MAX_YAML_SCALAR_CHARS} 个", needle="培培培")
    padding = "# " + "x" * 1000 + "\n"
    refused(small, SMALL_YEAR + padding * (limits.MAX_YAML_BYTES // len(padding) + 1), "超过 1 MB")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_as_year_file_does_not_hang(small):
    f = small.root / SMALL
    f.unlink()
    os.mkfifo(f)
    result = check(small)
    assert result.exit_code == 1 and "不是普通文件" in result.output and str(f) in result.output, result.output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_or_a_folder_as_year_file(small):
    f = small.root / SMALL
    f.unlink()
    f.symlink_to("/dev/zero")
    assert "工作目录以外的 /dev/zero" in check(small).output  # refused before anything is read
    assert "管道或设备" in small("import", "/dev/zero", "-t", "甲", "-y", "2023").output
    f.unlink()
    f.mkdir()
    result = small("export", "-t", "甲", "-y", "2024")
    assert result.exit_code == 1 and "文件夹" in result.output, result.output


@pytest.mark.timeout(30)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_where_new_or_update_reads_does_not_hang(small, tmp_path):
    doc = tmp_path / "r.docx"
    assert small("export", "-t", "甲", "-y", "2024", "-o", str(doc)).exit_code == 0
    schema = small.root / "schema" / "year.schema.json"
    schema.parent.mkdir(exist_ok=True)
    os.mkfifo(schema)
    result = small("new", "-t", "甲", "-y", "2025")
    assert result.exit_code == 1 and "管道或设备" in result.output and not (small.root / "towns/甲/2025.yaml").exists()
    (small.root / SMALL).unlink()
    os.mkfifo(small.root / SMALL)
    result = small("import", str(doc), "-t", "甲", "-y", "2024", "--update", "--yes")
    assert result.exit_code == 1 and "管道或设备" in result.output
