"""`drafter export --all`: every town-year of a workspace (or of one year) exported at once, over worker processes.

Starting drafter costs far more than exporting one report (importing its libraries is most of a command's time),
so each worker process imports drafter once and exports many town-years, each with the function a single export
uses (pipeline.export_docx): the same checks, the same file names, each file written atomically, --force as
there. One town-year's error does not stop the others; it is reported with its file and line.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import files, pipeline, zh
from .errors import DrafterError
from .limits import BATCH_PROBLEMS_SHOWN, MAX_JOBS
from .workspace import Workspace

EXPORTED, KEPT, FAILED, NOT_DRAFTED = "已导出", "已存在，未覆盖", "失败", "未起草"


@dataclass(frozen=True)
class Options:
    """What each export is asked for, as `drafter export` takes it; `folder` replaces exports/."""

    folder: Path | None = None
    force: bool = False
    draft: bool = False
    strict: bool = False
    pdf: bool = False
    fonts: str | None = None
    run: str = ""  # this run's id: the claim on each file it writes (see _claim)


@dataclass(frozen=True)
class Outcome:
    town: str  # the town's folder (short) name
    year: int | None  # None: the town's folder could not be read at all
    status: str  # EXPORTED, KEPT, FAILED or NOT_DRAFTED
    path: Path | None = None
    pages: int | None = None  # known when a PDF was made
    warnings: int = 0
    problems: tuple[str, ...] = ()  # each "file:line:col: message"
    bug: bool = False  # drafter's own defect, not the input's

    @property
    def text(self) -> str:
        if self.status == FAILED:
            return f"{FAILED}：{self.problems[0]}"
        if self.path is None:
            return self.status
        told = f"（{self.warnings} 个警告，drafter check 查看）" if self.warnings else ""
        return f"{self.status} {self.path}{told}"


def export_all(ws: Workspace, year: int | None = None, options: Options = Options(), *, jobs: int | None = None,
               progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Export every town's every year (or `year` only) with `jobs` worker processes (default: one a core);
    `progress` is called with each outcome as it comes. In the towns' and years' order."""
    planned = town_years(ws, year)
    todo = [o for o in planned if o.status == ""]
    if not todo and not any(o.status == FAILED for o in planned):
        which = f"没有镇街有 {year} 年度的数据" if year is not None else "各镇街都还没有年度文件"
        raise DrafterError.one(f"没有可以导出的年度文件：{which}。现有镇街：{'、'.join(t.short for t in ws.towns()) or '无'}"
                               f"（{ws.towns_dir}）")
    folder = options.folder if options.folder is not None else ws.inside(ws.root / pipeline.EXPORT_DIR)
    if todo:
        _make_folder(folder)
    options = replace(options, run=secrets.token_hex(4))
    done: dict[tuple[str, int | None], Outcome] = {}

    def finish(o: Outcome) -> None:
        done[(o.town, o.year)] = o
        if progress is not None:
            progress(o)

    for o in planned:
        if o.status:
            finish(o)
    workers = max(1, min(jobs or os.cpu_count() or 1, MAX_JOBS, len(todo)))
    try:
        if workers == 1:  # no process to start: this one has drafter imported already
            for o in todo:
                finish(export_one(ws.root, o.town, o.year, options))
        else:
            broken = _in_pool(ws.root, todo, options, workers, finish)
            for o in broken:  # a dead worker takes the pool's unfinished work down with it: each again, alone
                _in_pool(ws.root, [o], options, 1, finish, last_try=True)
    finally:
        for claim in folder.glob(_claim_of(Path("*"), options.run).name):
            claim.unlink(missing_ok=True)
    return [done[(o.town, o.year)] for o in planned]


def _claim_of(target: Path, run: str) -> Path:
    """The file by which one town-year of a run claims `target` (named as drafter's temp files, which a later
    run clears away should this one be killed)."""
    return target.with_name(f".{target.name}.drafter-{run}.tmp")


def _claim(target: Path, town: str, year: int, run: str) -> str | None:
    """Claim `target` for this town-year before writing it; None, or the town-year that claimed it first. Two
    town-years whose reports have one title (a town copied into a second folder) would otherwise write one file
    in turn, and the table would name the wrong one."""
    claim = _claim_of(target, run)
    try:
        fd = os.open(claim, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        try:
            return claim.read_text(encoding="utf-8") or "另一个镇街"
        except OSError:
            return "另一个镇街"
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f"{town} {year} 年度")
    return None


def _in_pool(root: Path, todo: list[Outcome], options: Options, workers: int, finish: Callable[[Outcome], None],
             last_try: bool = False) -> list[Outcome]:
    """Export `todo` in `workers` processes; those a dying worker (killed, out of memory) left undone."""
    broken = []
    with ProcessPoolExecutor(workers) as pool:
        futures = {pool.submit(export_one, root, o.town, o.year, options): o for o in todo}
        for future in as_completed(futures):
            o = futures[future]
            try:
                finish(future.result())
            except BrokenProcessPool:
                if not last_try:
                    broken.append(o)
                    continue
                finish(replace(o, status=FAILED, bug=True, problems=(
                    f"导出这一年度的进程意外退出。请单独导出它：drafter export --town {o.town} --year {o.year}",)))
    return broken


def town_years(ws: Workspace, year: int | None) -> list[Outcome]:
    """What `export_all` will do, in order: status "" for each town-year to export."""
    out = []
    for t in ws.towns():
        try:
            years = t.years()
        except DrafterError as e:
            out.append(Outcome(t.short, year, FAILED, problems=tuple(map(str, e.problems))))
            continue
        if year is None:
            out += [Outcome(t.short, y, "") for y in years]
        else:
            out.append(Outcome(t.short, year, "" if year in years else NOT_DRAFTED))
    return out


def _make_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise DrafterError.one(f"{folder} 是一个文件；--all 时 -o 应是一个文件夹，如 -o 2024报告/")
    try:
        files.make_folder(folder, [])
    except OSError as e:
        raise files.os_error(e, "无法建立输出文件夹", folder) or e from None


def export_one(root: Path, town: str, year: int, options: Options) -> Outcome:
    """One town-year, as `drafter export --town T --year Y` would write it; runs in a worker process."""
    ws = Workspace(root)
    try:
        rendered = pipeline.build(ws, town, year, options.draft)
        default = pipeline.default_output(ws, rendered, options.draft)
        target = default if options.folder is None else options.folder / default.name
        first = _claim(target, town, year, options.run)
        if first is not None:
            return Outcome(town, year, FAILED, problems=(
                f"与 {first}的报告同名，都要写到 {target}。请用 -o 分别导出，或在其中一个年度文件中用 title 写明标题",))
        if target.exists() and not options.force:
            return Outcome(town, year, KEPT, target)
        result = pipeline.export_docx(ws, town, year, target, force=options.force, draft=options.draft,
                                      strict=options.strict, pdf=options.pdf, fonts=options.fonts, rendered=rendered)
    except DrafterError as e:
        return Outcome(town, year, FAILED, problems=tuple(map(str, e.problems)))
    except OSError as e:
        error = files.os_error(e)
        if error is None:
            return _bug(town, year, e)
        return Outcome(town, year, FAILED, problems=tuple(map(str, error.problems)))
    except Exception as e:  # drafter's defect: reported with the others, the rest still exported
        return _bug(town, year, e)
    pages = None
    if options.pdf:
        from .word import pdf

        pages = pdf.page_count(result.extra[0])
    return Outcome(town, year, EXPORTED, result.path, pages, len(result.warnings))


def _bug(town: str, year: int, e: Exception) -> Outcome:
    return Outcome(town, year, FAILED, bug=True, problems=(
        f"drafter 内部错误（{type(e).__name__}: {e}）。这是程序的缺陷，不是你的输入有误；请单独运行 drafter export "
        f"--town {town} --year {year}，设置环境变量 DRAFTER_DEBUG=1，并把输出反馈给维护者。",))


@dataclass
class Report:
    """What the command line prints at the end: the table, every failure with all its problems, the counts."""

    table: list[str]
    failures: list[str] = field(default_factory=list)  # for stderr
    counts: str = ""
    failed: int = 0
    bug: bool = False


COUNTED = {EXPORTED: "已导出 {} 份", KEPT: "{} 份已存在（未覆盖，如要覆盖请加 --force）", FAILED: "失败 {} 份",
           NOT_DRAFTED: "未起草 {} 个"}


def describe(outcomes: list[Outcome]) -> Report:
    pages = any(o.pages is not None for o in outcomes)
    head = ["镇街", "年度", *(["页数"] if pages else []), "状态"]
    rows = [[o.town, str(o.year or ""), *([str(o.pages or "")] if pages else []), o.text] for o in outcomes]
    failed = [o for o in outcomes if o.status == FAILED]
    out = Report(zh.columns([head, *rows]), failed=len(failed), bug=any(o.bug for o in outcomes))
    if failed:
        out.failures.append(f"失败的 {len(failed)} 项：")
    for o in failed:
        out.failures.append(f"{o.town}{f' {o.year}' if o.year else ''}：")
        out.failures += [f"  错误：{p}" for p in o.problems[:BATCH_PROBLEMS_SHOWN]]
        if len(o.problems) > BATCH_PROBLEMS_SHOWN:
            out.failures.append(f"  ……另有 {len(o.problems) - BATCH_PROBLEMS_SHOWN} 条，"
                                f"用 drafter check --town {o.town} --year {o.year} 逐条查看")
    said = [text.format(n) for status, text in COUNTED.items() if (n := sum(o.status == status for o in outcomes))]
    out.counts = f"共 {len(outcomes)} 项：{'，'.join(said)}。"
    return out
