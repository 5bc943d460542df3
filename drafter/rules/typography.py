"""Rules of the written language the standards set (GB/T 15834 punctuation, GB/T 9704 numbering), and
years left over from an earlier report. Each is found at its character: file, line and column."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .. import zh
from . import WARNING, Hit, Review, rule

_WIDE = zh.CJK + "\u3007\u3000-\u303f\uff00-\uffef\u2018-\u201d"  # + 〇 (a figure's place), full-width marks
_SPACE = re.compile(rf"(?<=[{_WIDE}\d])[ \t\u3000]+(?=[{_WIDE}])|(?<=[{_WIDE}])[ \t\u3000]+(?=\d)")
_NUM_DUN = re.compile(r"(?:^|(?<=[。；：！？\s]))\d{1,2}、")
_REPEAT = re.compile(r"([。，；：！？、])\1")
_YEAR = re.compile(r"(?<![\d—–\-至~])((?:19|20)\d\d)(?=年)")
_PAIRS = [("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）")]


def _scan(review: Review, pattern: re.Pattern[str], message: Callable[[re.Match[str]], str | None], *,
          in_titles: bool = True, skip: tuple = ()) -> Iterator[Hit]:
    """A hit at each match of `pattern` in each line of text, worded by `message` (None: not a finding)."""
    for line in review.lines:
        if line.path in skip:
            continue
        text = line.text if in_titles else zh.blank_out(line.text, zh.BOOK_TITLE)
        for m in pattern.finditer(text):
            said = message(m)
            if said is not None:
                yield line.hit(said, m.start())


@rule("punct", "国标", WARNING)
def punct(review: Review) -> Iterator[Hit]:
    """中文之间不用半角标点 , ; : ( ) ? !（GB/T 15834）"""
    return _scan(review, zh.HALF_PUNCT, lambda m: f"中文里用了半角“{m.group(0)}”，应为全角“{zh.FULL_WIDTH[m.group(0)]}”")


@rule("pairs", "国标", WARNING)
def pairs(review: Review) -> Iterator[Hit]:
    """引号、书名号、括号成对（GB/T 15834）"""
    for path, text in review.texts:
        for left, right in _PAIRS:
            if text.count(left) != text.count(right):
                yield Hit(f"“{left}{right}”不成对：{left} {text.count(left)} 个，{right} {text.count(right)} 个", path)


@rule("spaces", "国标", WARNING)
def spaces(review: Review) -> Iterator[Hit]:
    """中文之间、中文与数字之间没有空格

    The title is exempt: a space there marks where the title may break between lines."""
    return _scan(review, _SPACE, lambda m: "中文文字中间有空格：请删去（排版由 drafter 负责）", skip=(("title",),))


@rule("numbering", "国标", WARNING)
def numbering(review: Review) -> Iterator[Hit]:
    """层次序号写作“1.”，不写“1、”（GB/T 9704 §7.3.3）"""
    return _scan(review, _NUM_DUN, lambda m: f"“{m.group(0)}”：层次序号应写作“{m.group(0)[:-1]}.”")


@rule("repeat", "国标", WARNING)
def repeat(review: Review) -> Iterator[Hit]:
    """标点不重复（。。，，）"""
    return _scan(review, _REPEAT, lambda m: f"标点“{m.group(0)}”重复")


@rule("years", "实务", WARNING)
def years(review: Review) -> Iterator[Hit]:
    """正文中没有写死的往年年份（《》中的文件名、2021—2025年这样的起止年份除外）

    Later years are targets (到2035年) and are left alone; a past one is usually last year's text."""
    def past(m: re.Match[str]) -> str | None:
        if int(m.group(1)) >= review.year:
            return None
        return (f"正文写着“{m.group(1)}年”，早于报告年度 {review.year}：是否是上年留下的？"
                "本年度请写 {{ year }}，下一年度写 {{ next_year }}")

    return _scan(review, _YEAR, past, in_titles=False)
