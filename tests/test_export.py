"""`drafter export`: where the file goes, how it is written, and what the final report refuses."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from conftest import SMALL, export_refused

NEW = Path("towns/辛口/2024.yaml")


def test_slash_in_title_stays_in_exports(small):
    f = small.root / SMALL
    f.write_text("title: ../../逃逸/法治政府 建设情况报告\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
    result = small("export", "-t", "甲", "-y", "2024")
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.parent == small.root / "exports" and path.exists()


def test_written_files_follow_the_umask_and_keep_their_mode(run, ws):
    old = os.umask(0o022)
    try:
        run("new", "-t", "辛口", "-y", "2024")
        assert stat.S_IMODE((ws / NEW).stat().st_mode) == 0o644
        out = ws / "r.docx"
        out.write_bytes(b"x")
        out.chmod(0o664)
        run("export", "-t", "辛口", "-y", "2022", "-o", str(out), "--force")
        assert stat.S_IMODE(out.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_fixed_problem_may_not_stay_in_the_final_report(small):
    out = export_refused(small, small.root / SMALL, "    - title: 执法队伍专业度有待提高\n",
                         "    - title: 执法队伍专业度有待提高\n      status: 已整改\n")
    assert "已整改" in out


def test_shipped_base_document_is_what_make_base_writes():
    """base.docx is made by tools/make_base.py from python-docx's template: a change to the page setup or the
    footers must reach the shipped file, or exports would quietly keep the old one."""
    import io
    import zipfile

    from drafter.word import base

    made, shipped = zipfile.ZipFile(io.BytesIO(base.make())), zipfile.ZipFile(base.BASE)
    assert sorted(made.namelist()) == sorted(shipped.namelist())
    for name in made.namelist():
        if name != "docProps/core.xml":  # python-docx stamps its own modified time
            assert made.read(name) == shipped.read(name), f"{name}: run python tools/make_base.py"
    assert "word/stylesWithEffects.xml" not in made.namelist() and len(base.BASE.read_bytes()) < 20_000
