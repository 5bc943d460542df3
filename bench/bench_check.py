"""Benchmark: `drafter check --all` over 100 town-years (50 towns × 2 years). Target: < 2 s.

    python bench/bench_check.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        src = REPO / "towns"
        for i in range(50):
            d = ws / "towns" / f"镇{i:02d}"
            d.mkdir(parents=True)
            shutil.copy(src / "辛口" / "town.yaml", d / "town.yaml")
            shutil.copy(src / "辛口" / "2022.yaml", d / "2022.yaml")
            # the second year: last year's texts carried over, so the stale-text rule has work to do
            shutil.copy(src / "辛口" / "2022.yaml", d / "2023.yaml")

        from drafter import check
        from drafter.workspace import Workspace

        t0 = time.perf_counter()
        result = check.check_all(Workspace(ws))
        inproc = time.perf_counter() - t0

        drafter = Path(sys.executable).parent / "drafter"
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        walls = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([str(drafter), "--root", str(ws), "check", "--all"], capture_output=True, env=env)
            walls.append(time.perf_counter() - t0)

    print(f"check --all, 100 town-years, in-process: {inproc:.2f} s "
          f"({result.errors} errors, {result.warnings} warnings)  target < 2 s")
    print(f"drafter check --all as a command, best of 3: {min(walls):.2f} s (max {max(walls):.2f})")


if __name__ == "__main__":
    main()
