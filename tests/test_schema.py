"""`drafter schema`: the JSON Schema editors use agrees with drafter's own validation."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from drafter.cli import cli

from conftest import REPO


def schema(*args: str) -> dict:
    result = CliRunner().invoke(cli, ["schema", *args])
    assert result.exit_code == 0
    return json.loads(result.stdout)


def data(path) -> dict:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("town, year", [("辛口", 2022), ("张家窝", 2023)])
def test_examples_validate_against_the_schema(town, year):
    jsonschema.validate(data(REPO / "towns" / town / f"{year}.yaml"), schema())
    jsonschema.validate(data(REPO / "towns" / town / "town.yaml"), schema("--town"))


def test_schema_rejects_what_drafter_rejects():
    good = data(REPO / "towns" / "辛口" / "2022.yaml")
    bad = {**good, "measures": {**good["measures"], "headng": "x"}}
    with pytest.raises(jsonschema.ValidationError, match="headng"):
        jsonschema.validate(bad, schema())
    described = schema()["$defs"]["Figure"]["properties"]["approx"]["description"]
    assert "余" in described  # the Chinese field docs reach the editor


def test_committed_schemas_are_current():
    for name, args in (("year.schema.json", []), ("town.schema.json", ["--town"])):
        assert json.loads((REPO / "schema" / name).read_text(encoding="utf-8")) == schema(*args), name


def test_new_writes_the_modeline_and_the_schemas(run, ws):
    assert run("new", "-t", "新安", "-y", "2024", "--district", "西青区", "--name", "新安镇").exit_code == 0
    year_file = ws / "towns" / "新安" / "2024.yaml"
    first = year_file.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/year.schema.json"
    target = (year_file.parent / first.split("=", 1)[1]).resolve()
    assert target == (ws / "schema" / "year.schema.json").resolve() and target.exists()
    town_first = (ws / "towns" / "新安" / "town.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert town_first.endswith("$schema=../../schema/town.schema.json")
