"""Benchmark: `drafter import` of the two seed texts and of an exported .docx, and `import --update`.

    python bench/bench_import.py
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "seeds"


def timed(fn, runs: int = 10) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    from drafter import importer, update
    from drafter.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        for seed in ("辛口-2022.txt", "张家窝-2023.txt"):
            t = timed(lambda seed=seed: importer.import_report(Workspace(ws), SEEDS / seed, force=True))
            print(f"import {seed} (PDF text): median {t * 1000:.0f} ms")
        docx = REPO / "examples" / "西青区辛口镇2022年度法治政府建设情况报告.docx"
        t = timed(lambda: importer.import_report(Workspace(ws), docx, force=True))
        print(f"import {docx.name}: median {t * 1000:.0f} ms")
        shutil.copytree(REPO / "towns" / "辛口", ws / "towns" / "辛口", dirs_exist_ok=True)
        t = timed(lambda: update.plan(Workspace(ws), docx, "辛口", 2022))
        print(f"import --update (compare only, unchanged document): median {t * 1000:.0f} ms")


if __name__ == "__main__":
    main()
