"""Benchmark: work that grows with the input. Each case runs at a small size and at a large one, side by side:
time, and how much more time per unit of input the large one takes (1.0 = linear). Inputs past a limit in
drafter/limits.py are refused, so the largest size of a case shows how quickly that happens.

    python bench/bench_growth.py [--timeout SECONDS] [CASE ...]

Each run is a fresh process with a time limit (a quadratic or exponential path shows as "> N s"); run it with
PYTHONPATH pointing at another checkout to compare before and after.
"""

from __future__ import annotations

import argparse
import copy
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_DOCX = REPO / "examples" / "西青区辛口镇2022年度法治政府建设情况报告.docx"
sys.path.insert(0, str(REPO / "tests"))

# case -> (what the size counts, sizes: small, large, beyond the limit where there is one)
CASES = {
    "title-words": ("words", [12, 24]),
    "title-unspaced": ("characters", [50, 500]),
    "new-figures": ("figures", [100, 1000, 100_000]),
    "check-figures": ("figures", [100, 1000, 100_000]),
    "export-lines": ("lines", [100, 900, 200_000]),
    "check-items": ("items", [100, 900]),
    "import-txt": ("lines", [1000, 40_000]),
    "import-txt-numbers": ("lines", [1000, 50_000]),
    "import-docx": ("paragraphs", [100, 900, 50_000]),
    "lint-docx": ("paragraphs", [100, 900, 50_000]),
}


def _year_text(lines: int = 0, figures: int = 0, items: int = 0) -> str:
    from conftest import SMALL_YEAR

    text = SMALL_YEAR
    if lines:
        body = "".join(f"    第{i}段，开展执法培训{i}次。\n" for i in range(lines))
        text = text.replace("共审查合同{{ 合同 }}。\n", "共审查合同{{ 合同 }}。\n" + body, 1)
    if items:  # ninety-nine a level is what the numbering counts to: groups of 50
        groups = "".join(
            f"    - title: 第{g}类举措\n      items:\n" + "".join(
                f"        - title: 加强行政执法第{g}-{i}项\n          text: 开展执法培训第{i}次，覆盖全镇执法人员。\n"
                for i in range(50)) for g in range(items // 50))
        text = text.replace("    - title: 加强行政执法\n      text: 开展执法培训。\n", groups, 1)
    return text + "".join(f"  f{i}: {{value: {i}, unit: 份, label: 审查{i}}}\n" for i in range(figures))


def _big_docx(paragraphs: int, out: Path) -> None:
    """The example report with its body paragraphs repeated (all in its parts, none a new 一、 part)."""
    import docx
    from docx.oxml.ns import qn

    from drafter.importer.reading import TOP

    document = docx.Document(str(EXAMPLE_DOCX))
    ps = document.element.body.findall(qn("w:p"))
    body = [p for p in ps[3:-4] if not TOP.match("".join(t.text or "" for t in p.iter(qn("w:t"))))]
    anchor, count = ps[-4], len(ps)
    while count < paragraphs:
        for p in body[: paragraphs - count]:
            anchor.addprevious(copy.deepcopy(p))
            count += 1
    document.save(str(out))


def prepare(case: str, n: int, root: Path):
    """The work to time, as a function; building its input is not timed."""
    from drafter import check, importer, newyear, pipeline
    from drafter.errors import DrafterError
    from drafter.word import gbt9704, lint
    from drafter.workspace import Workspace

    from conftest import small_town

    ws = Workspace(root)

    def refused(f):
        def run():
            try:
                f()
            except DrafterError as e:
                return f"refused: {str(e)[:60]}…"
            return ""
        return run

    if case == "title-words":
        words = ["法治政府建设情况"] * n  # two to a line: the most ways to break
        return lambda: gbt9704.break_title(words)
    if case == "title-unspaced":
        small_town(root, "title: " + "字" * n + "\n" + _year_text())
        return refused(lambda: pipeline.export_docx(ws, "甲", 2024, root / "out.docx"))
    if case in ("new-figures", "check-figures"):
        small_town(root, _year_text(figures=n))
        if case == "check-figures":
            return lambda: check.check_year(ws, "甲", 2024)
        return refused(lambda: newyear.new_year(ws, "甲", 2025))
    if case == "export-lines":
        small_town(root, _year_text(lines=n))
        return refused(lambda: pipeline.export_docx(ws, "甲", 2024, root / "out.docx"))
    if case == "check-items":
        small_town(root, _year_text(items=n), year=2023)
        small_town(root, _year_text(items=n))
        return lambda: check.check_year(ws, "甲", 2024)
    if case in ("import-txt", "import-txt-numbers"):
        every = 50 if case == "import-txt" else 5
        file = root / "report.txt"
        file.write_text("西青区辛口镇2022年度法治政府建设情况报告\n一、主要举措\n" + "".join(  # one long paragraph
            f"组织全镇执法人员参加专题学习{'共' + str(i) + '人次' if i % every == 0 else ''}没有句号的一行\n" for i in range(n)),
            encoding="utf-8")
        return refused(lambda: importer.import_report(ws, file, dry_run=True))
    if case in ("import-docx", "lint-docx"):
        file = root / "report.docx"
        _big_docx(n, file)
        if case == "lint-docx":
            return refused(lambda: lint.lint(file))
        return refused(lambda: importer.import_report(ws, file, dry_run=True))
    raise SystemExit(f"unknown case {case}")


def one(case: str, n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = prepare(case, n, Path(tmp))
        t0 = time.perf_counter()
        said = work()
        print(f"{time.perf_counter() - t0:.4f} {said if isinstance(said, str) else ''}")


def timed(case: str, n: int, timeout: float) -> tuple[float | None, str]:
    try:
        done = subprocess.run([sys.executable, __file__, "--one", case, str(n)], capture_output=True, text=True,
                              timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None, ""
    seconds, _, said = done.stdout.strip().partition(" ")
    return float(seconds), said


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("cases", nargs="*", default=list(CASES))
    args = parser.parse_args()
    if args.one:
        one(args.one[0], int(args.one[1]))
        return
    for case in args.cases:
        unit, sizes = CASES[case]
        small = None
        for n in sizes:
            seconds, said = timed(case, n, args.timeout)
            shown = f"> {args.timeout:g} s" if seconds is None else f"{seconds:8.3f} s"
            per_unit = ""
            if small is not None and seconds is not None and not said:
                per_unit = f"  ×{seconds / small[1] / (n / small[0]):.2f} per {unit[:-1] if unit.endswith('s') else unit}"
            print(f"{case:15} {n:>7} {unit:11} {shown}{per_unit}  {said}")
            if small is None and seconds:
                small = (n, seconds)


if __name__ == "__main__":
    main()
