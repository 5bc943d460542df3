"""A figure as a bar chart (PNG): one town across its years, or every town in one year. matplotlib draws it, in
the Chinese face the previews would use for 黑体 (word/fonts.py); without any Chinese face nothing is drawn, since
every character would come out as a box.

A value a year or town does not have is no bar, with 无 (or 待填, 未起草, 有误) written where the bar would be:
never a bar of 0.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from pathlib import Path

from . import district, files
from .errors import DrafterError, Problem
from .word import fonts
from .workspace import Workspace

DPI = 150  # 1200 × 675 pixels for the usual 8 × 4.5 inches: sharp on a screen, fine in a printed report
FONT_FOR_CHARTS = "黑体"  # titles and labels of charts are set in 黑体, as headings are (§7.3.3)
NO_FONT = ("没有找到能显示中文的字体：图中的汉字会成为方框，因此没有画图。请安装中文字体：Debian/Ubuntu 上运行 "
           "sudo apt-get install fonts-noto-cjk（或 drafter 源码中的 bash tools/setup-render.sh）；Windows 自带黑体，不需安装")


@dataclass(frozen=True)
class Chart:
    path: Path
    problems: list[Problem]  # town-years that could not be read: shown as 有误 in the chart


def chart(ws: Workspace, figure: str, *, town: str | None = None, year: int | None = None,
          output: Path | None = None, force: bool = False) -> Chart:
    """`figure` (a name or a label) of `town` across its years, or of every town in `year`."""
    if town is not None:
        t = ws.find_town(town)
        years = t.years()
        if not years:
            raise DrafterError.one(f"镇街“{t.short}”还没有任何年度的数据")
        sources = [district.read(t, y) for y in range(years[0], years[-1] + 1)]  # a year left out shows
        names, axis = [str(s.year) for s in sources], "年度"
        title = f"{sources[0].name}{years[0]}—{years[-1]}年度" if len(years) > 1 else f"{sources[0].name}{years[0]}年度"
        default = f"{t.short}-{figure}.png"
    else:
        assert year is not None
        sources = district.summary_table(ws, year).sources
        names, axis, title = [s.name for s in sources], "镇街", f"{year}年度各镇街"
        default = f"{year}年度-{figure}.png"
    target = district.output_file(ws, output, default, force, "图片")
    column = _column(district.match([s.figures or {} for s in sources]), figure)
    if column.unit is None:
        units = "、".join(dict.fromkeys(e.figure.unit for e in column.entries.values()))
        raise DrafterError.one(f"数字“{figure}”的单位不一致（{units}），不能画在同一张图上。请先统一单位")
    values = [column.entries[i].figure.value if i in column.entries else None for i in range(len(sources))]
    if all(v is None for v in values):
        raise DrafterError.one(f"数字“{figure}”在{'各年度' if town else '各镇街'}都还没有数值，没有可画的内容")
    texts = [column.cell(i) if s.figures is not None else s.note.split("：")[0] for i, s in enumerate(sources)]
    png = _draw(names, values, texts, f"{title}{column.label}", axis, column.unit)
    files.write(target, png)
    return Chart(target, [p for s in sources for p in s.problems])


def _column(columns: list[district.Column], wanted: str) -> district.Column:
    found = next((c for c in columns if wanted in c.names), None) or next(
        (c for c in columns if wanted == c.label), None)
    if found is not None:
        return found
    known = [n for c in columns for n in c.names] + [c.label for c in columns]
    close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.5)
    hint = f"你是不是想写“{close[0]}”？" if close else ""
    listing = "、".join(f"{c.name}（{c.label}）" if c.label != c.name else c.name for c in columns)
    raise DrafterError.one(f"找不到数字“{wanted}”。{hint}现有数字（名称或说明均可）：{listing or '无'}")


def _draw(names: list[str], values: list, texts: list[str], title: str, axis: str, unit: str) -> bytes:
    try:
        import matplotlib
        from matplotlib import font_manager
        from matplotlib.figure import Figure
    except ImportError:
        raise DrafterError.one("画图需要 matplotlib：请先安装：pip install 'drafter[chart]'"
                               "（在 drafter 的仓库中：pip install '.[chart]'）") from None
    family = _family(font_manager)
    with matplotlib.rc_context({"font.family": family, "axes.unicode_minus": False}):
        fig = Figure(figsize=(min(max(8.0, 0.4 * len(names)), 30.0), 4.5), layout="constrained")
        ax = fig.add_subplot()
        xs = range(len(names))
        bars = ax.bar([x for x, v in zip(xs, values) if v is not None], [v for v in values if v is not None],
                      color="#3b6ea8", width=0.6)
        ax.bar_label(bars, labels=[t for t, v in zip(texts, values) if v is not None], padding=2)
        for x, v, t in zip(xs, values, texts):
            if v is None:  # no bar, and what stands instead of it
                ax.annotate(t, (x, 0), xytext=(0, 3), textcoords="offset points", ha="center", color="#888888")
        ax.set_xticks(list(xs), names, rotation=0 if len(names) <= 12 else 90)
        room = max(0.0, (6 - len(names)) / 2)  # a few bars keep the width of six, not the chart's
        ax.set_xlim(-0.5 - room, len(names) - 0.5 + room)
        ax.set_title(title)
        ax.set_xlabel(axis)
        ax.set_ylabel(f"数值（{unit}）" if unit else "数值")
        ax.margins(y=0.15)
        ax.spines[["top", "right"]].set_visible(False)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _family(font_manager) -> str:
    """The Chinese face's family, made known to matplotlib; the fontconfig stand-ins first, else (no fontconfig)
    the first of 黑体's names and stand-ins that matplotlib itself knows."""
    face = fonts.chinese_face(FONT_FOR_CHARTS)
    if face is not None:
        known = len(font_manager.fontManager.ttflist)
        font_manager.fontManager.addfont(str(face[0]))
        added = [f.name for f in font_manager.fontManager.ttflist[known:]]
        # matplotlib before 3.11 reads only a collection's first face (Noto Sans CJK JP, not SC): that one, then
        return face[1] if face[1] in added or not added else added[0]
    if fonts.has_fontconfig():
        raise DrafterError.one(NO_FONT)
    known = {f.name for f in font_manager.fontManager.ttflist}
    design = fonts.DESIGN_OF[FONT_FOR_CHARTS]
    found = next((n for n in (*design.names, *design.candidates(FONT_FOR_CHARTS)) if n in known), None)
    if found is None:
        raise DrafterError.one(NO_FONT)
    return found
