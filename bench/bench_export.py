"""Benchmark: export the 辛口 example in-process and as a command (targets: < 100 ms, < 0.6 s wall), and `new`.

    python bench/bench_export.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        shutil.copytree(REPO / "towns", ws / "towns")

        from drafter import pipeline
        from drafter.workspace import Workspace

        w = Workspace(ws)
        t0 = time.perf_counter()
        pipeline.export_docx(w, "辛口", 2022, ws / "first.docx")
        first = time.perf_counter() - t0
        times = []
        for i in range(args.runs):
            t0 = time.perf_counter()
            pipeline.export_docx(w, "辛口", 2022, ws / f"r{i}.docx")
            times.append(time.perf_counter() - t0)

        from drafter.newyear import new_year

        news = []
        for i in range(args.runs):
            t0 = time.perf_counter()
            new_year(w, "辛口", 2030 + i)  # each a new file, carried from 2022 (the latest earlier year)
            news.append(time.perf_counter() - t0)
            (ws / "towns" / "辛口" / f"{2030 + i}.yaml").unlink()

        # the console script beside this interpreter: a version manager's shim (pyenv) would add its own start-up
        drafter = Path(sys.executable).parent / "drafter"
        if not drafter.exists():
            sys.exit("drafter 命令未安装：请先 pip install -e .")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as on a user's machine
        walls = []
        for i in range(max(10, args.runs // 2)):
            t0 = time.perf_counter()
            subprocess.run([str(drafter), "--root", str(ws), "export", "-t", "辛口", "-y", "2022", "-o",
                            str(ws / f"c{i}.docx")], check=True, capture_output=True, env=env)
            walls.append(time.perf_counter() - t0)

    print(f"in-process export, first call : {first * 1000:6.1f} ms")
    print(f"in-process export, median of {len(times):2d}: {statistics.median(times) * 1000:6.1f} ms "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})  target < 100 ms")
    print(f"drafter new (in-process), median of {len(news):2d}: {statistics.median(news) * 1000:6.1f} ms")
    print(f"drafter export command, median of {len(walls)}: {statistics.median(walls):.3f} s "
          f"(min {min(walls):.3f}, max {max(walls):.3f})  target < 0.6 s")


if __name__ == "__main__":
    main()
