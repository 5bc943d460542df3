"""A wheel installed outside the repository works: built-in templates travel inside the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import docx

from conftest import REPO


def test_wheel_exports_outside_the_repo(tmp_path: Path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("drafter-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)  # dependencies from the host
    py = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--force-reinstall", "-q", str(wheel)],
                   check=True, capture_output=True)
    where = subprocess.run([str(py), "-c", "import drafter; print(drafter.__file__)"],
                           check=True, capture_output=True, text=True, cwd=tmp_path).stdout
    assert str(env_dir) in where  # the wheel's copy, not the checkout

    ws = tmp_path / "workspace"  # towns only: no templates/ folder
    shutil.copytree(REPO / "towns" / "张家窝", ws / "towns" / "张家窝")
    out = tmp_path / "r.docx"
    result = subprocess.run([str(env_dir / "bin" / "drafter"), "--root", str(ws), "export", "-t", "张家窝",
                             "-y", "2023", "-o", str(out)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "一、履行第一责任人职责情况" in texts
