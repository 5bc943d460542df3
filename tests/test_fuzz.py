"""Property-based tests: generated year files, templates, .txt and .docx reports through every command.

Whatever the input, drafter ends with exit 0 (done), 1 (the input is wrong: a message says where) or 2 (a
usage slip): never 3 (drafter's own bug) and never a hang; and when it refuses, the workspace is exactly as
it was. Each property runs 2,000 examples (the "ci" profile, the same ones every run);
DRAFTER_FUZZ=quick runs 50 while developing, DRAFTER_FUZZ=long 20,000 new ones to hunt for bugs.

Left out of the generators until other fixes are merged (see each EXCLUDED note): control and private-use
characters, NaN and infinity, and Jinja that loops or repeats without bound.
"""

from __future__ import annotations

import io
import os
import re
import string
import tempfile
from datetime import timedelta
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from drafter.cli import cli

from conftest import REPO, SMALL_TOWN, SMALL_YEAR

_COMMON = dict(deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow,
               HealthCheck.data_too_large], print_blob=True)
settings.register_profile("ci", max_examples=2000, derandomize=True, database=None, **_COMMON)
settings.register_profile("quick", max_examples=50, derandomize=True, database=None, **_COMMON)
settings.register_profile("long", max_examples=20_000, **_COMMON)
settings.load_profile(os.environ.get("DRAFTER_FUZZ", "ci"))

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200),
              pytest.mark.filterwarnings("ignore::DeprecationWarning:jinja2.lexer")]  # "\ " in a generated template


# --- running a command ---------------------------------------------------------------------------------
def tree(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under `root`."""
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else None for p in sorted(root.rglob("*"))}


def drafter(root: Path, *args: str) -> int:
    """Run a command in `root`; its exit code, checked: 0, 1 or 2, and the workspace untouched unless 0."""
    before = tree(root)
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    if result.exit_code == 3:  # drafter's bug: run it again with the traceback let through
        CliRunner(env={"DRAFTER_DEBUG": "1"}).invoke(cli, ["--root", str(root), *args], catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    if result.exit_code != 0:
        assert tree(root) == before, (args, "refused, yet the workspace changed", result.output)
    event(f"{' '.join(a for a in args if a == args[0] or a.startswith('-'))}: exit {result.exit_code}")  # statistics
    return result.exit_code


# --- text ------------------------------------------------------------------------------------------------
CJK = "法治政府建设情况报告西青区辛口镇甲乙丙一二三四五六七八九十年月日人件份次执法培训学法合同"
PUNCT = "，。；：、！？“”‘’（）《》【】—…·"
PRINTABLE = CJK + PUNCT + string.ascii_letters + string.digits + " -_.:,'\"#&*!|%@`~^$?/\\<>=+"
FIGURE_NAMES = ["合同", "培训", "学法", "x1", "案件"]
ODD_NAMES = ["year", "1a", "a b", "if", "合同.value", "", "town", "_"]
# EXCLUDED: Jinja that loops or repeats without bound ({% for i in range(10**9) %}, 'x' * 10**9): the sandbox's
# limits are being added elsewhere; the fragments below stay small.
GOOD = [  # what a clerk writes: references to figures the file defines, the context's names, the odd bracket
    "{{ 合同 }}", "{{ 培训 }}", "{{ year }}", "{{ next_year }}", "{{ last_year }}", "{{ town }}", "{{ district }}",
    "{{ 合同.unit }}", "{{ 合同.value }}", "{{ '甲' ~ '乙' }}",
    "{% if true %}是{% endif %}", "{% for x in [1, 2] %}{{ x }}{% endfor %}", "{{ 合同 }}{{ 合同 }}", "[正文]",
    "[标题] ", "[", "]", "\n", "\n\n", "2023年", "2024年", "1、", "（一）", "一是", "《某某条例（2021—2025年）》", "12件",
    "3.5万元", "1,200人次",
]
BAD = [  # what goes wrong: names not defined, broken or unsafe Jinja
    "{{ 未定义 }}", "{{ 合同.nope }}", "{{", "}}", "{%", "%}", "{#", "#}", "{{ }}", "{{ 1/0 }}", "{{ year + '1' }}",
    "{{ 合同 | upper }}", "{% if %}", "{% endif %}", "{{ x1 }}", "{{ [1,2] }}", "{{ {'a': 1} }}", "{{ 合同.__class__ }}",
    "{{ ''.join }}", "{{ 合同.value.real }}", "{% set 合同 = 1 %}", "{{ 合同.value * 2 }}", "{{ 合同.value > 3 }}",
]
# Surrogates (Cs) cannot be written to a file at all; control and private-use characters are fair game.
ANY_CHAR = st.characters(exclude_categories=("Cs",))


def texts(fragments: list[str], braces: bool):
    """Texts of up to eight pieces: printable report text, `fragments`, any character (but { and } unless
    `braces`); and the same on one line."""
    chars = ANY_CHAR if braces else st.characters(exclude_categories=("Cs",), exclude_characters="{}")
    many = st.lists(st.one_of(st.text(alphabet=PRINTABLE, max_size=12), st.sampled_from(fragments),
                              st.text(alphabet=chars, max_size=4)), max_size=8).map("".join)
    return many, many.map(lambda t: t.replace("\n", ""))


text, line = texts(GOOD + BAD, braces=True)
# EXCLUDED: NaN and infinity as figure values (being handled elsewhere).
number = st.one_of(st.integers(-10**6, 10**12), st.floats(allow_nan=False, allow_infinity=False, width=32))


class Shapes:
    """The model's structure as strategies, with texts from `text` and `line`. `odd` is how often (1 in `odd`) a
    field takes a value of the wrong kind or an unknown key appears; 0 for files that follow the model: every
    part and item then says something, and mostly it is reviewed and its figures filled in."""

    def __init__(self, odd: int, text, line):
        self.odd, self.text, self.line = odd, text, line
        self.said = (line, text) if odd else (line.map(lambda t: t or "标题"), text.map(lambda t: t or "正文"))
        self.reviewed = st.booleans() if odd else st.sampled_from([True, True, True, False])
        self.part = st.one_of(  # a part with a lead, or with items
            self.fields({"lead": self.said[1]}, {"heading": line, "items": self.items(0), "reviewed": self.reviewed}),
            self.fields({"items": self.items(0, at_least=1)}, {"heading": line, "lead": text, "reviewed": self.reviewed}))
        value = st.one_of(st.none(), number) if odd else st.sampled_from([None, 1, 2, 3]).flatmap(
            lambda k: st.none() if k is None else number)
        figure = self.fields({}, {"value": value, "unit": st.sampled_from(["件", "份", "人次", "%", "万元", ""]),
                                  "label": line, "approx": st.booleans()})
        if odd:
            figures = st.dictionaries(st.sampled_from(FIGURE_NAMES + ODD_NAMES), figure, max_size=5)
        else:  # the names the texts use are there
            figures = st.fixed_dictionaries({"合同": figure, "培训": figure}, optional={n: figure for n in FIGURE_NAMES[2:]})
        date = st.builds(lambda y, m, d: f"{y}年{m}月{d}日", st.integers(1990, 2100), st.integers(1, 12),
                         st.integers(1, 28))
        opening = self.fields({"text": self.said[1]}, {"formula": line, "formula_paragraph": st.booleans(),
                                                      "reviewed": self.reviewed})
        followup = self.fields({"plan": line}, {"status": self.choice("待填", "已落实", "部分落实", "未落实"),
                                                "measure": line})
        signature = self.fields({}, {"organ": st.one_of(line, st.lists(line, max_size=2)), "date": date})
        layout = self.fields({}, {
            "measures": self.fields({}, {"numbering": st.lists(self.choice("（一）", "1.", "（1）", "一是", 1.0),
                                                               max_size=3), "inline": st.booleans()}),
            "order": st.lists(self.choice("duties", "measures", "problems", "plans", "other"), max_size=5) if odd
            else st.permutations(["duties", "measures", "problems", "plans"])})
        self.year = self.fields(
            {"opening": opening, "figures": figures, **{k: self.part for k in ("duties", "measures", "problems", "plans")}},
            {"title": line, "addressee": line, "doc_number": line, "based_on": st.integers(2000, 2030),
             "other": self.part, "followup": st.lists(followup, max_size=3), "signature": signature, "layout": layout})
        self.town = self.fields(
            {"name": st.one_of(st.just("甲镇"), line), "district": st.one_of(st.just("乙区"), line)},
            {"organ": st.lists(line, max_size=2), "fonts": self.choice("gb", "windows"), "latin_times": st.booleans(),
             "checks_off": st.lists(self.choice("stale", "unused", "years", *(("punct", "yaml") if odd else ())),
                                    max_size=2)})

    def items(self, depth: int, at_least: int = 0):
        """A list of items, each saying something, with items of its own down to three levels."""
        if depth == 3:
            return st.just([])
        status = self.choice("待填", "已整改", "仍存在", *([] if self.odd else ["仍存在"] * 3))
        rest = {"items": self.items(depth + 1), "own_line": st.booleans(), "reviewed": self.reviewed, "status": status}
        item = st.one_of(self.fields({"title": self.said[0]}, {"text": self.text, **rest}),
                         self.fields({"text": self.said[1]}, {"title": self.line, **rest}))
        return st.lists(item, min_size=at_least, max_size=4 - depth)

    def maybe(self, strategy):
        if not self.odd:
            return strategy
        return st.integers(1, self.odd).flatmap(lambda k: odd_value if k == 1 else strategy)

    def choice(self, *values):
        return st.sampled_from(values + (("好", "x") if self.odd else ()))

    def fields(self, required: dict, optional: dict):
        """A dict with every required key and any of the optional ones (and now and then an unknown key)."""
        made = st.fixed_dictionaries({k: self.maybe(v) for k, v in required.items()},
                                     optional={k: self.maybe(v) for k, v in optional.items()})
        if not self.odd:
            return made
        return st.tuples(made, st.integers(1, self.odd), st.sampled_from(["extra", "titel"]), odd_value).map(
            lambda t: {**t[0], t[2]: t[3]} if t[1] == 1 else t[0])


odd_value = st.one_of(st.none(), st.booleans(), number, line, st.lists(line, max_size=2), st.dates())
MODEL, ODD = Shapes(0, *texts(GOOD, braces=False)), Shapes(8, text, line)


def dump(data) -> str:
    """As a clerk writes YAML: texts of several lines as |- blocks."""
    def blocks(value):
        if isinstance(value, dict):
            return {k: blocks(v) for k, v in value.items()}
        if isinstance(value, list):
            return [blocks(v) for v in value]
        return LiteralScalarString(value) if isinstance(value, str) and "\n" in value.strip() else value

    out = io.StringIO()
    yaml = YAML()
    yaml.allow_unicode = True
    yaml.width = 4096  # a long text on one line, not folded
    yaml.dump(blocks(data), out)
    return out.getvalue()


def mangled(yaml_text: st.SearchStrategy[str]):
    """The YAML as written, or with a few characters changed: a syntax error, a tab, a stray quote."""
    edit = st.tuples(st.integers(0, 10**6), st.sampled_from(["", ":", "- ", "\t", '"', "'", "{", "[", "  ", "\n", "#",
                                                                "&a ", "*a", "!!str ", "? "]))

    def apply(t: str, edits: list[tuple[int, str]]) -> str:
        for at, s in edits:
            at %= len(t) + 1
            t = t[:at] + s + t[at + 1:]
        return t

    return st.one_of(yaml_text, st.builds(apply, yaml_text, st.lists(edit, min_size=1, max_size=3)))


def workspace(year_text: str, town_text: str = SMALL_TOWN, previous: bool = False,
              templates: dict[str, str] | None = None) -> tempfile.TemporaryDirectory:
    tmp = tempfile.TemporaryDirectory()
    town = Path(tmp.name) / "towns" / "甲"
    town.mkdir(parents=True)
    (town / "town.yaml").write_text(town_text, encoding="utf-8")
    (town / "2024.yaml").write_text(year_text, encoding="utf-8")
    if previous:
        (town / "2023.yaml").write_text(year_text, encoding="utf-8")
    for name, body in (templates or {}).items():
        (town / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (town / "templates" / name).write_text(body, encoding="utf-8")
    return tmp


TOWN_YEAR = ("-t", "甲", "-y", "2024")
YEAR_COMMANDS = [("preview", *TOWN_YEAR), ("export", *TOWN_YEAR), ("export", "--draft", *TOWN_YEAR),
                 ("preview", "--draft", *TOWN_YEAR), ("check", *TOWN_YEAR), ("new", "-t", "甲", "-y", "2025"),
                 ("check", "--all")]


# --- (a) year files --------------------------------------------------------------------------------------
# found by this test: a draft of a problem to decide with no text (a comment with no run to hang on), and a key
# named with a "[" (taken for pydantic's own mark)
@example(year=SMALL_YEAR.replace("      text: 执法人员专业水平参差不齐。主要原因是缺少系统培训。\n", "      text: ''\n      status: 待填\n"
                                 "      own_line: true\n"), town=SMALL_TOWN, previous=False, command=YEAR_COMMANDS[2])
@example(year=SMALL_YEAR, town=SMALL_TOWN + "n[me: 甲\nint: 1\n", previous=False, command=YEAR_COMMANDS[4])
@given(year=st.one_of(MODEL.year.map(dump), mangled(ODD.year.map(dump))),
       town=st.one_of(st.just(SMALL_TOWN), MODEL.town.map(dump), mangled(ODD.town.map(dump))),
       previous=st.booleans(), command=st.sampled_from(YEAR_COMMANDS))
def test_any_year_file(year, town, previous, command):
    with workspace(year, town, previous) as root:
        drafter(Path(root), *command)


# --- (b) templates ---------------------------------------------------------------------------------------
TEMPLATE_PIECES = [
    "[标题] {{ title_words|join(' ') }}\n", "[正文] ", "[一级] ", "[二级] ", "[署名] ", "[日期] ", "[主送] ", "[无此角色] ",
    "{% for part in parts %}", "{% endfor %}", "{{ part.heading }}", "{{ loop.index|zh }}、", "{{ part.key }}",
    "{% include '无此模板.j2' %}", "{% from 'items.j2' import items_block %}",
    "{{ items_block(part['items'], part.numbering, 0) }}", "{% if signature %}", "{% endif %}", "{{ signature.organ }}",
    "{{ signature.date }}", "{{ year }}", "{{ town }}", "{{ addressee }}", "{{ opening|join('') }}", "{{ formula }}",
    "{{ 100|zh }}", "{{ 0|zh }}", "{{ '1.'|marker(3) }}", "{{ '（一）'|role }}", "{{ 'a'|runin }}",
    "{{ parts[9] }}", "{{ nothing }}", "{{ nothing.at.all }}", "{{ 1/0 }}", "{{ part.__class__ }}", "{{ range }}",
    "{% set x = 3 %}{{ x }}", "{% macro m() %}m{% endmacro %}{{ m() }}", "{{", "}}", "{%", "%}", "{#", "#}", "\n",
    "{% raw %}", "{% endraw %}", "{{ title_words|length }}", "{{ item.title }}", "{{ part.numbering[5] }}",
]
# EXCLUDED until the rendering fixes are merged: {% include 'items.j2' %} and the other includes (a template
# that includes itself, directly or through another, recurses until Python's stack runs out: exit 3); range()
# and repetition (unbounded rendering); marker and role given a style they do not know ({{ 'x'|marker(1) }}:
# KeyError, exit 3).
BUILT_IN = {name: (REPO / "templates" / name).read_text(encoding="utf-8")
            for name in ("report.j2", "part.j2", "opening.j2", "items.j2")}


def edited(original: str):
    """`original` with a few pieces put in, cut out or put in place of what was there."""
    edit = st.tuples(st.integers(0, 10**6), st.integers(0, 40), st.one_of(st.sampled_from(TEMPLATE_PIECES), line))

    def apply(edits: list[tuple[int, int, str]]) -> str:
        t = original
        for at, cut, piece in edits:
            at %= len(t) + 1
            t = t[:at] + piece + t[at + cut:]
        return t

    return st.lists(edit, max_size=4).map(apply)


@given(name_body=st.sampled_from(sorted(BUILT_IN) + ["parts/measures.j2"]).flatmap(
           lambda name: st.tuples(st.just(name), edited(BUILT_IN.get(name, BUILT_IN["part.j2"])))),
       command=st.sampled_from(YEAR_COMMANDS[:4]))
def test_any_template(name_body, command):
    name, body = name_body
    with workspace(SMALL_YEAR, templates={name: body}) as root:
        drafter(Path(root), *command)


# --- (c) text to import ------------------------------------------------------------------------------------
WORDS = ["开展执法培训", "全年", "共", "累计", "组织", "12件", "3.5万元", "1,200人次", "17次", "5余场", "98%", "，", "；", "、",
         "《中华人民共和国行政处罚法》", "2022年", "2023年", "合同", "{{", "}}", "{%", "{#", "[正文]", " ", "\u3000", "一是",
         "二是", "“", "”", "（", "）"]
HEADINGS = ["履行推进法治建设第一责任人职责情况", "主要举措与成效", "存在的不足与原因", "下一年度推进法治政府建设的主要安排",
            "其他需要报告的情况", "党政主要负责人履职情况", "工作亮点"]
MARKERS = ["（一）", "（二）", "（三）", "1.", "2.", "3、", "(1)", "（1）", "一是", "二是", "第一，", ""]
TITLES = ["西青区辛口镇2022年度法治政府建设情况报告", "中共西青区辛口镇委员会\n西青区辛口镇人民政府\n关于2022年法治政府建设情况的报告",
          "辛口镇文件\n辛口党委〔2023〕5号\n西青区辛口镇2022年度法治政府建设情况报告", "关于法治政府建设的报告", "报告", ""]
TAILS = ["中共西青区辛口镇委员会\n西青区辛口镇人民政府\n2023年1月6日", "西青区辛口镇人民政府\n二〇二三年一月十五日",
         "2023年1月6日\n（此件公开发布）", ""]
sentence = st.lists(st.one_of(st.sampled_from(WORDS), line), min_size=1, max_size=6).map(lambda ws: "".join(ws) + "。")
body_paragraph = st.lists(sentence, min_size=1, max_size=3).map("".join)
entry = st.builds(lambda marker, title, rest: marker + title + rest, st.sampled_from(MARKERS),
                  st.one_of(line, st.sampled_from(HEADINGS)), st.one_of(st.just(""), body_paragraph))
section = st.builds(lambda n, heading, entries: [f"{'一二三四五六七'[n]}、{heading}", *entries], st.integers(0, 6),
                    st.one_of(st.sampled_from(HEADINGS), line), st.lists(st.one_of(entry, body_paragraph), max_size=4))


def report(title: str, addressee: bool, opening: list[str], sections: list[list[str]], tail: str,
           noise: list[tuple[int, str]]) -> list[str]:
    """A report's paragraphs in order, with stray lines (page numbers, running heads, anything) put in."""
    paragraphs = [*title.split("\n"), *(["中共西青区委、西青区人民政府："] if addressee else []), *opening,
                  *(p for s in sections for p in s), *tail.split("\n")]
    for at, stray in noise:
        paragraphs.insert(at % (len(paragraphs) + 1), stray)
    return [p for p in paragraphs if p]


report_paragraphs = st.builds(
    report, st.sampled_from(TITLES), st.booleans(), st.lists(body_paragraph, max_size=2),
    st.lists(section, max_size=4), st.sampled_from(TAILS),
    st.lists(st.tuples(st.integers(0, 100), st.one_of(st.sampled_from(["— 2 —", "3", "第 1 页", "辛口镇2022年度法治政府建设情况报告"]),
                                                     line)), max_size=3))


def printed(paragraphs: list[str], width: int) -> str:
    """As text copied out of a PDF: each paragraph broken into lines of `width` characters (0: not broken)."""
    if not width:
        return "\n".join(paragraphs)
    return "\n".join(p[i: i + width] for p in paragraphs for i in range(0, len(p), width))


@given(paragraphs=report_paragraphs, width=st.sampled_from([0, 0, 28, 29, 7]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]), existing=st.booleans(),
       args=st.sampled_from([(), ("--dry-run",), ("--force",), ("-t", "甲", "-y", "2024"), ("-t", "辛口", "-y", "1900")]))
def test_any_text_import(paragraphs, width, encoding, existing, args):
    body = printed(paragraphs, width)
    with workspace(SMALL_YEAR) as root:
        if not existing:
            for f in Path(root, "towns").rglob("*"):
                if f.is_file():
                    f.unlink()
        file = Path(root) / "报告.txt"
        try:
            file.write_bytes(body.encode(encoding))
        except UnicodeEncodeError:  # not every character has a GB18030 form: write it as UTF-8 then
            file.write_bytes(body.encode("utf-8"))
        drafter(Path(root), "import", *args, str(file))


# --- (d) Word documents to import and lint ------------------------------------------------------------------
STYLES = [None, "Heading1", "Heading2", "ListNumber", "ListNumber2", "ListBullet", "Title", "BodyText", "无此样式"]
formatting = st.tuples(st.sampled_from(STYLES), st.sampled_from([None, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT]),
                       st.sampled_from([None, "仿宋_GB2312", "黑体", "Arial"]), st.sampled_from([None, 8, 16, 22, 400]),
                       st.booleans())


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # a Word file cannot hold these at all


def build_docx(path: Path, paragraphs: list[str], formats, table: bool) -> None:
    """A .docx of `paragraphs`, the first ones each with a style (Word's List Number numbers it), alignment,
    font and size from `formats`, the rest plain."""
    paragraphs = [_NOT_IN_XML.sub("", text) for text in paragraphs]
    document = docx.Document()
    plain = (None, None, None, None, False)
    for text, (style, align, font, size, split) in zip(paragraphs, [*formats, *[plain] * len(paragraphs)]):
        p = document.add_paragraph()
        p._p.style = style  # by its id: python-docx's lookup by name reads every style each time
        for piece in ([text[: len(text) // 2], text[len(text) // 2:]] if split else [text]):
            run = p.add_run(piece)
            if font:
                run.font.name = font
            if size:
                run.font.size = docx.shared.Pt(size)
        p.alignment = align
    if table:
        document.add_table(rows=2, cols=2).cell(0, 0).text = "12件"
    document.save(str(path))


@given(paragraphs=report_paragraphs, formats=st.lists(formatting, max_size=12),
       table=st.booleans(), command=st.sampled_from([("import", "--dry-run"), ("import",), ("lint",)]))
def test_any_word_document(paragraphs, formats, table, command):
    with workspace(SMALL_YEAR) as root:
        file = Path(root) / "报告.docx"
        build_docx(file, paragraphs, formats, table)
        drafter(Path(root), *command, str(file))
