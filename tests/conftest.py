from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter.cli import cli

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "seeds"  # the published reports' text: see tests/seeds/README.md
SEED_FILES = {"辛口": ("辛口-2022.txt", 2022), "张家窝": ("张家窝-2023.txt", 2023)}


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace with copies of the example towns, safe to edit."""
    shutil.copytree(REPO / "towns", tmp_path / "towns")
    return tmp_path


class Run:
    def __init__(self, root: Path):
        self.root = root
        self.runner = CliRunner()

    def __call__(self, *args: str):
        return self.runner.invoke(cli, ["--root", str(self.root), *args], catch_exceptions=False)


@pytest.fixture
def run(ws: Path) -> Run:
    return Run(ws)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line containing `needle` (found independently of drafter)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")
