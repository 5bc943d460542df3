from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from drafter.cli import cli

# compiled templates go to a folder of this run's, not the user's cache (drafter/sandbox/cache.py)
os.environ.setdefault("DRAFTER_CACHE_DIR", tempfile.mkdtemp(prefix="drafter-cache-"))

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "seeds"  # the published reports' text: see tests/seeds/README.md
SEED_FILES = {"辛口": ("辛口-2022.txt", 2022), "张家窝": ("张家窝-2023.txt", 2023)}


SMALL_TOWN = "name: 甲镇\ndistrict: 乙区\n"
SMALL_YEAR = """\
opening:
  text: |-
    {{ year }}年，甲镇坚持依法行政，共审查合同{{ 合同 }}。
  formula: 现将有关情况报告如下：
duties:
  heading: 履行推进法治建设第一责任人职责情况
  lead: 党政主要负责人认真履职。
measures:
  heading: 主要举措与成效
  items:
    - title: 加强行政执法
      text: 开展执法培训。
problems:
  heading: 存在的不足与原因
  items:
    - title: 执法队伍专业度有待提高
      text: 执法人员专业水平参差不齐。主要原因是缺少系统培训。
plans:
  heading: 下一年度推进法治政府建设的主要安排
  items:
    - title: 加强执法队伍建设
      text: 组织执法人员培训。
signature: {organ: 甲镇人民政府, date: 2025年1月6日}
figures:
  合同: {value: 12, unit: 份, label: 审查合同}
"""
SMALL = Path("towns/甲/2024.yaml")  # where small_town writes by default, relative to the workspace


def small_town(root: Path, year_text: str = SMALL_YEAR, *, town_text: str = SMALL_TOWN, year: int = 2024,
               town: str = "甲") -> Path:
    """Write a small town-year into the workspace `root`, valid and free of warnings as it is; its year file.

    Pass the text a test changes (SMALL_YEAR.replace(...)); calling it again for another year or town adds
    to the same workspace.
    """
    d = root / "towns" / town
    d.mkdir(parents=True, exist_ok=True)
    (d / "town.yaml").write_text(town_text, encoding="utf-8")
    (d / f"{year}.yaml").write_text(year_text, encoding="utf-8")
    return d / f"{year}.yaml"


def copy_examples(root: Path) -> Path:
    """Copy the example town-years (SEED_FILES) into `root`/towns; nothing else a user keeps in towns/."""
    for town, (_, year) in SEED_FILES.items():
        (root / "towns" / town).mkdir(parents=True)
        for name in ("town.yaml", f"{year}.yaml"):
            shutil.copy2(REPO / "towns" / town / name, root / "towns" / town / name)
    return root


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace with copies of the example town-years, safe to edit."""
    return copy_examples(tmp_path)


class Run:
    def __init__(self, root: Path):
        self.root = root
        self.runner = CliRunner()

    def __call__(self, *args: str):
        return self.runner.invoke(cli, ["--root", str(self.root), *args], catch_exceptions=False)


@pytest.fixture
def run(ws: Path) -> Run:
    return Run(ws)


@pytest.fixture
def web(ws: Path):
    """`drafter serve`'s app over the copies of the examples, through Starlette's test client."""
    from web_form import client

    with client(ws) as c:
        yield c


@pytest.fixture
def small(tmp_path: Path) -> Run:
    """Run drafter in a workspace holding only the small town-year (甲, 2024) at `small.root / SMALL`."""
    small_town(tmp_path)
    return Run(tmp_path)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def edit_docx(path: Path, edits: dict[str, str]) -> None:
    """Replace text in paragraphs the way a Word user would retype them."""
    document = docx.Document(str(path))
    for p in document.paragraphs:
        for old, new in edits.items():
            if old in p.text:
                text = p.text.replace(old, new)
                p.runs[0].text = text
                for r in p.runs[1:]:
                    r.text = ""
    document.save(str(path))


def export_refused(run: Run, file: Path, old: str, new: str) -> str:
    """Replace `old` by `new` in the year file `file`, then export that town-year: refused (exit 1); the output."""
    edit(file, old, new)
    result = run("export", "-t", file.parent.name, "-y", file.stem)
    assert result.exit_code == 1, result.output
    return result.output


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line containing `needle` (found independently of drafter)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")
