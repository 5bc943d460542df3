"""The words the content rules read a report by, defined once: the concepts a problem and its plan share,
the specific things a measure may claim done, the signs of a cause, and sentences with their places.

Matching is by listed words, not by meaning: a rule that meets none of its words in a text says nothing
about it. That keeps the rules quiet on what they cannot judge, which is what a reviewer prefers to noise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import zh
from ..model import Item

# Concepts a problem and the plan that answers it share, each with the words that name it in either.
CONCEPTS = [
    ("执法",), ("队伍", "人才", "人员"), ("培训", "素养", "教育", "学法"), ("普法", "宣传"), ("决策",),
    ("规范性文件",), ("公开",), ("复议", "诉讼", "应诉"), ("体系", "机制", "统筹", "协调", "顶层设计"),
    ("信息化", "数字化", "平台"), ("纠纷", "调解", "信访"), ("监督", "考核"), ("营商环境",), ("合同",),
]

# Specific things a measure reports done and a problem may report lacking: narrow on purpose (a broad word
# such as 培训 is in every part of every report, and would set any two sentences against each other).
THINGS = (
    "执法记录仪", "一户式", "音视频记录", "全过程记录", "法制审核", "合法性审核", "法律顾问", "公职律师",
    "权责清单", "执法证", "执法监督平台", "双随机", "出庭应诉", "行政复议", "重大行政决策", "规范性文件",
    "政务公开", "信息公开", "法律明白人", "法治副校长", "公共法律服务", "人民调解", "电子卷宗", "执法档案",
)
_THING = re.compile("|".join(THINGS))


def things(text: str) -> list[str]:
    """The THINGS `text` names, each once, in the order they first appear."""
    return list(dict.fromkeys(_THING.findall(text)))


# Words that name a cause. STRONG ones say why outright; WEAK ones name a shortfall of the unit's own work
# (学习还不够深入), which is how these reports most often give a cause.
CAUSE_STRONG = re.compile(r"由于|受制于|原因|导致|造成|源于|归因|根源|囿于|受[^，。；]{1,15}影响|因[^，。；因]{1,15}而")
CAUSE_WEAK = re.compile(r"不够|不到位|缺乏")

_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the text at `path`: its text, and where it starts (line of the text, offset in it)."""

    path: tuple
    text: str
    line: int  # 0-based line within the text
    offset: int  # offset of the sentence within that line


def sentences(path: tuple, text: str) -> Iterator[Sentence]:
    for n, line in enumerate(text.splitlines()):
        for m in _SENTENCE.finditer(line):
            if m.group(0).strip():
                yield Sentence(path, m.group(0), n, m.start())


def concepts(text: str) -> list[tuple[str, ...]]:
    return [c for c in CONCEPTS if any(w in text for w in c)]


def answered_by(problem: Item, plans_text: str) -> bool | None:
    """True/False: some plan names a concept of the problem's title; None: the title names none we know."""
    found = concepts(problem.title or (problem.text or "")[:40])
    if not found:
        return None
    return any(w in plans_text for c in found for w in c)


# Words every title of a plan or problem is made of, which say nothing about what it is about.
_FILLER = re.compile(r"进一步|持续|继续|全面|深入|扎实|切实|不断|着力|大力|加强|强化|推进|推动|提升|提高|完善|健全|"
                     r"深化|做好|抓好|开展|落实|加大|优化|规范|建设|工作|力度|水平|能力|有待|不足|问题|的|和|与|及")


def core_pairs(title: str) -> set[str]:
    """The character pairs of what a title is about: 进一步推进政务公开工作 → 政务、务公、公开."""
    core = _FILLER.sub(" ", zh.blank_out(title, zh.EXPRESSION))
    return {a + b for word in re.findall(rf"[{zh.CJK}]+", core) for a, b in zip(word, word[1:])}


def mentions(title: str, text: str) -> bool:
    """Whether `text` takes up what `title` is about: a concept they share, or else half of the title's pairs."""
    found = concepts(title)
    if found:
        return any(w in text for c in found for w in c)
    pairs = core_pairs(title)
    return bool(pairs) and sum(p in text for p in pairs) * 2 >= len(pairs)
