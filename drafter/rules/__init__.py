"""The review rules, as one registry: each rule is declared once, with its id, tier, level and a function.

A rule is a function over one town-year under review that yields `Hit`s; `@rule(...)` registers it, and
its docstring is its documentation: the first line is what `drafter check --rules` and the README list.
`drafter check` reports every rule's findings; `drafter export` runs the same rules, refuses on errors and
prints warnings, so the two cannot disagree about a level. A rule declared `draft_shows` is about work
still to finish (a figure to fill, a text to review); a draft shows that in the document instead
(highlighted, or as a margin note), so `export --draft` does not refuse on it.

Tiers: 条例 = 《法治政府建设与责任落实督察工作规定》; 国标 = GB/T 9704-2012, GB/T 15834; 实务 = common practice.
Levels: 错误 keeps a final report from being exported; 警告 is what a reviewer would object to.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import zh
from ..errors import DrafterError, Problem
from ..model import PART_KEYS, PART_NAMES, Report, Town
from ..render import Resolved
from ..workspace import Loaded
from . import terms

ERROR, WARNING = "错误", "警告"
TIERS = ("条例", "国标", "实务")


@dataclass(frozen=True)
class Hit:
    """What a rule found: a message and where. `line`/`column` point inside a text; else `path` is located."""

    message: str
    path: tuple = ()
    key: bool = False  # locate the key rather than its value
    line: int | None = None
    column: int | None = None


class Review:
    """One town-year under review: what the rules read, each piece computed once."""

    def __init__(self, loaded: Loaded, resolved: Resolved):
        self.loaded = loaded
        self.resolved = resolved
        self.report: Report = loaded.report
        self.source = loaded.source
        self.year = loaded.year

    @functools.cached_property
    def texts(self) -> list[tuple[tuple, str]]:
        return list(self.report.texts())

    @functools.cached_property
    def sentences(self) -> list[terms.Sentence]:
        """Every sentence of the titles, texts and causes: what the content rules compare, split once."""
        return [s for path, text in self.texts if path[-1] in ("title", "text", "cause", "lead")
                for s in terms.sentences(path, text)]

    @functools.cached_property
    def lines(self) -> tuple[TextLine, ...]:
        """Every line of every text as the typography rules read it, made once for all of them."""
        out = []
        for path, text in self.texts:
            start = self.source.where(path)
            out += [TextLine(path, zh.blank_out(raw, zh.EXPRESSION, fill="〇"), start.line + n if start.line else None,
                             start.column) for n, raw in enumerate(text.splitlines())]
        return tuple(out)

    @functools.cached_property
    def plans_text(self) -> str:
        return "\n".join(t for path, t in self.texts if path[0] == "plans")

    def hit_in(self, message: str, path: tuple, line: int = 0, offset: int = 0) -> Hit:
        """A hit at `offset` in line `line` (0-based) of the text at `path`."""
        start = self.source.where(path)
        if start.line is None:
            return Hit(message, path)
        return Hit(message, path, line=start.line + line, column=(start.column or 1) + offset)

    def line_of(self, path: tuple, line: int = 0) -> str:
        """Where the text at `path` (its line `line`) stands, for a message that names a second place."""
        start = self.source.where(path)
        return f"第 {start.line + line} 行" if start.line is not None else ".".join(map(str, path))

    @functools.cached_property
    def carried(self) -> dict[tuple, float]:
        """The reviewed texts at least 90% like one of the year this one continues, with their similarity.

        Only what a writer writes anew each year is compared: texts, leads and causes of 20 characters or
        more, once quotations are left out. Titles and headings name the same areas of work every year, and
        a quotation (习近平总书记强调：“……”) is the same wherever it is quoted: neither is copied text."""
        if self.loaded.previous is None:
            return {}
        from rapidfuzz import fuzz, process  # ~1.7 µs a comparison (difflib: ~220 µs); needed only here

        def own(texts: Iterable[tuple[tuple, str]]) -> Iterator[tuple[tuple, str]]:
            for path, text in texts:
                words = _QUOTATION.sub("", text)
                if path[-1] in ("text", "lead", "cause") and len(words) >= 20:
                    yield path, words

        old = [t for _, t in own(self.loaded.previous[1].texts())]
        reviewed = {path for path, node in self.report.nodes() if node.reviewed}
        found = {}
        for path, text in own(self.texts) if old else ():
            match = process.extractOne(text, old, scorer=fuzz.ratio, score_cutoff=90) if path[:-1] in reviewed else None
            if match is not None:
                found[path] = match[1]
        return found


_QUOTATION = re.compile(r"“[^“”]{10,}”")  # a quotation, not a term in quotes (“一户式”, “谁执法谁普法”)


Check = Callable[[Review], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    tier: str
    level: str
    check: Check
    draft_shows: bool = False

    @property
    def description(self) -> str:
        return (self.check.__doc__ or "").strip().splitlines()[0]

    @property
    def can_switch_off(self) -> bool:
        """Only common-practice warnings: the regulation, the standards and errors are not a town's choice."""
        return self.tier == "实务" and self.level == WARNING


RULES: dict[str, Rule] = {}


def can_switch_off(rule_id: str) -> bool:
    return rule_id in RULES and RULES[rule_id].can_switch_off


def switched_off(town_file: Path, town: Town) -> list[str]:
    """The rules a town switched off; a DrafterError naming those that cannot be switched off, and why."""
    off = list(dict.fromkeys(town.checks_off))
    bad = [r for r in off if not can_switch_off(r)]
    if bad:
        why = "；".join(f"“{r}”{_why_not(r)}" for r in bad)
        raise DrafterError.one(f"checks_off 中的规则不能关闭：{why}。只能关闭实务类的警告规则"
                               f"（drafter check --rules 查看），请从 checks_off 中删去", town_file)
    return off


def _why_not(rule_id: str) -> str:
    if rule_id not in RULES:
        return "不是 drafter 的规则"
    if RULES[rule_id].level == ERROR:
        return "是错误：正式稿里不能留下这样的问题"
    return {"条例": "是条例的要求", "国标": "是国家标准（GB/T 9704、GB/T 15834）的要求"}[RULES[rule_id].tier]


def rule(id: str, tier: str, level: str, draft_shows: bool = False) -> Callable[[Check], Check]:
    assert tier in TIERS and level in (ERROR, WARNING) and id not in RULES, id

    def register(check: Check) -> Check:
        RULES[id] = Rule(id, tier, level, check, draft_shows)
        return check

    return register


@dataclass
class Finding:
    rule: str
    level: str
    message: str
    file: str | None
    line: int | None
    column: int | None
    part: str  # the group it is listed under

    @property
    def tier(self) -> str:
        return RULES[self.rule].tier

    def as_problem(self) -> Problem:
        return Problem(self.message, Path(self.file) if self.file else None, self.line, self.column)

    def __str__(self) -> str:
        where = Problem("", Path(self.file) if self.file else None, self.line, self.column)
        return f"{where}{self.level}: {self.message}"

    def as_dict(self) -> dict:
        return {**asdict(self), "tier": self.tier}


GROUPS = ["文件", "town.yaml", "开头", *(PART_NAMES[k] for k in PART_KEYS), "落实清单", "数字", "落款"]
_GROUP_OF = {"opening": "开头", "title": "开头", "addressee": "开头", "followup": "落实清单", "figures": "数字",
             "signature": "落款", **PART_NAMES}


def from_problems(problems: list[Problem], rule_id: str, group: str) -> list[Finding]:
    """Findings of a rule that fires while reading (yaml, schema): the reader's located problems."""
    return [Finding(rule_id, RULES[rule_id].level, p.message, str(p.file) if p.file else None, p.line, p.column,
                    group) for p in problems]


def review(loaded: Loaded, resolved: Resolved, off: Iterable[str] = ()) -> list[Finding]:
    """Every rule's findings on one town-year, but those switched off, in the order a reader goes through it."""
    subject = Review(loaded, resolved)
    found = [_finding(r, hit, subject) for r in RULES.values() if r.id not in off for hit in r.check(subject)]
    order = {g: i for i, g in enumerate(GROUPS)}
    return sorted(found, key=lambda f: (order.get(f.part, len(order)), f.line or 0, f.column or 0))


def _finding(r: Rule, hit: Hit, subject: Review) -> Finding:
    src = subject.source
    if hit.line is not None or not hit.path:
        line, column = hit.line, hit.column
    else:
        place = src.where(hit.path, hit.key)
        line, column = place.line, place.column
    group = _GROUP_OF.get(str(hit.path[0]), "文件") if hit.path else _group_at(subject, line)
    return Finding(r.id, r.level, hit.message, str(src.file), line, column, group)


def _group_at(subject: Review, line: int | None) -> str:
    """The group of a finding known only by its line: the last top-level key at or above that line."""
    starts = sorted((kline, key) for (key, *rest), (kline, _) in subject.source.keys.items() if not rest)
    above = [key for kline, key in starts if line is not None and kline <= line]
    return _GROUP_OF.get(above[-1], "文件") if above else "文件"


@dataclass(frozen=True)
class TextLine:
    """One line of a text as the typography rules read it: `{{ }}` blanked out as 〇 (a figure reads as
    Chinese), offsets unchanged."""

    path: tuple
    text: str
    line: int | None  # where the line starts in the YAML, when known
    column: int | None

    def hit(self, message: str, offset: int) -> Hit:
        if self.line is None:
            return Hit(message, self.path)
        return Hit(message, self.path, line=self.line, column=(self.column or 1) + offset)


# registers the rules, in the order of these modules' names: that is the order `--rules` lists them in
from . import basics, completeness, content, facts, typography  # noqa: E402,F401
