"""The year form: what the clerk posts, read back into edits of the year file, and its errors at their fields.

A field is named by its YAML path: `opening.text`, `figures.审查合同.value`, `duties.items.o-2.title`. An entry
of a list (items, the follow-up list, new figures) is named by a slot: `o-<its index in the file>`, or `n-<id>`
for one added in the page; the order the entries are posted in is their new order, so the page adds, removes
and moves entries by moving fields. Edits name only what the form shows: every other key stays as it is.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import validate, yamlio
from ..errors import DrafterError
from ..limits import MAX_YAML_DEPTH
from ..model import PART_KEYS, PART_NAMES, PENDING, Report
from ..yamledit import DELETE, Items, merge

SLOT = re.compile(r"[on]-[0-9a-z]{1,12}")
LISTS = ("items", "followup", "newfig")
CONTROL = ("csrf", "version", "force")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def read_tree(pairs: Iterable[tuple[str, str]]) -> dict:
    """The posted fields as a tree shaped like the year's data; a list is a dict of slots, in posted order."""
    root: dict = {}
    for name, value in pairs:
        if name in CONTROL:
            continue
        steps = name.split(".")
        if len(steps) > 2 * MAX_YAML_DEPTH:
            raise DrafterError.one(f"表单字段“{name[:40]}…”的层次太深，这不是 drafter 页面提交的表单")
        node = root
        for step in steps[:-1]:
            node = node.setdefault(step, {})
            if not isinstance(node, dict):
                break
        else:
            if not isinstance(node.get(steps[-1]), dict):
                node[steps[-1]] = value
    return root


def tree_of(data: Any, key: str = "") -> Any:
    """The year's data in the form's shape: each list a dict of slots o-0, o-1, …"""
    if isinstance(data, dict):
        return {k: tree_of(v, k) for k, v in data.items()}
    if isinstance(data, list) and key in LISTS:
        return {f"o-{i}": tree_of(v) for i, v in enumerate(data)}
    return data


@dataclass
class Edits:
    desired: dict = field(default_factory=dict)  # for yamledit.merge
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message
    slots: dict[tuple, str] = field(default_factory=dict)  # a path in the data after the edits -> its field name
    after: dict = field(default_factory=dict)  # the year's data with the edits made

    def field_for(self, path: tuple) -> str:
        return field_name(path, self.slots)


def field_name(path: tuple, slots: dict[tuple, str] | None = None) -> str:
    """The form field (or group of fields) of a YAML path."""
    for n in range(len(path), 0, -1):
        if slots and path[:n] in slots:
            return ".".join([slots[path[:n]], *map(str, path[n:])])
    return ".".join(f"o-{p}" if isinstance(p, int) else str(p) for p in path)


class _Bad(Exception):
    pass


def _text(value: Any, multiline: bool) -> str:
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text if multiline and text.strip() else text.strip()


def _opt(out: dict, cur: dict, key: str, posted: Any, multiline: bool = False, empty_is_none: bool = False) -> None:
    """A text field: unchanged, new, or emptied (the key removed; or null, a gap to fill, when `empty_is_none`)."""
    if posted is None or isinstance(posted, dict):
        return
    value = _text(posted, multiline)
    if value == cur.get(key):
        return
    if not value:
        if cur.get(key) is not None:
            out[key] = None if empty_is_none else DELETE
        return
    out[key] = value


def _flag(out: dict, cur: dict, key: str, node: dict, default: bool = False) -> None:
    want = node.get(key) in ("on", "true")
    if want != bool(cur.get(key, default)):
        out[key] = want


def _reviewed(out: dict, cur: dict, posted: Any) -> None:
    if posted in ("true", "false") and (posted == "true") != bool(cur.get("reviewed", True)):
        out["reviewed"] = posted == "true"


def number(text: Any) -> int | float | None:
    """A figure's value as typed: digits only; empty is a figure still to fill."""
    s = _text(text or "", False).replace(",", "").replace("，", "")
    if not s:
        return None
    if NUMBER.fullmatch(s):
        return float(s) if "." in s else int(s)
    hint = "数值栏只写数字，如 300"
    if re.search(r"[约近余多]", s):
        hint += "；约数请勾选右边的“约/余”，报告中写作“300余”"
    if re.search(r"\d\s*[^\d\s.约近余多]+$", s):
        hint += "；单位写在“单位”栏"
    raise _Bad(f"“{s}”不是数字：{hint}")


def edits(tree: dict, data: dict, file: Path) -> Edits:
    """What the posted form changes in the year's `data` (plain, as loaded), checked against the model."""
    e = Edits()
    d = e.desired
    _opt(d, data, "title", tree.get("title"))
    _opt(d, data, "addressee", tree.get("addressee"), empty_is_none=True)
    signature = tree.get("signature")
    if isinstance(signature, dict):
        if isinstance(data.get("signature"), dict):
            sub: dict = {}
            _opt(sub, data["signature"], "date", signature.get("date"), empty_is_none=True)
            if sub:
                d["signature"] = sub
        elif _text(signature.get("date") or "", False):
            d["signature"] = {"date": _text(signature["date"], False)}
    opening = tree.get("opening")
    if isinstance(opening, dict):
        cur, sub = data.get("opening") or {}, {}
        _opt(sub, cur, "text", opening.get("text"), multiline=True)
        _opt(sub, cur, "formula", opening.get("formula"))
        if "_" in opening:
            _flag(sub, cur, "formula_paragraph", opening)
        _reviewed(sub, cur, opening.get("reviewed"))
        d["opening"] = sub
    for key in PART_KEYS:
        part = tree.get(key)
        if isinstance(part, dict) and isinstance(data.get(key), dict):
            cur, sub = data[key], {}
            _opt(sub, cur, "heading", part.get("heading"))
            _opt(sub, cur, "lead", part.get("lead"), multiline=True)
            _reviewed(sub, cur, part.get("reviewed"))
            sub["items"] = _items(part.get("items"), cur.get("items") or [], f"{key}.items", (key, "items"), e)
            d[key] = sub
    _followup(tree.get("followup"), data.get("followup") or [], d)
    _figures(tree, data.get("figures") or {}, e)
    e.after = copy.deepcopy(data)
    merge(e.after, d)
    if not e.errors:
        _validate(e, file)
    return e


def _items(posted: Any, current: list, name: str, path: tuple, e: Edits) -> Items:
    out = Items()
    for slot, node in (posted.items() if isinstance(posted, dict) else ()):
        if not SLOT.fullmatch(slot) or not isinstance(node, dict):
            continue
        origin = int(slot[2:]) if slot.startswith("o-") and slot[2:].isdigit() else None
        if origin is not None and origin >= len(current):
            origin = None
        cur = current[origin] if origin is not None and isinstance(current[origin], dict) else {}
        here, field_ = path + (len(out.entries),), f"{name}.{slot}"
        sub: dict = {}
        _opt(sub, cur, "title", node.get("title"))
        _opt(sub, cur, "text", node.get("text"), multiline=True)
        _opt(sub, cur, "status", node.get("status"))
        _opt(sub, cur, "cause", node.get("cause"), multiline=True)
        _reviewed(sub, cur, node.get("reviewed"))
        sub["items"] = _items(node.get("items"), cur.get("items") or [], f"{field_}.items", here + ("items",), e)
        if origin is None and not (sub.get("title") or sub.get("text") or sub["items"].entries):
            continue  # added in the page and left blank
        e.slots[here] = field_
        out.entries.append((origin, sub))
    return out


def _followup(posted: Any, current: list, d: dict) -> None:
    if not isinstance(posted, dict) or not current:
        return
    entries = []
    for i, cur in enumerate(current):
        node, sub = posted.get(f"o-{i}"), {}
        if isinstance(node, dict) and isinstance(cur, dict):
            if not (node.get("status") == PENDING and "status" not in cur):  # the default, shown as chosen
                _opt(sub, cur, "status", node.get("status"))
            _opt(sub, cur, "measure", node.get("measure"))
        entries.append((i, sub))
    d["followup"] = Items(entries)


def _figures(tree: dict, current: dict, e: Edits) -> None:
    out: dict = {}
    posted = tree.get("figures") if isinstance(tree.get("figures"), dict) else {}
    for name, node in posted.items():
        if name not in current or not isinstance(node, dict):
            continue
        if node.get("delete") in ("on", "true"):
            out[name] = DELETE
            continue
        cur, sub = current[name] if isinstance(current[name], dict) else {}, {}
        if "value" in node:
            try:
                value = number(node["value"])
            except _Bad as bad:
                e.errors[f"figures.{name}.value"] = str(bad)
            else:
                if not ((value is None and cur.get("value") is None) or _equal(value, cur.get("value"))):
                    sub["value"] = value
        _opt(sub, cur, "label", node.get("label"))
        _opt(sub, cur, "unit", node.get("unit"))
        if "_" in node:
            _flag(sub, cur, "approx", node)
        if sub:
            out[name] = sub
    new = tree.get("newfig") if isinstance(tree.get("newfig"), dict) else {}
    for slot, node in new.items():
        if not isinstance(node, dict):
            continue
        base = f"newfig.{slot}"
        name = _text(node.get("name") or "", False)
        texts = [_text(node.get(k) or "", False) for k in ("value", "label", "unit")]
        if not name and not any(texts):
            continue
        if not name:
            e.errors[f"{base}.name"] = "请填写名称：正文用它引用这个数字，如 审查合同"
            continue
        if name in current or name in out:
            e.errors[f"{base}.name"] = f"已有名为“{name}”的数字，请换一个名称"
            continue
        try:
            value = number(node.get("value"))
        except _Bad as bad:
            e.errors[f"{base}.value"] = str(bad)
            continue
        fig = {"value": value, "unit": texts[2], "label": texts[1]}
        if node.get("approx") in ("on", "true"):
            fig["approx"] = True
        out[name] = fig
        e.slots[("figures", name)] = base
    if out:
        e.desired["figures"] = out


def _equal(a: Any, b: Any) -> bool:
    return a == b and isinstance(b, (int, float)) and not isinstance(b, bool)


def _validate(e: Edits, file: Path) -> None:
    """The edited data checked by the model, each problem placed at its field (a line number per path)."""
    places: dict[tuple, tuple[int, int]] = {}

    def walk(node: Any, path: tuple) -> None:
        places[path] = (len(places) + 1, 1)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))

    walk(e.after, ())
    try:
        validate.parse(yamlio.Source(file, e.after, places, places), Report)
    except DrafterError as err:
        back = {line: path for path, (line, _) in places.items()}
        for p in err.problems:
            e.errors.setdefault(e.field_for(back.get(p.line or 0, ())) or "opening", p.message)


# --- two versions side by side ------------------------------------------------------------------------------
FIELD_WORDS = {"title": "小标题", "text": "正文", "lead": "导语", "heading": "标题", "formula": "过渡语",
               "value": "数值", "unit": "单位", "label": "说明", "approx": "约/余", "status": "状态", "cause": "原因",
               "reviewed": "已核对", "measure": "对应条目", "date": "成文日期", "formula_paragraph": "过渡语单独成段",
               "plan": "安排"}
TOP_WORDS = {"title": "报告标题", "addressee": "主送机关", "opening": "开头", "signature": "落款",
             "followup": "落实清单", "figures": "数字", **PART_NAMES}


def describe_path(path: tuple) -> str:
    """A YAML path in a clerk's words: 主要举措与成效 · 第 2 条 · 第 1 条 · 正文."""
    words = []
    for n, step in enumerate(path):
        if isinstance(step, int):
            words.append(f"第 {step + 1} 条")
        elif n == 0:
            words.append(TOP_WORDS.get(step, step))
        elif step != "items":
            words.append(FIELD_WORDS.get(step, step) if path[0] != "figures" or n != 1 else step)
    return " · ".join(words)


def leaves(node: Any, path: tuple = ()) -> dict[tuple, Any]:
    if isinstance(node, dict):
        return {k: v for key, value in node.items() for k, v in leaves(value, path + (key,)).items()}
    if isinstance(node, list):
        return {k: v for i, value in enumerate(node) for k, v in leaves(value, path + (i,)).items()}
    return {path: node}


def differences(mine: dict, theirs: dict, base: dict) -> list[tuple[str, str, str, str]]:
    """Where the clerk's version and the file's differ: (where, the clerk's, the file's, who changed it)."""
    a, b, o = leaves(mine), leaves(theirs), leaves(base)
    rows = []
    for path in dict.fromkeys([*a, *b]):
        if a.get(path, "") == b.get(path, ""):
            continue
        who = "、".join(w for w, side in (("你", a), ("文件", b)) if side.get(path, "") != o.get(path, ""))
        rows.append((describe_path(path), _shown(a.get(path)), _shown(b.get(path)), who))
    return rows


def _shown(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
