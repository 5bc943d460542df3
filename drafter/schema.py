"""JSON Schemas of the YAML files, made from the models (one definition for validation and for editors).

VS Code's YAML extension reads the first line of a file drafter writes,
``# yaml-language-server: $schema=../../schema/year.schema.json``, and then checks and completes as the
user types, with each field's Chinese description as its hint.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import files, inputs
from .limits import MAX_YAML_BYTES
from .model import Report, Town

SCHEMA_DIR = "schema"
FILES = {"year": ("year.schema.json", Report, "drafter 年度文件（towns/<镇街>/<年度>.yaml）"),
         "town": ("town.schema.json", Town, "drafter 镇街文件（towns/<镇街>/town.yaml）")}


def schema(kind: str) -> dict:
    name, model, title = FILES[kind]
    data = model.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **data, "title": title}


def dumps(kind: str) -> str:
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"


def modeline(kind: str) -> str:
    """The first comment line of a YAML file in towns/<镇街>/ (the schema folder sits in the workspace root)."""
    return f"yaml-language-server: $schema=../../{SCHEMA_DIR}/{FILES[kind][0]}"


def outdated(root: Path) -> dict[Path, bytes]:
    """The files of <root>/schema/ that are missing or out of date, with their text: written together with
    a file drafter writes, so its modeline points at a real and current schema."""
    folder = files.inside(root, root / SCHEMA_DIR)
    out = {}
    for kind, (name, _, _) in FILES.items():
        target, text = files.inside(root, folder / name), dumps(kind).encode("utf-8")
        if not target.exists() or inputs.read_bytes(target, MAX_YAML_BYTES) != text:
            out[target] = text
    return out
