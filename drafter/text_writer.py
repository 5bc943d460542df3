"""The writer stage for the terminal: paragraphs with roles -> plain text laid out like the page."""

from __future__ import annotations

from .blocks import Block
from .word import gbt9704 as gb
from .zh import em_width

_FULL_SPACE = "\u3000"


def to_text(blocks: list[Block]) -> str:
    width = gb.CHARS_PER_LINE
    out: list[str] = []
    for block in blocks:
        notes = "".join(f"〔{n}〕" for n in block.notes)
        if block.role == "标题":
            for line in gb.break_title(block.text.split()):
                pad = max(0, round((width - em_width(line)) / 2))
                out.append(_FULL_SPACE * pad + line)
            out.append("")
        elif block.role in ("署名", "日期"):
            pad = max(0, round(width - 2 - em_width(block.text)))
            out.append(_FULL_SPACE * pad + block.text)
        elif gb.ROLE_FORMATS[block.role].first_line_indent:
            out.append(_FULL_SPACE * 2 + block.text + notes)
        else:
            out.append(block.text + notes)
    return "\n".join(out) + "\n"
