"""A wheel installed outside the repository works: built-in templates travel inside the package."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import docx

from conftest import REPO


def share_dependencies(py: Path) -> None:
    """Let the new venv import the dependencies this test process runs with, wherever they are installed.

    system_site_packages would give the base interpreter's packages, not those of the venv pytest runs in.
    The directories are listed after the new venv's own site-packages, so the wheel's drafter comes first;
    plain paths, so .pth files there (such as an editable install of the checkout) are not run.
    """
    own = [*site.getsitepackages(), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    if site.ENABLE_USER_SITE:
        own.append(site.getusersitepackages())
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "_host_dependencies.pth").write_text("\n".join(dict.fromkeys(own)) + "\n", encoding="utf-8")


def test_wheel_exports_outside_the_repo(tmp_path: Path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("drafter-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())  # the web page's files travel too: no build step after install
    assert {"drafter/web/static/htmx.min.js", "drafter/web/static/htmx.LICENSE", "drafter/web/static/drafter.js",
            "drafter/web/static/style.css", "drafter/web/templates/year.html"} <= names
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--force-reinstall", "-q", str(wheel)],
                   check=True, capture_output=True)
    share_dependencies(py)  # after installing: pip in the new venv never sees the host's packages
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # PYTHONPATH=<checkout> would win
    where = subprocess.run([str(py), "-c", "import drafter; print(drafter.__file__)"],
                           check=True, capture_output=True, text=True, cwd=tmp_path, env=env).stdout
    assert str(env_dir) in where  # the wheel's copy, not the checkout

    ws = tmp_path / "workspace"  # towns only: no templates/ folder
    shutil.copytree(REPO / "towns" / "张家窝", ws / "towns" / "张家窝")
    out = tmp_path / "r.docx"
    result = subprocess.run([str(env_dir / "bin" / "drafter"), "--root", str(ws), "export", "-t", "张家窝",
                             "-y", "2023", "-o", str(out)], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "一、履行第一责任人职责情况" in texts
