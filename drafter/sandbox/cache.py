"""Compiled templates and texts kept on disk between runs: compiling them is most of a cold export's time.

Each template file and each YAML text with {{ }} is Jinja source that the sandbox's code generator turns into
Python code. The code is kept in the user's cache folder (DRAFTER_CACHE_DIR, else XDG_CACHE_HOME/drafter, else
~/.cache/drafter), in a subfolder named for everything that shapes it: drafter's version and code generator,
Jinja's version and Python's. An entry is found by the source's own digest, so an edited text or template is
compiled afresh; a cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import sys
from pathlib import Path
from types import CodeType

import jinja2
from jinja2.bccache import Bucket

from .. import __version__


@functools.cache
def folder() -> Path | None:
    base = os.environ.get("DRAFTER_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache",
                                                        "drafter")
    generator = (Path(__file__).with_name("environment.py")).read_bytes()
    salt = hashlib.sha256(b"\0".join([__version__.encode(), jinja2.__version__.encode(),
                                      sys.implementation.cache_tag.encode(), generator])).hexdigest()[:16]
    path = Path(base, salt)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path


class _Bytecode(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache for template files, quiet when the folder is not usable."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode() -> jinja2.BytecodeCache | None:
    path = folder()
    return _Bytecode(str(path)) if path else None


def compiled(env: jinja2.Environment, source: str) -> CodeType:
    """`env.compile(source)`, from the cache when it has it; a source that does not compile raises as usual."""
    path = folder()
    file = path / f"text-{hashlib.sha256(source.encode('utf-8')).hexdigest()}.code" if path else None
    if file is not None:
        try:
            return marshal.loads(file.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
    code = env.compile(source)
    if file is not None:
        tmp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(marshal.dumps(code))
            os.replace(tmp, file)
        except OSError:
            tmp.unlink(missing_ok=True)
    return code
