"""The district office's commands: export --all's run, status, diff, summary and chart. Thin: the work is in
drafter.batch, drafter.district and drafter.chart."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click

from ..errors import Problem
from . import YEAR
from .zh_click import EXIT_USER, Command, help_option


def _workspace(ctx: click.Context):
    from ..workspace import Workspace

    return Workspace(ctx.obj["root"])


def export_all(ctx: click.Context, year: int | None, folder: Path | None, jobs: int | None, **options) -> None:
    """`drafter export --all`: a progress bar on a terminal, then the table; exit 1 if any failed (3: a defect)."""
    from .. import batch

    ws = _workspace(ctx)
    total = len(batch.town_years(ws, year))
    bar = click.progressbar(length=total, label="导出", file=sys.stderr) if sys.stderr.isatty() else None
    with bar or nullcontext():
        outcomes = batch.export_all(ws, year, batch.Options(folder, **options), jobs=jobs,
                                    progress=(lambda o: bar.update(1)) if bar else None)
    report = batch.describe(outcomes)
    click.echo("\n".join(report.table))
    for line in report.failures:
        click.echo(line, err=True)
    click.echo(report.counts)
    if report.failed:
        ctx.exit(3 if report.bug else EXIT_USER)


def _unread(ctx: click.Context, problems: list[Problem], what: str) -> None:
    """Town-years a summary or chart could not read: listed, and exit 1, though the file was written."""
    for p in problems:
        click.echo(f"错误：{p}", err=True)
    if problems:
        click.echo(f"以上年度文件有误，{what}中没有它们的数字；改正后请重新运行。", err=True)
        ctx.exit(EXIT_USER)


def _output(what: str):
    """-o and --force, as a single export has them; then -h."""
    def add(f):
        f = click.option("--force", is_flag=True, help="输出文件已存在时覆盖它")(help_option(f))
        return click.option("-o", "--output", type=click.Path(path_type=Path), metavar="文件", help=what)(f)

    return add


@click.command(cls=Command, help="各镇街一个年度的进度：已完成、待填、警告或未起草，以及年度文件的最后修改时间。")
@click.option("--year", "-y", type=YEAR, metavar="年度", help="报告年度；默认为工作目录中最近的年度")
@help_option
@click.pass_context
def status(ctx: click.Context, year: int | None) -> None:
    from .. import district

    ws = _workspace(ctx)
    year = year or district.latest_year(ws)
    click.echo(district.format_status(year, district.status(ws, year)), nl=False)


@click.command(cls=Command, help="一个镇街两个年度的数字对比：前后的数值、变化和变化率。")
@click.option("--town", "-t", required=True, metavar="镇街", help="镇街简称或全称，如 辛口")
@click.option("--from", "before", type=YEAR, metavar="年度", help="与哪一年度比较；默认为 --to 的上一年度")
@click.option("--to", "after", type=YEAR, metavar="年度", help="比较哪一年度；默认为该镇街最近的年度")
@help_option
@click.pass_context
def diff(ctx: click.Context, town: str, before: int | None, after: int | None) -> None:
    from .. import district

    click.echo(district.format_diff(district.diff(_workspace(ctx), town, before, after)), nl=False)


@click.command(cls=Command, help="一个年度各镇街的数字汇总表：每个镇街一行，每个数字一列（.xlsx、.csv 或 .docx）。")
@click.option("--year", "-y", type=YEAR, metavar="年度", help="报告年度；默认为工作目录中最近的年度")
@_output("输出文件，按后缀：.xlsx（Excel）、.csv 或 .docx（公文格式的表格）；默认为 exports/<年度>年度数字汇总.xlsx")
@click.pass_context
def summary(ctx: click.Context, year: int | None, output: Path | None, force: bool) -> None:
    from .. import district

    ws = _workspace(ctx)
    path, table = district.summary(ws, year or district.latest_year(ws), output, force=force)
    click.echo(str(path))
    _unread(ctx, table.problems, "汇总")


@click.command(cls=Command, help="把一个数字画成柱状图（PNG）：一个镇街历年的（--town），或一个年度各镇街的（--year）。")
@click.option("--figure", "-f", required=True, metavar="数字", help="数字的名称或说明，如 审查合同")
@click.option("--town", "-t", metavar="镇街", help="画这个镇街历年的数值")
@click.option("--year", "-y", type=YEAR, metavar="年度", help="画这一年度各镇街的数值")
@_output("输出的图片（.png）；默认写到 exports/ 下")
@click.pass_context
def chart(ctx: click.Context, figure: str, town: str | None, year: int | None, output: Path | None,
          force: bool) -> None:
    from .. import chart as charts

    if (town is None) == (year is None):
        raise click.UsageError("请指定 --town（一个镇街历年的数值）或 --year（一个年度各镇街的数值）二者之一", ctx)
    drawn = charts.chart(_workspace(ctx), figure, town=town, year=year, output=output, force=force)
    click.echo(str(drawn.path))
    _unread(ctx, drawn.problems, "图")


COMMANDS = (status, diff, summary, chart)
