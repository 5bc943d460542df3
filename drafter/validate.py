"""Validate loaded YAML against the model, turning pydantic's errors into located Chinese messages."""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Collection
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import DrafterError, Problem
from .yamlio import Source

M = TypeVar("M", bound=BaseModel)

_TYPE_NAMES = {
    "string_type": "文字",
    "int_type": "数字",
    "int_parsing": "数字",
    "int_from_float": "整数",
    "float_type": "数字",
    "float_parsing": "数字",
    "bool_type": " true 或 false",
    "bool_parsing": " true 或 false",
    "list_type": "列表（每项以“- ”开头）",
    "dict_type": "键值表",
    "model_type": "键值表",
    "model_attributes_type": "键值表",
}


def parse(source: Source, cls: type[M], unread: Collection[str] = ()) -> M:
    """`source` as a `cls`; its errors located. Errors under the top-level keys `unread` (sections a syntax
    error kept from being read) are not reported: the clerk is told of those once, as syntax errors."""
    try:
        return cls.model_validate(source.data)
    except ValidationError as e:
        problems: list[Problem] = []
        for err in e.errors():
            if err["loc"] and err["loc"][0] in unread:
                continue
            p = _problem(source, cls, err)
            if not any(str(q) == str(p) for q in problems):  # a union reports each member: keep one
                problems.append(p)
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise DrafterError(problems) from None


def _problem(source: Source, cls: type[BaseModel], err: Any) -> Problem:
    loc = _data_loc(source.data, err["loc"])
    kind = err["type"]
    name = ".".join(str(p) for p in loc) or "（文件）"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _fields_at(cls, loc[:-1])
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
        hint = f"你是不是想写“{close[0]}”？" if close else ""
        allowed = "可用的键：" + "、".join(known) if known else ""
        return source.locate(f"未知的键“{key}”。{hint}{allowed}", loc, key=True)
    if kind == "missing":
        field = str(loc[-1])
        desc = _description(cls, loc)
        return source.locate(f"缺少必填项“{field}”（{desc}）" if desc else f"缺少必填项“{field}”", loc[:-1])
    if kind in _TYPE_NAMES and loc[:1] == ("figures",) and loc[-1] == "value" and isinstance(err.get("input"), str):
        hint = _figure_hint(err["input"], source.data["figures"][loc[1]].get("unit"))
        if hint:
            return source.locate(f"“{name}”：{hint}", loc)
    if kind in _TYPE_NAMES:
        got = _show(err.get("input"))
        return source.locate(f"“{name}”应为{_TYPE_NAMES[kind]}，现在是 {got}", loc)
    if kind == "literal_error":
        choices = "、".join(re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", ""))))
        return source.locate(f"“{name}”的值 {_show(err.get('input'))} 不可用，可选：{choices}", loc)
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        return source.locate(f"“{name}”：{msg}" if loc else msg, loc)
    return source.locate(f"“{name}”：{err['msg']}", loc)


_FIGURE_TEXT = re.compile(r"(约|近|大约)?\s*(\d+(?:\.\d+)?)\s*(余|多)?\s*([^\d\s]{0,4})")


def _figure_hint(text: str, unit: Any) -> str | None:
    """How to write a figure typed as a clerk says it ("约300份"): the number alone, the unit and "about" apart."""
    m = _FIGURE_TEXT.fullmatch(text.strip())
    if not m:
        return None
    about, number, more, word = m.groups()
    if word and word == unit:
        out = f"数值只写数字：写 value: {number}（单位“{word}”已在 unit 中）"
    elif word:
        out = f"数值只写数字：写 value: {number}，单位另写 unit: {word}"
    else:
        out = f"数值只写数字：写 value: {number}"
    return out + ("；“约”“余”请写 approx: true" if about or more else "")


def _data_loc(data: Any, loc: tuple) -> tuple:
    """pydantic's location without the union member names it adds ("int", "function-after[...]"). A key in the
    file may be spelled like one (a top-level `int:`): a part found in the data at its place is a key."""
    out, here = [], data
    for p in loc:
        if isinstance(here, dict) and p in here or isinstance(here, list) and isinstance(p, int) and p < len(here):
            out.append(p)
            here = here[p]
        elif not _is_union_tag(p):
            out.append(p)  # a field missing from the data
            here = None
    return tuple(out)


def _is_union_tag(p: Any) -> bool:
    return isinstance(p, str) and (p in {"int", "float", "str", "bool", "none"} or "[" in p)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "键值表"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    text = str(value)
    return f"“{text[:20]}…”" if len(text) > 20 else f"“{text}”"


def _model_at(cls: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the field at `loc` (its parent), following lists, dicts and Optionals."""
    current: Any = cls
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        if _is_model(current):
            field = current.model_fields.get(str(part))
            current = _unwrap(field.annotation) if field else None
        elif typing.get_origin(current) is dict:
            current = _unwrap(typing.get_args(current)[1])
    return current if _is_model(current) else None


def _unwrap(tp: Any) -> Any:
    """list[X] -> X, X | None -> X; leaves dict[K, V] for _model_at to step through."""
    while True:
        origin = typing.get_origin(tp)
        if origin is list:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if _is_model(a) or typing.get_origin(a) in (list, dict)]
            tp = models[0] if models else args[0]
        else:
            return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _fields_at(cls: type[BaseModel], loc: tuple) -> list[str]:
    model = _model_at(cls, loc)
    return list(model.model_fields) if model else []


def _description(cls: type[BaseModel], loc: tuple) -> str:
    model = _model_at(cls, loc[:-1])
    field = model.model_fields.get(str(loc[-1])) if model else None
    return (field.description or "") if field else ""
