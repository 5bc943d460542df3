"""The command line: thin click commands over drafter's library functions. Nothing imports this module."""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from ..errors import DrafterError
from ..limits import MAX_JOBS, PREVIEW_DPI, PREVIEW_DPI_MAX, PREVIEW_DPI_MIN
from .zh_click import CONTEXT, EXIT_USER, Group, help_option


def _workspace(ctx: click.Context):
    from ..workspace import Workspace

    return Workspace(ctx.obj["root"])


YEAR = click.IntRange(1949, 2100)


def _town_year(required: bool = True, town_help: str = "镇街简称或全称，如 辛口 或 辛口镇",
               year_help: str = "报告年度，如 2024"):
    def add(f):
        f = click.option("--year", "-y", type=YEAR, required=required, metavar="年度", help=year_help)(f)
        return click.option("--town", "-t", required=required, metavar="镇街", help=town_help)(f)

    return add


@click.group(cls=Group, context_settings=CONTEXT,
             help="起草乡镇（街道）年度法治政府建设情况报告：YAML 数据 + 模板 → GB/T 9704-2012 格式的 Word 文档。")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), metavar="目录",
              show_default="当前文件夹", help="工作目录：含 towns/ 和 templates/ 的文件夹")
@click.version_option(__version__, "-V", "--version", prog_name="drafter", message="%(prog)s %(version)s",
                      help="显示版本号并退出")
@help_option
@click.pass_context
def cli(ctx: click.Context, root: Path) -> None:
    ctx.obj = {"root": root}


@cli.command(help="导出 Word 文档（GB/T 9704-2012 格式），并显示文件路径；--all 导出所有镇街。")
@_town_year(required=False, town_help="镇街简称或全称，如 辛口 或 辛口镇（不用 --all 时必填）",
            year_help="报告年度，如 2024（不用 --all 时必填；与 --all 同用时只导出这一年度）")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="文件",
              help="输出文件（.docx）；默认写到工作目录的 exports/ 下，以报告标题命名。与 --all 同用时是输出文件夹")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它")
@click.option("--draft", is_flag=True, help="导出征求意见稿：待填的数字高亮显示，沿用上年未核对的文字加批注")
@click.option("--strict", is_flag=True, help="有检查警告时不导出")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 导出 PDF（与 Word 文件同名）")
@click.option("--png", "--preview", "png", is_flag=True, help="同时导出 PDF 和每页的 PNG 图片，便于快速查看")
@click.option("--dpi", type=click.IntRange(PREVIEW_DPI_MIN, PREVIEW_DPI_MAX), metavar="点数",
              help=f"页面图片的分辨率（每英寸点数，{PREVIEW_DPI_MIN}–{PREVIEW_DPI_MAX}），默认 {PREVIEW_DPI}；给出时即导出图片")
@click.option("--fonts", type=click.Choice(["gb", "windows"]), metavar="gb|windows",
              help="字体方案，覆盖 town.yaml 的 fonts：gb（GB 字体）或 windows（每台 Windows 都有的字体）")
@click.option("--all", "all_", is_flag=True, help="导出工作目录中所有镇街的所有年度（或 --year 指定的年度），最后列表说明每一份")
@click.option("--jobs", "-j", type=click.IntRange(1, MAX_JOBS), metavar="个数",
              help="与 --all 同用：同时导出的进程数，默认为 CPU 核数")
@help_option
@click.pass_context
def export(ctx: click.Context, town: str | None, year: int | None, output: Path | None, force: bool, draft: bool,
           strict: bool, pdf: bool, png: bool, dpi: int | None, fonts: str | None, all_: bool,
           jobs: int | None) -> None:
    from .. import pipeline

    if all_:
        if town is not None or png or dpi is not None:
            raise click.UsageError("--all 导出所有镇街，不能与 --town、--png、--dpi 同用", ctx)
        district.export_all(ctx, year, output, jobs, force=force, draft=draft, strict=strict, pdf=pdf, fonts=fonts)
        return
    if jobs is not None:
        raise click.UsageError("--jobs 只能与 --all 同用", ctx)
    for param in ctx.command.params:  # required unless --all: click's own message, as when they were required
        if param.name in ("town", "year") and ctx.params[param.name] is None:
            raise click.MissingParameter(ctx=ctx, param=param)
    result = pipeline.export_docx(_workspace(ctx), town, year, output, force=force, draft=draft, strict=strict,
                                  pdf=pdf, png=png or dpi is not None, fonts=fonts, dpi=dpi or PREVIEW_DPI)
    for warning in result.warnings:
        click.echo(f"警告：{warning}", err=True)
    for note in result.notes:
        click.echo(f"提示：{note}", err=True)
    click.echo(str(result.path))
    for path in result.extra:
        click.echo(str(path))


@cli.command(help="起草新年度的 YAML：沿用最近一年（或 --from 指定年度）的内容，数字清空待填，文字标为待核对。")
@_town_year()
@click.option("--from", "from_year", type=YEAR, metavar="年度",
              help="沿用哪一年度的报告；默认为此前最近的一年")
@click.option("--force", is_flag=True, help="目标年度文件已存在时重新生成（原文件另存为 .bak）")
@click.option("--district", metavar="区县", help="新建镇街时：所属区县，如 西青区")
@click.option("--name", metavar="全称", help="新建镇街时：镇街全称，如 新安镇")
@help_option
@click.pass_context
def new(ctx: click.Context, town: str, year: int, from_year: int | None, force: bool, district: str | None,
        name: str | None) -> None:
    from .. import newyear

    summary = newyear.new_year(_workspace(ctx), town, year, from_year=from_year, force=force, district=district,
                               name=name)
    click.echo("\n".join(newyear.describe(summary, town)))


@cli.command(help="检查年度文件：找出审阅者会指出的问题，列出文件:行:列。")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@_town_year(required=False)
@click.option("--all", "all_", is_flag=True, help="检查工作目录中所有镇街的所有年度")
@click.option("--strict", is_flag=True, help="有警告也以退出码 1 结束")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式：text（文字）或 json（供其他程序读取）")
@click.option("--rules", is_flag=True, help="列出全部检查规则")
@help_option
@click.pass_context
def check(ctx: click.Context, file: Path | None, town: str | None, year: int | None, all_: bool, strict: bool,
          fmt: str, rules: bool) -> None:
    import json

    from .. import check as checker

    if rules:
        click.echo(checker.format_rules(), nl=False)
        return
    chosen = sum([file is not None, town is not None or year is not None, all_])
    if chosen != 1 or (town is None) != (year is None):
        raise click.UsageError("请指定一个文件、--town 和 --year，或 --all 三者之一", ctx)
    if all_:
        result = checker.check_all(_workspace(ctx))
    elif file is not None:
        result = checker.check_path(file)
    else:
        result = checker.check_year(_workspace(ctx), town, year)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(checker.format_text(result), nl=False)
    if result.errors or (strict and result.warnings):
        ctx.exit(EXIT_USER)


@cli.command(help="输出年度文件（或 --town：镇街文件）的 JSON Schema，供编辑器检查和补全。")
@click.option("--town", "town_file", is_flag=True, help="输出 town.yaml 的 Schema")
@help_option
def schema(town_file: bool) -> None:
    from .. import schema as schemas

    click.echo(schemas.dumps("town" if town_file else "year"), nl=False)


@cli.command("import", help="导入已有的报告（.docx 或从 PDF 复制出的 .txt），生成年度 YAML。")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_town_year(required=False, town_help="镇街简称；默认从标题读出", year_help="报告年度；默认从标题读出")
@click.option("--dry-run", is_flag=True, help="只显示识别结果，不写文件")
@click.option("--force", is_flag=True, help="年度文件已存在时替换它（原文件另存为 .bak）")
@click.option("--update", is_flag=True, help="把在 Word 中修改过的报告带回已有的年度 YAML：先列出每处修改，确认后写入")
@click.option("--yes", is_flag=True, help="与 --update 同用：不再询问，直接写入")
@help_option
@click.pass_context
def import_(ctx: click.Context, file: Path, town: str | None, year: int | None, dry_run: bool, force: bool,
            update: bool, yes: bool) -> None:
    from ..importer import describe, import_report

    if update:
        from .. import update as updater

        updater.check_target(file)
        plan = updater.plan(_workspace(ctx), file, town, year)
        click.echo("\n".join(updater.describe(plan)))
        if not plan.changes:
            return
        if dry_run:
            click.echo(f"（--dry-run：以上 {len(plan.changes)} 处修改未写入）")
            return
        if not yes and not click.confirm(f"把以上 {len(plan.changes)} 处修改写入 {plan.file}？", default=False):
            click.echo("未写入任何修改。")
            ctx.exit(EXIT_USER)
        updater.apply(plan)
        click.echo(f"已写入 {plan.file}（{len(plan.changes)} 处修改；注释和顺序保持不变）")
        return

    summary = import_report(_workspace(ctx), file, town=town, year=year, dry_run=dry_run, force=force)
    click.echo("\n".join(describe(summary)))


@cli.command(help="按 GB/T 9704-2012 检查任何一份 Word 报告（.docx）的格式，列出条款和所在段落。")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@help_option
@click.pass_context
def lint(ctx: click.Context, file: Path) -> None:
    from ..word import lint as linter

    findings = linter.lint(file)
    click.echo("\n".join(linter.describe(findings)))
    if any(f.violation for f in findings):
        ctx.exit(EXIT_USER)


@cli.command(help="在终端里以纯文本预览报告。")
@_town_year()
@click.option("--draft", is_flag=True, help="预览征求意见稿：显示待填处和未核对的批注")
@help_option
@click.pass_context
def preview(ctx: click.Context, town: str, year: int, draft: bool) -> None:
    from .. import pipeline

    click.echo(pipeline.preview(_workspace(ctx), town, year, draft), nl=False)


WEB_MODULES = ("starlette", "uvicorn", "python_multipart", "multipart")


@cli.command(help="在浏览器中编辑年度报告：在本机启动网页（默认 http://127.0.0.1:8000），按 Ctrl+C 停止。")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, metavar="端口",
              help="网页的端口")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="地址",
              help="只能是 127.0.0.1（本机）：这一版不让其他电脑访问")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器")
@help_option
@click.pass_context
def serve(ctx: click.Context, port: int, host: str, no_browser: bool) -> None:
    if host not in ("127.0.0.1", "localhost"):
        raise click.UsageError(
            f"这一版的 drafter serve 只在本机（127.0.0.1）上提供网页，不能用 --host {host}："
            "让其他电脑访问需要账号和权限，以后的版本再提供。请去掉 --host", ctx)
    try:
        from ..web import server
    except ModuleNotFoundError as e:
        if (e.name or "").split(".")[0] not in WEB_MODULES:
            raise
        raise DrafterError.one(f"drafter serve 需要网页组件（缺少 {e.name}）。请先安装：pip install 'drafter[web]'"
                               "（在 drafter 的仓库中：pip install '.[web]'）") from None
    server.run(ctx.obj["root"], port, not no_browser, click.echo)


@cli.command(help="列出工作目录中的镇街和已有年度。")
@help_option
@click.pass_context
def towns(ctx: click.Context) -> None:
    ws = _workspace(ctx)
    if not ws.towns():
        click.echo(f"{ws.towns_dir} 下还没有镇街。")
    for t in ws.towns():
        try:
            town = t.load_town()
            name = town.full_name
        except DrafterError as e:
            name = f"（town.yaml 有误：{e.problems[0].message}）"
        click.echo(f"{t.short}\t{name}\t{'、'.join(map(str, t.years())) or '（无年度数据）'}")


from . import district  # noqa: E402  (after YEAR, which it uses)

for _command in district.COMMANDS:
    cli.add_command(_command)
