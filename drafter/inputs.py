"""Reading any input file (YAML, .docx, .txt): regular files only, never more than a limit.

A FIFO, a device (/dev/zero) or a folder is refused before a byte is read, so no command blocks on a pipe
or reads until memory runs out; a file that grows while being read is cut off at the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import DrafterError


def read_bytes(file: Path, limit: int) -> bytes:
    """The whole of `file`, a regular file of at most `limit` bytes."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; a regular file reads the same either way
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise DrafterError.one("找不到这个文件：请检查文件名和所在的文件夹", file) from None
    except OSError as e:
        raise DrafterError.one(f"无法读取文件：{e.strerror}", file) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        kind = ("文件夹" if stat.S_ISDIR(st.st_mode)
                else "管道或设备" if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode) else "特殊文件")
        raise DrafterError.one(f"这不是普通文件，而是{kind}：请指定保存在磁盘上的文件", file)
    with os.fdopen(fd, "rb") as f:
        data = f.read(limit + 1) if st.st_size <= limit else b""
    if st.st_size > limit or len(data) > limit:
        size = max(st.st_size, len(data)) / 1024 / 1024
        raise DrafterError.one(
            f"文件有 {size:.1f} MB，超过 {limit / 1024 / 1024:g} MB：这不像是报告的文件，请检查是否选错了文件", file)
    return data
