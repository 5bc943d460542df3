"""The reader stage: a workspace folder holding towns/<短名>/town.yaml and towns/<短名>/<year>.yaml."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from . import validate, yamlio
from .errors import DrafterError
from .model import Report, Town
from .zh import strip_unit_suffix

YEAR_FILE = re.compile(r"^(\d{4})\.yaml$")


@dataclass(frozen=True)
class TownDir:
    short: str
    path: Path

    @property
    def town_file(self) -> Path:
        return self.path / "town.yaml"

    def year_file(self, year: int) -> Path:
        return self.path / f"{year}.yaml"

    def years(self) -> list[int]:
        if not self.path.is_dir():
            return []
        return sorted(int(m.group(1)) for f in self.path.iterdir() if (m := YEAR_FILE.match(f.name)))

    def previous_year(self, year: int, based_on: int | None = None) -> int | None:
        """The year that `year` continues: the one it was drafted from (`based_on`) while that file exists,
        else the latest earlier year on disk. A hand-made file has no based_on, yet last year is still there."""
        if based_on is not None and based_on < year and self.year_file(based_on).exists():
            return based_on
        earlier = [y for y in self.years() if y < year]
        return earlier[-1] if earlier else None

    def load_town(self) -> Town:
        if not self.town_file.exists():
            raise DrafterError.one(
                f"镇街“{self.short}”缺少 town.yaml（全称、所属区县等固定信息）。请参照示例镇街新建", self.town_file)
        return validate.parse(yamlio.load(self.town_file), Town)


@dataclass(frozen=True)
class Loaded:
    """One town-year, validated: the input of the render stage."""

    town_dir: TownDir
    town: Town
    year: int
    report: Report
    source: yamlio.Source

    @functools.cached_property
    def previous(self) -> tuple[int, Report] | None:
        """The year this one continues and its report; None when there is none or it does not load."""
        year = self.town_dir.previous_year(self.year, self.report.based_on)
        if year is None:
            return None
        try:
            return year, validate.parse(yamlio.load(self.town_dir.year_file(year)), Report)
        except DrafterError:
            return None


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def towns_dir(self) -> Path:
        return self.root / "towns"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def towns(self) -> list[TownDir]:
        if not self.towns_dir.is_dir():
            return []
        return sorted(
            (TownDir(p.name, p) for p in self.towns_dir.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda t: t.short,
        )

    def lookup(self, name: str) -> TownDir | None:
        """The town folder named `name` (短名), or whose full name is `name`; None if there is none."""
        check_name(name)
        towns = self.towns()
        for t in towns:
            if name == t.short:
                return t
        bare = strip_unit_suffix(name)
        for t in towns:
            if bare in (strip_unit_suffix(t.short), strip_unit_suffix(_full_name(t) or "")):
                return t
        return None

    def find_town(self, name: str) -> TownDir:
        found = self.lookup(name)
        if found is not None:
            return found
        towns = self.towns()
        if not towns:
            raise DrafterError.one(
                f"找不到镇街“{name}”：{self.towns_dir} 下还没有任何镇街。"
                "请在工作目录（含 towns/ 的文件夹）中运行，或用 --root 指定工作目录")
        listing = "、".join(_label(t) for t in towns)
        raise DrafterError.one(f"找不到镇街“{name}”。现有镇街：{listing}")

    def load(self, town_name: str, year: int) -> Loaded:
        town_dir = self.find_town(town_name)
        town = town_dir.load_town()
        file = town_dir.year_file(year)
        if not file.exists():
            years = town_dir.years()
            have = "现有年度：" + "、".join(map(str, years)) if years else "还没有任何年度的数据"
            raise DrafterError.one(
                f"{town.name}没有 {year} 年度的数据（{file}）。{have}。"
                f"可用 drafter new --town {town_dir.short} --year {year} 新建")
        source = yamlio.load(file)
        return Loaded(town_dir, town, year, validate.parse(source, Report), source)


def check_name(name: str) -> None:
    if not name or "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        raise DrafterError.one(f"镇街名称“{name}”不能含有路径符号（/ \\ ..），请只写镇街名，如 辛口")


def _full_name(t: TownDir) -> str | None:
    try:
        return t.load_town().name
    except DrafterError:
        return None


def _label(t: TownDir) -> str:
    full = _full_name(t)
    years = "、".join(map(str, t.years())) or "无年度数据"
    return f"{t.short}（{full or '缺少或有误的 town.yaml'}；{years}）"
