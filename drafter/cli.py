"""The command line: thin click commands over drafter's library functions. Nothing imports this module."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from . import __version__
from .errors import DrafterError

EXIT_USER, EXIT_USAGE = 1, 2

_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}


class _ChineseHelp:
    """Chinese section headings and usage prefix in --help."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx)).replace("[OPTIONS]", "[选项]")
        pieces = pieces.replace("COMMAND [ARGS]...", "命令 [参数]...")
        formatter.write_usage(ctx.command_path, pieces, prefix="用法：")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [rv for p in self.get_params(ctx) if (rv := p.get_help_record(ctx)) is not None]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(n, c) for n in self.list_commands(ctx) if (c := self.get_command(ctx, n)) and not c.hidden]
        if commands:
            with formatter.section("命令"):
                formatter.write_dl([(n, c.get_short_help_str(60)) for n, c in commands])


class _Formatter(click.HelpFormatter):
    _MARKS = (("[required]", "[必填]"), ("default: ", "默认："), ("; required]", "；必填]"))

    def write_dl(self, rows, *args, **kwargs) -> None:
        def zh(text: str) -> str:
            for en, cn in self._MARKS:
                text = text.replace(en, cn)
            return text

        super().write_dl([(a, zh(b)) for a, b in rows], *args, **kwargs)


class _Context(click.Context):
    formatter_class = _Formatter


class Command(_ChineseHelp, click.Command):
    context_class = _Context


class Group(_ChineseHelp, click.Group):
    command_class = Command
    context_class = _Context

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Every way out ends here: Chinese messages, exit 1 for the user's input, 2 for usage, no traceback."""
        try:
            # outside standalone mode click returns the code of ctx.exit() instead of exiting
            code = super().main(args, prog_name or "drafter", complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as e:
            click.echo(e.ctx.get_help() if e.ctx else "", err=True)
            sys.exit(EXIT_USAGE)
        except click.UsageError as e:
            cmd = e.ctx.command_path if e.ctx else "drafter"
            click.echo(f"用法错误：{_zh_usage(e.format_message())}\n请运行 {cmd} --help 查看用法。", err=True)
            sys.exit(EXIT_USAGE)
        except click.exceptions.Abort:
            click.echo("已取消。", err=True)
            sys.exit(EXIT_USER)
        except DrafterError as e:
            for p in e.problems:
                click.echo(f"错误：{p}", err=True)
            sys.exit(EXIT_USER)
        except KeyboardInterrupt:
            click.echo("已中断。", err=True)
            sys.exit(130)
        except Exception as exc:
            if os.environ.get("DRAFTER_DEBUG"):
                raise
            click.echo(f"drafter 内部错误（{type(exc).__name__}: {exc}）。这是程序的缺陷，不是你的输入有误；"
                       "请设置环境变量 DRAFTER_DEBUG=1 重新运行，并把输出反馈给维护者。", err=True)
            sys.exit(3)
        sys.exit(code if isinstance(code, int) else 0)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _help_option(f):
    return click.help_option("-h", "--help", help="显示本帮助并退出")(f)


def _workspace(ctx: click.Context):
    from .workspace import Workspace

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
@_help_option
@click.pass_context
def cli(ctx: click.Context, root: Path) -> None:
    ctx.obj = {"root": root}


@cli.command(help="导出 Word 文档（GB/T 9704-2012 格式），并显示文件路径。")
@_town_year()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="文件",
              help="输出文件（.docx）；默认写到工作目录的 exports/ 下，以报告标题命名")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它")
@click.option("--draft", is_flag=True, help="导出征求意见稿：待填的数字高亮显示，沿用上年未核对的文字加批注")
@click.option("--strict", is_flag=True, help="有检查警告时不导出")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 导出 PDF（与 Word 文件同名）")
@click.option("--png", "--preview", "png", is_flag=True, help="同时导出 PDF 和每页的 PNG 图片，便于快速查看")
@click.option("--fonts", type=click.Choice(["gb", "windows"]), metavar="gb|windows",
              help="字体方案，覆盖 town.yaml 的 fonts：gb（GB 字体）或 windows（每台 Windows 都有的字体）")
@_help_option
@click.pass_context
def export(ctx: click.Context, town: str, year: int, output: Path | None, force: bool, draft: bool,
           strict: bool, pdf: bool, png: bool, fonts: str | None) -> None:
    from . import export as pipeline

    result = pipeline.export_docx(_workspace(ctx), town, year, output, force=force, draft=draft, strict=strict,
                                  pdf=pdf, png=png, fonts=fonts)
    for warning in result.warnings:
        click.echo(f"警告：{warning}", err=True)
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
@_help_option
@click.pass_context
def new(ctx: click.Context, town: str, year: int, from_year: int | None, force: bool, district: str | None,
        name: str | None) -> None:
    from .newyear import new_year

    s = new_year(_workspace(ctx), town, year, from_year=from_year, force=force, district=district, name=name)
    if s.town_file:
        click.echo(f"已新建镇街：{s.town_file}（请核对署名机关 organ）")
    if s.backup:
        click.echo(f"原文件已另存为：{s.backup}")
    for warning in s.warnings:
        click.echo(f"注意：{warning}")
    origin = f"沿用 {s.source_year} 年度" if s.source_year else "没有更早的年度，生成空白稿"
    click.echo(f"已生成 {s.path}（{origin}）")
    click.echo(f"  待填的数字：{s.figures} 个")
    click.echo(f"  待核对的文字：{s.texts} 处（reviewed: false）")
    if s.source_year:
        click.echo(f"  需说明落实情况的上年安排：{s.followups} 条（followup）")
        click.echo(f"  需判断是否已整改的上年问题：{s.problems} 条（problems 中的 status）")
    if s.old_years:
        click.echo(f"  文字中仍写着“{s.source_year}”的地方（请逐一核对是否应改为 {year}）：")
        for line, excerpt in s.old_years:
            click.echo(f"    {s.path}:{line}: …{excerpt}…")
    click.echo(f"下一步：编辑 {s.path}，用 drafter check --town {town} --year {year} 查看还差什么；"
               f"完成前可用 drafter export --town {town} --year {year} --draft 导出征求意见稿。")


@cli.command(help="检查年度文件：找出审阅者会指出的问题，列出文件:行:列。")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@_town_year(required=False)
@click.option("--all", "all_", is_flag=True, help="检查工作目录中所有镇街的所有年度")
@click.option("--strict", is_flag=True, help="有警告也以退出码 1 结束")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式：text（文字）或 json（供其他程序读取）")
@click.option("--rules", is_flag=True, help="列出全部检查规则")
@_help_option
@click.pass_context
def check(ctx: click.Context, file: Path | None, town: str | None, year: int | None, all_: bool, strict: bool,
          fmt: str, rules: bool) -> None:
    import json

    from . import check as checker

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
        data = {"findings": [f.as_dict() for f in result.findings], "errors": result.errors,
                "warnings": result.warnings, "rules_off": result.rules_off}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(checker.format_text(result), nl=False)
    if result.errors or (strict and result.warnings):
        ctx.exit(EXIT_USER)


@cli.command(help="输出年度文件（或 --town：镇街文件）的 JSON Schema，供编辑器检查和补全。")
@click.option("--town", "town_file", is_flag=True, help="输出 town.yaml 的 Schema")
@_help_option
def schema(town_file: bool) -> None:
    from . import schema as schemas

    click.echo(schemas.dumps("town" if town_file else "year"), nl=False)


@cli.command("import", help="导入已有的报告（.docx 或从 PDF 复制出的 .txt），生成年度 YAML。")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_town_year(required=False, town_help="镇街简称；默认从标题读出", year_help="报告年度；默认从标题读出")
@click.option("--dry-run", is_flag=True, help="只显示识别结果，不写文件")
@click.option("--force", is_flag=True, help="年度文件已存在时替换它（原文件另存为 .bak）")
@click.option("--update", is_flag=True, help="把在 Word 中修改过的报告带回已有的年度 YAML：先列出每处修改，确认后写入")
@click.option("--yes", is_flag=True, help="与 --update 同用：不再询问，直接写入")
@_help_option
@click.pass_context
def import_(ctx: click.Context, file: Path, town: str | None, year: int | None, dry_run: bool, force: bool,
            update: bool, yes: bool) -> None:
    from .importer import import_report, structure
    from .model import PART_NAMES

    if update:
        from . import update as updater

        updater.check_target(file)
        if town is None or year is None:
            st = structure(file, town, year)
            town, year = town or st.short, year or st.year
        plan = updater.plan(_workspace(ctx), file, town, year)
        for line in updater.describe(plan):
            click.echo(line)
        for note in plan.unplaced:
            click.echo(f"无法对应（未应用，请直接编辑 YAML）：{note}")
        if not plan.changes:
            click.echo("没有可以带回 YAML 的修改。")
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

    s = import_report(_workspace(ctx), file, town=town, year=year, dry_run=dry_run, force=force)
    imp = s.imported
    if imp.encoding:
        click.echo(f"文本编码：{imp.encoding}")
    click.echo(f"标题：{imp.title}（{imp.district}{imp.town}，{imp.year} 年度）")
    for part in imp.parts:
        groups = sum(1 for n in part.items if n.items)
        items = sum(len(n.items) or 1 for n in part.items)
        click.echo(f"  {part.where}：“{part.heading}” → {part.key}（{PART_NAMES[part.key]}）："
                   f"{groups} 个分类，{items} 条" + ("，连成一段" if part.inline else ""))
    click.echo(f"  数字：{imp.figures} 个（已写入 figures，正文用 {{{{ 名称 }}}} 引用；名称可以改）")
    for note in imp.unsure:
        click.echo(f"  待确认：{note}")
    if not s.written:
        click.echo(f"（--dry-run：未写入 {s.path}）")
        return
    if s.town_file:
        click.echo(f"已新建镇街：{s.town_file}")
    if s.backup:
        click.echo(f"原文件已另存为：{s.backup}")
    click.echo(f"已写入 {s.path}")


@cli.command(help="按 GB/T 9704-2012 检查任何一份 Word 报告（.docx）的格式，列出条款和所在段落。")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_help_option
@click.pass_context
def lint(ctx: click.Context, file: Path) -> None:
    from .word.lint import lint as run_lint

    findings = run_lint(file)
    violations = [f for f in findings if f.clause != "实务"]
    for f in violations:
        click.echo(f"不符合 {f}")
    for f in findings:
        if f.clause == "实务":
            click.echo(f"提示 {f}")
    click.echo(f"共 {len(violations)} 处不符合 GB/T 9704-2012。" if violations else "格式符合 GB/T 9704-2012 的各项检查。")
    if violations:
        ctx.exit(EXIT_USER)


@cli.command(help="在终端里以纯文本预览报告。")
@_town_year()
@click.option("--draft", is_flag=True, help="预览征求意见稿：显示待填处和未核对的批注")
@_help_option
@click.pass_context
def preview(ctx: click.Context, town: str, year: int, draft: bool) -> None:
    from . import export as pipeline

    click.echo(pipeline.preview(_workspace(ctx), town, year, draft), nl=False)


@cli.command(help="列出工作目录中的镇街和已有年度。")
@_help_option
@click.pass_context
def towns(ctx: click.Context) -> None:
    ws = _workspace(ctx)
    found = ws.towns()
    if not found:
        click.echo(f"{ws.towns_dir} 下还没有镇街。")
        return
    for t in found:
        try:
            town = t.load_town()
            name = f"{town.district}{town.name}"
        except DrafterError as e:
            name = f"（town.yaml 有误：{e.problems[0].message}）"
        years = "、".join(map(str, t.years())) or "（无年度数据）"
        click.echo(f"{t.short}\t{name}\t{years}")


_USAGE_PATTERNS = [
    (r"Missing option '([^']+)'.*", r"缺少选项 \1"),
    (r"No such option:? '?([^'\s]+)'?\.?(?:\s+Did you mean '?([^'?]+)'?\?)?", r"没有选项 \1"),
    (r"No such command:? '?([^'\s]+)'?\.?(?:\s+Did you mean '?([^'?]+)'?\?)?", r"没有命令“\1”"),
    (r"Invalid value for '([^']+)'.*?: '([^']*)' is not a valid integer.*", r"\1 的值“\2”不是整数"),
    (r"Invalid value for '([^']+)'.*?: (.*) is not in the range (.*)\.", r"\1 的值 \2 超出范围 \3"),
    (r"Option '([^']+)' requires an argument\.", r"选项 \1 后面需要一个值"),
    (r"Got unexpected extra arguments? \((.*)\)", r"多余的参数：\1"),
    (r"Missing command\.", "缺少命令"),
    (r"Invalid value for '([^']+)': (?:File|Path) '([^']*)' is a directory\.", r"“\2”是文件夹，请给出一个文件"),
    (r"Invalid value for '([^']+)': (?:File|Path) '([^']*)' does not exist\.", r"找不到“\2”"),
]


def _zh_usage(message: str) -> str:
    for pattern, repl in _USAGE_PATTERNS:
        m = re.fullmatch(pattern, message, flags=re.S)
        if m:
            text = m.expand(repl)
            if m.lastindex and m.lastindex >= 2 and "Did you mean" in message and m.group(2):
                text += f"（你是不是想写 {m.group(2)}？）"
            return text
    return message
