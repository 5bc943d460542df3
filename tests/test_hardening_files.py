"""The workspace's files: links and folders (8), two drafters at once (9), modes and leftovers (10).

Each test is the shortest reproducer of what went wrong, and asserts what the clerk would notice: the exit
code, the Chinese message, files outside the workspace or beside the year file left untouched.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter import files
from drafter.cli import cli
from drafter.limits import MAX_NAME_BYTES, STALE_TEMP_SECONDS

from conftest import REPO, SMALL, SMALL_YEAR, Run, edit_docx, small_town

posix = pytest.mark.skipif(os.name != "posix", reason="links, modes and signals as on Linux and macOS")


def outcome(result) -> tuple[int, str]:
    assert "内部错误" not in result.output and "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with its content: what a test compares to see that nothing was written."""
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() and not p.is_symlink() else None
            for p in sorted(folder.rglob("*"))}


# --- 8. links and folders ----------------------------------------------------------------------------------
@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the workspace, which nothing drafter does may change."""
    (tmp_path / "outside").mkdir()
    return tmp_path / "outside"


@pytest.fixture
def small_ws(tmp_path: Path) -> Run:
    small_town(tmp_path / "ws")
    return Run(tmp_path / "ws")


@posix
def test_exports_linked_elsewhere_is_refused(small_ws, outside):
    (small_ws.root / "exports").symlink_to(outside)
    code, out = outcome(small_ws("export", "-t", "甲", "-y", "2024"))
    assert code == 1 and "工作目录以外" in out and "exports" in out
    assert tree(outside) == {}


@posix
def test_town_folder_linked_elsewhere_is_neither_written_nor_read(small_ws, outside):
    (outside / "town.yaml").write_text("name: 外镇\ndistrict: 乙区\n", encoding="utf-8")
    (outside / "2024.yaml").write_text(SMALL_YEAR, encoding="utf-8")
    (small_ws.root / "towns" / "外").symlink_to(outside)
    before = tree(outside)
    code, out = outcome(small_ws("new", "-t", "外", "-y", "2030"))
    assert code == 1 and "工作目录以外" in out
    code, out = outcome(small_ws("export", "-t", "外", "-y", "2024"))
    assert code == 1 and "工作目录以外" in out
    code, out = outcome(small_ws("check", "--all"))  # reported as its one error; 甲 is still checked
    assert code == 1 and "towns/外/town.yaml: 错误: 经由链接指向工作目录以外" in out and "共 1 个错误" in out
    assert tree(outside) == before
    assert not (small_ws.root / "exports").exists()


@posix
def test_schema_linked_elsewhere_is_refused_before_anything_is_written(small_ws, outside):
    (small_ws.root / "schema").symlink_to(outside)
    before = tree(small_ws.root)
    code, out = outcome(small_ws("new", "-t", "甲", "-y", "2025"))
    assert code == 1 and "工作目录以外" in out and "schema" in out
    assert tree(outside) == {} and tree(small_ws.root) == before


@posix
def test_year_file_linked_elsewhere_is_not_read(small_ws, outside):
    secret = outside / "secret.yaml"
    secret.write_text(SMALL_YEAR, encoding="utf-8")
    (small_ws.root / "towns/甲/2023.yaml").symlink_to(secret)
    code, out = outcome(small_ws("export", "-t", "甲", "-y", "2023"))
    assert code == 1 and "工作目录以外" in out


@posix
def test_links_inside_the_workspace_are_followed(small_ws):
    (small_ws.root / "drafts").mkdir()
    (small_ws.root / "exports").symlink_to(small_ws.root / "drafts")
    code, out = outcome(small_ws("export", "-t", "甲", "-y", "2024"))
    assert code == 0 and list((small_ws.root / "drafts").glob("*.docx"))


def unprivileged(root: Path, *args: str) -> subprocess.CompletedProcess:
    """drafter as a user the file permissions apply to: root (as tests often run in CI) keeps its uid but
    loses the capabilities that let it read and write past them."""
    cmd = [sys.executable, "-c", "from drafter.cli import cli; cli()", "--root", str(root), *args]
    if os.geteuid() == 0:
        drop = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
        if shutil.which("setpriv") is None or subprocess.run([*drop, "true"]).returncode != 0:
            pytest.skip("running as root, and setpriv cannot drop root's right to bypass file permissions")
        cmd = drop + cmd
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)


@posix
@pytest.mark.parametrize("folder", ["towns/甲", "towns"])
def test_read_only_folder_fails_before_anything_is_written(small_ws, folder):
    """new into a folder it may not write: refused with a message, and schema/ is not rewritten first."""
    town = "甲" if folder == "towns/甲" else "新"
    extra = [] if town == "甲" else ["--district", "乙区", "--name", "新镇"]
    before = tree(small_ws.root)
    (small_ws.root / folder).chmod(0o555)
    try:
        done = unprivileged(small_ws.root, "new", "-t", town, "-y", "2025", *extra)
    finally:
        (small_ws.root / folder).chmod(0o755)
    assert done.returncode == 1 and "内部错误" not in done.stderr, done.stderr
    assert "没有权限" in done.stderr and folder in done.stderr
    assert tree(small_ws.root) == before


@posix
@pytest.mark.parametrize("command", [["towns"], ["export", "-t", "甲", "-y", "2024"], ["check", "--all"]])
def test_unreadable_towns_folder_is_a_message(small_ws, command):
    (small_ws.root / "towns").chmod(0)
    try:
        done = unprivileged(small_ws.root, *command)
    finally:
        (small_ws.root / "towns").chmod(0o755)
    assert done.returncode == 1 and "内部错误" not in done.stderr, done.stderr
    assert "towns: 无法访问：没有权限" in done.stderr


@pytest.mark.parametrize("name", ["甲\n乙", "甲\t", " 甲", "甲 ", "甲。.", "CON", "nul", "Com1.txt", "LPT9", "a:b",
                                  "甲?", "甲\u200b", "长" * (MAX_NAME_BYTES // 3 + 1)])
def test_town_names_a_folder_cannot_hold_are_refused(small_ws, name):
    before = tree(small_ws.root)
    code, out = outcome(small_ws("new", "-t", name, "-y", "2030", "--district", "乙区", "--name", "某镇"))
    assert code == 1 and "镇街名称" in out
    assert tree(small_ws.root) == before


def test_town_name_of_the_longest_allowed_size_is_taken(small_ws):
    name = "长" * (MAX_NAME_BYTES // 3)
    code, _ = outcome(small_ws("new", "-t", name, "-y", "2030", "--district", "乙区", "--name", "某镇"))
    assert code == 0 and (small_ws.root / "towns" / name / "2030.yaml").exists()


def test_over_long_output_name_is_a_message(small_ws):
    code, out = outcome(small_ws("export", "-t", "甲", "-y", "2024", "-o", str(small_ws.root / ("长" * 100 + ".docx"))))
    assert code == 1 and "太长" in out


def test_over_long_title_still_exports(small_ws):
    f = small_ws.root / SMALL
    f.write_text("title: " + "很长的标题" * 14 + "\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
    code, out = outcome(small_ws("export", "-t", "甲", "-y", "2024", "--draft"))
    path = Path(out.strip().splitlines()[-1])
    assert code == 0 and path.exists() and path.name.endswith("（征求意见稿）.docx")


# --- 9. two drafters at once -------------------------------------------------------------------------------
def _race(commands: list[tuple[Path, list[str]]]) -> list[tuple[int, str]]:
    """Run drafter commands in forked processes that start at the same moment; their exit codes and output."""
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Barrier(len(commands)), ctx.Queue()

    def one(n: int, root: Path, args: list[str]) -> None:
        start.wait()
        result = CliRunner().invoke(cli, ["--root", str(root), *args])
        results.put((n, result.exit_code, result.output))

    workers = [ctx.Process(target=one, args=(n, root, args)) for n, (root, args) in enumerate(commands)]
    for w in workers:
        w.start()
    got = sorted(results.get(timeout=60) for _ in workers)
    for w in workers:
        w.join(timeout=60)
    return [(code, output) for _, code, output in got]


def _edited(source: Path, target: Path, old: str, new: str) -> Path:
    shutil.copy(source, target)
    edit_docx(target, {old: new})
    return target


needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forks drafter")


@needs_fork
@pytest.mark.timeout(240)
def test_two_updates_at_once_never_lose_an_edit(small_ws):
    """Two `import --update --yes` of two Word copies, each with its own edit, at the same moment: both edits
    are in the file, or the one that could not write says so (exit 1) and the other's edit is in.

    When one ends before the other begins (a busy machine), the later one's document still shows the
    earlier one's place as it was, and it lists putting it back: shown, not lost silently."""
    root, year = small_ws.root, small_ws.root / SMALL
    exported = root / "r.docx"
    assert small_ws("export", "-t", "甲", "-y", "2024", "-o", str(exported)).exit_code == 0
    a = _edited(exported, root / "a.docx", "共审查合同12份", "共审查合同13份")
    b = _edited(exported, root / "b.docx", "加强行政执法。", "加强行政执法工作。")
    for _ in range(20):
        year.write_text(SMALL_YEAR, encoding="utf-8")
        results = _race([(root, ["import", str(d), "-t", "甲", "-y", "2024", "--update", "--yes"]) for d in (a, b)])
        text = year.read_text(encoding="utf-8")
        kept = ["value: 13" in text, "加强行政执法工作" in text]
        undone_by_the_other = [results[1][0] == 0 and "13 → 12" in results[1][1],
                               results[0][0] == 0 and "原文：加强行政执法工作" in results[0][1]]
        for (code, out), edit_kept, undone in zip(results, kept, undone_by_the_other):
            assert "内部错误" not in out, out
            assert (code == 0 and (edit_kept or undone)) or (code == 1 and "又被改动过" in out and not edit_kept), \
                (results, text)
        assert any(kept)


@needs_fork
@pytest.mark.timeout(120)
def test_two_new_force_at_once_keep_two_backups(small_ws):
    root, year = small_ws.root, small_ws.root / "towns/甲/2025.yaml"
    assert small_ws("new", "-t", "甲", "-y", "2025").exit_code == 0
    for _ in range(10):
        for old in year.parent.glob("2025.yaml.bak*"):
            old.unlink()
        year.write_text(year.read_text(encoding="utf-8") + "# 手写的一行\n", encoding="utf-8")
        mine = year.read_bytes()
        results = _race([(root, ["new", "-t", "甲", "-y", "2025", "--force"])] * 2)
        assert [code for code, _ in results] == [0, 0], results
        backups = sorted(year.parent.glob("2025.yaml.bak*"))
        assert [b.name for b in backups] == ["2025.yaml.bak", "2025.yaml.bak.2"]
        assert mine in [b.read_bytes() for b in backups]  # the hand-edited file is in one of them


@needs_fork
@pytest.mark.timeout(60)
def test_two_new_at_once_write_one_and_refuse_the_other(small_ws):
    year = small_ws.root / "towns/甲/2025.yaml"
    for _ in range(10):
        year.unlink(missing_ok=True)
        results = _race([(small_ws.root, ["new", "-t", "甲", "-y", "2025"])] * 2)
        assert sorted(code for code, _ in results) == [0, 1], results
        assert "未作任何改动" in next(out for code, out in results if code == 1)
        assert not list(year.parent.glob("2025.yaml.bak*"))


def _hold_lock(path: Path, ready, release) -> None:
    from filelock import FileLock

    with FileLock(path):
        ready.set()
        release.wait(30)


@needs_fork
@pytest.mark.timeout(60)
def test_a_year_file_another_drafter_is_writing_is_waited_for_then_refused(small_ws, monkeypatch):
    year = small_ws.root / SMALL
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(year.with_name(".2024.yaml.lock"), ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        monkeypatch.setattr(files, "LOCK_TIMEOUT_SECONDS", 0.3)
        exported = small_ws.root / "r.docx"
        assert small_ws("export", "-t", "甲", "-y", "2024", "-o", str(exported)).exit_code == 0
        edited = _edited(exported, small_ws.root / "a.docx", "共审查合同12份", "共审查合同13份")
        code, out = outcome(small_ws("import", str(edited), "-t", "甲", "-y", "2024", "--update", "--yes"))
        assert code == 1 and "另一个 drafter 正在修改" in out and str(SMALL) in out
        assert year.read_text(encoding="utf-8") == SMALL_YEAR
    finally:
        release.set()
        holder.join(30)
    code, _ = outcome(small_ws("import", str(edited), "-t", "甲", "-y", "2024", "--update", "--yes"))
    assert code == 0 and "value: 13" in year.read_text(encoding="utf-8")


def test_file_changed_while_the_user_decides_is_not_overwritten(small_ws, monkeypatch):
    year = small_ws.root / SMALL
    exported = small_ws.root / "r.docx"
    assert small_ws("export", "-t", "甲", "-y", "2024", "-o", str(exported)).exit_code == 0
    edited = _edited(exported, small_ws.root / "a.docx", "共审查合同12份", "共审查合同13份")

    def meanwhile_saved_in_an_editor(*_, **__) -> bool:
        year.write_text(SMALL_YEAR.replace("开展执法培训。", "开展执法培训三次。"), encoding="utf-8")
        return True

    monkeypatch.setattr("click.confirm", meanwhile_saved_in_an_editor)
    code, out = outcome(small_ws("import", str(edited), "-t", "甲", "-y", "2024", "--update"))
    assert code == 1 and "又被改动过" in out
    assert "开展执法培训三次" in year.read_text(encoding="utf-8")


# --- 10. modes and leftovers -------------------------------------------------------------------------------
@posix
def test_backup_keeps_the_original_mode_and_no_special_bits(small_ws):
    old = os.umask(0o022)
    try:
        assert small_ws("new", "-t", "甲", "-y", "2025").exit_code == 0
        again = small_ws.root / "towns/甲/2025.yaml"
        again.chmod(0o600)
        assert small_ws("new", "-t", "甲", "-y", "2025", "--force").exit_code == 0
        assert stat.S_IMODE((again.with_name("2025.yaml.bak")).stat().st_mode) == 0o600
        assert stat.S_IMODE(again.stat().st_mode) == 0o600
        again.chmod(0o4754 | stat.S_ISGID)
        assert small_ws("new", "-t", "甲", "-y", "2025", "--force").exit_code == 0
        assert stat.S_IMODE((again.with_name("2025.yaml.bak.2")).stat().st_mode) == 0o754
        assert stat.S_IMODE(again.stat().st_mode) == 0o754
    finally:
        os.umask(old)


@posix
def test_export_over_a_setuid_file_drops_the_special_bits(small_ws):
    out = small_ws.root / "r.docx"
    out.write_bytes(b"x")
    out.chmod(0o6775)
    assert small_ws("export", "-t", "甲", "-y", "2024", "-o", str(out), "--force").exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o775


def _write_forever(target: Path) -> None:
    """A drafter killed while it writes: its temporary file is written, the rename never comes."""
    os.replace = lambda *_: time.sleep(60)
    files.write(target, b"half")


@posix
@needs_fork
@pytest.mark.timeout(60)
def test_temporary_file_of_a_killed_drafter_is_cleaned_by_the_next_write(small_ws):
    exports = small_ws.root / "exports"
    exports.mkdir()
    writer = multiprocessing.get_context("fork").Process(target=_write_forever, args=(exports / "r.docx",))
    writer.start()
    for _ in range(200):
        left = list(exports.glob(".r.docx.drafter-*.tmp"))
        if left:
            break
        time.sleep(0.05)
    os.kill(writer.pid, signal.SIGKILL)
    writer.join(10)
    assert len(left) == 1 and not (exports / "r.docx").exists()
    # a minute later its temporary file is still there; the next write after STALE_TEMP_SECONDS removes it
    long_ago = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(left[0], (long_ago, long_ago))
    in_flight = exports / ".other.docx.drafter-0123abcd.tmp"  # another drafter writing right now
    not_ours = exports / ".notes.tmp"
    for f in (in_flight, not_ours):
        f.write_bytes(b"")
    os.utime(not_ours, (long_ago, long_ago))
    assert outcome(small_ws("export", "-t", "甲", "-y", "2024"))[0] == 0
    assert not left[0].exists() and in_flight.exists() and not_ours.exists()
