"""The README says what the code does: its rule table is `drafter check --rules`, word for word."""

from __future__ import annotations

from click.testing import CliRunner

from drafter.cli import cli
from drafter.model import Town

from conftest import REPO


def test_readme_rule_table_is_check_rules():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listing = CliRunner().invoke(cli, ["check", "--rules"]).stdout
    assert listing.startswith("规则")
    assert f"```\n{listing}```\n" in readme


def test_readme_lists_every_module():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    tree = readme[readme.index("```\ndrafter/\n"):]
    tree = tree[: tree.index("\n```\n")].splitlines()[2:]
    listed, folder = set(), ""
    for line in tree:
        name = line.split()[0]
        depth = (len(line) - len(line.lstrip())) // 2
        if name.endswith("/"):
            folder = name
        elif name.endswith(".py"):
            listed.add(f"{folder if depth == 2 else ''}{name}")
    package = REPO / "drafter"
    modules = {str(f.relative_to(package)) for f in package.rglob("*.py") if f.name != "__init__.py"}
    assert listed == modules


def test_readme_town_table_has_every_town_key():
    """A clerk learns town.yaml from this table: a key drafter reads but the table leaves out is a key unknown."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("**town.yaml（Town）**"):]
    table = table[: table.index("\n\n", table.index("|"))]
    assert {line.split("`")[1] for line in table.splitlines() if line.startswith("| `")} == set(Town.model_fields)
