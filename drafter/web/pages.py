"""The pages: the towns, a year's form and its saving, the preview and its page pictures."""

from __future__ import annotations

import hashlib
import secrets

from starlette.responses import FileResponse, Response

from .. import check, inputs, pipeline, yamledit, yamlio
from ..errors import DrafterError
from ..limits import MAX_YAML_BYTES
from ..word import pdf as pdf_module
from ..workspace import Loaded
from . import form, view
from .app import Ctx, Refused

CHANGED = "这个文件在你打开页面之后被改动过（在文本编辑器或另一个标签页中），你的修改没有写入"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def towns(ctx: Ctx) -> Response:
    return ctx.page("towns.html", rows=view.towns(ctx.ws), root=ctx.ws.root, notice=_note(ctx))


def _note(ctx: Ctx) -> tuple[str, list[str]] | None:
    return ctx.web.notes.get(ctx.request.query_params.get("note", ""))


def load(ctx: Ctx) -> tuple[Loaded, bytes]:
    """The year as the page shows it, and the very bytes it was read from (the version the page carries)."""
    assert ctx.town_dir is not None and ctx.year is not None
    file = ctx.town_dir.year_file(ctx.year)
    for _ in range(3):
        before = inputs.read_bytes(file, MAX_YAML_BYTES) if file.exists() else b""
        loaded = ctx.ws.load(ctx.town, ctx.year)
        if inputs.read_bytes(file, MAX_YAML_BYTES) == before:
            ctx.web.versions.put(digest(before), before)
            return loaded, before
    raise DrafterError.one("这个文件正在被反复改写，请稍后刷新页面", file)


def year(ctx: Ctx) -> Response:
    try:
        loaded, raw = load(ctx)
    except DrafterError as e:
        if ctx.town_dir is None or not ctx.town_dir.year_file(ctx.year or 0).exists():
            raise
        return _broken(ctx, e)
    return ctx.page("year.html", v=view.year(ctx.ws, loaded), version=digest(raw), errors={}, conflict=None,
                    notice=_note(ctx))


def _broken(ctx: Ctx, e: DrafterError) -> Response:
    """A year file the form cannot show (a syntax slip made in an editor): what is wrong, where."""
    result = check.check_year(ctx.ws, ctx.town, ctx.year or 0)
    lines = [str(f) for f in result.findings if f.level == "错误"] or [str(p) for p in e.problems]
    return ctx.page("message.html", 200, title=f"{ctx.town} {ctx.year} 年度：年度文件有错误", lines=[
        "年度文件有错误，网页暂时无法显示表单。请在文本编辑器中按下面的提示改正，保存后刷新本页：", *lines])


def save(ctx: Ctx) -> Response:
    assert ctx.town_dir is not None and ctx.year is not None
    file = ctx.town_dir.year_file(ctx.year)
    tree = form.read_tree(ctx.pairs)
    posted = ctx.form.get("version", "")
    loaded, current = load(ctx)
    if digest(current) != posted:
        return _conflict(ctx, loaded, tree, current, posted)
    e = form.edits(tree, loaded.source.data, file)
    if e.errors:
        notice = ("error", [f"有 {len(e.errors)} 处填写有误，没有保存（文件未作任何改动）：请按字段旁的红字改正后再保存"])
        return ctx.page("_year.html", 422, v=view.year(ctx.ws, loaded, tree), version=posted, errors=e.errors,
                        conflict=None, notice=notice)
    try:
        written = yamledit.rewrite(file, current, lambda doc: yamledit.merge(doc, e.desired), CHANGED)
    except yamledit.Changed:
        loaded, current = load(ctx)
        return _conflict(ctx, loaded, tree, current, posted)
    loaded, raw = load(ctx)
    v = view.year(ctx.ws, loaded)
    said = "已保存" if written != current else "没有修改，文件未动"
    notice = ("ok", [f"{said}。检查：{v.errors} 个错误、{v.warnings} 个警告"])
    return ctx.page("_year.html", v=v, version=digest(raw), errors={}, conflict=None, notice=notice)


def _conflict(ctx: Ctx, loaded: Loaded, tree: dict, current: bytes, posted: str) -> Response:
    """Both versions, where they differ: the clerk's form and the file as it is now. Nothing is written."""
    file = loaded.source.file
    base = yamlio.loads((ctx.web.versions.get(posted) or current).decode("utf-8"), file).data
    mine = form.edits(tree, base, file).after
    rows = form.differences(mine, loaded.source.data, base)
    notice = ("conflict", [f"{CHANGED}，以免覆盖那些改动。下表并列两边不同的地方；"
                           "点“载入文件中的版本”后，按表中“你填写的”重新修改再保存。"])
    return ctx.page("_year.html", 409, v=view.year(ctx.ws, loaded, tree), version=posted, errors={},
                    conflict=rows, notice=notice)


def preview(ctx: Ctx) -> Response:
    assert ctx.year is not None
    rendered = pipeline.build(ctx.ws, ctx.town, ctx.year, draft=True)
    return ctx.page("preview.html", town=ctx.town, year=ctx.year, paragraphs=view.preview(rendered.blocks),
                    classes=view.ROLE_CLASS, soffice=pdf_module.soffice() is not None)


def pictures(ctx: Ctx) -> Response:
    """The pages as LibreOffice lays them out (`export --png`), written outside the workspace and shown."""
    assert ctx.year is not None
    if pdf_module.soffice() is None:
        raise Refused(400, f"生成页面图片需要 LibreOffice，但没有找到 soffice。{pdf_module.INSTALL_HINT}")
    folder = ctx.web.scratch()
    done = pipeline.export_docx(ctx.ws, ctx.town, ctx.year, folder / "预览.docx", draft=True, png=True, force=True)
    pngs = [p for p in done.extra if p.suffix == ".png"]
    key = ctx.web.pictures.put(secrets.token_urlsafe(12), pngs)
    return ctx.page("_pictures.html", key=key, count=len(pngs), notes=done.notes)


def picture(ctx: Ctx) -> Response:
    pngs = ctx.web.pictures.get(ctx.request.path_params["key"]) or []
    n = ctx.request.path_params["n"]
    if not 1 <= n <= len(pngs):
        raise Refused(404, "这张页面图片已不在了：请重新生成页面图片")
    return FileResponse(pngs[n - 1], media_type="image/png")
