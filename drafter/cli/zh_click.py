"""click, in Chinese: help headings and marks, usage errors, and one way out for every error.

A clerk never sees English or a traceback: a usage slip exits 2 with a Chinese hint, a DrafterError
exits 1 with each located problem, a bug exits 3 with how to report it.
"""

from __future__ import annotations

import os
import re
import sys

import click

from ..errors import DrafterError
from ..files import os_error

EXIT_USER, EXIT_USAGE = 1, 2


class ChineseHelp:
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


class Formatter(click.HelpFormatter):
    _MARKS = (("[required]", "[必填]"), ("default: ", "默认："), ("; required]", "；必填]"))

    def write_dl(self, rows, *args, **kwargs) -> None:
        def zh(text: str) -> str:
            for en, cn in self._MARKS:
                text = text.replace(en, cn)
            return text

        super().write_dl([(a, zh(b)) for a, b in rows], *args, **kwargs)


class Context(click.Context):
    formatter_class = Formatter


class Command(ChineseHelp, click.Command):
    context_class = Context


class Group(ChineseHelp, click.Group):
    command_class = Command
    context_class = Context

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
            click.echo(f"用法错误：{zh_usage(e.format_message())}\n请运行 {cmd} --help 查看用法。", err=True)
            sys.exit(EXIT_USAGE)
        except click.exceptions.Abort:
            click.echo("已取消。", err=True)
            sys.exit(EXIT_USER)
        except KeyboardInterrupt:
            click.echo("已中断。", err=True)
            sys.exit(130)
        except Exception as exc:
            # a file or folder the system refuses (no permission, disk full, name too long) is the environment's
            error = exc if isinstance(exc, DrafterError) else os_error(exc) if isinstance(exc, OSError) else None
            if error is not None:
                for p in error.problems:
                    click.echo(f"错误：{p}", err=True)
                sys.exit(EXIT_USER)
            if os.environ.get("DRAFTER_DEBUG"):
                raise
            click.echo(f"drafter 内部错误（{type(exc).__name__}: {exc}）。这是程序的缺陷，不是你的输入有误；"
                       "请设置环境变量 DRAFTER_DEBUG=1 重新运行，并把输出反馈给维护者。", err=True)
            sys.exit(3)
        sys.exit(code if isinstance(code, int) else 0)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def help_option(f):
    return click.help_option("-h", "--help", help="显示本帮助并退出")(f)


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


def zh_usage(message: str) -> str:
    for pattern, repl in _USAGE_PATTERNS:
        m = re.fullmatch(pattern, message, flags=re.S)
        if m:
            text = m.expand(repl)
            if m.lastindex and m.lastindex >= 2 and "Did you mean" in message and m.group(2):
                text += f"（你是不是想写 {m.group(2)}？）"
            return text
    return message
