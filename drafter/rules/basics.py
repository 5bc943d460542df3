"""Rules the reader and the text resolver enforce: a file that cannot be read, or a text that cannot be
rendered, is wrong whatever else it says."""

from __future__ import annotations

from collections.abc import Iterator

from . import ERROR, Hit, Review, rule


@rule("yaml", "实务", ERROR)
def yaml_syntax(review: Review) -> Iterator[Hit]:
    """YAML 语法正确，文件为 UTF-8 编码

    Found while reading the file, before there is a report to review: check turns the reader's located
    problems into findings (`from_problems`)."""
    return iter(())


@rule("schema", "实务", ERROR)
def schema(review: Review) -> Iterator[Hit]:
    """键名、类型和取值正确（未知的键、类型错误、成文日期格式）

    Found by validating against the data model (the same one that makes `drafter schema`), for the year
    file and for town.yaml, including a `checks_off` that names a rule which cannot be switched off."""
    return iter(())


@rule("text", "实务", ERROR)
def text(review: Review) -> Iterator[Hit]:
    """正文中的 {{ }} 能够计算，引用的数字和名称都已定义

    Every text is rendered as its own small template; each failure is located inside the YAML text."""
    for p in review.resolved.problems:
        yield Hit(p.message, line=p.line, column=p.column)
