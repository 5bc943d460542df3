"""A district summary (district.Summary) as a file: .xlsx (openpyxl), .csv, or a GB/T 9704 .docx with tables.

Every format shows the same cells: a town a row, a figure a column (header: label and unit), and a last column
saying why a town has no figures (未起草, or its file's first problem). A figure a town does not have is an empty
cell (— in the .docx), one not filled in yet is 待填; a number stays a number in the .xlsx, 余 shown by its format.
"""

from __future__ import annotations

import csv as csv_module
import io

from .district import ABSENT, NOT_DRAFTED, PENDING, Column, Summary

NOTE = "备注"
ABSENT_MARK = "—"  # the .docx: an empty cell in a printed table reads as forgotten


def prepare(kind: str) -> None:
    """Import what writing `kind` (xlsx, csv, docx) takes, ahead: summary does it while the towns are read."""
    from . import texts  # noqa: F401  (formats the values)

    if kind == "xlsx":
        import openpyxl  # noqa: F401
    elif kind == "docx":
        from .word import table, writer  # noqa: F401


def header(s: Summary) -> list[str]:
    return ["镇街", *(c.heading for c in s.columns), NOTE]


def cells(s: Summary, absent: str = "") -> list[list[str]]:
    return [[src.name, *(_text(c, i, absent) for c in s.columns), src.note] for i, src in enumerate(s.sources)]


def _text(column: Column, source: int, absent: str) -> str:
    text = column.cell(source)
    return absent if text == ABSENT else text


_FORMULA = tuple("=+-@\t\r")  # what makes a spreadsheet read a cell as a formula


def _as_text(cell: str) -> str:
    """A name or label from a town's file that a spreadsheet would run as a formula (=HYPERLINK(…)), kept text."""
    if cell.startswith(_FORMULA):
        try:
            float(cell)  # a negative number is a number
        except ValueError:
            return "'" + cell
    return cell


def csv(s: Summary) -> bytes:
    out = io.StringIO()
    writer = csv_module.writer(out, lineterminator="\r\n")
    for row in [header(s), *cells(s)]:
        writer.writerow([_as_text(c) for c in row])
    return out.getvalue().encode("utf-8-sig")  # the mark tells Excel on a Chinese Windows it is UTF-8


def xlsx(s: Summary) -> bytes:
    from openpyxl import Workbook  # here: importing it takes ~150 ms, and only this command needs it
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = f"{s.year}年度"
    for n, text in enumerate(header(s), 1):
        _text_cell(sheet, 1, n, text)
    for i, src in enumerate(s.sources):
        row = i + 2
        _text_cell(sheet, row, 1, src.name)
        for n, column in enumerate(s.columns, 2):
            entry = column.entries.get(i)
            if entry is None:
                continue
            figure = entry.figure
            if figure.value is None or column.unit is None:  # 待填, or a number that needs its unit beside it
                _text_cell(sheet, row, n, column.cell(i))
            else:
                cell = sheet.cell(row, n, figure.value)
                if figure.approx:
                    cell.number_format = 'General"余"'
        if src.note:
            _text_cell(sheet, row, len(s.columns) + 2, src.note)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for n in range(1, len(s.columns) + 3):
        sheet.column_dimensions[get_column_letter(n)].width = 10 if 1 < n < len(s.columns) + 2 else 16
    sheet.freeze_panes = "B2"  # the header row and the towns' names stay in view
    _legend(book.create_sheet("说明"), s)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_cell(sheet, row: int, column: int, text: str) -> None:
    """Text as text: openpyxl takes a string starting with = for a formula, which Excel would run."""
    cell = sheet.cell(row, column, text)
    cell.data_type = "s"


def _legend(sheet, s: Summary) -> None:
    """Which figure of which year file each column shows: a column is matched by name, else by label."""
    sheet.append(["列", "说明", "单位", "年度文件中的名称"])
    for n, column in enumerate(s.columns, 2):
        for m, text in enumerate([column.heading, column.label, column.unit or "各镇街不同", "、".join(column.names)], 1):
            _text_cell(sheet, n, m, text)
    sheet.append([])
    sheet.append([f"空白：该镇街的报告中没有这个数字；{PENDING}：还没有填写。数字按名称对应，名称不同时按说明对应。"])
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCD", (30, 30, 12, 30)):
        sheet.column_dimensions[letter].width = width


def docx(s: Summary) -> bytes:
    """A GB/T 9704 document: the title, a paragraph saying what the table holds, the tables."""
    from .blocks import Block, Run
    from .word import gbt9704 as gb
    from .word import table, writer

    title = f"{s.district}{s.year}年度 法治政府建设情况 数字汇总"
    drafted = [src for src in s.sources if src.figures is not None]
    said = (f"本表汇总{len(drafted)}个镇街{s.year}年度法治政府建设情况报告中的{len(s.columns)}项数字。"
            f"数字按名称对应，名称不同的按说明对应；“{ABSENT_MARK}”表示该镇街的报告中没有这项数字，"
            f"“{PENDING}”表示尚未填写。")
    missing = [src for src in s.sources if src.figures is None]
    if missing:
        said += "，".join(f"{src.name}{'尚未起草' if src.note == NOT_DRAFTED else '的年度文件有误'}"
                         for src in missing) + "，表中没有它们的数字。"
    blocks = [Block("标题", (Run("标题", title),)), Block("正文", (Run("正文", said),))]
    document = writer.build(blocks, gb.GB_FONTS, author=s.district)
    rows = cells(s, ABSENT_MARK)
    table.add_tables(document, header(s)[:-1], [r[:-1] for r in rows], gb.GB_FONTS)
    return writer.to_bytes(document)

