"""The web app: routes, and the one place every request passes through.

`endpoint` wraps every handler: it reads a POST's body within its size limit, refuses one without the page's
CSRF token, and resolves the workspace, town and year the URL names (a town only by its name among the
workspace's towns; every file through files.inside), so accounts could later check a user's towns here. The
handler then runs in a worker thread: drafter's functions are synchronous, and LibreOffice takes seconds.
"""

from __future__ import annotations

import hmac
import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import files
from ..errors import DrafterError
from ..limits import MAX_DOCUMENT_BYTES, MAX_FORM_BYTES, MAX_FORM_FIELDS, MAX_UPLOAD_OVERHEAD, WEB_KEPT
from ..workspace import TownDir, Workspace
from . import view

HERE = Path(__file__).parent
HOSTS = ("127.0.0.1", "localhost")  # the Host header too: a page elsewhere may not reach this server by a name of its own


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class Kept:
    """The last WEB_KEPT things of a kind (versions of a file, plans, page pictures, messages), by key."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: str, value: Any) -> str:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > WEB_KEPT:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> Any:
        with self._lock:
            return self._items.get(key)


@dataclass
class Ctx:
    """One request, resolved: what a handler works on."""

    web: Web
    request: Request
    ws: Workspace
    form: dict[str, str] = field(default_factory=dict)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    upload: Path | None = None  # an uploaded document, saved under its own (cleaned) name
    town_dir: TownDir | None = None
    year: int | None = None

    @property
    def town(self) -> str:
        assert self.town_dir is not None
        return self.town_dir.short

    def page(self, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        return self.web.page(name, status, **values)

    def discard(self) -> None:
        """The uploaded document's scratch folder, gone."""
        if self.upload is not None:
            shutil.rmtree(self.upload.parent, ignore_errors=True)
            self.upload = None


class Web:
    def __init__(self, root: Path):
        self.root = root
        self.csrf = secrets.token_urlsafe(32)
        self.versions, self.plans, self.pictures, self.notes = Kept(), Kept(), Kept(), Kept()
        self.tmp = tempfile.TemporaryDirectory(prefix="drafter-web-")
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                      trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        self.env.globals.update(csrf=self.csrf, quote=quote, shown=view.shown)

    def page(self, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**values), status)

    def message(self, request: Request, status: int, lines: list[str]) -> HTMLResponse:
        """What went wrong: a notice in place for a request from the page's script, else a page of its own."""
        name = "_message.html" if request.headers.get("HX-Request") == "true" else "message.html"
        return self.page(name, status, title="未能完成", lines=lines)

    def scratch(self) -> Path:
        return Path(tempfile.mkdtemp(dir=self.tmp.name))

    async def context(self, request: Request, upload: bool) -> Ctx:
        ctx = Ctx(self, request, Workspace(self.root))
        try:
            return await self._resolve(request, ctx, upload)
        except BaseException:  # refused (a foreign page's upload without the token): nothing of it stays
            ctx.discard()
            raise

    async def _resolve(self, request: Request, ctx: Ctx, upload: bool) -> Ctx:
        if request.method == "POST":
            if upload:
                await self._upload(request, ctx)
            else:
                body = await request.body()
                try:
                    ctx.pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True,
                                          max_num_fields=MAX_FORM_FIELDS)
                except (UnicodeDecodeError, ValueError):
                    raise Refused(400, "表单内容无法读取（字段太多或编码不对）：请刷新页面后重试") from None
                ctx.form = dict(ctx.pairs)
            token = request.headers.get("X-CSRF-Token") or ctx.form.get("csrf", "")
            if not hmac.compare_digest(token.encode(), self.csrf.encode()):
                raise Refused(403, "这个请求没有带本页面的安全令牌，未作任何改动。请从 drafter 的页面上操作；"
                                   "如果页面是 drafter 重新启动之前打开的，请刷新后再试")
        town = request.path_params.get("town")
        if town is not None:
            ctx.town_dir = ctx.ws.find_town(town)
            ctx.ws.inside(ctx.town_dir.path)
        ctx.year = request.path_params.get("year")
        return ctx

    async def _upload(self, request: Request, ctx: Ctx) -> None:
        try:
            data = await request.form(max_files=1, max_fields=20, max_part_size=64 * 1024)
        except Refused:
            raise
        except Exception as e:  # multipart's own errors: a malformed upload, too many parts
            raise Refused(400, f"上传的内容无法读取：{e}。请重新选择文件上传") from None
        for key, value in data.multi_items():
            if isinstance(value, UploadFile):
                name = Path(value.filename or "").name.replace("\x00", "")
                if not name or name.startswith("."):
                    continue
                folder = self.scratch()
                suffix = Path(name).suffix[:16]
                ctx.upload = folder / (files.cut(name[: len(name) - len(suffix)], 150) + suffix)
                ctx.upload.write_bytes(await value.read())
            else:
                ctx.form[key] = value
        await data.close()


def endpoint(handler: Callable[[Ctx], Response], upload: bool = False) -> Callable:
    async def run(request: Request) -> Response:
        web: Web = request.app.state.web
        try:
            ctx = await web.context(request, upload)
            try:
                return await run_in_threadpool(handler, ctx)
            finally:
                ctx.discard()  # an upload is read by its handler and kept nowhere
        except Refused as r:
            return web.message(request, r.status, [r.message])
        except DrafterError as e:
            return web.message(request, 404 if request.method == "GET" else 400, [str(p) for p in e.problems])
    return run


class BodyLimit:
    """Refuses a request body over its limit before reading it, and stops reading one that grows past it:
    an upload may hold a report (MAX_DOCUMENT_BYTES, the importer's limit), any other form a year's fields."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        upload = scope["path"].endswith(("/import", "/update", "/upload"))
        limit = MAX_DOCUMENT_BYTES + MAX_UPLOAD_OVERHEAD if upload else MAX_FORM_BYTES
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await _too_large(scope, receive, send, limit, upload)
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise Refused(413, _too_large_text(limit, upload))
            return message

        return await self.app(scope, counted, send)


def _too_large_text(limit: int, upload: bool) -> str:
    if upload:
        return (f"上传的文件太大（超过 {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB）：一份报告的 Word 文件只有几十 KB，"
                "带照片也只有几 MB。请确认选的是报告本身；照片很多时，可在 Word 中压缩图片后再上传")
    return f"提交的内容太大（超过 {limit // (1024 * 1024)} MB），这不是一个年度的表单：未作任何改动"


async def _too_large(scope: dict, receive: Callable, send: Callable, limit: int, upload: bool) -> None:
    web: Web = scope["app"].state.web
    response = web.message(Request(scope), 413, [_too_large_text(limit, upload)])
    response.headers["Connection"] = "close"
    await response(scope, receive, send)


def create_app(root: Path) -> Starlette:
    from . import actions, pages

    routes = [
        Route("/", endpoint(pages.towns)),
        Route("/new", endpoint(actions.new_year), methods=["POST"]),
        Route("/import", endpoint(actions.import_report, upload=True), methods=["POST"]),
        Route("/update", endpoint(actions.update_upload, upload=True), methods=["POST"]),
        Route("/t/{town}/{year:int}", endpoint(pages.year)),
        Route("/t/{town}/{year:int}/save", endpoint(pages.save), methods=["POST"]),
        Route("/t/{town}/{year:int}/preview", endpoint(pages.preview)),
        Route("/t/{town}/{year:int}/pictures", endpoint(pages.pictures), methods=["POST"]),
        Route("/t/{town}/{year:int}/export", endpoint(actions.export), methods=["POST"]),
        Route("/t/{town}/{year:int}/update", endpoint(actions.update_upload, upload=True), methods=["POST"]),
        Route("/t/{town}/{year:int}/changes/{plan}", endpoint(actions.update_review)),
        Route("/t/{town}/{year:int}/changes/{plan}", endpoint(actions.update_apply), methods=["POST"]),
        Route("/pictures/{key}/{n:int}", endpoint(pages.picture)),
        Route("/exports/{name}", endpoint(actions.download)),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[
        Middleware(TrustedHostMiddleware, allowed_hosts=list(HOSTS), www_redirect=False),
        Middleware(BodyLimit),
        Middleware(_Headers),
    ])
    app.state.web = Web(root)
    return app


class _Headers:
    """No framing by other pages, no guessing of content types, and scripts only from this server."""

    HEADERS = [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer"),
               (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                                            b"form-action 'self'; base-uri 'none'")]

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + self.HEADERS
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)
