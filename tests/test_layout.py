"""Title line breaking (§7.3.1), and the numbering and run-in items the templates print."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.word.gbt9704 import TITLE_MAX_EM, break_title
from drafter.zh import em_width, zh_number

SRC = Path("towns/辛口/2022.yaml")

TITLES = [
    "西青区 辛口镇 2022年度 法治政府建设 情况报告",
    "西青区 张家窝镇 2023年度 法治政府建设 情况报告",
    "中共西青区辛口镇委员会 西青区辛口镇人民政府 关于2025年法治政府建设情况的报告",
    "北京市 朝阳区 建外街道 2024年度 法治政府建设 情况报告",
]


@pytest.mark.parametrize("title", TITLES)
def test_title_lines_keep_words_whole_and_fit(title):
    words = title.split()
    lines = break_title(words)
    assert "".join(lines) == "".join(words)
    boundaries = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
    pos = 0
    for line in lines:
        pos += len(line)
        assert pos in boundaries, f"line break inside a word: {lines}"
        assert em_width(line) <= TITLE_MAX_EM
        assert len(line) > 2, f"a line of one or two characters: {lines}"


def test_title_is_even_not_greedy():
    lines = break_title(["西青区", "辛口镇", "2022年度", "法治政府建设", "情况报告"])
    assert lines == ["西青区辛口镇2022年度", "法治政府建设情况报告"]  # greedy would leave "情况报告" alone
    widths = [em_width(x) for x in lines]
    assert max(widths) - min(widths) <= 1


def test_short_title_is_one_line():
    assert break_title(["关于法治政府建设的报告"]) == ["关于法治政府建设的报告"]


def test_overlong_word_is_cut_evenly():
    word = "一二三四五六七八九十" * 3
    lines = break_title([word])
    assert "".join(lines) == word and len(lines) == 2 and {len(x) for x in lines} == {15}


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三"), (99, "九十九"),
                                     (100, "一百"), (101, "一百零一"), (110, "一百一十"), (115, "一百一十五"),
                                     (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"), (2024, "二千零二十四")])
def test_zh_number(n, text):
    assert zh_number(n) == text


def test_numbering_accepts_unquoted_one_dot():
    from drafter.model import PartLayout

    # `numbering: [（一）, 1.]` unquoted loads 1. as the float 1.0
    assert PartLayout.model_validate({"numbering": ["（一）", 1.0, "(1)"]}).numbering == ["（一）", "1.", "（1）"]


def test_inline_title_only_item_ends_its_sentence(run, ws):
    f = ws / SRC
    text = f.read_text(encoding="utf-8")
    start = text.index("    - title: 争做尊法学法守法用法模范\n") + len("    - title: 争做尊法学法守法用法模范\n")
    end = text.index("    - title: 强化班子建设")
    f.write_text(text[:start] + text[end:], encoding="utf-8")
    out = run("preview", "-t", "辛口", "-y", "2022").output
    assert "二是争做尊法学法守法用法模范。三是强化班子建设" in out


def test_year_layout_changes_only_what_it_names(run, ws):
    f = ws / SRC
    f.write_text(f.read_text(encoding="utf-8") + "layout:\n  measures: {numbering: [（一）, （1）]}\n",
                 encoding="utf-8")
    out = run("preview", "-t", "辛口", "-y", "2022").output
    assert "（1）健全制度体系" in out
    assert "一是带头认真履行职责" in out  # duties keep the town's inline 一是 layout
