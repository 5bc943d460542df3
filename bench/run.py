"""drafter's speed against what a user would otherwise run, in one run and one table; each figure is a ratio
to its comparison, measured side by side (commands interleaved, so a busy machine slows both alike).

    python bench/run.py [--runs N] [--towns N]

Comparisons: the floor (a Python that only imports docx, jinja2, ruamel.yaml and click) for drafter's commands;
docxtpl (a Word template filled from the same paragraphs) for one export in process; pandoc (Markdown to .docx
with a reference document, a process per document) for the batch. pandoc and docxtpl are optional
(`apt-get install pandoc`, `pip install docxtpl`): a row whose tool is missing says so.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_import  # beside this script

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
DRAFTER = Path(PY).parent / "drafter"  # the console script beside this interpreter, as a user runs it
FLOOR = [PY, "-c", "import docx, jinja2, ruamel.yaml, click"]


def timed(cmd: list[str], env: dict, cwd: Path | None = None) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"失败：{' '.join(map(str, cmd))}\n{done.stderr.decode('utf-8', 'replace')}")
    return elapsed


def interleaved(cmds: dict[str, list[str]], env: dict, runs: int) -> dict[str, float]:
    """The median seconds of each command, run in turn `runs` times after one warm-up round."""
    for cmd in cmds.values():
        timed(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(timed(cmd, env))
    return {name: statistics.median(t) for name, t in times.items()}


def in_process(fn, runs: int) -> float:
    fn()  # warm-up: imports, compiled templates
    return bench_import.timed(fn, runs)


def many_towns(root: Path, n: int) -> None:
    """n towns, each 辛口 2022 under another name with other figures: a district's year."""
    source = (REPO / "towns" / "辛口" / "2022.yaml").read_text(encoding="utf-8")
    town = (REPO / "towns" / "辛口" / "town.yaml").read_text(encoding="utf-8")
    rng = random.Random(7)
    for i in range(n):
        name = f"测试{i:03d}"
        folder = root / "towns" / name
        folder.mkdir(parents=True)
        (folder / "town.yaml").write_text(town.replace("辛口镇", f"{name}镇"), encoding="utf-8")
        text = source.replace("辛口", name)
        for value in ("284", "1700", "73"):
            text = text.replace(f"value: {value},", f"value: {rng.randint(1, 999)},", 1)
        (folder / "2022.yaml").write_text(text, encoding="utf-8")


def markdown(blocks) -> str:
    heads = {"标题": "# ", "一级": "## ", "二级": "### ", "三级": "#### "}
    return "\n\n".join(heads.get(b.role, "") + b.text.replace(" ", "") for b in blocks) + "\n"


def docxtpl_template(path: Path) -> None:
    import docx

    doc = docx.Document()
    for line in ("{{ title }}", "{%p for p in paras %}", "{{ p }}", "{%p endfor %}"):
        doc.add_paragraph(line)
    doc.save(str(path))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--towns", type=int, default=200)
    args = parser.parse_args()
    if not DRAFTER.exists():
        sys.exit("drafter 命令未安装：请先 pip install -e .")
    rows: list[tuple[str, str, str, str]] = []  # what, time, comparison, ratio

    def row(what: str, seconds: float, against: str, base: float | None, target: str = "") -> None:
        ratio = f"{seconds / base:.2f}×" if base else "—"
        rows.append((what, f"{seconds * 1000:.0f} ms", against, ratio + (f"（目标 {target}）" if target else "")))

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ws = tmp / "ws"
        shutil.copytree(REPO / "towns", ws / "towns")
        # a user's machine: compiled Python and templates kept between runs
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["DRAFTER_CACHE_DIR"] = str(tmp / "cache")
        d = [str(DRAFTER), "--root", str(ws)]
        seeds = sorted((REPO / "tests" / "seeds").glob("*.txt"))
        cmds = {
            "floor": FLOOR,
            "export": d + ["export", "-t", "辛口", "-y", "2022", "-o", str(tmp / "x.docx"), "--force"],
            "new": d + ["new", "-t", "辛口", "-y", "2030", "--force"],
            "check": d + ["check", "-t", "辛口", "-y", "2022"],
            **{f"import {s.stem}": d + ["import", str(s), "--dry-run"] for s in seeds},
        }
        print(f"命令，各 {args.runs} 次交替运行……", file=sys.stderr)
        medians = interleaved(cmds, env, args.runs)
        floor = medians["floor"]
        row("下限：python 导入 docx、jinja2、ruamel.yaml、click", floor, "—", None)
        row("drafter export（辛口 2022，命令）", medians["export"], "下限", floor, "≤ 1.6×")
        for name in ("new", "check", *[f"import {s.stem}" for s in seeds]):
            row(f"drafter {name}（命令）", medians[name], "下限", floor)

        sys.path.insert(0, str(REPO))
        from drafter import pipeline
        from drafter.workspace import Workspace

        w = Workspace(ws)
        one = in_process(lambda: pipeline.export_docx(w, "辛口", 2022, tmp / "p.docx", force=True), args.runs * 3)
        blocks = pipeline.build(w, "辛口", 2022).blocks
        try:
            from docxtpl import DocxTemplate

            docxtpl_template(tmp / "tpl.docx")
            context = {"title": blocks[0].text, "paras": [b.text for b in blocks[1:]]}

            def fill() -> None:
                t = DocxTemplate(str(tmp / "tpl.docx"))
                t.render(context)
                t.save(io.BytesIO())

            row("一份导出（进程内）", one, "docxtpl 填同样的段落", in_process(fill, args.runs * 3), "≤ 25 ms")
        except ImportError:
            row("一份导出（进程内）", one, "docxtpl 未安装", None, "≤ 25 ms")

        pandoc = shutil.which("pandoc")
        per_pandoc = None
        if pandoc:
            md = tmp / "r.md"
            md.write_text(markdown(blocks), encoding="utf-8")
            cmd = [pandoc, str(md), "--reference-doc", str(REPO / "examples" / "西青区辛口镇2022年度法治政府建设情况报告.docx"),
                   "-o", str(tmp / "pandoc.docx")]
            per_pandoc = interleaved({"pandoc": cmd}, env, args.runs)["pandoc"]
            row("pandoc：Markdown → .docx（每份一个进程）", per_pandoc, "—", None)

        district = tmp / "district"
        many_towns(district, args.towns)
        dd = [str(DRAFTER), "--root", str(district)]
        for jobs in (1, 2):
            out = tmp / f"batch{jobs}"
            seconds = timed(dd + ["export", "--all", "--year", "2022", "-o", str(out), "--jobs", str(jobs)], env)
            row(f"批量导出 {args.towns} 份，{jobs} 个进程（每份）", seconds / args.towns,
                "pandoc 每份" if per_pandoc else "pandoc 未安装", per_pandoc, "≤ 0.5×")
        seconds = timed(dd + ["summary", "--year", "2022", "-o", str(tmp / "s.xlsx")], env)
        row(f"summary：{args.towns} 个镇街的数字汇总表（命令）", seconds, "目标 2 s", 2.0, "≤ 1×")

    from drafter.zh import columns  # a Chinese character takes two columns of a terminal

    print("\n".join(columns([["项目", "时间", "比较对象", "比值"], *map(list, rows)])))


if __name__ == "__main__":
    main()
