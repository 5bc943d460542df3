"""Running the web app: on 127.0.0.1 only, on a socket bound before anything starts, the browser opened."""

from __future__ import annotations

import errno
import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

import uvicorn

from ..errors import DrafterError
from .app import create_app

HOST = "127.0.0.1"


def bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise DrafterError.one(f"端口 {port} 已被占用（可能已有一个 drafter serve 在运行）。"
                                   f"请换一个端口，如 drafter serve --port {8080 if port != 8080 else 8081}") from None
        raise DrafterError.one(f"无法使用端口 {port}：{e.strerror}。请换一个端口，如 --port 8080") from None
    sock.listen(64)
    return sock


def run(root: Path, port: int, open_browser: bool, say: Callable[[str], None]) -> None:
    if not root.is_dir():
        raise DrafterError.one(f"工作目录 {root} 不存在。请用 --root 指定含 towns/ 的文件夹")
    sock = bind(port)
    app = create_app(root)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    url = f"http://{HOST}:{sock.getsockname()[1]}/"
    say(f"drafter 网页已启动：{url}（工作目录 {root.resolve()}）。按 Ctrl+C 停止。")
    if open_browser:
        threading.Thread(target=_open_when_up, args=(server, url), daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        app.state.web.tmp.cleanup()
        say("drafter 网页已停止。")


def _open_when_up(server: uvicorn.Server, url: str) -> None:
    for _ in range(100):
        if server.started:
            webbrowser.open(url)
            return
        time.sleep(0.05)
