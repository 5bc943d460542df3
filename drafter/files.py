"""Writing the workspace's files: never outside it, never half-written, never two drafters at once.

A file is written to a temporary file beside it and then renamed into place, so a reader sees the old file
or the new one, never a mix. When a command writes several files, every one is prepared before the first
rename: a folder it may not write stops it while nothing has changed yet. A year file being edited is
locked, so two commands (or the web page to come) never lose each other's edits.
"""

from __future__ import annotations

import errno
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NoReturn

from . import inputs
from .errors import DrafterError
from .limits import LOCK_TIMEOUT_SECONDS, MAX_FILE_NAME_BYTES, MAX_YAML_BYTES, STALE_TEMP_SECONDS

_TEMP = re.compile(r"\..+\.drafter-[0-9a-f]{8}\.tmp")  # .<name>.drafter-<random>.tmp: drafter's own temp files
_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate line ends


def inside(root: Path, path: Path) -> Path:
    """`path` itself, once every link along it is known to lead to a place inside the workspace `root`.

    A link in the workspace (exports/, schema/, a town's folder, a year file) must not make drafter read or
    write elsewhere: refused, with where it leads."""
    try:
        real, real_root = path.resolve(), root.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a link loop, before Python 3.13
        raise DrafterError.one("这里的链接形成了循环，请删去这个链接，换成真正的文件夹或文件", path) from None
    if not real.is_relative_to(real_root):
        raise DrafterError.one(
            f"经由链接指向工作目录以外的 {real}。drafter 只读写工作目录 {real_root} 里的文件，"
            "请把链接换成真正的文件夹或文件", path)
    return path


def cut(name: str, limit: int = MAX_FILE_NAME_BYTES) -> str:
    """`name` shortened to at most `limit` bytes of UTF-8, never in the middle of a character."""
    return name.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


_REASONS = {
    errno.EACCES: "没有权限。请检查这个文件或文件夹的权限" + ("；也可能是文件正被 Word 等程序打开，关闭后重试"
                                                          if os.name == "nt" else ""),
    errno.EROFS: "所在的磁盘或文件夹是只读的，无法写入。请换一个可以写入的位置",
    errno.ENOSPC: "磁盘空间已满。请清理磁盘后重试",
    errno.ENAMETOOLONG: "文件名或路径太长。请换一个短一些的名称或位置",
    errno.ELOOP: "链接形成了循环或层数太多。请检查这里的链接",
    errno.EIO: "读写磁盘时出错。请检查磁盘或网络连接后重试",
    errno.ENOTDIR: "路径中有一级是文件而不是文件夹。请检查这个路径",
    errno.EISDIR: "这是一个文件夹，不是文件。请检查这个路径",
}
_REASONS[errno.EPERM] = _REASONS[errno.EACCES]
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "磁盘配额已用完。请清理文件后重试"


def os_error(e: OSError, doing: str = "无法访问", file: Path | None = None) -> DrafterError | None:
    """What the file system refused, in Chinese, naming `file` or else the file it names; None for an error
    that is not the environment's (a missing file drafter should have checked for is drafter's bug)."""
    reason = _REASONS.get(e.errno or 0)
    if reason is None:
        return None
    where = file if file is not None else e.filename
    name = None if where is None else str(where)
    if name is not None and len(name.encode("utf-8")) > MAX_FILE_NAME_BYTES:
        name = cut(name, 60) + "…"
    return DrafterError.one(f"{doing}：{reason}", None if name is None else Path(name))


def write(target: Path, data: bytes) -> None:
    write_all({target: data})


def write_all(files: dict[Path, bytes], backup_of: Path | None = None) -> Path | None:
    """Write every file or none: each goes to a temporary file beside it, `backup_of` is copied to a .bak of
    its own, and only then is each renamed into place. Missing folders are made, and removed again when the
    write fails. A file written over another keeps that file's permissions (never setuid, setgid or sticky);
    a new one gets those the umask allows. Returns the backup made."""
    made: list[Path] = []
    temps: list[tuple[Path, Path]] = []
    backup = None
    try:
        for target, data in files.items():
            make_folder(target.parent, made)
            clean_stale(target.parent)
            temps.append((_write_temp(target, data), target))
        if backup_of is not None:
            backup = _backup(backup_of)
    except BaseException as e:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        if backup is not None:
            backup.unlink(missing_ok=True)
        remove_folders(made)
        _raise(e)
    for n, (tmp, target) in enumerate(temps):
        try:
            os.replace(tmp, target)
        except BaseException as e:
            for left, _ in temps[n:]:
                left.unlink(missing_ok=True)
            _raise(e)
    return backup


def _raise(e: BaseException, file: Path | None = None) -> NoReturn:
    problem = os_error(e, "写入失败", file) if isinstance(e, OSError) else None
    if problem is not None:
        raise problem from None
    raise e


def make_folder(folder: Path, made: list[Path]) -> None:
    """Make `folder` and its missing parents, adding each one made to `made` (outermost first)."""
    missing = []
    while not folder.is_dir() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for f in reversed(missing):
        try:
            f.mkdir()
        except FileExistsError:  # made meanwhile by another drafter: not ours to remove
            continue
        made.append(f)


def remove_folders(made: list[Path]) -> None:
    for f in reversed(made):
        try:
            f.rmdir()
        except OSError:  # something else was put there meanwhile: leave it
            return


def _write_temp(target: Path, data: bytes) -> Path:
    try:
        mode: int | None = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = None
    # created private when it replaces a file, so the content is never more open than that file's was
    fd, tmp = _create(lambda: target.with_name(f".{cut(target.name)}.drafter-{os.urandom(4).hex()}.tmp"),
                      0o600 if mode is not None else 0o666)
    return _fill(fd, tmp, mode, data)


def _backup(target: Path) -> Path:
    """A copy of `target`: <name>.bak, or .bak.2, .bak.3 … — each name taken atomically, so two drafters
    replacing the same file at once never write the same backup; with the original's permissions."""
    data, mode = inputs.read_bytes(target, MAX_YAML_BYTES), target.stat().st_mode & 0o777
    names = (target.with_name(target.name + (".bak" if n == 1 else f".bak.{n}")) for n in range(1, 1 << 31))
    fd, backup = _create(lambda: next(names), 0o600)
    return _fill(fd, backup, mode, data)


def _fill(fd: int, path: Path, mode: int | None, data: bytes) -> Path:
    """Write `data` to the new file `path` open at `fd`, on the disk when this returns; `mode` given."""
    try:
        with os.fdopen(fd, "wb") as f:
            if mode is not None:
                os.chmod(path, mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _create(name: Callable[[], Path], mode: int) -> tuple[int, Path]:
    """A new file under the first name `name()` gives that no file (nor link) holds yet."""
    while True:
        path = name()
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, mode), path
        except FileExistsError:
            continue


def clean_stale(folder: Path) -> None:
    """Remove the temporary files of drafters killed while writing here: a write takes well under a second,
    so one of drafter's temporary files older than STALE_TEMP_SECONDS has no writer any more."""
    now = time.time()
    try:
        stale = [e for e in os.scandir(folder) if _TEMP.fullmatch(e.name) and e.is_file(follow_symlinks=False)
                 and now - e.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS]
    except OSError:
        return
    for e in stale:
        with suppress(OSError):  # removed meanwhile by another drafter, or not ours to remove
            os.unlink(e.path)


@contextmanager
def editing(target: Path) -> Iterator[None]:
    """Hold `target`'s lock while a command reads, decides and replaces it: a hidden .<name>.lock beside it.

    The lock is the operating system's (flock), released when the process ends however it ends, so a killed
    drafter never blocks the next one. Another drafter holding it is waited for LOCK_TIMEOUT_SECONDS."""
    from filelock import FileLock, Timeout  # here: importing it takes 50 ms, and only writing commands lock

    made: list[Path] = []
    lock_file = target.with_name(f".{target.name}.lock")
    try:
        make_folder(target.parent, made)
    except OSError as e:
        _raise(e)
    lock = FileLock(lock_file, timeout=LOCK_TIMEOUT_SECONDS)
    try:
        lock.acquire()
    except Timeout:
        remove_folders(made)
        raise DrafterError.one(f"另一个 drafter 正在修改这个文件，请稍后再试（已等待 {LOCK_TIMEOUT_SECONDS} 秒）",
                               target) from None
    except OSError as e:
        remove_folders(made)
        _raise(e, target.parent)  # the folder, not the hidden lock file in it
    done = False
    try:
        yield
        done = True
    finally:
        lock.release()
        if not done and made:  # a folder made for a file that was never written: leave nothing behind
            lock_file.unlink(missing_ok=True)
            remove_folders(made)
