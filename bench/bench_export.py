"""Benchmark: export the 辛口 example in-process and as a command. Targets: < 100 ms and < 0.6 s wall.

    python bench/bench_export.py [--runs N]
"""

from __future__ import annotations

import argparse
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

        from drafter import export
        from drafter.workspace import Workspace

        w = Workspace(ws)
        t0 = time.perf_counter()
        export.export_docx(w, "辛口", 2022, ws / "first.docx")
        first = time.perf_counter() - t0
        times = []
        for i in range(args.runs):
            t0 = time.perf_counter()
            export.export_docx(w, "辛口", 2022, ws / f"r{i}.docx")
            times.append(time.perf_counter() - t0)

        drafter = shutil.which("drafter") or sys.exit("drafter 命令未安装：请先 pip install -e .")
        walls = []
        for i in range(max(5, args.runs // 4)):
            t0 = time.perf_counter()
            subprocess.run([drafter, "--root", str(ws), "export", "-t", "辛口", "-y", "2022", "-o",
                            str(ws / f"c{i}.docx")], check=True, capture_output=True)
            walls.append(time.perf_counter() - t0)

    print(f"in-process export, first call : {first * 1000:6.1f} ms")
    print(f"in-process export, median of {len(times):2d}: {statistics.median(times) * 1000:6.1f} ms "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})  target < 100 ms")
    print(f"drafter export command, median of {len(walls)}: {statistics.median(walls):.3f} s "
          f"(min {min(walls):.3f}, max {max(walls):.3f})  target < 0.6 s")


if __name__ == "__main__":
    main()
