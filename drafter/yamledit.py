"""Editing an existing year file in place: values set, keys removed, list entries added, removed or moved, and
every other line left byte for byte as it was.

`rewrite` is the one way a command or the web page changes an existing year file: under the file's lock,
only while it is still the version the edits were worked out against, as a ruamel round-trip document.
ruamel keeps the comment lines that follow an entry on that entry (the deepest last key above them), so an
entry removed, or one added after it, would take the next section's comment with it or push it out of place:
`merge` moves such comment lines to the entry that now comes before them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from . import files, inputs, yamldoc, yamlio
from .errors import DrafterError, Problem
from .limits import MAX_YAML_BYTES

DELETE = object()  # as a desired value: remove the key
BLOCK_KEYS = ("text", "lead")  # texts written as |- blocks when new


@dataclass
class Items:
    """A desired list: for each entry, the index it had in the file (None for a new one) and its edits."""

    entries: list[tuple[int | None, dict]] = field(default_factory=list)


class Changed(DrafterError):
    """The file is no longer the version the edits were worked out against: nothing was written."""


def rewrite(file: Path, original: bytes, edit: Callable[[CommentedMap], None], changed: str) -> bytes:
    """Apply `edit` to the year file `file`, which must still hold `original`, and write it atomically; the
    bytes written."""
    with files.editing(file):
        if inputs.read_bytes(file, MAX_YAML_BYTES) != original:
            raise Changed([Problem(changed, file)])
        text = original.decode("utf-8")
        doc = yamlio.make_yaml().load(text)
        edit(doc)
        out = yamldoc.dumps(doc)
        yamldoc.check_written(out, file)
        data = out.encode("utf-8")
        if data != original:
            files.write(file, data)
    return data


def merge(node: Any, desired: Mapping) -> None:
    """Make the mapping `node` (plain or round-trip) hold what `desired` says; keys it does not name stay."""
    left = _merge_map(node, desired)
    if left:
        _attach(node, left)


def _merge_map(m: Any, desired: Mapping) -> str:
    """Edit `m`; the comment lines that followed it and could not be put back (it is now empty)."""
    tail = _take_tail(m)
    for key, want in desired.items():
        if want is DELETE:
            if key in m:
                tail += _remove(m, key)
        elif isinstance(want, Items):
            tail += _merge_list(m, key, want)
        elif isinstance(want, Mapping):
            if not isinstance(m.get(key), dict):
                m[key] = _new_map(m)
            tail += _merge_map(m[key], want)
        elif key not in m or not _same(m[key], want):
            _set(m, key, want)
    if m:
        _attach(m, tail)
        return ""
    return tail


def _merge_list(m: Any, key: str, want: Items) -> str:
    if not want.entries:
        return _remove(m, key) if key in m else ""
    old = m.get(key) if isinstance(m.get(key), list) else []
    tail = _take_tail(old) if old else ""
    kept = [old[o] if o is not None and 0 <= o < len(old) else _new_map(old) for o, _ in want.entries]
    for gone in (x for x in old if not any(x is k for k in kept)):
        tail += _take_tail(gone)
    if key not in m or not isinstance(m[key], list):
        m[key] = CommentedSeq() if isinstance(m, CommentedMap) else []
    seq = m[key]
    if len(seq) != len(kept) or any(a is not b for a, b in zip(seq, kept)):
        del seq[:]
        seq.extend(kept)
    for child, (_, sub) in zip(kept, want.entries):
        tail += _merge_map(child, sub)
    _attach(seq, tail)
    return ""


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, bool) or isinstance(old, bool):  # True == 1 in Python, not in YAML
        return type(old) is type(new) and old == new
    return old == new


def _new_map(siblings: Any) -> Any:
    """A new mapping, flow-style ({value: 1, unit: 份}) when its siblings are."""
    if not isinstance(siblings, (CommentedMap, CommentedSeq)):
        return {}
    new = CommentedMap()
    values = siblings.values() if isinstance(siblings, dict) else siblings
    if any(isinstance(v, CommentedMap) and v.fa.flow_style() for v in values):
        new.fa.set_flow_style()
    return new


def set_at(doc: Any, path: tuple, value: Any) -> None:
    """Set the value at `path`, the comments around it kept where they were (see _set)."""
    node = doc
    for step in path[:-1]:
        node = node[step]
    _set(node, path[-1], value)


def _set(m: Any, key: str, value: Any) -> None:
    if not isinstance(m, CommentedMap):
        m[key] = value
        return
    old = m.get(key)
    if isinstance(value, str) and ("\n" in value or isinstance(old, LiteralScalarString)
                                   or (key in BLOCK_KEYS and old is None)):
        value = LiteralScalarString(value)
    was_block, is_block = isinstance(old, LiteralScalarString), isinstance(value, LiteralScalarString)
    token = _token(m, key)
    if key in m and token is not None and was_block != is_block and not _has_eol(token):
        # a plain value's comment begins with its own line end; a block's line end is the block's
        token.value = token.value[1:] if is_block else "\n" + token.value
    m[key] = value


# --- the comment lines that follow an entry ---------------------------------------------------------------
def _token(container: Any, key: Any) -> CommentToken | None:
    entry = getattr(container, "ca", None) and container.ca.items.get(key)
    return entry[2] if entry and len(entry) > 2 else None


def _has_eol(token: CommentToken) -> bool:
    return token.value.lstrip(" ").startswith("#")


def _last(container: Any) -> tuple[Any, Any] | None:
    """(container, key) of the deepest last entry written in block style under `container`."""
    if isinstance(container, dict) and container:
        key = list(container)[-1]
    elif isinstance(container, list) and container:
        key = len(container) - 1
    else:
        return None
    value = container[key]
    flow = isinstance(value, (CommentedMap, CommentedSeq)) and value.fa.flow_style()
    if isinstance(value, (dict, list)) and value and not flow:
        return _last(value)
    return container, key


def _take_tail(container: Any) -> str:
    """Take off the comment lines that follow the last entry under `container` (not its end-of-line comment)."""
    place = _last(container)
    if place is None or not isinstance(place[0], CommentedMap):
        return ""
    m, key = place
    token = _token(m, key)
    if token is None:
        return ""
    if _has_eol(token):
        eol, _, following = token.value.partition("\n")
        token.value = eol + "\n"
        return following
    if isinstance(m[key], LiteralScalarString):
        following = token.value
        m.ca.items[key][2] = None
    else:
        following, token.value = token.value[1:], "\n"
    return following


def _attach(container: Any, following: str) -> None:
    """Put comment lines after the last entry under `container`."""
    place = _last(container) if following else None
    if place is not None:
        _attach_leaf(*place, following)


def _remove(m: Any, key: Any) -> str:
    """Remove `m[key]`; the comment lines that followed it, for the caller to put after what precedes it."""
    following = _take_tail(m[key]) if isinstance(m[key], (dict, list)) else ""
    token = _token(m, key)
    if token is not None:
        rest = token.value.partition("\n")[2] if _has_eol(token) else token.value
        following = (rest if isinstance(m[key], LiteralScalarString) or _has_eol(token) else rest[1:]) + following
    keys = list(m)
    del m[key]
    before = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
    if before is not None and following:
        _attach_at(m, before, following)
        return ""
    return following


def _attach_at(m: Any, key: Any, following: str) -> None:
    value = m[key]
    if isinstance(value, (dict, list)) and value and not (
            isinstance(value, (CommentedMap, CommentedSeq)) and value.fa.flow_style()):
        _attach(value, following)
    else:
        _attach_leaf(m, key, following)


def _attach_leaf(m: Any, key: Any, following: str) -> None:
    if not isinstance(m, CommentedMap):
        return
    token = _token(m, key)
    if token is not None and token.value:
        token.value += following
        return
    value = following if isinstance(m[key], LiteralScalarString) else "\n" + following
    m.ca.items.setdefault(key, [None, None, None, None])[2] = CommentToken(value, CommentMark(0), None)
