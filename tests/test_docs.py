"""The README says what the code does: its rule table is `drafter check --rules`, word for word."""

from __future__ import annotations

from click.testing import CliRunner

from drafter.cli import cli

from conftest import REPO


def test_readme_rule_table_is_check_rules():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listing = CliRunner().invoke(cli, ["check", "--rules"]).stdout
    assert listing.startswith("规则")
    assert f"```\n{listing}```\n" in readme
