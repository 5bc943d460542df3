"""What the buttons do, each by the command it stands for: export, new, import, import --update."""

from __future__ import annotations

import difflib
import secrets
from pathlib import Path
from urllib.parse import quote

from starlette.responses import FileResponse, RedirectResponse, Response

from .. import importer, newyear, pipeline, update
from ..errors import DrafterError, Problem
from ..limits import MAX_DOCUMENT_BYTES
from ..workspace import YEAR_FILE
from . import form, view
from .app import Ctx, Refused
from .pages import load

EXPORTS = ("docx", "pdf")


def _year_url(short: str, year: int, note: str | None = None) -> str:
    return f"/t/{quote(short)}/{year}" + (f"?note={note}" if note else "")


def _note(ctx: Ctx, kind: str, lines: list[str]) -> str:
    return ctx.web.notes.put(secrets.token_urlsafe(12), (kind, lines))


# --- export --------------------------------------------------------------------------------------------------
def export(ctx: Ctx) -> Response:
    """`drafter export` (or `--draft`, `--pdf`): written to exports/ as the CLI writes it, then downloaded."""
    assert ctx.year is not None
    draft, pdf, force = ctx.form.get("kind") == "draft", ctx.form.get("pdf") == "on", ctx.form.get("force") == "on"
    kind = "征求意见稿" if draft else "正式稿"
    try:
        done = pipeline.export_docx(ctx.ws, ctx.town, ctx.year, draft=draft, pdf=pdf, force=force)
    except DrafterError as e:
        return ctx.page("_export.html", 400, kind=kind, problems=_placed(ctx, e.problems), written=[],
                        exists=not force and _exists(ctx, draft), draft=draft, pdf=pdf, warnings=[], notes=[],
                        url=ctx.request.url.path)
    written = [p.name for p in [done.path, *done.extra] if p.is_file()]
    pick = next((n for n in written if n.endswith(".pdf")), written[0]) if pdf else written[0]
    return ctx.page("_export.html", kind=kind, problems=[], written=written, download=pick, exists=False,
                    draft=draft, pdf=pdf, warnings=done.warnings, notes=done.notes, url=ctx.request.url.path)


def _placed(ctx: Ctx, problems: list[Problem]) -> list[tuple[str, str | None]]:
    """Each problem's message and the form field it is at."""
    try:
        loaded, _ = load(ctx)
    except DrafterError:
        return [(str(p), None) for p in problems]
    find = view.place_finder(loaded)
    return [(p.message if p.file == loaded.source.file else str(p),
             find(p.line, p.column) if p.file == loaded.source.file else None) for p in problems]


def _exists(ctx: Ctx, draft: bool) -> bool:
    try:
        rendered = pipeline.build(ctx.ws, ctx.town, ctx.year or 0, draft)
        return pipeline.default_output(ctx.ws, rendered, draft).exists()
    except DrafterError:
        return False


def download(ctx: Ctx) -> Response:
    name = ctx.request.path_params["name"]
    if name.startswith(".") or "/" in name or "\\" in name or name.rsplit(".", 1)[-1].lower() not in EXPORTS:
        raise Refused(404, f"exports/ 中没有可以下载的文件“{name}”")
    path = ctx.ws.inside(ctx.ws.root / pipeline.EXPORT_DIR / name)
    if not path.is_file():
        raise Refused(404, f"exports/ 中没有文件“{name}”：可能已被移走，请重新导出")
    return FileResponse(path, filename=name)


# --- new, import ---------------------------------------------------------------------------------------------
def new_year(ctx: Ctx) -> Response:
    town, year = ctx.form.get("town", ""), _year(ctx.form.get("year", ""))
    summary = newyear.new_year(ctx.ws, town, year)
    lines = [line for line in newyear.describe(summary, town) if not line.startswith("下一步")]
    lines.append("下一步：在下面的表单中逐项填写待填的数字、核对沿用的文字，右边的检查结果会随保存更新。")
    return RedirectResponse(_year_url(summary.path.parent.name, year, _note(ctx, "ok", lines)), 303)


def _year(text: str) -> int:
    if not text.strip().isdigit() or not 1949 <= int(text) <= 2100:
        raise DrafterError.one(f"年度“{text}”不对：请写四位数的年份，如 2024")
    return int(text)


def _document(ctx: Ctx, kinds: tuple[str, ...]) -> Path:
    if ctx.upload is None:
        raise Refused(400, "请先选择要上传的文件")
    if ctx.upload.suffix.lower() not in kinds:
        raise Refused(400, f"“{ctx.upload.name}”不是{'或'.join(kinds)}文件：请上传 Word 文档（.docx）"
                           + ("或从 PDF 复制出的文字（.txt）" if ".txt" in kinds else ""))
    if ctx.upload.stat().st_size > MAX_DOCUMENT_BYTES:
        raise Refused(413, f"“{ctx.upload.name}”太大：报告文件最多 {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
    return ctx.upload


def import_report(ctx: Ctx) -> Response:
    document = _document(ctx, (".docx", ".txt"))
    town = ctx.form.get("town", "").strip() or None
    year = _year(ctx.form["year"]) if ctx.form.get("year", "").strip() else None
    summary = importer.import_report(ctx.ws, document, town=town, year=year, force=ctx.form.get("force") == "on")
    m = YEAR_FILE.match(summary.path.name)
    note = _note(ctx, "ok", importer.describe(summary))
    return RedirectResponse(_year_url(summary.path.parent.name, int(m.group(1)) if m else 0, note), 303)


# --- bringing Word edits back ----------------------------------------------------------------------------------
def update_upload(ctx: Ctx) -> Response:
    """`import --update`: the changes listed, each to accept or reject; nothing written yet."""
    document = _document(ctx, (".docx",))
    plan = update.plan(ctx.ws, document, ctx.town if ctx.town_dir else None, ctx.year)
    key = ctx.web.plans.put(secrets.token_urlsafe(12), plan)
    short, year = plan.file.parent.name, int(plan.file.stem)
    return RedirectResponse(f"{_year_url(short, year)}/changes/{key}", 303)


def _plan(ctx: Ctx) -> update.Plan:
    plan = ctx.web.plans.get(ctx.request.path_params["plan"])
    if plan is None or ctx.town_dir is None or plan.file != ctx.town_dir.year_file(ctx.year or 0):
        raise Refused(404, "这份修改清单已不在了（drafter 重新启动过，或清单太旧）：请重新上传修改稿")
    return plan


def update_review(ctx: Ctx) -> Response:
    plan = _plan(ctx)
    changes = [(i, form.describe_path(c.path), c.line, marked(c.before, c.after), form.field_name(c.path))
               for i, c in enumerate(plan.changes)]
    return ctx.page("changes.html", town=ctx.town, year=ctx.year, plan=plan, changes=changes,
                    key=ctx.request.path_params["plan"])


def update_apply(ctx: Ctx) -> Response:
    plan = _plan(ctx)
    chosen = {int(v) for k, v in ctx.pairs if k == "accept" and v.isdigit()}
    accepted = [c for i, c in enumerate(plan.changes) if i in chosen]
    if accepted:
        update.apply(update.Plan(plan.file, plan.original, accepted))
    left = len(plan.changes) - len(accepted)
    lines = [f"已写入 {len(accepted)} 处修改" + (f"，没有接受的 {left} 处未写入" if left else "") + "（注释和顺序保持不变）"
             if accepted else "没有接受任何修改，文件未动"]
    return RedirectResponse(_year_url(ctx.town, ctx.year or 0, _note(ctx, "ok", lines)), 303)


def marked(before: str, after: str) -> list[tuple[str, str]]:
    """The two texts as runs: ("same", …), ("del", …) only before, ("ins", …) only after."""
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", before[a1:a2]))
            continue
        if a2 > a1:
            out.append(("del", before[a1:a2]))
        if b2 > b1:
            out.append(("ins", after[b1:b2]))
    return out
