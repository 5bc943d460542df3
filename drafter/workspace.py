"""The reader stage: a workspace folder holding towns/<短名>/town.yaml and towns/<短名>/<year>.yaml."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import files, validate, yamlio
from .errors import DrafterError
from .limits import MAX_NAME_BYTES
from .model import Report, Town
from .zh import strip_unit_suffix

YEAR_FILE = re.compile(r"^(\d{4})\.yaml$")


@dataclass(frozen=True)
class TownDir:
    """A town's folder. Taken from a workspace (`root` given), every file in it is read and written only
    while it stays inside that workspace; `drafter check FILE` reads the folder of the file it was given."""

    short: str
    path: Path
    root: Path | None = None

    def _inside(self, path: Path) -> Path:
        return path if self.root is None else files.inside(self.root, path)

    @property
    def town_file(self) -> Path:
        return self._inside(self.path / "town.yaml")

    def year_file(self, year: int) -> Path:
        return self._inside(self.path / f"{year}.yaml")

    def years(self) -> list[int]:
        if not self._inside(self.path).is_dir():
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

    def load(self, year: int, town: Town | None = None) -> Loaded:
        """The town-year, validated; `town` when its town.yaml is loaded already."""
        town = town or self.load_town()
        file = self.year_file(year)
        if not file.exists():
            years = self.years()
            have = "现有年度：" + "、".join(map(str, years)) if years else "还没有任何年度的数据"
            raise DrafterError.one(
                f"{town.name}没有 {year} 年度的数据（{file}）。{have}。"
                f"可用 drafter new --town {self.short} --year {year} 新建")
        source = yamlio.load(file)
        return Loaded(self, town, year, validate.parse(source, Report), source)


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
        return self.inside(self.root / "towns")

    @property
    def templates_dir(self) -> Path:
        return self.inside(self.root / "templates")

    def inside(self, path: Path) -> Path:
        """`path`, refused if a link takes it out of the workspace."""
        return files.inside(self.root, path)

    def towns(self) -> list[TownDir]:
        folder = self.towns_dir
        if not folder.is_dir():
            return []
        return sorted(
            (TownDir(p.name, p, self.root) for p in folder.iterdir()
             if p.is_dir() and not p.name.startswith(".")),
            key=lambda t: t.short,
        )

    def town_dir(self, short: str) -> TownDir:
        """The folder a new town `short` gets."""
        check_name(short)
        return TownDir(short, self.towns_dir / short, self.root)

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
        return self.find_town(town_name).load(year)


_WINDOWS_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?", re.IGNORECASE)
_WINDOWS_FORBIDDEN = set('<>:"|?*')


def check_name(name: str) -> None:
    """A town's name becomes a folder's name, on Linux as on Windows: refused here when it could not be one,
    or would be one that is hard to see or type."""
    example = "请只写镇街名，如 辛口"
    if not name:
        raise DrafterError.one(f"镇街名称不能为空，{example}")
    if "/" in name or "\\" in name or name.startswith("."):
        raise DrafterError.one(f"镇街名称“{name}”不能含有路径符号（/ \\ ..），{example}")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in name):
        raise DrafterError.one(f"镇街名称“{repr(name)[1:-1]}”含有换行或其他看不见的字符，{example}")
    if name != name.strip() or name.endswith("."):
        raise DrafterError.one(f"镇街名称“{name}”的开头或结尾有空格或句点，请去掉")
    if _WINDOWS_FORBIDDEN.intersection(name):
        raise DrafterError.one(f"镇街名称“{name}”含有 Windows 文件名不能用的字符（< > : \" | ? *），{example}")
    if _WINDOWS_RESERVED.fullmatch(name):
        raise DrafterError.one(f"镇街名称“{name}”是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1–9、LPT1–9），"
                               f"不能用作文件夹名，{example}")
    size = len(name.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        raise DrafterError.one(f"镇街名称“{files.cut(name, 30)}…”太长（{size} 字节，最多 {MAX_NAME_BYTES} 字节，"
                               f"约 {MAX_NAME_BYTES // 3} 个汉字），{example}")


def _full_name(t: TownDir) -> str | None:
    try:
        return t.load_town().name
    except DrafterError:
        return None


def _label(t: TownDir) -> str:
    full = _full_name(t)
    years = "、".join(map(str, t.years())) or "无年度数据"
    return f"{t.short}（{full or '缺少或有误的 town.yaml'}；{years}）"
