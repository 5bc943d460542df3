"""`drafter export`: where the file goes, how it is written, and what the final report refuses."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from pathlib import Path

from conftest import REPO, SMALL, export_refused

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


def test_compiled_texts_are_kept_and_a_broken_cache_is_ignored(tmp_path):
    """A second export reads the compiled templates from the cache; a cache full of garbage, or a cache folder
    that cannot be made, changes nothing in the document."""
    import subprocess
    import sys

    ws = tmp_path / "ws"
    shutil.copytree(REPO / "towns", ws / "towns")
    cache = tmp_path / "cache"

    def export(name: str, cache_dir: Path) -> bytes:
        out = ws / name
        env = {**os.environ, "DRAFTER_CACHE_DIR": str(cache_dir), "SOURCE_DATE_EPOCH": "1700000000"}
        done = subprocess.run([sys.executable, "-c", "from drafter.cli import cli; cli()", "--root", str(ws), "export", "-t", "辛口", "-y",
                               "2022", "-o", str(out)], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        with zipfile.ZipFile(out) as z:
            return z.read("word/document.xml")

    first = export("a.docx", cache)
    kept = list(cache.rglob("*"))
    assert any(f.name.startswith("text-") for f in kept) and any(f.name.startswith("__jinja2_") for f in kept)
    assert export("b.docx", cache) == first
    for f in kept:
        if f.is_file():
            f.write_bytes(b"\x00garbage")
    assert export("c.docx", cache) == first
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go")
    assert export("d.docx", blocked / "sub") == first


def test_a_part_with_more_than_99_items_numbers_on(small, tmp_path):
    """Lists are not capped at 99: the 100th item of a part is （一百）, then （一百零一）, as Chinese counts."""
    import docx

    items = "".join(f"    - title: 第{n}项措施\n      text: 开展第{n}项工作。\n" for n in range(1, 121))
    year = small.root / SMALL
    text = year.read_text(encoding="utf-8")
    head = "measures:\n  heading: 主要举措与成效\n  items:\n"
    year.write_text(text[: text.index(head) + len(head)] + items + text[text.index("problems:"):], encoding="utf-8")
    out = tmp_path / "long.docx"
    result = small("export", "-t", "甲", "-y", "2024", "-o", str(out))
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "（九十九）第99项措施。开展第99项工作。" in texts
    assert "（一百）第100项措施。开展第100项工作。" in texts and "（一百二十）第120项措施。开展第120项工作。" in texts
