"""yamledit: an edit changes its own lines only; the comment lines that follow a removed, moved or appended
entry stay where they were (ruamel keeps them on the entry above)."""

from __future__ import annotations

import difflib

import pytest

from drafter import yamldoc, yamlio
from drafter.yamledit import DELETE, Items, merge

DOC = """\
# 表头
opening:
  text: |-
    开头
  reviewed: false  # 核对后改为 true

# 一、第一部分
duties:
  lead: |-
    导语
  items:
    - title: 甲
      text: |-
        甲文
    - title: 乙
      text: |-
        乙文

# 二、第二部分
measures:
  lead: 导语
figures:
  a: {value: 1, unit: 份}  # 上年: 2
  b: {value: 2, unit: 份}

# 结尾
"""


def edited(desired: dict) -> list[str]:
    doc = yamlio.make_yaml().load(DOC)
    merge(doc, desired)
    out = yamldoc.dumps(doc)
    return [line for line in difflib.unified_diff(DOC.splitlines(), out.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("desired, lines", [
    ({"opening": {"reviewed": True}}, ["-  reviewed: false  # 核对后改为 true", "+  reviewed: true   # 核对后改为 true"]),  # the comment keeps its column
    ({"opening": {"reviewed": DELETE}}, ["-  reviewed: false  # 核对后改为 true"]),
    ({"duties": {"items": Items([(0, {})])}}, ["-    - title: 乙", "-      text: |-", "-        乙文"]),
    ({"duties": {"items": Items([(0, {}), (1, {}), (None, {"title": "丙", "text": "丙文"})])}},
     ["+    - title: 丙", "+      text: |-", "+        丙文"]),
    ({"duties": {"items": Items([(0, {}), (1, {"text": DELETE})])}}, ["-      text: |-", "-        乙文"]),
    ({"duties": {"items": Items([])}}, ["-  items:", "-    - title: 甲", "-      text: |-", "-        甲文",
                                        "-    - title: 乙", "-      text: |-", "-        乙文"]),
    ({"figures": {"b": DELETE}}, ["-  b: {value: 2, unit: 份}"]),
    ({"figures": {"c": {"value": 3, "unit": "次"}}}, ["+  c: {value: 3, unit: 次}"]),
    ({"figures": {"a": {"value": 5}}}, ["-  a: {value: 1, unit: 份}  # 上年: 2", "+  a: {value: 5, unit: 份}  # 上年: 2"]),
    ({"measures": {"lead": "一\n二"}}, ["-  lead: 导语", "+  lead: |-", "+    一", "+    二"]),
])
def test_an_edit_changes_its_own_lines_only(desired, lines):
    assert edited(desired) == lines


def test_moved_items_keep_the_next_sections_comment_in_place():
    doc = yamlio.make_yaml().load(DOC)
    merge(doc, {"duties": {"items": Items([(1, {}), (0, {})])}})
    out = yamldoc.dumps(doc)
    assert out.index("乙文") < out.index("甲文") < out.index("# 二、第二部分") < out.index("measures:")
    assert [x for x in out.splitlines() if x.startswith("#")] == [x for x in DOC.splitlines() if x.startswith("#")]
