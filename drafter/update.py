"""`drafter import --update`: carry edits made in Word back into the year's YAML.

The edited document is read like any import (with Word's tracked changes accepted), then compared, field by
field, with what the YAML renders to. A difference that is only a number in a figure's place becomes a new
figure value; any other difference becomes new text, with the figures that still appear in it referred to by
name again. Changes it cannot place (a paragraph added in the middle, a group deleted) are listed, never
guessed. Nothing is applied without being shown; applying edits the YAML as a ruamel round-trip document, so
comments and order stay.

Which YAML to compare with: every export stamps the document with its town, year, the sha256 of the year file
and the year file itself (word/stamp.py). A document of another town or year is refused. When the year file
has changed since the export (an earlier --update, an edit by hand), comparing with the current YAML would
propose undoing those changes; so the comparison is three-way. The base is the YAML the document was exported
from, kept in the document: rendering it again gives exactly the text the clerk received, which a stored copy
of the text would too, but the YAML also gives the figure references and the paths the comparison needs. The
document against the base gives the edits made in Word; each is applied only where the current YAML still
holds the base's value, skipped where the YAML already holds the edit, and listed as a conflict, not applied,
where the YAML changed it otherwise. A document with no stamp (exported by an older drafter, made by hand) is
compared with the current YAML as before, and the summary says the base is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import blocks, importer, inputs, render, texts, validate, yamledit, yamlio, zh
from .errors import DrafterError
from .limits import MAX_YAML_BYTES
from .model import PART_NAMES, Item, Part, Report
from .word import stamp as stamps
from .word.package import open_docx
from .workspace import Loaded, TownDir, Workspace


@dataclass
class Change:
    path: tuple  # where in the YAML
    line: int | None
    before: str  # as the report read
    after: str
    new_value: str | int | float  # what the YAML gets


@dataclass
class Plan:
    file: Path
    original: bytes  # the file as the changes were found in it: `apply` writes only over this
    changes: list[Change] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the document as a whole: 修订, 批注, which base
    conflicts: list[str] = field(default_factory=list)  # edited in Word and, otherwise, in the YAML since


def plan(ws: Workspace, document: Path, town: str | None = None, year: int | None = None) -> Plan:
    """The changes in `document` against the year's YAML; the town and year default to the ones its stamp,
    or else its title, names."""
    found = stamps.read(open_docx(document))
    if found is not None:
        town, year = town or found.short, year or found.year
    titled = _title_names(document) if found is None else None
    if town is None or year is None:
        st = titled or importer.structure(document, town, year)
        town, year = town or st.who.short, year or st.who.year
    town_dir = ws.find_town(town)
    named = (found.short, found.town, found.year) if found else (titled.who.short, titled.who.town, titled.who.year) if titled else None
    if named is not None and not (_same_town(town_dir, named[0], named[1]) and named[2] in (None, year)):
        full = town_dir.load_town().name
        raise DrafterError.one(f"这份文档是 {named[1] or named[0]} {named[2]} 年度的报告，不是 {full} {year} 年度的："
                               "请检查文件或 --town/--year", document)
    file = town_dir.year_file(year)
    original = inputs.read_bytes(file, MAX_YAML_BYTES) if file.exists() else b""  # first: a later change is refused
    current = ws.load(town, year)
    edited = titled or importer.structure(document, town, year)  # the title's names only name the document
    out = Plan(current.source.file, original, notes=list(edited.read_notes))
    base = _base(current, found, original, out)
    cmp = _Comparer(base, texts.TextResolver(base, draft=True), out)
    cmp.report(edited)
    if base is not current:
        _three_way(base, current, out)
    return out


def _title_names(document: Path) -> importer.Structure | None:
    """The town and year the document's title names, when it names both."""
    try:
        return importer.structure(document)
    except DrafterError:
        return None


def _same_town(town_dir: TownDir, short: str, full: str | None) -> bool:
    names = {town_dir.short, zh.strip_unit_suffix(town_dir.short)}
    return zh.strip_unit_suffix(short) in names or (full is not None and zh.strip_unit_suffix(full) in names)


def _base(current: Loaded, found: stamps.Stamp | None, original: bytes, out: Plan) -> Loaded:
    """What the document was exported from: the current YAML, or the YAML kept in the document."""
    if found is None:
        out.notes.append("这份文档没有记录它是从哪一版 YAML 导出的（不是这一版 drafter 导出的，或是另外做的）："
                         "按当前的 YAML 比较；如果导出后 YAML 改过，下面列出的“原文”可能正是那些改动，请逐条核对")
        return current
    if found.sha256 == stamps.digest(original):
        return current
    if found.yaml is not None:
        try:
            source = yamlio.loads(found.yaml.decode("utf-8"), current.source.file)
            return Loaded(current.town_dir, current.town, current.year, validate.parse(source, Report), source)
        except (DrafterError, UnicodeDecodeError):
            pass
    out.notes.append("这份文档导出后，YAML 又改动过，而文档中没有保存导出时的 YAML（可能被另存时去掉了）："
                     "按当前的 YAML 比较，下面列出的“原文”可能是导出后在 YAML 中做的修改，请逐条核对，不要撤销它们")
    return current


def _three_way(base: Loaded, current: Loaded, out: Plan) -> None:
    """Keep the Word edits to places the YAML has not changed since the export; list the places both changed."""
    kept, conflicts = [], []
    for change in out.changes:
        was, now = _value(base.source.data, change.path), _value(current.source.data, change.path)
        if now == change.new_value:
            continue  # the YAML already says what Word says
        name = ".".join(str(p) for p in change.path)
        if _value(current.source.data, change.path[:-1]) is _MISSING or now != was:  # its place gone, or changed
            shown = "已删除" if now is _MISSING else f"已改为“{_excerpt(str(now), str(was))}”"
            conflicts.append(f"{name}：Word 中改为“{_excerpt(change.after, change.before)}”，YAML 中{shown}")
            continue
        change.line = current.source.where(change.path).line
        kept.append(change)
    out.changes = kept
    out.conflicts = conflicts
    out.notes.append("这份文档导出后，YAML 又改动过：只带回在 Word 中做的修改，YAML 中后来的修改都保留"
                     + (f"；以下 {len(conflicts)} 处两边都改过，没有应用，请在 YAML 中决定" if conflicts else ""))


_MISSING = object()


def _value(data, path: tuple):
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


class _Comparer:
    def __init__(self, loaded: Loaded, resolver: texts.TextResolver, out: Plan):
        self.loaded = loaded
        self.resolver = resolver
        self.out = out
        self.figure_changes: dict[str, Change] = {}

    def report(self, edited: importer.Structure) -> None:
        """Compare the whole document with the whole YAML."""
        loaded = self.loaded
        report = loaded.report
        self.text(("opening", "text"), report.opening.text, edited.opening)
        if edited.formula or report.opening.formula:
            self.text(("opening", "formula"), report.opening.formula, [edited.formula or ""])
        shown = report.addressee or loaded.town.addressee  # a town's default is not the year's own: leave it there
        if (edited.addressee or report.addressee) and edited.addressee != shown:
            self.text(("addressee",), report.addressee, [edited.addressee or ""])
        shown_title = "".join(render.title_words(loaded, self.rendered(report.title, ("title",)) or None))
        if not edited.who.made_title and edited.who.title != shown_title:
            where = loaded.source.where(("title",)).line
            self.out.changes.append(Change(("title",), where, shown_title, edited.who.title, zh.literal(edited.who.title)))
        if report.signature and edited.date and edited.date != report.signature.date:
            where = loaded.source.where(("signature", "date")).line
            self.out.changes.append(Change(("signature", "date"), where, report.signature.date or "", edited.date, edited.date))
        elif (report.signature is None) != (edited.organs is None):  # organs is [] for a signature block found
            self.out.unplaced.append("署名和日期在文档中新增或删除了：请直接编辑 YAML 的 signature")
        by_key = {p.key: p for p in edited.parts}
        for key, part in report.parts(render.effective_layout(loaded)):
            new = by_key.pop(key, None)
            if new is None:
                self.out.unplaced.append(f"文档中找不到“{part.heading or key}”这一部分：删除整个部分请直接编辑 YAML")
                continue
            self.part(key, part, new)
        for new in by_key.values():
            self.out.unplaced.append(f"文档中的“{new.heading}”（{new.where}）在 YAML 中没有对应的部分：新增部分请直接编辑 YAML")

    def rendered(self, value: str | None, path: tuple) -> str:
        """The text as the document shows it, read back the way the document is (spaces between Chinese
        dropped, as in a draft's 【待填：上年 17 次】): what differs only in spaces is no edit."""
        text = self.resolver.text(value, path) or ""
        for c in (blocks.MARK_START, blocks.MARK_END, *blocks.NOTES):
            text = text.replace(c, "")
        return "\n".join(importer.clean_line(line) for line in text.split("\n"))

    def part(self, key: str, part: Part, new: importer.Part) -> None:
        if part.heading is not None:
            self.text((key, "heading"), part.heading, [new.heading])
        self.text((key, "lead"), part.lead, new.lead)
        self.items((key, "items"), part.items, new.items, new.heading)

    def items(self, path: tuple, items: list[Item], new: list[importer.Node], where: str) -> None:
        if len(items) != len(new):
            self.out.unplaced.append(
                f"“{where}”下的条目数不同（YAML {len(items)} 条，文档 {len(new)} 条）：新增或删除的条目请直接编辑 YAML")
            return
        for i, (item, node) in enumerate(zip(items, new)):
            here = path + (i,)
            if item.title is not None:
                self.text(here + ("title",), item.title, [node.title or ""])
            text = self._without_cause(here, item, node.text) if item.cause else node.text
            if text is not None:
                self.text(here + ("text",), item.text, text)
            self.items(here + ("items",), item.items, node.items, item.title or where)

    def _without_cause(self, path: tuple, item: Item, edited: list[str]) -> list[str] | None:
        """The document's paragraphs of an item less its cause, which render.with_cause put after the text;
        None (listed, not applied) when the cause was edited: a cause is not to be carried into `text`."""
        cause = [self.rendered(line, path + ("cause",)) for line in item.cause.splitlines() if line.strip()]
        if not cause:
            return edited
        at = len(edited) - len(cause)  # the paragraph the cause's first sentence ends
        if at >= 0 and edited[at + 1:] == cause[1:] and edited[at].endswith(cause[0]):
            rest = edited[at][: len(edited[at]) - len(cause[0])]
            return [*edited[:at], *([rest] if rest else [])]
        self.out.unplaced.append(f"“{item.title or (item.text or '')[:20]}”的原因（cause）在文档中改动了：请直接编辑 YAML 的 cause")
        return None

    def text(self, path: tuple, raw: str | None, edited: list[str]) -> None:
        """Compare one YAML text (its paragraphs) with what the document says in its place."""
        before = [self.rendered(line, path) for line in (raw or "").splitlines() if line.strip()]
        gap = blocks.gap_text(PART_NAMES.get(path[0], ""))  # a draft's empty part reads back as its gap
        after = [t for t in edited if t and t != gap]
        if before == after:
            return
        if raw and len(before) == len(after) and self._figures_only(path, raw, before, after):
            return
        if not raw and not after:
            return
        new_raw = "\n".join(self._refer(raw or "", zh.literal(line)) for line in after)
        line = self.loaded.source.where(path).line
        self.out.changes.append(Change(path, line, "\n".join(before), "\n".join(after), new_raw))

    def _figures_only(self, path: tuple, raw: str, before: list[str], after: list[str]) -> bool:
        """True (and figure changes recorded) when the only differences are numbers in figures' places."""
        found: dict[str, str] = {}
        for raw_line, old, new in zip([x for x in raw.splitlines() if x.strip()], before, after):
            if old == new:
                continue
            pattern, names = self._pattern(raw_line, path)
            m = pattern.fullmatch(new)
            if m is None:
                return False
            for name, value in zip(names, m.groups()):
                if found.get(name, value) != value:
                    return False
                found[name] = value
        figures = self.loaded.report.figures
        for name, value in found.items():
            number = float(value) if "." in value else int(value)
            if figures[name].value == number:
                continue
            earlier = self.figure_changes.get(name)
            if earlier is not None:
                if earlier.new_value != number:  # the same figure edited to two values in two places
                    self.out.changes.remove(earlier)
                    self.out.unplaced.append(f"数字“{name}”在文档中被改成了两个不同的值（{earlier.new_value} 和 {number}）："
                                             "请在 YAML 中直接改")
                    self.figure_changes[name] = Change(earlier.path, earlier.line, "", "", None)
                continue
            line = self.loaded.source.where(("figures", name, "value")).line
            change = Change(("figures", name, "value"), line, str(figures[name].value), str(number), number)
            self.figure_changes[name] = change
            self.out.changes.append(change)
        return True

    def _pattern(self, raw_line: str, path: tuple) -> tuple[re.Pattern, list[str]]:
        parts, names, pos = [], [], 0
        figures = self.loaded.report.figures
        for m in zh.PLAIN_REFERENCE.finditer(raw_line):
            if m.group(1) not in figures:
                continue
            parts.append(re.escape(self.rendered(raw_line[pos: m.start()], path)) if pos < m.start() else "")
            f = figures[m.group(1)]
            parts.append(r"(\d+(?:\.\d+)?)" + ("余" if f.approx else "") + re.escape(f.unit))
            names.append(m.group(1))
            pos = m.end()
        parts.append(re.escape(self.rendered(raw_line[pos:], path)) if pos < len(raw_line) else "")
        return re.compile("".join(parts)), names

    def _refer(self, raw: str, line: str) -> str:
        """New text, with the figures and years the old text referred to by name put back where they appear."""
        for name in dict.fromkeys(zh.PLAIN_REFERENCE.findall(raw)):
            figure = self.loaded.report.figures.get(name)
            if figure is None:
                continue
            shown = str(texts.FigureText(name, figure))
            line = re.sub(rf"(?<![\d.,]){re.escape(shown)}", f"{{{{ {name} }}}}", line, count=1)
        year = self.loaded.year
        for token, value in (("{{ year }}", year), ("{{ next_year }}", year + 1)):
            if token in raw:
                line = re.sub(rf"(?<![\d{{]){value}(?=年)", token, line)
        return line


def apply(plan: Plan) -> None:
    """Write the changes into the YAML file, keeping its comments and key order: under the file's lock, and
    only while it is still the file they were found in, so an edit made meanwhile is never overwritten."""
    def edit(doc) -> None:
        for change in plan.changes:
            yamledit.set_at(doc, change.path, change.new_value)

    yamledit.rewrite(plan.file, plan.original, edit, changed=(
        "这个文件在列出修改之后又被改动过（另一个 drafter 或编辑器），为免覆盖那些改动，未写入任何修改。"
        "请重新运行 drafter import --update，核对后再写入"))


def describe(plan: Plan) -> list[str]:
    """What the user sees: notes on the document (修订, 批注, which YAML it was compared with), then each change
    (where in the YAML, then before → after), then the conflicts and what could not be placed."""
    lines = list(plan.notes)
    for c in plan.changes:
        where = f"{plan.file}:{c.line}" if c.line else str(plan.file)
        name = ".".join(str(p) for p in c.path)
        if c.path[0] == "figures":
            lines.append(f"{where}: 数字 {c.path[1]}：{c.before} → {c.after}")
        else:
            lines.append(f"{where}: {name}\n    原文：{_excerpt(c.before, c.after)}\n    改为：{_excerpt(c.after, c.before)}")
    lines += [f"两边都改过（未应用）：{c}" for c in plan.conflicts]
    lines += [f"无法对应（未应用，请直接编辑 YAML）：{note}" for note in plan.unplaced]
    if not plan.changes:
        lines.append("没有可以带回 YAML 的修改。")
    return lines


def _excerpt(text: str, other: str, context: int = 12) -> str:
    """The part of `text` that differs from `other`, with some context on each side."""
    start = next((i for i, (a, b) in enumerate(zip(text, other)) if a != b), min(len(text), len(other)))
    end_t, end_o = len(text), len(other)
    while end_t > start and end_o > start and text[end_t - 1] == other[end_o - 1]:
        end_t, end_o = end_t - 1, end_o - 1
    left = max(0, start - context)
    return ("…" if left else "") + text[left: end_t + context] + ("…" if end_t + context < len(text) else "")


def check_target(document: Path) -> None:
    if document.suffix.lower() != ".docx":
        raise DrafterError.one("--update 需要修改过的 Word 文档（.docx）", document)
