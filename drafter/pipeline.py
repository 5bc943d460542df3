"""The pipeline, end to end: read -> model -> render -> write. The CLI calls these; nothing here prints."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import files, render, rules, text_writer
from .blocks import Block
from .errors import DrafterError, Problem
from .limits import MAX_FILE_NAME_BYTES, PREVIEW_DPI
from .word import fonts as font_stand_ins
from .word import gbt9704 as gb
from .word import pdf as pdf_module
from .word import stamp, writer
from .workspace import Loaded, Workspace

EXPORT_DIR = "exports"


@dataclass(frozen=True)
class Rendered:
    loaded: Loaded
    blocks: list[Block]
    warnings: list[rules.Finding]  # what the review rules warn about; none for a draft, still being written

    @property
    def title(self) -> str:
        return next((b.text.replace(" ", "") for b in self.blocks if b.role == "标题"), "")


def build(ws: Workspace, town: str, year: int, draft: bool = False) -> Rendered:
    """Read, review and render one town-year. The same rules as `drafter check`: an error stops a final
    report; a draft is stopped only by errors it cannot show in the document."""
    loaded = ws.load(town, year)
    resolved = render.resolve(loaded, draft)
    findings = rules.review(loaded, resolved, [r for r in loaded.town.checks_off if rules.can_switch_off(r)])
    errors = [f for f in findings if f.level == rules.ERROR and not (draft and rules.RULES[f.rule].draft_shows)]
    if errors:
        errors.sort(key=lambda f: (f.line or 0, f.column or 0))  # no group headings here: in file order
        unfinished = sum(rules.RULES[f.rule].draft_shows for f in errors)
        if unfinished == len(errors):
            tail = (f"以上 {len(errors)} 处还没有完成。完成后再导出正式稿；"
                    "如需先发出征求意见，请加 --draft 导出征求意见稿（待填处高亮、未核对处加批注）")
        elif unfinished:
            tail = f"其中 {unfinished} 处是还没有完成的内容；改正其余的错误后，可先加 --draft 导出征求意见稿"
        raise DrafterError([f.as_problem() for f in errors] + ([Problem(tail)] if unfinished else []))
    warnings = [] if draft else [f for f in findings if f.level == rules.WARNING]
    return Rendered(loaded, render.render(ws, loaded, resolved.context), warnings)


def preview(ws: Workspace, town: str, year: int, draft: bool = False) -> str:
    return text_writer.to_text(build(ws, town, year, draft).blocks)


DRAFT_SUFFIX = f"（{gb.DRAFT_MARK}）"


_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def default_output(ws: Workspace, rendered: Rendered, draft: bool = False) -> Path:
    """exports/<title>.docx; characters a file name cannot hold (a "/" in a title) become "_", and a title
    too long for a file name is cut."""
    name = _UNSAFE_IN_NAMES.sub("_", rendered.title).lstrip(".") or str(rendered.loaded.year)
    suffix = f"{DRAFT_SUFFIX if draft else ''}.docx"
    name = files.cut(name, MAX_FILE_NAME_BYTES - len(suffix.encode("utf-8")))
    return ws.inside(ws.root / EXPORT_DIR / f"{name}{suffix}")


@dataclass(frozen=True)
class Exported:
    path: Path
    warnings: list[str]  # what `drafter check` would warn about; the document was written all the same
    extra: list[Path] = field(default_factory=list)  # the PDF and page pictures, when asked for
    notes: list[str] = field(default_factory=list)  # what the PDF shows differently from Word, a line each


def export_docx(ws: Workspace, town: str, year: int, output: Path | None = None, *, force: bool = False,
                draft: bool = False, strict: bool = False, pdf: bool = False, png: bool = False,
                fonts: str | None = None, dpi: int = PREVIEW_DPI, rendered: Rendered | None = None) -> Exported:
    """Write the report; refuses to replace an existing file unless `force`, and with `strict` refuses
    a report the checks warn about."""
    rendered = rendered or build(ws, town, year, draft)  # export --all builds first, to know the file's name
    if not draft:  # a final report's warnings follow the town's rule set: one it cannot have is an error
        rules.switched_off(rendered.loaded.town_dir.town_file, rendered.loaded.town)
    warnings = [f"{f}（{f.rule}）".replace(f"{f.level}: ", "") for f in rendered.warnings]
    if strict and warnings:
        raise DrafterError([Problem(w) for w in warnings] + [Problem(
            f"检查发现 {len(warnings)} 个警告，按 --strict 不导出。改正后再导出，或去掉 --strict")])
    target = output if output is not None else default_output(ws, rendered, draft)
    if target.suffix.lower() != ".docx":
        raise DrafterError.one(f"输出文件应以 .docx 结尾：{target}")
    if target.is_dir():
        raise DrafterError.one(f"输出路径是一个文件夹，请写出文件名，如 {target / '报告.docx'}")
    pdf_target = target.with_suffix(".pdf")
    pages = target.parent / f"{target.stem}-页面"
    if output is None:  # what -o names is the user's choice; exports/ is the workspace's
        pdf_target, pages = ws.inside(pdf_target), ws.inside(pages)
    for path in [target] + ([pdf_target] if pdf or png else []) + ([pages] if png else []):
        if path.exists() and not force and (not path.is_dir() or any(path.iterdir())):
            raise DrafterError.one(f"文件已存在：{path}。如要覆盖，请加 --force；或用 -o 指定另一个文件名")
    if (pdf or png) and pdf_module.soffice() is None:
        raise DrafterError.one(f"导出 PDF 需要 LibreOffice，但没有找到 soffice。{pdf_module.INSTALL_HINT}")
    author = "、".join(rendered.loaded.town.organ) or rendered.loaded.town.name
    town = rendered.loaded.town
    profile = gb.fonts_for(fonts or town.fonts, town.latin_times)
    document = writer.build(rendered.blocks, profile, author=author, mark=gb.DRAFT_MARK if draft else None)
    loaded = rendered.loaded  # which YAML the document came from: `import --update` compares with it
    stamp.write(document, town.name, loaded.town_dir.short, loaded.year, loaded.source.data, loaded.source.sha256)
    data = writer.to_bytes(document)
    if output is not None and not target.parent.is_dir():
        raise DrafterError.one(f"输出文件夹不存在：{target.parent}。请先建立该文件夹，或换一个输出路径")
    files.write(target, data)
    extra: list[Path] = []
    notes: list[str] = []
    if pdf or png:
        comments = sum(1 for b in rendered.blocks if b.notes)
        stand_ins = pdf_module.to_pdf(data, pdf_target, profile.chinese(), comments=comments > 0)
        if stand_ins:
            notes.append(font_stand_ins.describe(stand_ins))
        extra.append(pdf_target)
        if png:
            pages.mkdir(exist_ok=True)
            extra.extend(pdf_module.to_png(pdf_target, pages, dpi))
        if comments:
            notes.append(f"征求意见稿的 {comments} 处批注在 PDF 中是注释：在 PDF 阅读器中点页面上的批注图标查看"
                         "（页面图片上只有图标）")
    return Exported(target, warnings, extra, notes)
